package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.AtlassianErrors;
import io.github.usersync.atlassian.internal.Clients;
import io.github.usersync.atlassian.internal.CrowdApi;
import io.github.usersync.atlassian.internal.CrowdRestFace;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.ApiClient;
import java.net.URI;
import java.util.Collections;
import java.util.Set;

/**
 * Crowd targets over Crowd's user-management REST API ({@code /rest/usermanagement/1}), signed in
 * as a Crowd application: users, attributes (Crowd user attributes), the IdP link (the attribute
 * {@code usersync.externalId}), groups and memberships. A user's key is Crowd's {@code key}, which
 * a rename keeps.
 */
public final class CrowdTarget {
  /** The target type, {@code crowd}. */
  public static final String PROVIDER_ID = "crowd";

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

  /** A target for a Crowd server, with usersync's own HTTP client. */
  public static AtlassianTarget remote(CrowdSettings settings) {
    return remote(settings, ConnectorOptions.defaults());
  }

  /** A target for a Crowd server on the host's infrastructure (HTTP client, mapper, retries). */
  public static AtlassianTarget remote(CrowdSettings settings, ConnectorOptions options) {
    Clients.Common common = new Clients.Common(settings, options);
    ApiClient client = Clients.basic(PROVIDER_ID, URI.create(settings.baseUrl() + CrowdApi.PATH),
        settings.applicationName(), settings.applicationPassword(),
        AtlassianErrors.withFixes(FIX_401, FIX_403), common);
    CrowdApi api = new CrowdApi(client, settings.pageSize());
    return new AtlassianTarget(
        new CrowdRestFace(api, settings.membershipCache(), options.clock()),
        settings.protectedGroups(),
        common.stats());
  }
}
