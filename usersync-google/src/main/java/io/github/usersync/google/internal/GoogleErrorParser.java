package io.github.usersync.google.internal;

import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads Google's errors: the Directory API's {@code {"error":{"code","message","errors":[{"reason"}]}}}
 * and the token endpoint's OAuth {@code {"error","error_description"}}.
 *
 * <p>Google signals throttling with 403 and a reason ({@code userRateLimitExceeded}, {@code
 * rateLimitExceeded}, {@code quotaExceeded}) as well as with 429, so those become {@link
 * ApiError.Kind#THROTTLED} and are retried with backoff (Google sends no {@code Retry-After}).
 * Every other 403 is a permission problem, with a fix that names the administrator, the client id
 * and the scope the endpoint needs. Token-endpoint errors get the fix for the credential in use
 * (domain-wide delegation, the impersonated admin, an expired refresh token).
 */
public final class GoogleErrorParser implements ApiErrorParser {
  /** The label {@link io.github.usersync.core.http.OAuth2TokenProvider} gives token requests. */
  public static final String TOKEN_LABEL = "token";

  private static final String DWD_PATH =
      "Admin console > Security > Access and data control > API controls > Manage domain-wide"
          + " delegation";

  private final boolean serviceAccount;
  private final @Nullable String adminEmail;
  private final String clientId;
  private final List<String> scopes;

  private GoogleErrorParser(
      boolean serviceAccount, @Nullable String adminEmail, String clientId, List<String> scopes) {
    this.serviceAccount = serviceAccount;
    this.adminEmail = adminEmail;
    this.clientId = clientId;
    this.scopes = scopes;
  }

  /** For a service account with client id {@code clientId} impersonating {@code adminEmail}. */
  public static GoogleErrorParser forServiceAccount(
      String adminEmail, String clientId, List<String> scopes) {
    return new GoogleErrorParser(true, adminEmail, clientId, scopes);
  }

  /** For an OAuth client using a refresh token. */
  public static GoogleErrorParser forOAuthClient(String clientId, List<String> scopes) {
    return new GoogleErrorParser(false, null, clientId, scopes);
  }

  @Override
  public ApiError parse(ApiRequest request, ApiResponse response) {
    ApiError error = ApiErrorParser.standard().parse(request, response);
    String code = error.code().orElse("");
    int status = response.status();
    if (TOKEN_LABEL.equals(request.label())) {
      return tokenError(error, code);
    }
    switch (code) {
      case "userRateLimitExceeded":
      case "rateLimitExceeded":
      case "quotaExceeded":
        return error.withKind(ApiError.Kind.THROTTLED).withFix(throttleFix());
      case "dailyLimitExceeded":
        return error.withKind(ApiError.Kind.PERMANENT)
            .withFix(
                "The Cloud project's daily quota for the Admin SDK API is spent; raise it on the"
                    + " API's Quotas page in the Google Cloud console, or run the sync tomorrow.");
      case "accessNotConfigured":
      case "SERVICE_DISABLED":
        return error.withKind(ApiError.Kind.PERMISSION_DENIED)
            .withFix(
                "The Admin SDK API is not enabled in the Google Cloud project of "
                    + (serviceAccount ? "the service account" : "the OAuth client")
                    + "; enable it (APIs & Services > Library > Admin SDK API) and retry after a"
                    + " few minutes.");
      default:
        break;
    }
    if (status == 429) {
      return error.withKind(ApiError.Kind.THROTTLED).withFix(throttleFix());
    }
    if (status == 403) {
      return error.withKind(ApiError.Kind.PERMISSION_DENIED).withFix(permissionFix(request));
    }
    if (status == 401) {
      return error.withFix(
          "Google rejected the access token; "
              + (serviceAccount
                  ? "check that the service account key is still valid and that domain-wide"
                      + " delegation is still granted to client id " + clientId + "."
                  : "check that the refresh token has not been revoked; if it has, run the consent"
                      + " again (GoogleOAuthConsent)."));
    }
    if (status == 400) {
      return error.withFix(
          "Google refused the request's parameters; check the customer or domain setting (use the"
              + " customer id such as C01abc23d or my_customer, or a domain of the account) and,"
              + " if the mapping reads custom schemas, that each schema name exists.");
    }
    return error;
  }

  private ApiError tokenError(ApiError error, String code) {
    switch (code) {
      case "unauthorized_client":
        return error.withKind(ApiError.Kind.AUTHENTICATION_FAILED)
            .withFix(
                serviceAccount
                    ? "Domain-wide delegation is not granted to client id " + clientId
                        + " for the scopes " + String.join(",", scopes) + ": in the " + DWD_PATH
                        + ", add client id " + clientId + " with exactly these scopes (or remove"
                        + " from the scopes setting any that are not granted). Changes can take"
                        + " some minutes to apply."
                    : "The OAuth client " + clientId + " may not use refresh tokens; use the"
                        + " client id and secret of the Web or Desktop OAuth client that issued"
                        + " the refresh token.");
      case "invalid_grant":
        return error.withKind(ApiError.Kind.AUTHENTICATION_FAILED)
            .withFix(
                serviceAccount
                    ? "Google rejected the signed assertion: check that adminEmail (" + adminEmail
                        + ") is the primary email of an existing user of the Workspace account,"
                        + " that the service account key has not been deleted or disabled, and"
                        + " that this machine's clock is correct."
                    : "The refresh token expired or was revoked (an External OAuth app in"
                        + " 'Testing' publishing status gets tokens that expire after 7 days;"
                        + " removing the"
                        + " app's access revokes them): run the consent again (GoogleOAuthConsent)"
                        + " and store the new refresh token.");
      case "invalid_client":
        return error.withKind(ApiError.Kind.AUTHENTICATION_FAILED)
            .withFix(
                serviceAccount
                    ? "Google does not know the service account or its key; check that neither"
                        + " was deleted or disabled, or create a new JSON key."
                    : "clientId or clientSecret is wrong, or the OAuth client was deleted; copy"
                        + " both from the Google Cloud console (APIs & Services > Credentials).");
      default:
        return error;
    }
  }

  private String permissionFix(ApiRequest request) {
    String what = needsGroupScope(request) ? "groups and their members" : "users";
    String scope = scopeFor(request);
    boolean members = request.toString().contains("/members");
    boolean granted =
        scopes.contains(scope)
            || (members && scopes.contains("https://www.googleapis.com/auth/admin.directory.group.member.readonly"));
    String scopeHint = granted ? "" : " The scopes setting does not include " + scope + "; add it.";
    if (serviceAccount) {
      return "The service account (client id " + clientId + ") impersonates " + adminEmail
          + ": check that this user is a Workspace administrator whose role may read " + what
          + " (a super administrator, or a custom role with that Admin API privilege), and that"
          + " domain-wide delegation for client id " + clientId + " (" + DWD_PATH + ") includes "
          + scope + "." + scopeHint;
    }
    return "The refresh token acts as the administrator who granted consent: check that this user"
        + " is still a Workspace administrator whose role may read " + what + ", and that the"
        + " consent included " + scope + " (if not, run GoogleOAuthConsent again with it)."
        + scopeHint;
  }

  private static boolean needsGroupScope(ApiRequest request) {
    String s = request.toString();
    return s.contains("/groups");
  }

  /** The read-only scope the request's endpoint needs. */
  static String scopeFor(ApiRequest request) {
    return needsGroupScope(request)
        ? "https://www.googleapis.com/auth/admin.directory.group.readonly"
        : "https://www.googleapis.com/auth/admin.directory.user.readonly";
  }

  private static String throttleFix() {
    return "Google's Directory API quota (by default 2,400 queries per minute per user per Cloud"
        + " project) kept answering rate-limit errors; lower maxConcurrentRequests, run the sync"
        + " later, or raise the quota on the Admin SDK API's Quotas page in the Google Cloud"
        + " console.";
  }
}
