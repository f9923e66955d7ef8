package io.github.usersync.testkit.example;

import io.github.usersync.core.http.ApiRequest;

/** Every call the connector makes, with its label: the reads and the connection check share them. */
final class AcmeRequests {
  static final String LIST_USERS = "list users";
  static final String READ_USER = "read user";
  static final String LIST_GROUPS = "list groups";
  static final String GROUP_MEMBERS = "group members";

  private AcmeRequests() {}

  static ApiRequest listUsers(int limit) {
    return ApiRequest.get("/api/users").query("limit", limit).label(LIST_USERS).build();
  }

  /** A 404 is accepted: no such user. */
  static ApiRequest readUser(String id) {
    return ApiRequest.get("/api/users/{id}", id).accept(404).label(READ_USER).build();
  }

  static ApiRequest listGroups(int limit) {
    return ApiRequest.get("/api/groups").query("limit", limit).label(LIST_GROUPS).build();
  }

  /** A 404 is accepted: no such group. */
  static ApiRequest groupMembers(String groupId, int limit) {
    return ApiRequest.get("/api/groups/{id}/members", groupId)
        .query("limit", limit)
        .accept(404)
        .label(GROUP_MEMBERS)
        .build();
  }
}
