package io.github.usersync.keycloak.internal;

import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Urls;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads Keycloak's error answers ({@code {"error":"…","error_description":"…"}} from the token
 * endpoint, {@code {"error":"HTTP 403 Forbidden"}} or {@code {"errorMessage":"…"}} from the admin
 * API) and attaches the fix: which credential to check for a 401, which realm-management role is
 * missing for a 403, which setting is wrong for a 404 on the realm or token endpoint.
 */
public final class KeycloakErrors implements ApiErrorParser {
  private final String serverUrl;
  private final String realm;
  private final String tokenRealm;
  private final boolean passwordGrant;
  private final String clientId;
  private final @Nullable String username;

  /**
   * Fixes for one connector's settings.
   *
   * @param serverUrl the base URL setting as given (with {@code /auth} if any)
   * @param username the password grant's user, or null for client credentials
   */
  public KeycloakErrors(
      String serverUrl, String realm, String tokenRealm, String clientId, @Nullable String username) {
    this.serverUrl = serverUrl;
    this.realm = realm;
    this.tokenRealm = tokenRealm;
    this.passwordGrant = username != null;
    this.clientId = clientId;
    this.username = username;
  }

  @Override
  public ApiError parse(ApiRequest request, ApiResponse response) {
    ApiError error = ApiErrorParser.standard().parse(request, response);
    String path = Urls.withoutQuery(response.uri());
    boolean tokenCall = path.endsWith("/protocol/openid-connect/token");
    String fix = tokenCall ? tokenFix(response.status(), error) : adminFix(response.status(), error, path);
    return fix == null ? error : error.withFix(fix);
  }

  private @Nullable String tokenFix(int status, ApiError error) {
    String code = error.code().orElse("");
    String message = error.message().orElse("").toLowerCase(Locale.ROOT);
    if (status == 404) {
      return "The token endpoint was not found: realm '" + tokenRealm + "' does not exist on "
          + serverUrl + ", or the server needs the legacy /auth context path (Keycloak 16 and"
          + " older: add /auth to baseUrl) or has none (Keycloak 17 and newer: remove it)."
          + " Realm names are case-sensitive.";
    }
    if (message.contains("service account")) {
      return "Client '" + clientId + "' in realm '" + tokenRealm + "' has no service account: in"
          + " the admin console open Clients > " + clientId + " > Settings, turn on 'Client"
          + " authentication' and 'Service accounts roles', then assign the realm-management"
          + " role view-users on the 'Service accounts roles' tab.";
    }
    if (message.contains("direct access grants")) {
      return "Client '" + clientId + "' in realm '" + tokenRealm + "' does not allow the password"
          + " grant: turn on 'Direct access grants' in its settings, or use client_credentials.";
    }
    if (code.equals("invalid_grant") || message.contains("user credentials")) {
      return "Keycloak rejected user '" + username + "' in realm '" + tokenRealm + "' ("
          + error.message().orElse(code) + "): check the username and password settings, that"
          + " the user exists in realm '" + tokenRealm + "' (authRealm), is enabled and has no"
          + " pending required actions such as a temporary password.";
    }
    if (status == 400 || status == 401) {
      return passwordGrant
          ? "Keycloak rejected client '" + clientId + "' in realm '" + tokenRealm + "': for the"
              + " password grant use the public client admin-cli, or give clientSecret for a"
              + " confidential client."
          : "Keycloak rejected the client credentials: check clientId '" + clientId + "' and"
              + " clientSecret against Clients > " + clientId + " > Credentials in realm '"
              + tokenRealm + "' (authRealm), and that 'Client authentication' is on.";
    }
    return null;
  }

  private @Nullable String adminFix(int status, ApiError error, String path) {
    if (status == 401) {
      return "Keycloak refused the access token from realm '" + tokenRealm + "' even after a"
          + " fresh one was fetched: check that baseUrl (" + serverUrl + ") is the server and"
          + " hostname that issued it (Keycloak's hostname setting), and that "
          + (passwordGrant ? "user '" + username + "'" : "client '" + clientId + "'")
          + " is still enabled.";
    }
    if (status == 403) {
      return missingRole(path);
    }
    if (status == 404) {
      String message = error.message().orElse(error.code().orElse("")).toLowerCase(Locale.ROOT);
      if (message.contains("realm not found")) {
        return "Realm '" + realm + "' does not exist on " + serverUrl + "; check the realm"
            + " setting (it is case-sensitive).";
      }
      if (message.contains("target resource method") || !error.message().isPresent() && !error.code().isPresent()) {
        return "The Admin REST API is not at " + serverUrl + "/admin: check baseUrl; Keycloak 16"
            + " and older (and servers run with --http-relative-path=/auth) need the /auth context"
            + " path, Keycloak 17 and newer have none by default.";
      }
    }
    return null;
  }

  /** The fix for a 403 on an admin endpoint (path without query): the role to grant, and where. */
  public String missingRole(String path) {
    if (path.endsWith("/admin-events") || path.endsWith("/events/config")) {
      String principal = passwordGrant ? "user '" + username + "'" : "the service account of client '" + clientId + "'";
      return "Incremental runs read the realm's admin events: grant " + principal + " the client role"
          + " view-events of realm-management in realm '" + realm + "' (as for view-users). Until then"
          + " every run is a full sync.";
    }
    String what = path.contains("/groups") ? "groups, subgroups and group members" : "users and their groups";
    String principal =
        passwordGrant
            ? "user '" + username + "'"
            : "the service account of client '" + clientId + "'";
    String where =
        passwordGrant
            ? "Users > " + username + " > Role mapping > Assign role > Filter by clients"
            : "Clients > " + clientId + " > Service accounts roles > Assign role > Filter by clients";
    String grant;
    if (tokenRealm.equals(realm)) {
      grant = "Grant " + principal + " the client role view-users of realm-management in realm '"
          + realm + "' (" + where + " > realm-management > view-users).";
    } else if (tokenRealm.equals("master")) {
      grant = "Grant " + principal + " (master realm) the role view-users of client '" + realm
          + "-realm' in the master realm (" + where + " > " + realm + "-realm > view-users), or"
          + " the master realm role admin.";
    } else {
      return "A token from realm '" + tokenRealm + "' cannot read realm '" + realm + "': set"
          + " authRealm to '" + realm + "' (or to master for a master-realm administrator).";
    }
    return grant + " view-users lets it read " + what + "; it includes query-users and"
        + " query-groups, which alone only list empty results.";
  }
}
