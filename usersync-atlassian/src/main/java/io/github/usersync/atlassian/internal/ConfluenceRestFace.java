package io.github.usersync.atlassian.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Confluence Data Center over REST, as far as the server's version allows (see {@link
 * ConfluenceVersion}). Confluence's REST API has no per-user store and does not return email
 * addresses or the active flag, so each linked user has a <em>link record</em>: a property of the
 * link space, {@code usersync.user.<userKey>}, holding the IdP id and the email and active state
 * usersync last set. Profile fields cannot be written (no REST resource, CONFSERVER-98183) and
 * users cannot be renamed: both are refused with a message naming the in-process bridge.
 */
public final class ConfluenceRestFace implements HostFace {
  static final String RECORD_PREFIX = "usersync.user.";
  private static final Duration POLL = Duration.ofSeconds(1);

  private final ApiClient api;
  private final String space;
  private final int pageSize;
  private final Duration deleteTimeout;
  private final Sleeper sleeper;
  private final Clock clock;
  private final @Nullable ConfluenceVersion configuredVersion;
  private final LinkIndex links;
  private volatile @Nullable ConfluenceVersion version;

  /** A face over Confluence's REST API. */
  public ConfluenceRestFace(
      ApiClient api, String linkSpaceKey, int pageSize, Duration deleteTimeout,
      @Nullable ConfluenceVersion configuredVersion, Sleeper sleeper, Clock clock) {
    this.api = api;
    this.space = linkSpaceKey;
    this.pageSize = pageSize;
    this.deleteTimeout = deleteTimeout;
    this.configuredVersion = configuredVersion;
    this.sleeper = sleeper;
    this.clock = clock;
    this.links = new LinkIndex(Duration.ofSeconds(60), clock);
  }

  @Override
  public String product() {
    return "confluence";
  }

  /** The server's version: configured, else read once from the applinks manifest. */
  public ConfluenceVersion version() {
    ConfluenceVersion v = version;
    if (v == null) {
      v = configuredVersion;
      if (v == null) {
        v = ConfluenceVersion.parse("version", readVersion());
      }
      version = v;
    }
    return v;
  }

  /**
   * The version from the applinks manifest, which every Data Center version serves, else from
   * {@code /rest/api/server-information} (newer versions).
   */
  private String readVersion() {
    Optional<ApiResponse> manifest = api.sendOptional(MANIFEST);
    String text = manifest.map(r -> r.json().path("version").asText("")).orElse("");
    if (text.isEmpty()) {
      text = api.sendOptional(ApiRequest.get("/rest/api/server-information").label("read version").build())
          .map(r -> r.json().path("version").asText(""))
          .orElse("");
    }
    if (text.isEmpty()) {
      throw new HostRefusal("Confluence did not say its version (neither /rest/applinks/1.0/manifest nor"
          + " /rest/api/server-information answered one); set the version setting, e.g. version=8.5.4");
    }
    return text;
  }

  private void require(ConfluenceVersion min, String what) {
    ConfluenceVersion v = version();
    if (!v.atLeast(min)) {
      throw new HostRefusal("Confluence " + v + " has no REST resource to " + what + "; it arrived in"
          + " Confluence " + min + ". Upgrade Confluence, or provision it in-process"
          + " (ConfluenceTarget.inProcess with a ConfluenceBridge)");
    }
  }

  /**
   * Probes every read a sync makes: the version (unless configured) and the sign-in
   * (prerequisites), listing users (where the version can), reading the first listed user and the
   * groups it belongs to, listing groups, reading the first group and its members, and the link
   * records in the link space. Writes are not probed: they would change the host.
   */
  @Override
  public ConnectionReport checkConnection() {
    ApiRequest current = ApiRequest.get("/rest/api/user/current").label("sign in").build();
    ConnectionChecks checks = ConnectionChecks.forProvider(product())
        .prerequisite("read version", api.describe(MANIFEST), this::version)
        .prerequisite("sign in", api.describe(current), () -> api.send(current));
    ApiRequest users = listUsers(1);
    String[] user = {PROBE_NAME, PROBE_NAME}; // name and key of the first user listed
    checks.check("list users", api.describe(users), () -> {
      require(ConfluenceVersion.CREATE_AND_LIST_USERS, "list all users");
      JsonNode first = api.json(users).path("results").path(0);
      if (first.isObject()) {
        user[0] = first.path("username").asText(PROBE_NAME);
        user[1] = first.path("userKey").asText(PROBE_NAME);
      }
    });
    checks.call(api, readUser("username", user[0]));
    checks.call(api, groupsOfUser(user[1], 1).toBuilder().accept(404).build());
    ApiRequest groups = listGroups(1);
    String group = checks.listing("list groups", api.describe(groups),
        () -> Optional.ofNullable(api.json(groups).path("results").path(0).path("name").textValue()), PROBE_NAME);
    checks.call(api, readGroup(group));
    checks.call(api, groupMembers(group, 1));
    checks.call(api, listLinks(1));
    checks.call(api, readLink(user[1]));
    return checks.report();
  }

