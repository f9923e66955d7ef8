package io.github.usersync.okta.internal;

import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.spi.UserQuery;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The Management API calls the connector makes, with their labels (used in messages, connection
 * checks and error fixes) and Okta's query syntax: filter expressions with millisecond UTC
 * timestamps, quoted search literals, {@code fields} projections and the {@code okta-response}
 * media-type parameter that leaves out credentials the connector never reads.
 */
public final class OktaRequests {
  // Declared first: EVERY_USER below is built with it.
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  /** Label of {@code GET /api/v1/users}. */
  public static final String LIST_USERS = "list users";
  /** Label of {@code GET /api/v1/users/{id}}. */
  public static final String READ_USER = "read user";
  /** Label of {@code GET /api/v1/users/{id}/groups}. */
  public static final String GROUPS_OF_USER = "groups of user";
  /** Label of {@code GET /api/v1/groups}. */
  public static final String LIST_GROUPS = "list groups";
  /** Label of {@code GET /api/v1/groups/{id}/users}. */
  public static final String GROUP_MEMBERS = "group members";
  /** Label of {@code GET /api/v1/users/me}, the API token check. */
  public static final String TOKEN_USER = "token owner";
  /** Label of {@code GET /api/v1/logs}, the System Log. */
  public static final String SYSTEM_LOG = "system log";
  /** Label of {@code GET /api/v1/groups/{id}}. */
  public static final String READ_GROUP = "read group";
  /** Label the core gives token endpoint calls. */
  public static final String TOKEN = "token";

  /**
   * A filter every user matches, whatever the status. Okta's plain list leaves out {@code
   * DEPROVISIONED} users; filter (and search) results include them. A filter is used rather than a
   * search because filters read the up-to-date store, while search results come from an
   * eventually consistent index; and it names no status, so a status Okta adds later is not lost.
   */
  public static final String EVERY_USER = updatedAfter(Instant.EPOCH);

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final String[] STANDARD_PROFILE = {
    "login", "email", "firstName", "lastName", "displayName", "managerId"
  };

  private OktaRequests() {}

  /** {@code lastUpdated gt "yyyy-MM-ddTHH:mm:ss.SSSZ"}, the documented filter for polling. */
  public static String updatedAfter(Instant t) {
    return "lastUpdated gt \"" + TIMESTAMP.format(t) + "\"";
  }

  /**
   * {@code lastUpdated ge "from" and lastUpdated lt "until"}, either side left out when null (both
   * null is refused): the users whose {@code lastUpdated} lies in {@code [from, until)}. Okta's
   * filter takes {@code gt}, {@code ge}, {@code lt} and {@code le} on {@code lastUpdated}, joined
   * with {@code and} (Management API, User, "List all users", {@code filter};
   * developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers).
   * Ranges built on the same bounds, {@code [.., b1)}, {@code [b1, b2)}, …, {@code [bn, ..)},
   * hold every timestamp exactly once.
   */
  public static String updatedIn(@Nullable Instant from, @Nullable Instant until) {
    if (from == null && until == null) {
      throw new IllegalArgumentException("a lastUpdated range needs a bound");
    }
    StringBuilder f = new StringBuilder();
    if (from != null) {
      f.append("lastUpdated ge \"").append(TIMESTAMP.format(from)).append('"');
    }
    if (until != null) {
      f.append(f.length() > 0 ? " and " : "").append("lastUpdated lt \"").append(TIMESTAMP.format(until)).append('"');
    }
    return f.toString();
  }

