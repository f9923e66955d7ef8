package io.github.usersync.atlassian.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Jira Data Center over REST: users, groups and memberships through REST API 2; the active flag
 * (which REST API 2 cannot change, JRASERVER-37294), the IdP link and, by default, attributes
 * through Jira's embedded Crowd API. A user's key is Jira's user key, which a rename keeps.
 *
 * <p>Listing users joins two paged listings by username: Jira's (for the user key; {@code
 * user/list} from 10.3, {@code user/search} before 10.0) and Crowd's with attributes (for the link
 * and attributes), so a listing costs about ⌈N / page⌉ requests of each, and holds the Crowd
 * attributes of every user in memory while it runs.
 */
public final class JiraRestFace implements HostFace {
  private static final int MEMBER_PAGE = 50;
  private static final String PROBE_NAME = CrowdApi.PROBE_NAME;

  private final ApiClient jira;
  private final CrowdApi crowd;
  private final boolean entityProperties;
  private final List<String> applicationKeys;
  private final int pageSize;
  private final LinkIndex fallbackIndex;
  private final MembershipSnapshot memberships;
  private final Map<String, String> keyByName = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile int @Nullable [] version;
  private volatile boolean attributeSearchWorks = true;

  /** A face over Jira's REST API 2 and its embedded Crowd API. */
  public JiraRestFace(
      ApiClient jira, CrowdApi crowd, boolean entityProperties, List<String> applicationKeys,
      int pageSize, Duration membershipCache, Clock clock) {
    this.jira = jira;
    this.crowd = crowd;
    this.entityProperties = entityProperties;
    this.applicationKeys = applicationKeys;
    this.pageSize = pageSize;
    this.fallbackIndex = new LinkIndex(Duration.ofSeconds(60), clock);
    this.memberships = new MembershipSnapshot(membershipCache, clock, crowd::memberships);
  }

  @Override
  public String product() {
    return "jira";
  }

  /**
   * Renames users (the key stays); no group resource renames or deletes groups here, and photos are
   * not kept. The protected groups are added by the target.
   */
  @Override
  public TargetCapabilities capabilities() {
    return AtlassianCapabilities.BASE;
  }

  /** Jira's version numbers, read once from {@code serverInfo}. */
  int[] version() {
    int[] v = version;
    if (v == null) {
      JsonNode info = jira.json(SERVER_INFO);
      JsonNode numbers = info.path("versionNumbers");
      v = new int[] {numbers.path(0).asInt(0), numbers.path(1).asInt(0), numbers.path(2).asInt(0)};
      version = v;
    }
    return v;
  }

  // ------------------------------------------------------------------ reads

  private HostUser toHostUser(JsonNode j, @Nullable CrowdUser c) {
    Map<String, String> attributes = entityProperties
        ? properties(j.path("key").asText())
        : (c == null ? Collections.<String, String>emptyMap() : CrowdApi.userAttributes(c));
    keyByName.put(j.path("name").asText().toLowerCase(Locale.ROOT), j.path("key").asText());
    return HostUser.builder()
        .key(j.path("key").asText())
        .username(j.path("name").asText())
        .email(text(j, "emailAddress"))
        .displayName(text(j, "displayName"))
        .active(j.path("active").asBoolean(true))
        .attributes(attributes)
        .externalId(c == null ? Optional.empty() : Optional.ofNullable(c.attributes().get(CrowdRestFace.LINK_ATTRIBUTE)))
        .build();
  }

  private HostUser withCrowd(JsonNode j) {
    return toHostUser(j, crowd.user(j.path("name").asText()).orElse(null));
  }

  @Override
  public Stream<HostUser> users() {
    Map<String, CrowdUser> byName = new HashMap<>();
    crowd.users().forEach(c -> byName.put(c.name().toLowerCase(Locale.ROOT), c));
    return jiraUsers().map(j -> toHostUser(j, byName.get(j.path("name").asText().toLowerCase(Locale.ROOT))));
  }

