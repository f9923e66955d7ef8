package io.github.usersync.onelogin.internal;

import io.github.usersync.core.http.ApiRequest;

/**
 * The OneLogin API calls the connector makes, with their labels (used in messages, connection
 * checks and error fixes): users and roles from API v2 (paged by the {@code After-Cursor} header),
 * groups from API v1 (paged by {@code pagination.after_cursor}), and the account's API budget. The
 * reads and the connection check build their requests here, so the check probes exactly the calls
 * a sync makes.
 */
public final class OneLoginRequests {
  /** Label of {@code GET /api/2/users}. */
  public static final String LIST_USERS = "list users";
  /** Label of {@code GET /api/2/users?email=…}. */
  public static final String FIND_USER_BY_EMAIL = "find user by email";
  /** Label of {@code GET /api/2/users?updated_since=…}. */
  public static final String CHANGED_USERS = "changed users";
  /** Label of {@code GET /api/2/users?fields=id,group_id}. */
  public static final String GROUP_MEMBERSHIPS = "group memberships";
  /** Label of {@code GET /api/2/users/{id}}. */
  public static final String READ_USER = "read user";
  /** Label of {@code GET /api/2/roles}. */
  public static final String LIST_ROLES = "list roles";
  /** Label of {@code GET /api/2/roles/{id}/users}. */
  public static final String ROLE_MEMBERS = "role members";
  /** Label of {@code GET /api/1/groups}. */
  public static final String LIST_GROUPS = "list groups";
  /** Label of {@code GET /api/1/events/types}. */
  public static final String EVENT_TYPES = "event types";
  /** Label of {@code GET /api/1/events}. */
  public static final String EVENTS = "events";
  /** Label of {@code GET /auth/rate_limit}. */
  public static final String API_BUDGET = "API budget";

  /** The header that carries the cursor of the next page of a v2 listing. */
  public static final String AFTER_CURSOR = "After-Cursor";

  /** The largest page of roles OneLogin allows ("Max page limit is 650"). */
  public static final int ROLE_PAGE_LIMIT = 650;

  private OneLoginRequests() {}

  /** {@code GET /api/2/users} with the fields a read needs; the caller adds filters. */
  public static ApiRequest.Builder listUsers(int limit, String fields, String label) {
    return ApiRequest.get("/api/2/users").query("limit", limit).query("fields", fields).label(label);
  }

  /** {@code GET /api/2/users/{id}}; a 404 is accepted (no such user). */
  public static ApiRequest readUser(String id) {
    return ApiRequest.get("/api/2/users/{id}", id).accept(404).label(READ_USER).build();
  }

  /** {@code GET /api/2/roles}. */
  public static ApiRequest listRoles(int limit) {
    return ApiRequest.get("/api/2/roles").query("limit", limit).label(LIST_ROLES).build();
  }

  /** {@code GET /api/2/roles/{id}/users}; a 404 is accepted (no such role). */
  public static ApiRequest roleMembers(String roleId, int limit) {
    return ApiRequest.get("/api/2/roles/{id}/users", roleId)
        .query("limit", limit)
        .accept(404)
        .label(ROLE_MEMBERS)
        .build();
  }

  /** {@code GET /api/1/groups}. */
  public static ApiRequest listGroups() {
    return ApiRequest.get("/api/1/groups").label(LIST_GROUPS).build();
  }

  /** {@code GET /auth/rate_limit}: the account's hourly API budget. */
  public static ApiRequest apiBudget() {
    return ApiRequest.get("/auth/rate_limit").label(API_BUDGET).build();
  }

  /** {@code GET /api/1/events/types}: every event type's name and id (OneLogin asks to cache it up to 24 h). */
  public static ApiRequest eventTypes() {
    return ApiRequest.get("/api/1/events/types").label(EVENT_TYPES).build();
  }

  /**
   * {@code GET /api/1/events?event_type_id=…&since=…}: one type's events since a time, paged by
   * {@code pagination.after_cursor} in the body.
   */
  public static ApiRequest events(String eventTypeId, String since) {
    return ApiRequest.get("/api/1/events")
        .query("event_type_id", eventTypeId)
        .query("since", since)
        .label(EVENTS)
        .build();
  }
}