  /** A string literal for a filter or search expression, {@code "} and {@code \} escaped. */
  public static String literal(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** {@code GET /api/v1/users}: the plain list, or with a {@code filter}. */
  public static ApiRequest listUsers(UserQuery query, int limit, @Nullable String filter) {
    ApiRequest.Builder b = ApiRequest.get("/api/v1/users").label(LIST_USERS).query("limit", limit);
    if (filter != null) {
      b.query("filter", filter);
    }
    return project(b, query, true).build();
  }

  /** {@code GET /api/v1/users?search=…}. */
  public static ApiRequest searchUsers(UserQuery query, int limit, String search) {
    ApiRequest.Builder b =
        ApiRequest.get("/api/v1/users")
            .label(LIST_USERS)
            .query("search", search)
            .query("limit", limit);
    return project(b, query, true).build();
  }

  /** {@code GET /api/v1/users/{id}}; a 404 is accepted (no such user). */
  public static ApiRequest user(String id, UserQuery query) {
    return project(ApiRequest.get("/api/v1/users/{id}", id).label(READ_USER).accept(404), query, false)
        .build();
  }

  /** {@code GET /api/v1/users/me}: the admin an API token acts for. */
  public static ApiRequest tokenUser() {
    return ApiRequest.get("/api/v1/users/me").label(TOKEN_USER).build();
  }

  /** {@code GET /api/v1/users/{id}/groups}; a 404 on the first page is accepted. */
  public static ApiRequest groupsOfUser(String userId) {
    return ApiRequest.get("/api/v1/users/{id}/groups", userId).label(GROUPS_OF_USER).accept(404).build();
  }

  /** {@code GET /api/v1/groups}, optionally with a {@code filter}. */
  public static ApiRequest listGroups(int limit, @Nullable String filter) {
    ApiRequest.Builder b = ApiRequest.get("/api/v1/groups").label(LIST_GROUPS).query("limit", limit);
    if (filter != null) {
      b.query("filter", filter);
    }
    return b.build();
  }

  /** {@code GET /api/v1/groups/{id}/users}; a 404 on the first page is accepted. */
  public static ApiRequest groupMembers(String groupId, int limit) {
    return ApiRequest.get("/api/v1/groups/{id}/users", groupId)
        .label(GROUP_MEMBERS)
        .query("limit", limit)
        .accept(404)
        .build();
  }

  /**
   * {@code GET /api/v1/logs?since=…&filter=…&limit=…&sortOrder=ASCENDING}: a polling request of the
   * System Log (no {@code until}), oldest first; the next page is at {@code Link: rel="next"}.
   */
  public static ApiRequest systemLog(Instant since, String filter, int limit) {
    return ApiRequest.get("/api/v1/logs")
        .label(SYSTEM_LOG)
        .query("since", TIMESTAMP.format(since))
        .query("filter", filter)
        .query("limit", limit)
        .query("sortOrder", "ASCENDING")
        .build();
  }

  /** {@code GET /api/v1/groups/{id}}; a 404 is accepted (no such group). */
  public static ApiRequest group(String id) {
    return ApiRequest.get("/api/v1/groups/{id}", id).label(READ_GROUP).accept(404).build();
  }

  /**
   * Asks for no more than the query needs: credentials and their links are left out unless an
   * attribute names them, and a listing with attributes gets a {@code fields} projection of the
   * standard fields plus those attributes.
   */
  private static ApiRequest.Builder project(ApiRequest.Builder b, UserQuery query, boolean list) {
    Set<String> attributes = query.attributes();
    List<String> omit = new ArrayList<>();
    if (attributes.stream().noneMatch(a -> under(a, "credentials"))) {
      omit.add("omitCredentials");
    }
    if (attributes.stream().noneMatch(a -> under(a, "_links"))) {
      omit.add("omitCredentialsLinks");
    }
    if (!omit.isEmpty()) {
      b.header("Content-Type", "application/json; okta-response=" + String.join(",", omit));
    }
    String fields = list ? fields(attributes) : null;
    if (fields != null) {
      b.query("fields", fields);
    }
    return b;
  }

  /**
   * {@code id,status,lastUpdated,<top-level attributes>,profile:(<standard>,<profile
   * attributes>)}, or null (no projection) when there are no attributes or one cannot be
   * expressed.
   */
  static @Nullable String fields(Set<String> attributes) {
    if (attributes.isEmpty()) {
      return null;
    }
    Set<String> top = new LinkedHashSet<>(List.of("id", "status", "lastUpdated"));
    Set<String> profile = new LinkedHashSet<>(List.of(STANDARD_PROFILE));
    for (String a : attributes) {
      String[] parts = a.split("\\.", -1);
      boolean profileAttribute = parts[0].equals("profile");
      String name = profileAttribute ? (parts.length > 1 ? parts[1] : "") : parts[0];
      if (!NAME.matcher(name).matches()) {
        return null;
      }
      (profileAttribute ? profile : top).add(name);
    }
    return String.join(",", top) + ",profile:(" + String.join(",", profile) + ")";
  }

  private static boolean under(String attribute, String root) {
    return attribute.equals(root) || attribute.startsWith(root + ".");
  }
}