  private static final String PROBE_NAME = CrowdApi.PROBE_NAME;
  private static final ApiRequest MANIFEST =
      ApiRequest.get("/rest/applinks/1.0/manifest").label("read version").build();

  private static ApiRequest listUsers(int limit) {
    return ApiRequest.get("/rest/api/user/list").query("start", 0).query("limit", limit).label("list users").build();
  }

  private static ApiRequest readUser(String param, String value) {
    return ApiRequest.get("/rest/api/user").query(param, value).accept(404).label("read user").build();
  }

  private static ApiRequest listGroups(int limit) {
    return ApiRequest.get("/rest/api/group").query("start", 0).query("limit", limit).label("list groups").build();
  }

  private static ApiRequest readGroup(String group) {
    return ApiRequest.get("/rest/api/group/{group}", group).accept(404).label("read group").build();
  }

  private static ApiRequest groupMembers(String group, int limit) {
    return ApiRequest.get("/rest/api/group/{group}/member", group).query("start", 0)
        .query("limit", limit).accept(404).label("list group members").build();
  }

  private static ApiRequest groupsOfUser(String userKey, int limit) {
    return ApiRequest.get("/rest/api/user/memberof").query("key", userKey).query("start", 0)
        .query("limit", limit).label("list groups of user").build();
  }

  private ApiRequest listLinks(int limit) {
    return ApiRequest.get("/rest/api/space/{space}/property", space)
        .query("expand", "version").query("start", 0).query("limit", limit).label("list links").build();
  }

  private ApiRequest readLink(String userKey) {
    return ApiRequest.get("/rest/api/space/{space}/property/{key}", space, RECORD_PREFIX + userKey)
        .query("expand", "version").accept(404).label("read link").build();
  }

  /**
   * Remote Confluence writes no attribute (no REST resource writes the profile fields), renames no
   * user, and, once its version is known (it is read before the first listing; never read here, so
   * building a sync makes no request): changes email and display name only from 9.4, deletes users
   * and creates groups only from 8.0.
   */
  @Override
  public TargetCapabilities capabilities() {
    ConfluenceVersion known = version;
    ConfluenceVersion v = known != null ? known : configuredVersion;
    TargetCapabilities.Builder b = TargetCapabilities.builder()
        .allowedAttributes(Set.of())
        .unsupportedAttributesFix(ConfluenceRules.REST_PROFILE_FIELDS)
        .canRenameUsers(false)
        .canRenameGroups(false)
        .canDeleteGroups(false)
        .canRemovePhotos(false);
    if (v != null) {
      boolean admin = v.atLeast(ConfluenceVersion.ADMIN_USERS_AND_GROUPS);
      b.canDeleteUsers(admin).canCreateGroups(admin);
      if (!v.atLeast(ConfluenceVersion.UPDATE_USERS)) {
        b.addReadOnlyFields("displayName", "email");
      }
    }
    return b.build();
  }

  @Override
  public Optional<String> usernameProblem(String username) {
    return ConfluenceRules.usernameProblem(username);
  }

  @Override
  public int maxAttributeLength() {
    return ConfluenceRules.MAX_PROFILE_VALUE;
  }

  // ------------------------------------------------------------------ link records

  /** What usersync knows of a user that Confluence's REST API does not return. */
  private static final class Record {
    final String externalId;
    final @Nullable String email;
    final boolean active;
    final int version;

