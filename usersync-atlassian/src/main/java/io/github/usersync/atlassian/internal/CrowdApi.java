package io.github.usersync.atlassian.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Crowd's user-management REST API ({@code <base>/rest/usermanagement/1}), as a Crowd server and
 * Jira's embedded Crowd ("Jira user server") offer it. JSON everywhere it is offered (the client
 * asks for it: Crowd answers XML otherwise); XML for {@code /group/membership}, which has no JSON
 * form, and for search restrictions, whose XML form Crowd documents.
 */
public final class CrowdApi {
  /** The path of the API below a server's base URL. */
  public static final String PATH = "/rest/usermanagement/1";

  private final ApiClient client;
  private final int pageSize;

  /** An API over a client whose base URL ends in {@link #PATH}. */
  public CrowdApi(ApiClient client, int pageSize) {
    this.client = client;
    this.pageSize = pageSize;
  }

  /** The client, for connection checks and stats. */
  public ApiClient client() {
    return client;
  }

  private ObjectMapper json() {
    return client.mapper();
  }

  // ------------------------------------------------------------------ users

  /** A user with attributes, by username; empty for 404. */
  public Optional<CrowdUser> user(String username) {
    return client.sendOptional(readUser(username)).map(r -> CrowdUser.of(r.json()));
  }

  /** A user with attributes, by Crowd key; empty for 404. */
  public Optional<CrowdUser> userByKey(String key) {
    return client.sendOptional(readUserByKey(key)).map(r -> CrowdUser.of(r.json()));
  }

  /** Every user with attributes, page by page. */
  public Stream<CrowdUser> users() {
    return Paging.stream(client, listUsers(pageSize), usersPages());
  }

  /**
   * The users whose property (a built-in one such as {@code email}, or an attribute) equals
   * {@code value}, with a search restriction in Crowd's documented XML form.
   */
  public Stream<CrowdUser> usersWhere(String property, String value) {
    return Paging.stream(client, searchUsers(property, value, pageSize), usersPages());
  }

  private PageReader<CrowdUser> usersPages() {
    return Paging.offset("start-index", "max-results", pageSize, "users", CrowdUser::of);
  }

  /**
   * Creates an active or inactive user with a random password, names split from the display
   * name, and the given attributes, in one request, and returns the user Crowd answers with.
   *
   * <p>Crowd answers {@code 201 Created} with a {@code Location} header naming the user by
   * username, and since CWD-3976 with the new user entity in the body, its {@code key} included
   * (https://jira.atlassian.com/browse/CWD-4124: "Since CWD-3976, user creation through REST
   * returns the newly-created user"; the entity has the shape of {@code GET /user}, as Crowd's
   * RepresentationTest samples show it). Empty when the answer carries no user entity (a Crowd
   * from before that change): the caller then reads the user.
   */
  public Optional<CrowdUser> createUser(
      String username, @Nullable String email, @Nullable String displayName, boolean active,
      Map<String, String> attributes) {
    ObjectNode body = json().createObjectNode();
    body.put("name", username);
    String[] names = names(displayName, username);
    body.put("first-name", names[0]);
    body.put("last-name", names[1]);
    body.put("display-name", displayName != null ? displayName : username);
    if (email != null) {
      body.put("email", email);
    }
    body.put("active", active);
    body.putObject("password").put("value", Passwords.random());
    if (!attributes.isEmpty()) {
      // The user entity nests the attribute list as Crowd's responses show it: attributes.attributes.
      body.putObject("attributes").set("attributes", attributeList(attributes));
    }
    ApiResponse r = client.send(ApiRequest.post("/user").jsonBody(body).label("create user").build());
    return r.body().length == 0
        ? Optional.<CrowdUser>empty()
        : r.jsonIfAny().filter(n -> n.hasNonNull("name")).map(CrowdUser::of);
  }

  /**
   * Changes email, display name or the active flag. Crowd's PUT replaces every field, so the
   * current values are sent back with the changes.
   */
  public void updateUser(
      CrowdUser current, @Nullable String email, @Nullable String displayName, @Nullable Boolean active) {
    ObjectNode body = json().createObjectNode();
    body.put("name", current.name());
    String display = displayName != null ? displayName : current.displayName().orElse(current.name());
    if (displayName != null) {
      String[] names = names(displayName, current.name());
      body.put("first-name", names[0]);
      body.put("last-name", names[1]);
    } else {
      current.firstName().ifPresent(v -> body.put("first-name", v));
      current.lastName().ifPresent(v -> body.put("last-name", v));
    }
    body.put("display-name", display);
    String mail = email != null ? email : current.email().orElse(null);
    if (mail != null) {
      body.put("email", mail);
    }
    body.put("active", active != null ? active : current.active());
    client.send(ApiRequest.put("/user").query("username", current.name()).jsonBody(body)
        .label("update user").build());
  }

  /** Renames a user (Crowd 2.8.4 and later); the key stays. */
  public void rename(String username, String newName) {
    ObjectNode body = json().createObjectNode().put("new-name", newName);
    client.send(ApiRequest.post("/user/rename").query("username", username).jsonBody(body)
        .idempotent(false).label("rename user").build());
  }

