package io.github.usersync.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads Microsoft Graph and Microsoft Entra token-endpoint errors: classifies Graph's codes
 * ({@code activityLimitReached} is throttling; {@code Authorization_RequestDenied} and {@code
 * accessDenied} are missing permissions) and attaches the fix: for a 403, the application
 * permission the endpoint needs; for a token error, what its {@code AADSTS} code means.
 *
 * <p>Graph's body: {@code {"error":{"code","message","innerError":{"request-id","date"}}}}; the
 * token endpoint's: {@code {"error","error_description","error_codes":[…],"trace_id",
 * "correlation_id"}}.
 */
public final class GraphErrors implements ApiErrorParser {
  /** The delta codes meaning "the token is no longer accepted; start over with a full sync". */
  public static final Set<String> DELTA_EXPIRED = Set.of("syncStateNotFound", "resyncRequired");

  /** The label of token requests (set by the toolkit's OAuth2 token provider). */
  private static final String TOKEN_LABEL = "token";

  private static final Set<String> THROTTLING =
      Set.of("activityLimitReached", "TooManyRequests", "throttledRequest");
  private static final Set<String> PERMISSION =
      Set.of("Authorization_RequestDenied", "accessDenied", "Forbidden", "ErrorAccessDenied");
  private static final Pattern AADSTS = Pattern.compile("AADSTS(\\d+)");
  private static final Pattern PROPERTY_NAMED =
      Pattern.compile("property named '([^']+)'", Pattern.CASE_INSENSITIVE);

  private final String tenant;
  private final String clientId;
  private final String cloud;

  /** A parser for one tenant's app, whose names the fixes repeat. */
  public GraphErrors(String tenant, String clientId, String cloud) {
    this.tenant = tenant;
    this.clientId = clientId;
    this.cloud = cloud;
  }

  @Override
  public ApiError parse(ApiRequest request, ApiResponse response) {
    ApiError standard = ApiErrorParser.standard().parse(request, response);
    Optional<JsonNode> json = response.jsonIfAny();
    if (TOKEN_LABEL.equals(request.label())) {
      return tokenError(standard, json.orElse(null), response.status());
    }
    return graphError(standard, json.orElse(null), request, response);
  }

  /** Whether an API failure means the delta token has expired and a full sync is needed. */
  public static boolean deltaExpired(ApiException e) {
    return e.status() == 410 || e.errorCode().map(DELTA_EXPIRED::contains).orElse(false);
  }

  private ApiError graphError(
      ApiError standard, @Nullable JsonNode json, ApiRequest request, ApiResponse response) {
    ApiError e = standard;
    String inner = innerCode(json);
    if (inner != null
        && DELTA_EXPIRED.contains(inner)
        && !DELTA_EXPIRED.contains(e.code().orElse(""))) {
      // The specific delta code may sit in innerError under a generic outer code.
      e = ApiError.of(inner, e.message().orElse(null), e.requestId().orElse(null));
    }
    String code = e.code().orElse("");
    int status = response.status();
    String path = response.uri().getPath() == null ? "" : response.uri().getPath();
    if (THROTTLING.contains(code)) {
      return e.withKind(ApiError.Kind.THROTTLED);
    }
    if (status == 403 || PERMISSION.contains(code)) {
      return e.withKind(ApiError.Kind.PERMISSION_DENIED).withFix(permissionFix(path));
    }
    if (status == 401) {
      return e.withFix(
          "Microsoft Graph rejected the access token. Check that the cloud setting ("
              + cloud
              + ") is the cloud of tenant "
              + tenant
              + ": tokens from one cloud are not accepted by another.");
    }
    if (DELTA_EXPIRED.contains(code) || status == 410) {
      return e.withFix(
          "The delta token is no longer accepted (they expire after 7 days, and Microsoft may"
              + " reset them); run a full sync, which starts change tracking again.");
    }
    String select = request.queryValue("$select");
    if ((status == 400 || status == 501) && select != null && path.contains("/users")) {
      return e.withFix(selectFix(status, e.message().orElse(""), select));
    }
    return e;
  }

  /** Which application permission an endpoint needs, as the fix for a 403. */
  static String permissionFix(String path) {
    String p = path.toLowerCase(Locale.ROOT);
    String permission;
    String what;
    if (p.contains("/photo")) {
      permission = "ProfilePhoto.Read.All (or User.Read.All)";
      what = "read users' profile photos";
    } else if (p.contains("/memberof") || p.contains("/transitivememberof")) {
      permission =
          "GroupMember.Read.All together with User.Read.All (Microsoft lists Directory.Read.All as"
              + " the least privileged permission for a user's memberOf; grant it if the 403"
              + " persists)";
      what = "read a user's group memberships";
    } else if (p.contains("/groups")) {
      permission = "GroupMember.Read.All (or Group.Read.All)";
      what = "read groups and their members";
    } else if (p.contains("/manager")) {
      permission = "User.Read.All";
      what = "read users' managers";
    } else {
      permission = "User.Read.All";
      what = "read users";
    }
    return "The application lacks the Microsoft Graph application permission to "
        + what
        + ": add "
        + permission
        + " under the app registration's API permissions (Microsoft Graph > Application"
        + " permissions, not Delegated) and grant admin consent for the tenant.";
  }

