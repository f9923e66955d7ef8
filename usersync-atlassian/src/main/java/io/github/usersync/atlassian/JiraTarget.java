package io.github.usersync.atlassian;

import io.github.usersync.atlassian.bridge.JiraBridge;
import io.github.usersync.atlassian.internal.AtlassianErrors;
import io.github.usersync.atlassian.internal.Clients;
import io.github.usersync.atlassian.internal.CrowdApi;
import io.github.usersync.atlassian.internal.JiraBridgeFace;
import io.github.usersync.atlassian.internal.JiraRestFace;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.ApiClient;
import java.net.URI;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Jira Data Center targets. {@link #inProcess} for a Jira app that embeds usersync: attributes
 * become the user's "User Properties" ({@code jira.meta.*}). {@code remote} (see {@link
 * #remote(JiraSettings)}) for any other JVM: users, groups and memberships through Jira's REST API
 * 2, the active flag and attributes through Jira's embedded Crowd API; attributes there are Crowd
 * user attributes or Jira user entity properties, neither of which is the profile's "User
 * Properties" list.
 */
public final class JiraTarget {
  /** The target type, {@code jira}. */
  public static final String PROVIDER_ID = "jira";

  /** The groups protected unless configured otherwise. */
  public static final Set<String> DEFAULT_PROTECTED_GROUPS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(Arrays.asList("jira-administrators", "jira-system-administrators")));

  static final String FIX_401 =
      "Jira rejected the credentials: check token (a personal access token) or username and password"
          + " of a Jira administrator, and that the token has not expired.";
  static final String FIX_403 =
      "The Jira user lacks a permission: it needs the Jira Administrators global permission to manage"
          + " users and groups (System Administrators to change members of jira-system-administrators).";
  static final String CROWD_FIX_401 =
      "Jira's embedded Crowd API rejected the application credentials: check crowdApplicationName and"
          + " crowdApplicationPassword against User management > Jira user server in Jira.";
  static final String CROWD_FIX_403 =
      "Jira's embedded Crowd API refused the application: add this machine's IP address to the"
          + " application's IP addresses under User management > Jira user server in Jira.";

  private JiraTarget() {}

  /** A target for Jira over REST, with usersync's own HTTP client. */
  public static AtlassianTarget remote(JiraSettings settings) {
    return remote(settings, ConnectorOptions.defaults());
  }

  /** A target for Jira over REST on the host's infrastructure (HTTP client, mapper, retries). */
  public static AtlassianTarget remote(JiraSettings settings, ConnectorOptions options) {
    Clients.Common common = new Clients.Common(settings, options);
    AtlassianErrors errors = AtlassianErrors.withFixes(FIX_401, FIX_403);
    ApiClient jira = settings.token().isPresent()
        ? Clients.bearer(PROVIDER_ID, settings.baseUrl(), settings.token().get(), errors, common)
        : Clients.basic(PROVIDER_ID, settings.baseUrl(), settings.username().orElseThrow(),
            settings.password().orElseThrow(), errors, common);
    ApiClient crowdClient = Clients.basic("jira-crowd", URI.create(settings.baseUrl() + CrowdApi.PATH),
        settings.crowdApplicationName(), settings.crowdApplicationPassword(),
        AtlassianErrors.withFixes(CROWD_FIX_401, CROWD_FIX_403), common);
    CrowdApi crowd = new CrowdApi(crowdClient, settings.pageSize());
    JiraRestFace face = new JiraRestFace(
        jira, crowd, settings.attributeStore() == JiraAttributeStore.ENTITY_PROPERTIES,
        settings.applicationKeys(), settings.pageSize(), settings.membershipCache(), options.clock());
    return new AtlassianTarget(face, settings.protectedGroups(), common.stats());
  }

  /** A target over a Jira app's bridge, with the default options. */
  public static AtlassianTarget inProcess(JiraBridge bridge) {
    return inProcess(bridge, InProcessOptions.defaults());
  }

  /** A target over a Jira app's bridge. */
  public static AtlassianTarget inProcess(JiraBridge bridge, InProcessOptions options) {
    return new AtlassianTarget(
        new JiraBridgeFace(bridge, options.linkIndexMaxAge(), options.clock()),
        options.protectedGroups().orElse(DEFAULT_PROTECTED_GROUPS),
        null);
  }
}