  /** Deletes a user; a user already gone is fine. */
  public void deleteUser(String username) {
    client.send(ApiRequest.delete("/user").query("username", username).accept(404).label("delete user").build());
  }

  /** Sets single-valued attributes, all in one request. */
  public void storeAttributes(String username, Map<String, String> attributes) {
    ObjectNode body = json().createObjectNode();
    body.set("attributes", attributeList(attributes));
    client.send(ApiRequest.post("/user/attribute").query("username", username).jsonBody(body)
        .idempotent(true).label("store attributes").build());
  }

  /** Removes an attribute. */
  public void removeAttribute(String username, String attribute) {
    client.send(ApiRequest.delete("/user/attribute").query("username", username)
        .query("attributename", attribute).label("remove attribute").build());
  }

  // ------------------------------------------------------------------ groups

  /** Every group's name, page by page. */
  public Stream<String> groupNames() {
    return Paging.stream(client, listGroups(pageSize),
        Paging.offset("start-index", "max-results", pageSize, "groups", g -> g.path("name").asText()));
  }

  /** Whether a group exists. */
  public boolean groupExists(String group) {
    return client.sendOptional(readGroup(group)).isPresent();
  }

  /** Creates a group; one that exists already is fine. */
  public void createGroup(String group) {
    ObjectNode body = json().createObjectNode()
        .put("name", group).put("type", "GROUP").put("active", true).put("description", "");
    ApiResponse r = client.send(ApiRequest.post("/group").jsonBody(body).accept(400).label("create group").build());
    if (r.status() == 400 && !groupExists(group)) {
      client.send(ApiRequest.post("/group").jsonBody(body).label("create group").build());
    }
  }

  /** The group's direct members as users, page by page; empty when there is no such group. */
  public Stream<CrowdUser> groupUsers(String group) {
    return Paging.streamOrEmpty(client, groupMembers(group, pageSize), usersPages());
  }