  /** Every Jira user (active or not), by the listing this version offers. */
  private Stream<JsonNode> jiraUsers() {
    ApiRequest first = listUsers(pageSize);
    return Paging.stream(jira, first, cursorListing()
        ? cursorPages()
        : Paging.offset("startAt", "maxResults", pageSize, null, n -> n));
  }

  /** Whether this version lists users with {@code user/list} (10.3 and newer). */
  private boolean cursorListing() {
    int[] v = version();
    return v[0] > 10 || (v[0] == 10 && v[1] >= 3);
  }

  /**
   * The first page of the user listing this version offers: {@code user/list} from 10.3, {@code
   * user/search} before 10.0.
   *
   * @throws HostRefusal for 10.0 to 10.2, which cannot list every user over REST
   */
  private ApiRequest listUsers(int max) {
    if (cursorListing()) {
      return ApiRequest.get("/rest/api/2/user/list").query("maxResults", max).label("list users").build();
    }
    int[] v = version();
    if (v[0] >= 10) {
      throw new HostRefusal("Jira " + v[0] + "." + v[1] + " cannot list all users over REST: user/search"
          + " returns only the first 100 results from Jira 10.0, and user/list arrives in 10.3."
          + " Upgrade to Jira 10.3 LTS, or use the in-process target");
    }
    return ApiRequest.get("/rest/api/2/user/search")
        .query("username", ".")
        .query("includeActive", "true")
        .query("includeInactive", "true")
        .query("startAt", 0)
        .query("maxResults", max)
        .label("list users")
        .build();
  }

  /** Jira 10.3's {@code user/list}: items in {@code values}, next page at {@code nextCursor}. */
  private static PageReader<JsonNode> cursorPages() {
    return (request, response) -> {
      JsonNode body = response.json();
      List<JsonNode> items = new ArrayList<>();
      body.path("values").forEach(items::add);
      String cursor = body.path("nextCursor").asText("");
      boolean last = body.path("isLast").asBoolean(cursor.isEmpty());
      return Page.of(items, last || cursor.isEmpty() ? null : request.withQuery("cursor", cursor));
    };
  }

  private Optional<JsonNode> jiraUser(String param, String value) {
    return jira.sendOptional(readUser(param, value)).map(ApiResponse::json);
  }

  private static ApiRequest readUser(String param, String value) {
    return ApiRequest.get("/rest/api/2/user").query(param, value).accept(404).label("read user").build();
  }

  @Override
  public Optional<HostUser> user(String key) {
    return jiraUser("key", key).map(this::withCrowd);
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return jiraUser("username", username).map(this::withCrowd);
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    if (attributeSearchWorks) {
      try {
        Optional<CrowdUser> c = crowd.usersWhere(CrowdRestFace.LINK_ATTRIBUTE, externalId).findFirst();
        return c.flatMap(u -> jiraUser("username", u.name()).map(j -> toHostUser(j, u)));
      } catch (ApiException e) {
        if (e.status() != 400 && e.status() != 501) {
          throw e;
        }
        attributeSearchWorks = false;
      }
    }
    Optional<String> key = fallbackIndex.find(externalId, () -> crowd.users()
        .filter(c -> c.attributes().containsKey(CrowdRestFace.LINK_ATTRIBUTE))
        .flatMap(c -> jiraUser("username", c.name())
            .map(j -> Stream.<Map.Entry<String, String>>of(new AbstractMap.SimpleImmutableEntry<>(
                c.attributes().get(CrowdRestFace.LINK_ATTRIBUTE), j.path("key").asText())))
            .orElseGet(Stream::empty)));
    return key.flatMap(this::user).filter(u -> u.externalId().map(externalId::equals).orElse(false));
  }

  @Override
  public Stream<HostUser> usersByEmail(String email) {
    return crowd.usersWhere("email", email)
        .flatMap(c -> jiraUser("username", c.name()).map(j -> Stream.of(toHostUser(j, c))).orElseGet(Stream::empty));
  }

  // ------------------------------------------------------------------ writes

