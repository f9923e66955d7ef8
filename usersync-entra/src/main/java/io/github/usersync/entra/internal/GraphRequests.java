package io.github.usersync.entra.internal;

import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.model.Membership;
import java.util.List;

/**
 * The Microsoft Graph calls the connector makes, with their labels (used in messages, connection
 * checks and error fixes) and Graph's query syntax: {@code $select} of the fields needed, {@code
 * $top} up to 999, OData string literals, and {@code $deltaToken=latest} to start change tracking.
 * The reads and the connection check build their requests here, so the check probes exactly the
 * calls a sync makes.
 */
public final class GraphRequests {
  /** Label of {@code GET /users}. */
  public static final String LIST_USERS = "list users";
  /** Label of {@code GET /users?$filter=startswith(userPrincipalName,…)&$expand=manager}. */
  public static final String LIST_USERS_WITH_MANAGERS = "list users with managers";
  /** Label of {@code GET /users/{id}}. */
  public static final String READ_USER = "read user";
  /** Label of {@code GET /users?$filter=mail eq '…'}. */
  public static final String FIND_USER_BY_EMAIL = "find user by email";
  /** Label of {@code GET /users/{id}/manager}. */
  public static final String USER_MANAGER = "user manager";
  /** Label of {@code GET /users/{id}/memberOf}. */
  public static final String USER_GROUPS = "user groups";
  /** Label of {@code GET /users/{id}/transitiveMemberOf}. */
  public static final String USER_TRANSITIVE_GROUPS = "user transitive groups";
  /** Label of {@code GET /users/{id}/photo}. */
  public static final String USER_PHOTO_METADATA = "user photo metadata";
  /** Label of {@code GET /users/{id}/photo/$value}. */
  public static final String USER_PHOTO = "user photo";
  /** Label of {@code GET /groups}. */
  public static final String LIST_GROUPS = "list groups";
  /** Label of {@code GET /groups/{id}/members}. */
  public static final String GROUP_MEMBERS = "group members";
  /** Label of {@code GET /groups/{id}/transitiveMembers}. */
  public static final String GROUP_TRANSITIVE_MEMBERS = "group transitive members";
  /** Label of {@code GET /users/delta}. */
  public static final String USERS_DELTA = "users delta";
  /** Label of {@code GET /groups/delta}. */
  public static final String GROUPS_DELTA = "groups delta";

  /** What a group delta selects: the group's own fields and its member changes. */
  public static final String GROUP_DELTA_FIELDS = "displayName,description,members";

  private GraphRequests() {}

  /** {@code GET /users}, every user or only enabled ones. */
  public static ApiRequest listUsers(String select, int top, boolean enabledOnly) {
    ApiRequest.Builder r =
        ApiRequest.get("/users").query("$select", select).query("$top", top).label(LIST_USERS);
    if (enabledOnly) {
      r.query("$filter", "accountEnabled eq true");
    }
    return r.build();
  }

  /**
   * The first characters a {@code userPrincipalName} can start with: Graph allows {@code A-Z a-z
   * 0-9 ' . - _ ! # ^ ~} in a UPN, never a period first ("user resource type", {@code
   * userPrincipalName}), and a UPN can start with {@code $} (Graph's known issues). Graph compares
   * case-insensitively, so one letter covers both cases. A user whose UPN starts otherwise is still
   * read: {@link #listUsersWithManagers} is checked against the plain listing. The letters come
   * most frequent first as first letters of given names, so the longest parts start first.
   */
  public static final List<String> UPN_FIRST_CHARACTERS = List.of(
      "j", "m", "s", "a", "c", "d", "k", "r", "b", "t", "l", "e", "p", "n", "g", "h", "w", "f", "v", "o",
      "i", "z", "y", "u", "q", "x", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "'", "-", "_", "!",
      "#", "^", "~", "$");

  /** At most this many users a page when {@code $expand} is used (Graph's documented limit). */
  public static final int EXPANDED_PAGE_SIZE = 100;

  /**
   * {@code GET /users?$filter=startswith(userPrincipalName,'…')&$expand=manager($select=id)}: the
   * users whose UPN starts with {@code prefix}, each with its manager's id ("List manager": {@code GET
   * /users?$expand=manager}), {@value #EXPANDED_PAGE_SIZE} a page ("Use query parameters", {@code
   * $expand}: at most 100 objects when expanding directory objects). {@code startswith} on {@code
   * userPrincipalName} is a default query, not an advanced one, so it is answered from the
   * directory itself, not an index that may lag.
   */
  public static ApiRequest listUsersWithManagers(String select, String prefix, boolean enabledOnly) {
    String filter = "startswith(userPrincipalName," + literal(prefix) + ")";
    return ApiRequest.get("/users")
        .query("$filter", enabledOnly ? filter + " and accountEnabled eq true" : filter)
        .query("$select", select)
        .query("$expand", "manager($select=id)")
        .query("$top", EXPANDED_PAGE_SIZE)
        .label(LIST_USERS_WITH_MANAGERS)
        .build();
  }