    Record(String externalId, @Nullable String email, boolean active, int version) {
      this.externalId = externalId;
      this.email = email;
      this.active = active;
      this.version = version;
    }

    static Optional<Record> of(JsonNode property) {
      JsonNode v = property.path("value");
      String id = v.path("externalId").asText("");
      if (id.isEmpty()) {
        return Optional.empty();
      }
      String email = v.path("email").asText("");
      return Optional.of(new Record(id, email.isEmpty() ? null : email, v.path("active").asBoolean(true),
          property.path("version").path("number").asInt(1)));
    }
  }

  private Optional<Record> record(String userKey) {
    return api.sendOptional(readLink(userKey)).flatMap(r -> Record.of(r.json()));
  }

  /** Every link record, by user key. */
  private Stream<Map.Entry<String, Record>> records() {
    return Paging.stream(api, listLinks(pageSize), pages(n -> n))
        .filter(p -> p.path("key").asText().startsWith(RECORD_PREFIX))
        .flatMap(p -> Record.of(p)
            .map(r -> Stream.<Map.Entry<String, Record>>of(new AbstractMap.SimpleImmutableEntry<>(
                p.path("key").asText().substring(RECORD_PREFIX.length()), r)))
            .orElseGet(Stream::empty));
  }

  private void writeRecord(String userKey, String externalId, @Nullable String email, boolean active) {
    writeRecord(userKey, externalId, email, active, record(userKey));
  }

  /** Writes the link record, a new one unless {@code existing} holds the current one. */
  private void writeRecord(
      String userKey, String externalId, @Nullable String email, boolean active, Optional<Record> existing) {
    ObjectNode body = api.mapper().createObjectNode();
    body.put("key", RECORD_PREFIX + userKey);
    ObjectNode value = body.putObject("value");
    value.put("externalId", externalId);
    if (email != null) {
      value.put("email", email);
    }
    value.put("active", active);
    if (existing.isPresent()) {
      body.putObject("version").put("number", existing.get().version + 1);
      api.send(ApiRequest.put("/rest/api/space/{space}/property/{key}", space, RECORD_PREFIX + userKey)
          .jsonBody(body).label("update link").build());
    } else {
      api.send(ApiRequest.post("/rest/api/space/{space}/property", space).jsonBody(body)
          .label("create link").build());
    }
    links.put(externalId, userKey);
  }

  // ------------------------------------------------------------------ reads

  private HostUser toHostUser(JsonNode u, Optional<Record> record) {
    HostUser.Builder b = HostUser.builder()
        .key(u.path("userKey").asText())
        .username(u.path("username").asText())
        .displayName(text(u, "displayName"))
        .active(record.map(r -> r.active).orElse(true));
    record.ifPresent(r -> b.externalId(r.externalId).email(Optional.ofNullable(r.email)));
    return b.build();
  }

  private Optional<JsonNode> restUser(String param, String value) {
    return api.sendOptional(readUser(param, value)).map(ApiResponse::json);
  }

  @Override
  public Stream<HostUser> users() {
    require(ConfluenceVersion.CREATE_AND_LIST_USERS, "list all users");
    Map<String, Record> byKey = new HashMap<>();
    records().forEach(e -> byKey.put(e.getKey(), e.getValue()));
    return Paging.stream(api, listUsers(pageSize), pages(n -> n))
        .map(u -> toHostUser(u, Optional.ofNullable(byKey.get(u.path("userKey").asText()))));
  }

  @Override
  public Optional<HostUser> user(String key) {
    return restUser("key", key).map(u -> toHostUser(u, record(key)));
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return restUser("username", username).map(u -> toHostUser(u, record(u.path("userKey").asText())));
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    Optional<String> key = links.find(externalId,
        () -> records().map(e -> new AbstractMap.SimpleImmutableEntry<>(e.getValue().externalId, e.getKey())));
    return key.flatMap(this::user).filter(u -> u.externalId().map(externalId::equals).orElse(false));
  }