  private static String selectFix(int status, String message, String select) {
    List<String> extra = new ArrayList<>(Arrays.asList(select.split(",")));
    extra.removeAll(GraphJson.STANDARD_USER_FIELDS);
    extra.remove("manager");
    Matcher m = PROPERTY_NAMED.matcher(message);
    String named = m.find() ? m.group(1) : null;
    if (status == 501) {
      return "Microsoft Graph cannot return one of the user attributes the mapping reads ("
          + String.join(", ", extra)
          + ") when listing users; attributes such as aboutMe, birthday, hireDate, interests,"
          + " mySite, pastProjects, preferredName, responsibilities, schools, skills and"
          + " mailboxSettings are only served for a single user. Remove it from the mapping.";
    }
    if (named != null) {
      return "The mapping reads the user attribute '"
          + named
          + "', which is not a Microsoft Graph user property: check its spelling against the user"
          + " resource's properties (directory extensions are named extension_{appId without"
          + " dashes}_{name}) and correct the mapping.";
    }
    return "Microsoft Graph refused the user attributes the mapping reads"
        + (extra.isEmpty() ? "" : " (" + String.join(", ", extra) + ")")
        + "; check their names against the user resource's properties and correct the mapping.";
  }

  private ApiError tokenError(ApiError standard, @Nullable JsonNode json, int status) {
    String requestId = standard.requestId().orElse(null);
    Integer aadsts = null;
    if (json != null && json.isObject()) {
      String trace = GraphJson.text(json, "trace_id");
      String correlation = GraphJson.text(json, "correlation_id");
      if (trace != null || correlation != null) {
        requestId = "trace " + trace + ", correlation " + correlation;
      }
      JsonNode codes = json.path("error_codes");
      if (codes.isArray() && codes.size() > 0 && codes.get(0).canConvertToInt()) {
        aadsts = codes.get(0).asInt();
      }
    }
    String message = standard.message().orElse(null);
    if (aadsts == null && message != null) {
      Matcher m = AADSTS.matcher(message);
      if (m.find()) {
        aadsts = Integer.parseInt(m.group(1));
      }
    }
    if (message != null) {
      // The description repeats trace and correlation ids and a timestamp after a line break.
      int cut = message.indexOf('\r') >= 0 ? message.indexOf('\r') : message.indexOf('\n');
      message = cut > 0 ? message.substring(0, cut) : message;
    }
    ApiError e = ApiError.of(standard.code().orElse(null), message, requestId);
    String fix = aadsts == null ? null : tokenFix(aadsts);
    if (fix == null && (status == 400 || status == 401)) {
      fix =
          "Entra refused the client credentials: check tenant ("
              + tenant
              + "), clientId ("
              + clientId
              + ") and the clientSecret or certificate against the app registration, and that"
              + " the cloud setting ("
              + cloud
              + ") is the tenant's cloud.";
    }
    return e.withFix(fix);
  }

  private @Nullable String tokenFix(int aadsts) {
    switch (aadsts) {
      case 7000215:
        return "The client secret is wrong: put the secret's Value (shown once, when it was"
            + " created) in clientSecret, not its Secret ID, or create a new secret under"
            + " Certificates & secrets.";
      case 7000222:
        return "The client secret has expired: create a new one under the app registration's"
            + " Certificates & secrets and update clientSecret.";
      case 700016:
        return "Tenant "
            + tenant
            + " has no application with clientId "
            + clientId
            + ": check clientId (the Application (client) ID, not the Object ID), the tenant,"
            + " and that the cloud setting ("
            + cloud
            + ") is the tenant's cloud.";
      case 90002:
      case 900023:
        return "Tenant '"
            + tenant
            + "' was not found in the "
            + cloud
            + " cloud: check tenant (the Directory (tenant) ID or a verified domain) and the cloud"
            + " setting.";
      case 700027:
        return "Entra could not verify the certificate assertion: upload the certificate (its"
            + " public part, .cer/.pem) under the app registration's Certificates & secrets, and"
            + " check that privateKey belongs to it and it has not expired.";
      case 700024:
        return "The certificate assertion is outside its valid time range: check this machine's"
            + " clock (it must be within a few minutes of the real time).";
      case 7000112:
        return "The application is disabled in tenant "
            + tenant
            + ": enable its enterprise application (service principal).";
      case 500011:
      case 70011:
      case 1002012:
        return "The Microsoft Graph scope was refused: check that the cloud setting ("
            + cloud
            + ") is the tenant's cloud.";
      default:
        return null;
    }
  }

  private static @Nullable String innerCode(@Nullable JsonNode json) {
    if (json == null) {
      return null;
    }
    JsonNode error = json.path("error");
    for (String field : new String[] {"innerError", "innererror"}) {
      String code = GraphJson.text(error.path(field), "code");
      if (code != null) {
        return code;
      }
    }
    return null;
  }
}
