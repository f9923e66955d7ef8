package io.github.usersync.google.internal;

import io.github.usersync.core.http.ApiRequest;
import java.util.Optional;

/**
 * The Admin SDK Directory API calls the connector makes, with their labels (used in messages,
 * connection checks and error fixes) and the query syntax they share: the account scope ({@code
 * customer} or {@code domain}), {@code maxResults}, and {@code fields} partial responses. The reads
 * and the connection check build their requests here, so the check probes exactly the calls a sync
 * makes.
 */
public final class GoogleRequests {
  /** Label of {@code GET /users}. */
  public static final String LIST_USERS = "list users";
  /** Label of {@code GET /users/{userKey}}. */
  public static final String READ_USER = "read user";
  /** Label of {@code GET /users/{userKey}/photos/thumbnail}. */
  public static final String USER_PHOTO = "user photo";
  /** Label of {@code GET /groups}. */
  public static final String LIST_GROUPS = "list groups";
  /** Label of {@code GET /groups/{groupKey}/members}. */
  public static final String GROUP_MEMBERS = "group members";
  /** Label of the Reports API's {@code GET /activity/users/all/applications/admin}. */
  public static final String ADMIN_ACTIVITY = "admin activity";
  /** Label of {@code GET /users?showDeleted=true}. */
  public static final String DELETED_USERS = "deleted users";
  /** Label of {@code GET /groups?userKey=…}. */
  public static final String GROUPS_OF_USER = "groups of a user";

  /** The largest page {@code groups.list} and {@code members.list} serve. */
  public static final int GROUP_PAGE_SIZE = 200;

  private GoogleRequests() {}

  /** Which users and groups are read: one domain, else a customer (e.g. {@code my_customer}). */
  public static final class Account {
    private final Optional<String> domain;
    private final String customer;

    /** The account of the settings' {@code domain}, else of {@code customer}. */
    public Account(Optional<String> domain, String customer) {
      this.domain = domain;
      this.customer = customer;
    }

    ApiRequest.Builder scope(ApiRequest.Builder request) {
      return domain.isPresent()
          ? request.query("domain", domain.get())
          : request.query("customer", customer);
    }

    @Override
    public String toString() {
      return domain.map(d -> "domain " + d).orElse("customer " + customer);
    }
  }

  /** {@code GET /users} of the account, with the projection and fields the caller adds. */
  public static ApiRequest.Builder listUsers(Account account, int maxResults) {
    return account.scope(ApiRequest.get("/users")).query("maxResults", maxResults).label(LIST_USERS);
  }

  /** {@code GET /users/{userKey}} (an id, or a primary or alias address); a 404 is accepted. */
  public static ApiRequest.Builder readUser(String userKey) {
    return ApiRequest.get("/users/{userKey}", userKey).accept(404).label(READ_USER);
  }

  /** {@code GET /users/{userKey}/photos/thumbnail}; a 404 is accepted (no photo). */
  public static ApiRequest photo(String userKey) {
    return ApiRequest.get("/users/{userKey}/photos/thumbnail", userKey).accept(404).label(USER_PHOTO).build();
  }

  /** {@code GET /groups} of the account. */
  public static ApiRequest.Builder listGroups(Account account, int maxResults) {
    return account.scope(ApiRequest.get("/groups")).query("maxResults", maxResults).label(LIST_GROUPS);
  }

  /** {@code GET /groups/{groupKey}/members}; a 404 is accepted (no such group). */
  public static ApiRequest groupMembers(String groupKey, int maxResults) {
    return ApiRequest.get("/groups/{groupKey}/members", groupKey)
        .query("maxResults", maxResults)
        .accept(404)
        .label(GROUP_MEMBERS)
        .build();
  }

  /**
   * {@code GET /groups?userKey=…}: the groups a user (or, by its email, a group) is a direct member
   * of; a 404 is accepted (no such user).
   */
  public static ApiRequest groupsOfUser(String userKey, int maxResults) {
    return ApiRequest.get("/groups")
        .query("userKey", userKey)
        .query("maxResults", maxResults)
        .accept(404)
        .label(GROUPS_OF_USER)
        .build();
  }

  /**
   * {@code GET /activity/users/all/applications/admin?startTime=…&maxResults=…} of the Reports API
   * (its own base, {@code /admin/reports/v1}): the Admin console's audit events, newest first.
   */
  public static ApiRequest adminActivity(String startTime, int maxResults) {
    return ApiRequest.get("/activity/users/all/applications/admin")
        .query("startTime", startTime)
        .query("maxResults", maxResults)
        .label(ADMIN_ACTIVITY)
        .build();
  }

  /** {@code GET /users?showDeleted=true}: the account's users deleted in the last 20 days. */
  public static ApiRequest deletedUsers(Account account, int maxResults) {
    return listUsers(account, maxResults).query("showDeleted", "true").query("fields", "users(id,primaryEmail),nextPageToken")
        .label(DELETED_USERS).build();
  }
}
