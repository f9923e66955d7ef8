package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.AtlassianErrors;
import io.github.usersync.atlassian.internal.Clients;
import io.github.usersync.atlassian.internal.CrowdApi;
import io.github.usersync.atlassian.internal.CrowdDirectory;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.model.ConnectionReport;
import java.net.URI;
import java.time.Clock;
import java.util.Collections;
import java.util.Set;

/**
 * Crowd targets over Crowd's user-management REST API ({@code /rest/usermanagement/1}), signed in
 * as a Crowd application: users, attributes (Crowd user attributes), the IdP link (the attribute
 * {@code usersync.externalId}), groups and memberships. A user's key is Crowd's {@code key}, which
 * a rename keeps.
 */
public final class CrowdTarget {
  /** The groups protected unless configured otherwise. */
  public static final Set<String> DEFAULT_PROTECTED_GROUPS = Collections.singleton("crowd-administrators");

  static final String FIX_401 =
      "Crowd rejected the application credentials: check applicationName and applicationPassword"
          + " (an application in Crowd's console, Applications; not a user's sign-in).";
  static final String FIX_403 =
      "Crowd refused the application: add this machine's address to the application's Remote"
          + " addresses (Applications > Remote addresses), and allow it to add, modify and remove"
          + " users and groups in its directories (Applications > Permissions).";

  private CrowdTarget() {}

  /** A target for a Crowd server. */
  public static AtlassianTarget remote(CrowdSettings settings) {
    return remote(settings, RemoteOptions.defaults());
  }

  /** A target for a Crowd server, with the host's HTTP client, mapper or retry limits. */
  public static AtlassianTarget remote(CrowdSettings settings, RemoteOptions options) {
    Clients.Common common = new Clients.Common(
        options.httpClient().orElse(null), options.objectMapper().orElse(null), options.retryPolicy(),
        options.sleeper(), settings.requestTimeout(), settings.maxConcurrentRequests());
    ApiClient client = Clients.basic("crowd", URI.create(settings.baseUrl() + CrowdApi.PATH),
        settings.applicationName(), settings.applicationPassword(),
        AtlassianErrors.withFixes(FIX_401, FIX_403), common);
    CrowdApi api = new CrowdApi(client, settings.pageSize());
    return new AtlassianTarget(
        new CrowdDirectory(api, settings.membershipCache(), Clock.systemUTC()),
        settings.protectedGroups(),
        common.stats(),
        () -> check("crowd", client));
  }

  /** Probes the endpoints a Crowd target uses, the first one a prerequisite for the rest. */
  static ConnectionReport check(String provider, ApiClient crowd) {
    ApiRequest users = ApiRequest.get("/search").query("entity-type", "user")
        .query("max-results", 1).label("list users").build();
    ApiRequest groups = ApiRequest.get("/search").query("entity-type", "group")
        .query("max-results", 1).label("list groups").build();
    ApiRequest memberships = ApiRequest.get("/group/membership").header("Accept", "application/xml")
        .label("list memberships").build();
    return ConnectionChecks.forProvider(provider)
        .prerequisite("sign in and list users", crowd.describe(users), () -> crowd.send(users))
        .check("list groups", crowd.describe(groups), () -> crowd.send(groups))
        .check("list memberships", crowd.describe(memberships), () -> crowd.send(memberships))
        .report();
  }
}