  @Override
  public Stream<HostUser> usersByEmail(String email) {
    String wanted = email.toLowerCase(Locale.ROOT);
    List<String> keys = records()
        .filter(e -> e.getValue().email != null && e.getValue().email.toLowerCase(Locale.ROOT).equals(wanted))
        .map(Map.Entry::getKey)
        .collect(Collectors.toList());
    return keys.stream().map(this::user).flatMap(u -> u.map(Stream::of).orElseGet(Stream::empty));
  }

  // ------------------------------------------------------------------ writes

  @Override
  public HostUser createAccount(NewHostUser user) {
    require(ConfluenceVersion.CREATE_AND_LIST_USERS, "create users");
    String email = user.email().orElseThrow(() -> new HostRefusal(
        "Confluence needs an email address to create a user; map one"));
    ObjectNode body = api.mapper().createObjectNode();
    body.put("userName", user.username());
    body.put("fullName", user.displayName().orElse(user.username()));
    body.put("email", email);
    // Users sign in through the IdP; Confluence needs a password unless it emails the user.
    body.put("password", Passwords.random());
    body.put("notifyViaEmail", false);
    JsonNode created = api.json(ApiRequest.post("/rest/api/admin/user").jsonBody(body).label("create user").build());
    String key = created.path("userKey").asText("");
    if (key.isEmpty()) {
      throw new HostRefusal("Confluence created the user '" + user.username() + "' but answered"
          + " without its userKey; check the host's logs");
    }
    // A key Confluence has just made has no link record yet: write it without reading first.
    writeRecord(key, user.externalId(), email, true, Optional.<Record>empty());
    // The account is what the two acknowledged writes made it (Confluence stores the userName and
    // fullName as sent, and the record holds link, email and the active flag): no read back.
    return HostUser.builder()
        .key(key)
        .username(user.username())
        .displayName(user.displayName().orElse(user.username()))
        .email(email)
        .active(true)
        .externalId(user.externalId())
        .build();
  }

  @Override
  public void updateProfile(HostUser user, @Nullable String email, @Nullable String displayName) {
    require(ConfluenceVersion.UPDATE_USERS, "change a user's email or full name");
    ObjectNode body = api.mapper().createObjectNode();
    if (email != null) {
      body.put("email", email);
    }
    if (displayName != null) {
      body.put("fullName", displayName);
    }
    api.send(ApiRequest.put("/rest/api/admin/user/{username}", user.username()).jsonBody(body)
        .label("update user").build());
    if (email != null && user.externalId().isPresent()) {
      writeRecord(user.key(), user.externalId().get(), email, user.active());
    }
  }

  @Override
  public void rename(HostUser user, String newUsername) {
    throw new HostRefusal("Confluence has no REST resource to rename a user (the account was not"
        + " recreated); rename it in Confluence's administration, or provision Confluence in-process"
        + " (ConfluenceTarget.inProcess with a ConfluenceBridge), which renames through UserAccessor");
  }

  @Override
  public void setActive(HostUser user, boolean active) {
    require(ConfluenceVersion.ADMIN_USERS_AND_GROUPS, active ? "enable users" : "disable users");
    api.send(ApiRequest.put("/rest/api/admin/user/{username}/" + (active ? "enable" : "disable"), user.username())
        .label(active ? "enable user" : "disable user").build());
    if (user.externalId().isPresent()) {
      writeRecord(user.key(), user.externalId().get(), user.email().orElse(null), active);
    }
  }

  @Override
  public void delete(HostUser user) {
    require(ConfluenceVersion.ADMIN_USERS_AND_GROUPS, "delete users");
    ApiResponse r = api.send(ApiRequest.delete("/rest/api/admin/user/{username}", user.username())
        .label("delete user").build());
    if (r.status() == 202) {
      awaitTask(r.jsonIfAny().map(j -> j.path("id").asText("")).orElse(""), user.username());
    }
    api.send(ApiRequest.delete("/rest/api/space/{space}/property/{key}", space, RECORD_PREFIX + user.key())
        .accept(404).label("delete link").build());
    links.removeKey(user.key());
  }

