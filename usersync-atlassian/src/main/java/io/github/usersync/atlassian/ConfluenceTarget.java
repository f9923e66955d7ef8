package io.github.usersync.atlassian;

import io.github.usersync.atlassian.bridge.ConfluenceBridge;
import io.github.usersync.atlassian.internal.AtlassianErrors;
import io.github.usersync.atlassian.internal.Clients;
import io.github.usersync.atlassian.internal.ConfluenceBridgeDirectory;
import io.github.usersync.atlassian.internal.ConfluenceRestDirectory;
import io.github.usersync.atlassian.internal.ConfluenceVersion;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.model.ConnectionReport;
import java.time.Clock;
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

  /** A target for Confluence over REST. */
  public static AtlassianTarget remote(ConfluenceSettings settings) {
    return remote(settings, RemoteOptions.defaults());
  }

  /** A target for Confluence over REST, with the host's HTTP client, mapper or retry limits. */
  public static AtlassianTarget remote(ConfluenceSettings settings, RemoteOptions options) {
    Clients.Common common = new Clients.Common(
        options.httpClient().orElse(null), options.objectMapper().orElse(null), options.retryPolicy(),
        options.sleeper(), settings.requestTimeout(), settings.maxConcurrentRequests());
    AtlassianErrors errors = AtlassianErrors.withFixes(FIX_401, FIX_403);
    ApiClient api = settings.token().isPresent()
        ? Clients.bearer("confluence", settings.baseUrl(), settings.token().get(), errors, common)
        : Clients.basic("confluence", settings.baseUrl(), settings.username().orElseThrow(),
            settings.password().orElseThrow(), errors, common);
    ConfluenceVersion version =
        settings.version().map(v -> ConfluenceVersion.parse(ConfluenceSettings.VERSION.name(), v)).orElse(null);
    ConfluenceRestDirectory directory = new ConfluenceRestDirectory(api, settings.linkSpaceKey(),
        settings.pageSize(), settings.deleteTimeout(), version, options.sleeper(), Clock.systemUTC());
    return new AtlassianTarget(directory, settings.protectedGroups(), common.stats(),
        () -> check(api, settings.linkSpaceKey()));
  }

  private static ConnectionReport check(ApiClient api, String space) {
    ApiRequest manifest = ApiRequest.get("/rest/applinks/1.0/manifest").label("read version").build();
    ApiRequest current = ApiRequest.get("/rest/api/user/current").label("sign in").build();
    ApiRequest groups = ApiRequest.get("/rest/api/group").query("limit", 1).label("list groups").build();
    ApiRequest links = ApiRequest.get("/rest/api/space/{space}/property", space).query("limit", 1)
        .label("list links").build();
    return ConnectionChecks.forProvider("confluence")
        .prerequisite("read version", api.describe(manifest), () -> api.send(manifest))
        .prerequisite("sign in", api.describe(current), () -> api.send(current))
        .check("list groups", api.describe(groups), () -> api.send(groups))
        .check("read links in space " + space, api.describe(links), () -> api.send(links))
        .report();
  }

  /** A target over a Confluence app's bridge, with the default options. */
  public static AtlassianTarget inProcess(ConfluenceBridge bridge) {
    return inProcess(bridge, InProcessOptions.defaults());
  }

  /** A target over a Confluence app's bridge. */
  public static AtlassianTarget inProcess(ConfluenceBridge bridge, InProcessOptions options) {
    return new AtlassianTarget(
        new ConfluenceBridgeDirectory(bridge, options.linkIndexMaxAge(), options.clock()),
        options.protectedGroups().orElse(DEFAULT_PROTECTED_GROUPS),
        null,
        null);
  }
}