  /**
   * {@code GET /users/{id}} with the manager's id ({@code $expand=manager($select=id)}, documented
   * for a single user in Graph's "List manager"), so a user read alone carries its manager at no
   * extra request; a 404 is accepted (no such user).
   */
  public static ApiRequest readUser(String id, String select) {
    return ApiRequest.get("/users/{id}", id)
        .query("$select", select)
        .query("$expand", "manager($select=id)")
        .accept(404)
        .label(READ_USER)
        .build();
  }

  /** {@code GET /users?$filter=mail eq '…'}, at most two, so a duplicate address shows. */
  public static ApiRequest findUserByEmail(String email, String select) {
    return ApiRequest.get("/users")
        .query("$filter", "mail eq " + literal(email))
        .query("$select", select)
        .query("$top", 2)
        .label(FIND_USER_BY_EMAIL)
        .build();
  }

  /** {@code GET /users/{id}/manager}; a 404 is accepted (no manager). */
  public static ApiRequest manager(String userId) {
    return ApiRequest.get("/users/{id}/manager", userId)
        .query("$select", "id")
        .accept(404)
        .label(USER_MANAGER)
        .build();
  }

  /**
   * {@code GET /users/{id}/memberOf} (or {@code transitiveMemberOf}): groups, directory roles and
   * administrative units; the reader keeps the groups. A 404 is accepted (no such user).
   */
  public static ApiRequest groupsOfUser(String userId, Membership membership, String select, int top) {
    boolean direct = membership == Membership.DIRECT;
    return ApiRequest.get(direct ? "/users/{id}/memberOf" : "/users/{id}/transitiveMemberOf", userId)
        .query("$select", select)
        .query("$top", top)
        .accept(404)
        .label(direct ? USER_GROUPS : USER_TRANSITIVE_GROUPS)
        .build();
  }

  /** {@code GET /users/{id}/photo}: the photo's metadata; a 404 is accepted (no photo). */
  public static ApiRequest photoMetadata(String userId) {
    return ApiRequest.get("/users/{id}/photo", userId).accept(404).label(USER_PHOTO_METADATA).build();
  }

  /** {@code GET /users/{id}/photo/$value}: the photo's bytes; a 404 is accepted (no photo). */
  public static ApiRequest photo(String userId) {
    return ApiRequest.get("/users/{id}/photo/$value", userId)
        .header("Accept", "image/*")
        .accept(404)
        .label(USER_PHOTO)
        .build();
  }

  /** {@code GET /groups}. */
  public static ApiRequest listGroups(String select, int top) {
    return ApiRequest.get("/groups").query("$select", select).query("$top", top).label(LIST_GROUPS).build();
  }

  /**
   * {@code GET /groups/{id}/members} (or {@code transitiveMembers}), typed by {@code @odata.type};
   * a 404 is accepted (no such group).
   */
  public static ApiRequest groupMembers(String groupId, Membership membership, int top) {
    boolean direct = membership == Membership.DIRECT;
    return ApiRequest.get(direct ? "/groups/{id}/members" : "/groups/{id}/transitiveMembers", groupId)
        .query("$select", "id")
        .query("$top", top)
        .accept(404)
        .label(direct ? GROUP_MEMBERS : GROUP_TRANSITIVE_MEMBERS)
        .build();
  }

  /** {@code GET /users/delta?$deltaToken=latest}: a delta link for changes from now on. */
  public static ApiRequest latestUsersDelta(String select) {
    return ApiRequest.get("/users/delta")
        .query("$select", select)
        .query("$deltaToken", "latest")
        .label(USERS_DELTA)
        .build();
  }

  /** {@code GET /groups/delta?$deltaToken=latest}: a delta link for changes from now on. */
  public static ApiRequest latestGroupsDelta(String select) {
    return ApiRequest.get("/groups/delta")
        .query("$select", select)
        .query("$deltaToken", "latest")
        .label(GROUPS_DELTA)
        .build();
  }

  /** An OData string literal: quoted, a quote inside doubled. */
  static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
