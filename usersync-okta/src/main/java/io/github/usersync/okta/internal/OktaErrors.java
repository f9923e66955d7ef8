package io.github.usersync.okta.internal;

import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads Okta's error body ({@code errorCode}, {@code errorSummary}, {@code errorId}) and the org
 * authorization server's OAuth errors, classifies Okta's codes and attaches a fix that names the
 * credential, scope or admin role to change:
 *
 * <ul>
 *   <li>{@code E0000047}: rate limit exceeded, retried after {@code X-Rate-Limit-Reset};
 *   <li>{@code E0000011}: invalid token, an authentication failure;
 *   <li>{@code E0000006} and {@code E0000015}: the token's admin role or scopes lack a right;
 *   <li>{@code E0000007}: not found;
 *   <li>token endpoint: {@code invalid_client}, {@code invalid_scope}, {@code
 *       unauthorized_client}, {@code invalid_dpop_proof} / {@code use_dpop_nonce}.
 * </ul>
 */
public final class OktaErrors implements ApiErrorParser {
  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final ApiErrorParser standard = ApiErrorParser.standard();
  private final boolean oauth;
  private final String scopes;

  /**
   * A parser for a connector signed in with an OAuth service app ({@code oauth}) requesting {@code
   * scopes}, or with an API token.
   */
  public OktaErrors(boolean oauth, String scopes) {
    this.oauth = oauth;
    this.scopes = scopes;
  }

  @Override
  public ApiError parse(ApiRequest request, ApiResponse response) {
    ApiError e = standard.parse(request, response);
    String label = request.label() == null ? "" : request.label();
    String code = e.code().orElse("");
    if (label.equals(OktaRequests.TOKEN)) {
      return tokenEndpoint(e, code);
    }
    switch (code) {
      case "E0000047":
        return e.withKind(ApiError.Kind.THROTTLED).withFix(throttled());
      case "E0000011":
        return e.withKind(ApiError.Kind.AUTHENTICATION_FAILED).withFix(unauthenticated());
      case "E0000006":
      case "E0000015":
        return e.withKind(ApiError.Kind.PERMISSION_DENIED).withFix(forbidden(label, response));
      case "E0000007":
        return e.withKind(ApiError.Kind.NOT_FOUND);
      default:
        break;
    }
    switch (response.status()) {
      case 401:
        return e.withFix(unauthenticated());
      case 403:
        return e.withFix(forbidden(label, response));
      case 429:
        return e.withFix(throttled());
      default:
        return e;
    }
  }

  private ApiError tokenEndpoint(ApiError e, String code) {
    switch (code) {
      case "invalid_client":
        return e.withFix(
            "Okta rejected the service app's client assertion: check that clientId is the app's"
                + " client id, that the app's client authentication is 'Public key / Private key',"
                + " that privateKey is the private half of a public key registered on the app (and"
                + " keyId its kid, if the app has several keys), and that this machine's clock is"
                + " correct.");
      case "invalid_scope":
        return e.withFix(
            "Grant the scopes '"
                + scopes
                + "' on the app's 'Okta API Scopes' tab in the Admin Console, or correct the"
                + " scopes setting.");
      case "unauthorized_client":
        return e.withFix(
            "The app may not use the client credentials grant: create an 'API Services' app"
                + " integration in Okta and use its client id.");
      case "invalid_dpop_proof":
      case "use_dpop_nonce":
        return e.withFix(
            "The app requires DPoP-bound tokens, which usersync does not send: in the Admin"
                + " Console open the app, edit 'Client Credentials' and clear 'Require Demonstrating"
                + " Proof of Possession (DPoP) header in token requests'.");
      default:
        return e;
    }
  }

  private String unauthenticated() {
    if (oauth) {
      return "Okta rejected the service app's access token even after a new one was fetched:"
          + " check that the app is active and that clientId names it.";
    }
    return "Okta rejected the API token: it is wrong, was revoked, expired (a token lapses after 30"
        + " days without use), or the admin who created it was deactivated. Create a token in the"
        + " Admin Console (Security > API > Tokens) and put it in apiToken, without the 'SSWS '"
        + " prefix.";
  }

  private String forbidden(String label, ApiResponse response) {
    if (label.equals(OktaRequests.SYSTEM_LOG)) {
      return oauth
          ? "The service app cannot read the System Log, which incremental runs read for deletions,"
              + " deactivations and membership changes: grant the scope okta.logs.read on the app's"
              + " 'Okta API Scopes' tab, add it to the scopes setting (now '" + scopes + "'), and give"
              + " the app an admin role that can view the System Log (e.g. Read-only Administrator)."
              + " Until then every run is a full sync."
          : "The API token's admin cannot read the System Log, which incremental runs read for"
              + " deletions, deactivations and membership changes: create the token as an admin"
              + " whose role can view the System Log (e.g. Read-only Administrator). Until then"
              + " every run is a full sync.";
    }
    boolean groups = label.equals(OktaRequests.LIST_GROUPS) || label.equals(OktaRequests.GROUP_MEMBERS)
        || label.equals(OktaRequests.GROUPS_OF_USER);
    String what = groups ? "groups" : "users";
    if (oauth) {
      String scope = groups ? "okta.groups.read" : "okta.users.read";
      String challenge = response.header("WWW-Authenticate").orElse("").toLowerCase(Locale.ROOT);
      if (challenge.contains("insufficient_scope") || !scopeRequested(scope)) {
        return "The access token lacks the scope " + scope + ": grant it on the app's 'Okta API"
            + " Scopes' tab in the Admin Console and list it in the scopes setting (now '" + scopes
            + "').";
      }
      return "The service app's admin role cannot read " + what + ": assign the app an admin role"
          + " that can view " + what + " (for example Read-only Administrator) on its 'Admin roles'"
          + " tab, and check that " + scope + " is granted on its 'Okta API Scopes' tab. A role"
          + " limited to some groups sees only those groups and their users.";
    }
    return "The API token acts with the rights of the admin who created it, and that admin cannot"
        + " read " + what + ": create the token as an admin whose role can view " + what
        + " (for example Read-only Administrator), or give the token's admin such a role. An admin"
        + " limited to some groups sees only those groups and their users.";
  }

  private boolean scopeRequested(String scope) {
    return Arrays.asList(WHITESPACE.split(scopes.trim())).contains(scope);
  }

  private static String throttled() {
    return "Okta kept answering 429 (rate limit): run the sync when the org is less busy, lower"
        + " maxConcurrentRequests, check Reports > Rate Limits in the Admin Console, and for a"
        + " service app raise its share on the app's 'Application rate limits' tab.";
  }

  @Override
  public String toString() {
    return "OktaErrors[" + (oauth ? "service app" : "API token") + "]";
  }
}
