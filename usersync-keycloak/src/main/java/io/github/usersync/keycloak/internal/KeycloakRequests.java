package io.github.usersync.keycloak.internal;

import io.github.usersync.core.http.ApiRequest;

/**
 * The Admin REST API calls the connector makes below {@code /admin/realms/{realm}}, with their
 * labels (used in messages, connection checks and error fixes) and the query syntax they share:
 * {@code first}/{@code max} offset paging and {@code briefRepresentation}. The reads and the
 * connection check build their requests here, so the check probes exactly the calls a sync makes.
 */
public final class KeycloakRequests {
  /** Label of {@code GET /users/count}. */
  public static final String COUNT_USERS = "count users";
  /** Label of {@code GET /users}. */
  public static final String LIST_USERS = "list users";
  /** Label of {@code GET /users/{id}}. */
  public static final String READ_USER = "read user";
  /** Label of {@code GET /users?email=…&exact=true}. */
  public static final String FIND_USER_BY_EMAIL = "find user by email";
  /** Label of {@code GET /users/{id}/groups}. */
  public static final String USER_GROUPS = "user's groups";
  /** Label of {@code GET /groups}. */
  public static final String LIST_GROUPS = "list groups";
  /** Label of {@code GET /groups/count?top=true}. */
  public static final String COUNT_GROUPS = "count groups";
  /** Label of {@code GET /groups/{id}}. */
  public static final String READ_GROUP = "read group";
  /** Label of {@code GET /group-by-path/…}. */
  public static final String READ_GROUP_BY_PATH = "read group by path";
  /** Label of {@code GET /groups/{id}/children}. */
  public static final String SUBGROUPS = "subgroups";
  /** Label of {@code GET /groups/{id}/members}. */
  public static final String GROUP_MEMBERS = "group members";
  /** Label of {@code GET /events/config}. */
  public static final String EVENTS_CONFIG = "events config";
  /** Label of {@code GET /admin-events}. */
  public static final String ADMIN_EVENTS = "admin events";

  private KeycloakRequests() {}

  /** {@code GET /users/count}: the realm's users, service accounts left out. */
  public static ApiRequest countUsers() {
    return ApiRequest.get("/users/count").label(COUNT_USERS).build();
  }

  /** {@code GET /users} from offset 0; the brief representation unless {@code full}. */
  public static ApiRequest listUsers(int max, boolean full) {
    return ApiRequest.get("/users")
        .query("first", 0)
        .query("max", max)
        .query("briefRepresentation", Boolean.toString(!full))
        .label(LIST_USERS)
        .build();
  }

  /** {@code GET /users/{id}}; a 404 is accepted (no such user). */
  public static ApiRequest readUser(String id) {
    return ApiRequest.get("/users/{id}", id).accept(404).label(READ_USER).build();
  }

  /** {@code GET /users?email=…&exact=true}, the first ten. */
  public static ApiRequest findUserByEmail(String email, boolean full) {
    return ApiRequest.get("/users")
        .query("email", email)
        .query("exact", "true")
        .query("first", 0)
        .query("max", 10)
        .query("briefRepresentation", Boolean.toString(!full))
        .label(FIND_USER_BY_EMAIL)
        .build();
  }

  /** {@code GET /users/{id}/groups} (direct, full representation); a 404 is accepted. */
  public static ApiRequest groupsOfUser(String userId, int max) {
    return ApiRequest.get("/users/{id}/groups", userId)
        .query("first", 0)
        .query("max", max)
        .query("briefRepresentation", "false")
        .accept(404)
        .label(USER_GROUPS)
        .build();
  }

  /** {@code GET /groups}: the top-level groups, with their subgroup counts. */
  public static ApiRequest listGroups(int max) {
    return ApiRequest.get("/groups")
        .query("first", 0)
        .query("max", max)
        .query("briefRepresentation", "false")
        .query("subGroupsCount", "true")
        .label(LIST_GROUPS)
        .build();
  }

  /** {@code GET /groups/count?top=true}. */
  public static ApiRequest countTopLevelGroups() {
    return ApiRequest.get("/groups/count").query("top", "true").label(COUNT_GROUPS).build();
  }

  /** {@code GET /groups/{id}}; a 404 is accepted (no such group). */
  public static ApiRequest readGroup(String id) {
    return ApiRequest.get("/groups/{id}", id).accept(404).label(READ_GROUP).build();
  }

  /** {@code GET /group-by-path/{segment}/…}; a 404 is accepted (no such group). */
  public static ApiRequest readGroupByPath(String... segments) {
    StringBuilder template = new StringBuilder("/group-by-path");
    for (int i = 0; i < segments.length; i++) {
      template.append("/{s").append(i).append('}');
    }
    return ApiRequest.get(template.toString(), segments).accept(404).label(READ_GROUP_BY_PATH).build();
  }

  /**
   * {@code GET /groups/{id}/children} (Keycloak 23 and newer); a 404 is accepted: a server before
   * 23 (its groups carry their subgroups inline) or a group deleted while the tree is read.
   */
  public static ApiRequest subgroups(String groupId, int max, boolean brief) {
    return ApiRequest.get("/groups/{id}/children", groupId)
        .query("first", 0)
        .query("max", max)
        .query("briefRepresentation", Boolean.toString(brief))
        .query("subGroupsCount", "true")
        .accept(404)
        .label(SUBGROUPS)
        .build();
  }

  /** {@code GET /groups/{id}/members}: direct user members; a 404 is accepted (no such group). */
  public static ApiRequest groupMembers(String groupId, int max) {
    return ApiRequest.get("/groups/{id}/members", groupId)
        .query("first", 0)
        .query("max", max)
        .query("briefRepresentation", "true")
        .accept(404)
        .label(GROUP_MEMBERS)
        .build();
  }

  /** {@code GET /events/config}: whether the realm saves admin events (needs {@code view-events}). */
  public static ApiRequest eventsConfig() {
    return ApiRequest.get("/events/config").label(EVENTS_CONFIG).build();
  }

  /**
   * {@code GET /admin-events?resourceTypes=USER&resourceTypes=GROUP&resourceTypes=GROUP_MEMBERSHIP
   * &dateFrom=<epoch ms>&direction=asc&first=0&max=…}: the admin events on users, groups and
   * memberships from {@code dateFrom} (inclusive), oldest first (Keycloak before 26 ignores {@code
   * direction} and answers newest first; the reader orders them itself).
   */
  public static ApiRequest adminEvents(long dateFromMillis, int max) {
    return ApiRequest.get("/admin-events")
        .query("resourceTypes", "USER")
        .query("resourceTypes", "GROUP")
        .query("resourceTypes", "GROUP_MEMBERSHIP")
        .query("dateFrom", dateFromMillis)
        .query("direction", "asc")
        .query("first", 0)
        .query("max", max)
        .label(ADMIN_EVENTS)
        .build();
  }
}
