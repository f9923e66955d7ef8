package io.github.usersync.onelogin.internal;

import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads OneLogin's error answers and says what to fix. OneLogin has two shapes: API v2 {@code
 * {"statusCode":401,"name":"UnauthorizedError","message":"Unauthorized"}} and API v1 (groups,
 * rate limit, token errors) {@code {"status":{"error":true,"code":401,"type":"Unauthorized",
 * "message":"Authentication Failure"}}}; the core's standard parser reads both.
 *
 * <p>Classification beyond the HTTP status:
 *
 * <ul>
 *   <li>v1 answers a credential pair whose scope is too small with 401 {@code "Insufficient
 *       Permission"}: that is a missing permission, not a bad token, so it is not retried with a
 *       new token and its fix names the scope;
 *   <li>a 429, or any other 4xx carrying {@code X-RateLimit-Remaining: 0}, is throttling (the docs
 *       only say that calls over the budget "return an error");
 *   <li>a 500 from the token endpoint may mean the admin who created the credential pair was
 *       deleted, which OneLogin documents.
 * </ul>
 */
public final class OneLoginErrors implements ApiErrorParser {
  /** The token endpoint's path. */
  public static final String TOKEN_PATH = "/auth/oauth2/v2/token";

  static final String TOKEN_REJECTED =
      "OneLogin rejected the API credentials; check the clientId and clientSecret settings against"
          + " the credential pair in the OneLogin admin portal (Developers > API Credentials), and"
          + " that the pair has not been deleted.";
  static final String TOKEN_SERVER_ERROR =
      "If this persists: OneLogin answers HTTP 500 when the admin who created the API credential"
          + " pair has been deleted; create a new credential pair and put its client id and secret"
          + " in the settings.";
  static final String TOKEN_INVALID =
      "OneLogin rejected the access token; check the clientId and clientSecret settings, and that"
          + " the API credential pair still exists (Developers > API Credentials).";
  static final String THROTTLED =
      "OneLogin's hourly API budget is spent; it is shared by every integration of the account."
          + " Run the sync after the reset, and raise minRemainingApiCalls so usersync pauses"
          + " earlier and leaves calls for the other integrations.";

  private final ApiErrorParser standard = ApiErrorParser.standard();

  @Override
  public ApiError parse(ApiRequest request, ApiResponse response) {
    ApiError error = standard.parse(request, response);
    int status = response.status();
    String path = response.uri().getPath() == null ? "" : response.uri().getPath();
    if (path.endsWith(TOKEN_PATH)) {
      if (status >= 500) {
        return error.withFix(TOKEN_SERVER_ERROR);
      }
      return status >= 400 && status < 500 && status != 429 ? error.withFix(TOKEN_REJECTED) : error;
    }
    String message = error.message().orElse("").toLowerCase(Locale.ROOT);
    if (status == 401 && message.contains("insufficient permission")) {
      return error.withKind(ApiError.Kind.PERMISSION_DENIED).withFix(scopeFix(path));
    }
    if (status == 403) {
      return error.withKind(ApiError.Kind.PERMISSION_DENIED).withFix(scopeFix(path));
    }
    if (status == 401) {
      return error.withFix(TOKEN_INVALID);
    }
    if (status == 429 || (status >= 400 && status < 500 && status != 404 && spent(response))) {
      return error.withKind(ApiError.Kind.THROTTLED).withFix(THROTTLED);
    }
    return error;
  }

  /** What to do when the credential pair may not call {@code path}. */
  public static String scopeFix(String path) {
    return "The API credential pair may not call "
        + path
        + ": usersync needs a pair with the Read users scope (enough for users, roles and groups;"
        + " Manage users, Read all and Manage all also work, Authentication only does not). Create"
        + " one in the OneLogin admin portal under Developers > API Credentials and put its client"
        + " id and secret in the settings. A 403 can also mean the pair's owner may not see this"
        + " user or role.";
  }

  private static boolean spent(ApiResponse response) {
    Optional<Long> left = ApiBudget.number(response.header(ApiBudget.REMAINING).orElse(null));
    return left.isPresent() && left.get() <= 0;
  }
}