  @Override
  public HostUser createAccount(NewHostUser user) {
    ObjectNode body = jira.mapper().createObjectNode();
    body.put("name", user.username());
    // Users sign in through the IdP; Jira needs a password, which nobody will know.
    body.put("password", Passwords.random());
    user.email().ifPresent(e -> body.put("emailAddress", e));
    body.put("displayName", user.displayName().orElse(user.username()));
    if (!applicationKeys.isEmpty()) {
      ArrayNode keys = body.putArray("applicationKeys");
      applicationKeys.forEach(keys::add);
    }
    JsonNode created = jira.json(ApiRequest.post("/rest/api/2/user").jsonBody(body).label("create user").build());
    String key = created.path("key").asText();
    Map<String, String> crowdSide = new LinkedHashMap<>();
    crowdSide.put(CrowdRestFace.LINK_ATTRIBUTE, user.externalId());
    if (!entityProperties) {
      crowdSide.putAll(user.attributes());
    }
    crowd.storeAttributes(user.username(), crowdSide);
    fallbackIndex.put(user.externalId(), key);
    keyByName.put(created.path("name").asText(user.username()).toLowerCase(Locale.ROOT), key);
    // The create answers the user as Jira stored it (key, name, email, display name, active); the
    // link and the attributes are what was just stored in the embedded Crowd API.
    return HostUser.builder()
        .key(key)
        .username(created.path("name").asText(user.username()))
        .email(text(created, "emailAddress"))
        .displayName(text(created, "displayName"))
        .active(created.path("active").asBoolean(true))
        .attributes(entityProperties ? Collections.<String, String>emptyMap() : user.attributes())
        .externalId(user.externalId())
        .build();
  }

  @Override
  public void updateProfile(HostUser user, @Nullable String email, @Nullable String displayName) {
    ObjectNode body = jira.mapper().createObjectNode();
    if (email != null) {
      body.put("emailAddress", email);
    }
    if (displayName != null) {
      body.put("displayName", displayName);
    }
    jira.send(ApiRequest.put("/rest/api/2/user").query("key", user.key()).jsonBody(body).label("update user").build());
  }

  @Override
  public void rename(HostUser user, String newUsername) {
    ObjectNode body = jira.mapper().createObjectNode().put("name", newUsername);
    jira.send(ApiRequest.put("/rest/api/2/user").query("key", user.key()).jsonBody(body).label("rename user").build());
    keyByName.remove(user.username().toLowerCase(Locale.ROOT));
    keyByName.put(newUsername.toLowerCase(Locale.ROOT), user.key());
    memberships.renamed(user.username(), newUsername);
  }

  @Override
  public void setActive(HostUser user, boolean active) {
    // REST API 2 cannot change the active flag (JRASERVER-37294); the embedded Crowd API can.
    CrowdUser current = crowd.user(user.username()).orElseThrow(() -> new HostRefusal(
        "Jira's embedded Crowd API does not know the user '" + user.username() + "'; the user may"
            + " live in a read-only directory, where Jira cannot deactivate it"));
    crowd.updateUser(current, null, null, active);
  }

  @Override
  public void delete(HostUser user) {
    jira.send(ApiRequest.delete("/rest/api/2/user").query("key", user.key()).accept(404).label("delete user").build());
    fallbackIndex.removeKey(user.key());
    keyByName.remove(user.username().toLowerCase(Locale.ROOT));
    memberships.deleted(user.username());
  }

  @Override
  public void setAttributes(HostUser user, Map<String, String> set, Set<String> remove) {
    if (!entityProperties) {
      if (!set.isEmpty()) {
        crowd.storeAttributes(user.username(), set);
      }
      remove.forEach(r -> crowd.removeAttribute(user.username(), r));
      return;
    }
    for (Map.Entry<String, String> e : set.entrySet()) {
      jira.send(ApiRequest.put("/rest/api/2/user/properties/{key}", e.getKey())
          .query("userKey", user.key())
          .jsonBody(jira.mapper().getNodeFactory().textNode(e.getValue()))
          .label("set user property").build());
    }
    for (String r : remove) {
      jira.send(ApiRequest.delete("/rest/api/2/user/properties/{key}", r)
          .query("userKey", user.key()).accept(404).label("delete user property").build());
    }
  }

