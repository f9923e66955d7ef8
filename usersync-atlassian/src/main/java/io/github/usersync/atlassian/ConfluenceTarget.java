package io.github.usersync.atlassian;

import io.github.usersync.atlassian.bridge.ConfluenceBridge;
import io.github.usersync.atlassian.internal.AtlassianErrors;
import io.github.usersync.atlassian.internal.Clients;
import io.github.usersync.atlassian.internal.ConfluenceBridgeFace;
import io.github.usersync.atlassian.internal.ConfluenceRestFace;
import io.github.usersync.atlassian.internal.ConfluenceVersion;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.ApiClient;
import java.util.Collections;
import java.util.Set;

/**
 * Confluence Data Center targets. Only the profile fields phone, im, website, position, department
 * and location can be synchronised; the targets declare exactly these. {@link #inProcess} for a
 * Confluence app that embeds usersync writes them with {@code UserDetailsManager}. The remote
 * target (see {@code remote}) manages users, groups and memberships as far as the server's
 * version allows, and refuses profile-field changes: no Confluence REST resource writes them.
 */
public final class ConfluenceTarget {
  /** The target type, {@code confluence}. */
  public static final String PROVIDER_ID = "confluence";

  /** The groups protected unless configured otherwise. */
  public static final Set<String> DEFAULT_PROTECTED_GROUPS =
      Collections.singleton("confluence-administrators");

  static final String FIX_401 =
      "Confluence rejected the credentials: check token (a personal access token) or username and"
          + " password of a Confluence administrator, and that the token has not expired.";
  static final String FIX_403 =
      "The Confluence user lacks a permission: it needs the Confluence Administrator (or System"
          + " Administrator) global permission to manage users and groups, and space admin permission"
          + " on the link space to keep the links.";

  private ConfluenceTarget() {}

  /** A target for Confluence over REST, with usersync's own HTTP client. */
  public static AtlassianTarget remote(ConfluenceSettings settings) {
    return remote(settings, ConnectorOptions.defaults());
  }

  /** A target for Confluence over REST on the host's infrastructure (HTTP client, mapper, retries). */
  public static AtlassianTarget remote(ConfluenceSettings settings, ConnectorOptions options) {
    Clients.Common common = new Clients.Common(settings, options);
    AtlassianErrors errors = AtlassianErrors.withFixes(FIX_401, FIX_403);
    ApiClient api = settings.token().isPresent()
        ? Clients.bearer(PROVIDER_ID, settings.baseUrl(), settings.token().get(), errors, common)
        : Clients.basic(PROVIDER_ID, settings.baseUrl(), settings.username().orElseThrow(),
            settings.password().orElseThrow(), errors, common);
    ConfluenceVersion version =
        settings.version().map(v -> ConfluenceVersion.parse(ConfluenceSettings.VERSION.name(), v)).orElse(null);
    ConfluenceRestFace face = new ConfluenceRestFace(api, settings.linkSpaceKey(),
        settings.pageSize(), settings.deleteTimeout(), version, options.sleeper(), options.clock());
    return new AtlassianTarget(face, settings.protectedGroups(), common.stats());
  }

  /** A target over a Confluence app's bridge, with the default options. */
  public static AtlassianTarget inProcess(ConfluenceBridge bridge) {
    return inProcess(bridge, InProcessOptions.defaults());
  }

  /** A target over a Confluence app's bridge. */
  public static AtlassianTarget inProcess(ConfluenceBridge bridge, InProcessOptions options) {
    return new AtlassianTarget(
        new ConfluenceBridgeFace(bridge, options.linkIndexMaxAge(), options.clock()),
        options.protectedGroups().orElse(DEFAULT_PROTECTED_GROUPS),
        null);
  }
}