  /** Waits for Confluence's user-deletion task to finish. */
  private void awaitTask(String taskId, String username) {
    if (taskId.isEmpty()) {
      return;
    }
    Instant deadline = clock.instant().plus(deleteTimeout);
    while (true) {
      JsonNode task = api.json(ApiRequest.get("/rest/api/longtask/{id}", taskId).label("read task").build());
      boolean finished = task.path("finished").asBoolean(false) || task.path("percentageComplete").asInt(0) >= 100;
      if (finished) {
        if (!task.path("successful").asBoolean(true)) {
          throw new HostRefusal("Confluence's task deleting '" + username + "' (" + taskId + ") failed: "
              + task.path("messages").toString());
        }
        return;
      }
      if (clock.instant().isAfter(deadline)) {
        throw new HostRefusal("Confluence's task deleting '" + username + "' (" + taskId + ") did not finish"
            + " within " + deleteTimeout.toSeconds() + " s; it may still finish. Raise deleteTimeout, and"
            + " check the task under /rest/api/longtask/" + taskId);
      }
      try {
        sleeper.sleep(POLL);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HostRefusal("interrupted while waiting for Confluence to delete '" + username + "'", e);
      }
    }
  }

  @Override
  public void setAttributes(HostUser user, Map<String, String> set, Set<String> remove) {
    throw new HostRefusal(attributeRefusal(set.isEmpty() ? remove : set.keySet()));
  }

  static String attributeRefusal(Set<String> names) {
    return "Confluence's REST API cannot write profile fields (" + String.join(", ", names) + "): "
        + ConfluenceRules.REST_PROFILE_FIELDS;
  }

  @Override
  public Optional<String> attributeWriteProblem(Set<String> names) {
    return Optional.of(attributeRefusal(names));
  }

  @Override
  public void setExternalId(HostUser user, String externalId) {
    writeRecord(user.key(), externalId, user.email().orElse(null), user.active());
  }

  // ------------------------------------------------------------------ groups

  @Override
  public Stream<String> groupNames() {
    return Paging.stream(api, listGroups(pageSize), pages(g -> g.path("name").asText()));
  }

  @Override
  public boolean groupExists(String group) {
    return api.sendOptional(readGroup(group)).isPresent();
  }

  @Override
  public void createGroup(String group) {
    require(ConfluenceVersion.ADMIN_USERS_AND_GROUPS, "create groups");
    ObjectNode body = api.mapper().createObjectNode().put("name", group);
    // 409: the group exists already, which is what the change asks for.
    api.send(ApiRequest.post("/rest/api/admin/group").jsonBody(body).accept(409).label("create group").build());
  }

  @Override
  public Stream<String> groupMemberKeys(String group) {
    return Paging.streamOrEmpty(api, groupMembers(group, pageSize), pages(u -> u.path("userKey").asText()));
  }

  @Override
  public Set<String> groupsOf(HostUser user) {
    return Paging.stream(api, groupsOfUser(user.key(), pageSize), pages(g -> g.path("name").asText()))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  @Override
  public void addMember(HostUser user, String group) {
    require(ConfluenceVersion.ADMIN_USERS_AND_GROUPS, "add users to groups");
    api.send(ApiRequest.put("/rest/api/user/{username}/group/{group}", user.username(), group)
        .label("add membership").build());
  }

  @Override
  public void removeMember(HostUser user, String group) {
    require(ConfluenceVersion.ADMIN_USERS_AND_GROUPS, "remove users from groups");
    // 404: the user or the group is gone, so the membership is too.
    api.send(ApiRequest.delete("/rest/api/user/{username}/group/{group}", user.username(), group)
        .accept(404).label("remove membership").build());
  }

  /**
   * Confluence's paged collections: items in {@code results}; another page while {@code
   * _links.next} is present, asked for by advancing {@code start} (the link itself is relative to
   * the context path, which a proxy may rewrite).
   */
  private static <T> PageReader<T> pages(Function<JsonNode, T> mapper) {
    return (request, response) -> {
      JsonNode body = response.json();
      List<T> items = new ArrayList<>();
      body.path("results").forEach(n -> items.add(mapper.apply(n)));
      boolean more = !body.path("_links").path("next").asText("").isEmpty() && !items.isEmpty();
      String start = request.queryValue("start");
      int next = (start == null ? 0 : Integer.parseInt(start)) + items.size();
      return Page.of(items, more ? request.withQuery("start", Integer.toString(next)) : null);
    };
  }

  private static Optional<String> text(JsonNode j, String field) {
    JsonNode v = j.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }
}