  /** The user's entity properties whose values are strings, by key. */
  private Map<String, String> properties(String userKey) {
    Map<String, String> out = new TreeMap<>();
    JsonNode keys = jira.json(userProperties(userKey));
    for (JsonNode k : keys.path("keys")) {
      String name = k.path("key").asText();
      Optional<ApiResponse> p = jira.sendOptional(ApiRequest.get("/rest/api/2/user/properties/{key}", name)
          .query("userKey", userKey).label("read user property").build());
      p.map(ApiResponse::json).map(j -> j.path("value"))
          .filter(JsonNode::isTextual)
          .ifPresent(v -> out.put(name, v.asText()));
    }
    return out;
  }

  @Override
  public void setExternalId(HostUser user, String externalId) {
    crowd.storeAttributes(user.username(), Collections.singletonMap(CrowdRestFace.LINK_ATTRIBUTE, externalId));
    fallbackIndex.put(externalId, user.key());
  }

  // ------------------------------------------------------------------ groups

  @Override
  public Stream<String> groupNames() {
    return crowd.groupNames();
  }

  @Override
  public boolean groupExists(String group) {
    return crowd.groupExists(group);
  }

  @Override
  public void createGroup(String group) {
    ObjectNode body = jira.mapper().createObjectNode().put("name", group);
    ApiResponse r = jira.send(ApiRequest.post("/rest/api/2/group").jsonBody(body).accept(400).label("create group").build());
    if (r.status() == 400 && !crowd.groupExists(group)) {
      jira.send(ApiRequest.post("/rest/api/2/group").jsonBody(body).label("create group").build());
    }
    memberships.created(group);
  }

  @Override
  public Stream<String> groupMemberKeys(String group) {
    if (memberships.enabled()) {
      Optional<Set<String>> names = memberships.members(group);
      if (names.isPresent()) {
        return names.get().stream().map(this::keyOf).flatMap(k -> k.map(Stream::of).orElseGet(Stream::empty));
      }
    }
    return pagedMemberKeys(group);
  }

  /** The Jira key of a username, from what this face has read, else from REST API 2. */
  private Optional<String> keyOf(String username) {
    String key = keyByName.get(username);
    return key != null ? Optional.of(key) : jiraUser("username", username).map(j -> j.path("key").asText());
  }

  private Stream<String> pagedMemberKeys(String group) {
    PageReader<String> reader = (request, response) -> {
      JsonNode body = response.json();
      List<String> keys = new ArrayList<>();
      body.path("values").forEach(u -> keys.add(u.path("key").asText()));
      boolean last = body.path("isLast").asBoolean(keys.size() < MEMBER_PAGE) || keys.isEmpty();
      int next = body.path("startAt").asInt(0) + keys.size();
      return Page.of(keys, last ? null : request.withQuery("startAt", Integer.toString(next)));
    };
    return Paging.streamOrEmpty(jira, groupMembers(group, MEMBER_PAGE), reader);
  }

  private static ApiRequest groupMembers(String group, int max) {
    return ApiRequest.get("/rest/api/2/group/member")
        .query("groupname", group)
        // Without it Jira leaves inactive members out.
        .query("includeInactiveUsers", "true")
        .query("startAt", 0)
        .query("maxResults", max)
        .accept(404)
        .label("list group members")
        .build();
  }

  private static ApiRequest userProperties(String userKey) {
    return ApiRequest.get("/rest/api/2/user/properties").query("userKey", userKey)
        .label("list user properties").build();
  }

  // ------------------------------------------------------------------ connection check

  private static final ApiRequest SERVER_INFO =
      ApiRequest.get("/rest/api/2/serverInfo").label("read server info").build();