  /** The groups a user is a direct member of; none when there is no such user. */
  public Set<String> groupsOfUser(String username) {
    return Paging.streamOrEmpty(client, groupsOfUser(username, pageSize),
            Paging.offset("start-index", "max-results", pageSize, "groups", g -> g.path("name").asText()))
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** Adds a user to a group; 409 (already a member) is fine. */
  public void addUserToGroup(String username, String group) {
    ObjectNode body = json().createObjectNode().put("name", group);
    client.send(ApiRequest.post("/user/group/direct").query("username", username).jsonBody(body)
        .idempotent(true).accept(409).label("add membership").build());
  }

  /** Removes a user from a group; 404 (no such membership) is fine. */
  public void removeUserFromGroup(String username, String group) {
    client.send(ApiRequest.delete("/user/group/direct").query("username", username)
        .query("groupname", group).accept(404).label("remove membership").build());
  }

  /**
   * Every group's direct user members by group name, in one request: {@code /group/membership},
   * which Crowd answers in XML only.
   */
  public Map<String, Set<String>> memberships() {
    ApiRequest request = listMemberships();
    ApiResponse r = client.send(request);
    Document doc;
    try {
      doc = Xml.parse(r.body());
    } catch (IOException e) {
      throw new DirectoryException(client.service() + ": " + client.describe(request)
          + " answered a body that is not the documented XML (" + e.getMessage() + ")", e);
    }
    Map<String, Set<String>> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    for (Element m : Xml.children(doc.getDocumentElement(), "membership")) {
      Set<String> users = new LinkedHashSet<>();
      for (Element wrapper : Xml.children(m, "users")) {
        for (Element u : Xml.children(wrapper, "user")) {
          users.add(u.getAttribute("name"));
        }
      }
      out.put(m.getAttribute("group"), users);
    }
    return out;
  }

  // ------------------------------------------------------------------ connection check

  /**
   * Probes every read a sync makes on this API, each for one item, into {@code checks}: signing
   * in and listing users (a prerequisite), the XML search by property (how users are found by
   * email or IdP link), reading the first listed user by name and by key, the user's groups,
   * listing groups, reading the first group and its members, and every group's members in one
   * XML answer. Writes are not probed: they would change the host. Check names start with {@code
   * prefix} (Jira probes its embedded Crowd API as well as its own).
   */
  public ConnectionChecks probe(ConnectionChecks checks, String prefix) {
    ApiRequest users = listUsers(1);
    String[] user = {PROBE_NAME, PROBE_NAME}; // name and key of the first user listed
    checks.prerequisite(prefix + "sign in and list users", client.describe(users), () -> {
      JsonNode first = client.json(users).path("users").path(0);
      if (first.isObject()) {
        CrowdUser u = CrowdUser.of(first);
        user[0] = u.name();
        user[1] = u.key().orElse(u.name());
      }
    });
    probe(checks, prefix, searchUsers("email", PROBE_NAME + "@connection-check.invalid", 1));
    probe(checks, prefix, readUser(user[0]));
    probe(checks, prefix, readUserByKey(user[1]));
    probe(checks, prefix, groupsOfUser(user[0], 1));
    ApiRequest groups = listGroups(1);
    String group = checks.listing(prefix + "list groups", client.describe(groups),
        () -> Optional.ofNullable(client.json(groups).path("groups").path(0).path("name").textValue()), PROBE_NAME);
    probe(checks, prefix, readGroup(group));
    probe(checks, prefix, groupMembers(group, 1));
    probe(checks, prefix, listMemberships());
    return checks;
  }

  private void probe(ConnectionChecks checks, String prefix, ApiRequest request) {
    checks.check(prefix + request.label(), client.describe(request), () -> client.send(request));
  }

  // ------------------------------------------------------------------ requests

  /** A name no user or group has, probed when there is none to probe with (Crowd answers 404). */
  static final String PROBE_NAME = "usersync-connection-check";

  private static ApiRequest readUser(String username) {
    return ApiRequest.get("/user").query("username", username).query("expand", "attributes")
        .accept(404).label("read user").build();
  }

  private static ApiRequest readUserByKey(String key) {
    return ApiRequest.get("/user").query("key", key).query("expand", "attributes")
        .accept(404).label("read user by key").build();
  }

  private static ApiRequest listUsers(int max) {
    return ApiRequest.get("/search")
        .query("entity-type", "user")
        .query("expand", "user,attributes")
        .query("start-index", 0)
        .query("max-results", max)
        .label("list users")
        .build();
  }

  private static ApiRequest searchUsers(String property, String value, int max) {
    String restriction = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<property-search-restriction><property><name>" + escape(property) + "</name>"
        + "<type>STRING</type></property><match-mode>EXACTLY_MATCHES</match-mode>"
        + "<value>" + escape(value) + "</value></property-search-restriction>";
    return ApiRequest.post("/search")
        .query("entity-type", "user")
        .query("expand", "user,attributes")
        .query("start-index", 0)
        .query("max-results", max)
        .body(restriction.getBytes(StandardCharsets.UTF_8), "application/xml")
        .idempotent(true)
        .label("search users")
        .build();
  }

  private static ApiRequest listGroups(int max) {
    return ApiRequest.get("/search")
        .query("entity-type", "group")
        .query("start-index", 0)
        .query("max-results", max)
        .label("list groups")
        .build();
  }

  private static ApiRequest readGroup(String group) {
    return ApiRequest.get("/group").query("groupname", group).accept(404).label("read group").build();
  }

  private static ApiRequest groupMembers(String group, int max) {
    return ApiRequest.get("/group/user/direct")
        .query("groupname", group)
        .query("expand", "user")
        .query("start-index", 0)
        .query("max-results", max)
        .accept(404)
        .label("list group members")
        .build();
  }

  private static ApiRequest groupsOfUser(String username, int max) {
    return ApiRequest.get("/user/group/direct")
        .query("username", username)
        .query("start-index", 0)
        .query("max-results", max)
        .accept(404)
        .label("list groups of user")
        .build();
  }

  /** {@code /group/membership}, every group's members, in XML (it has no JSON form). */
  private static ApiRequest listMemberships() {
    return ApiRequest.get("/group/membership").header("Accept", "application/xml")
        .label("list memberships").build();
  }

  // ------------------------------------------------------------------ helpers

  private ArrayNode attributeList(Map<String, String> attributes) {
    ArrayNode list = json().createArrayNode();
    attributes.forEach((k, v) -> {
      ObjectNode a = list.addObject();
      a.put("name", k);
      a.putArray("values").add(v);
    });
    return list;
  }

  /** First and last name from a display name: Crowd requires both. */
  static String[] names(@Nullable String displayName, String username) {
    String d = displayName == null ? "" : displayName.trim();
    if (d.isEmpty()) {
      return new String[] {username, username};
    }
    int space = d.lastIndexOf(' ');
    return space > 0
        ? new String[] {d.substring(0, space).trim(), d.substring(space + 1).trim()}
        : new String[] {d, d};
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<': b.append("&lt;"); break;
        case '>': b.append("&gt;"); break;
        case '&': b.append("&amp;"); break;
        case '"': b.append("&quot;"); break;
        case '\'': b.append("&apos;"); break;
        default: b.append(c);
      }
    }
    return b.toString();
  }

  /** The attribute names Crowd and Jira keep for themselves, never reported as user attributes. */
  static boolean isInternalAttribute(String name) {
    return INTERNAL.contains(name) || name.startsWith("login.") || name.startsWith("usersync.");
  }

  private static final Set<String> INTERNAL = new LinkedHashSet<>(java.util.Arrays.asList(
      "requiresPasswordChange", "invalidPasswordAttempts", "lastAuthenticated", "passwordLastChanged",
      "lastActive", "autoGroupsAdded", "lastFailedAuthentication"));

  static Map<String, String> userAttributes(CrowdUser u) {
    Map<String, String> out = new LinkedHashMap<>();
    u.attributes().forEach((k, v) -> {
      if (!isInternalAttribute(k)) {
        out.put(k, v);
      }
    });
    return out;
  }
}