  /**
   * Probes every read a sync makes: Jira's version and the sign-in (prerequisites), the global
   * permission the writes need ({@code mypermissions}: Jira Administrators), the user listing this
   * version offers, reading the first listed user, a group's members, the user's entity properties
   * when attributes are kept there, and then every read on the embedded Crowd API (its XML search
   * included). Writes are not probed: they would change the host.
   */
  @Override
  public ConnectionReport checkConnection() {
    ApiRequest myself = ApiRequest.get("/rest/api/2/myself").label("sign in to REST API 2").build();
    ApiRequest permissions = ApiRequest.get("/rest/api/2/mypermissions").query("permissions", "ADMINISTER")
        .label("administer users").build();
    ConnectionChecks checks = ConnectionChecks.forProvider(product())
        .prerequisite("read server info", jira.describe(SERVER_INFO), this::version)
        .prerequisite("sign in to REST API 2", jira.describe(myself), () -> jira.send(myself))
        .check("administer users", jira.describe(permissions), () -> requireAdminister(permissions));
    String[] user = {PROBE_NAME, PROBE_NAME}; // name and key of the first user listed
    checks.check("list users", "GET " + jira.baseUri() + "/rest/api/2/user/list (or user/search before 10.0)", () -> {
      ApiRequest list = listUsers(1);
      JsonNode body = jira.json(list);
      JsonNode first = (body.isArray() ? body : body.path("values")).path(0);
      if (first.isObject()) {
        user[0] = first.path("name").asText(PROBE_NAME);
        user[1] = first.path("key").asText(PROBE_NAME);
      }
    });
    checks.call(jira, readUser("username", user[0]));
    checks.call(jira, groupMembers(PROBE_NAME, 1));
    if (entityProperties) {
      checks.call(jira, userProperties(user[1]).toBuilder().accept(404).build());
    }
    return crowd.probe(checks, "embedded Crowd: ").report();
  }

  /** Whether the signed-in user holds Jira Administrators, which creating and changing users needs. */
  private void requireAdminister(ApiRequest permissions) {
    JsonNode administer = jira.json(permissions).path("permissions").path("ADMINISTER");
    if (!administer.path("havePermission").asBoolean(false)) {
      throw new PermissionDeniedException(
          product(), jira.describe(permissions), 200, null,
          "the user usersync signs in as does not hold the Jira Administrators global permission", null,
          "Grant the user the Jira Administrators global permission (System Administrators to"
              + " change members of jira-system-administrators); without it every change is refused.");
    }
  }

  @Override
  public Set<String> groupsOf(HostUser user) {
    return crowd.groupsOfUser(user.username());
  }

  @Override
  public void addMember(HostUser user, String group) {
    // POST /rest/api/2/group/user?groupname= with {"name"}: 201 and the group. For a user who is a
    // member already, Jira answers 400 "Cannot add user. '<name>' is already a member of '<group>'"
    // (not in the REST reference; reported in https://jira.atlassian.com/browse/AX-17): the
    // membership the change asks for exists, so that answer is success.
    ObjectNode body = jira.mapper().createObjectNode().put("name", user.username());
    ApiResponse r = jira.send(ApiRequest.post("/rest/api/2/group/user").query("groupname", group).jsonBody(body)
        .idempotent(true).accept(400).label("add membership").build());
    if (r.status() == 400) {
      requireAnswer(r, "already a member", "add membership");
    }
    memberships.added(group, user.username());
  }

  @Override
  public void removeMember(HostUser user, String group) {
    // DELETE /rest/api/2/group/user?groupname=&username=: 200. Jira answers 400 "... since user is
    // not a member of '<group>'" for a user who is not a member, and 404 when the group or the user
    // is gone: in each case the membership does not exist, which is what the change asks for.
    ApiResponse r = jira.send(ApiRequest.delete("/rest/api/2/group/user").query("groupname", group)
        .query("username", user.username()).accept(400, 404).label("remove membership").build());
    if (r.status() == 400) {
      requireAnswer(r, "not a member", "remove membership");
    }
    memberships.removed(group, user.username());
  }

  /** Throws Jira's error for a 400 that is not the answer that means the change is in place. */
  private void requireAnswer(ApiResponse r, String meaning, String what) {
    String text = r.bodyText();
    if (!text.toLowerCase(Locale.ROOT).contains(meaning)) {
      throw new HostRefusal("Jira refused to " + what + " (400): "
          + (text.length() > 300 ? text.substring(0, 300) + "…" : text));
    }
  }

  private static Optional<String> text(JsonNode j, String field) {
    JsonNode v = j.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }
}
