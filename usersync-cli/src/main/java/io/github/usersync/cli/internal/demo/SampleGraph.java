package io.github.usersync.cli.internal.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.testkit.LocalApiServer.Request;
import io.github.usersync.testkit.LocalApiServer.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A small Entra ID tenant held in memory and served on 127.0.0.1 in Microsoft Graph's wire format:
 * the token endpoint, {@code /users}, {@code /groups}, {@code /groups/{id}/members} (paged by
 * {@code @odata.nextLink}), single users, and {@code /users/delta} and {@code /groups/delta} (with
 * {@code @removed} and {@code members@delta}). Just enough of Graph for the demo; not a mock of all
 * of it.
 */
public final class SampleGraph implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** The sample tenant's name. */
  public static final String TENANT = "contoso.onmicrosoft.com";

  /** A user of the sample tenant. */
  static final class User {
    final String id;
    String upn;
    String given;
    String surname;
    String department;
    String jobTitle;
    boolean enabled = true;

    User(String id, String upn, String given, String surname, String department, String jobTitle) {
      this.id = id;
      this.upn = upn;
      this.given = given;
      this.surname = surname;
      this.department = department;
      this.jobTitle = jobTitle;
    }
  }

  /** A group of the sample tenant. */
  static final class Group {
    final String id;
    final String name;
    final Set<String> users = new LinkedHashSet<>();
    final Set<String> groups = new LinkedHashSet<>();

    Group(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  private final Map<String, User> users = new LinkedHashMap<>();
  private final Map<String, Group> groups = new LinkedHashMap<>();
  // The change log for delta: version -> what changed.
  private final List<String[]> log = new ArrayList<>();
  private final LocalApiServer server;

  SampleGraph() {
    this.server = LocalApiServer.start()
        .route("/" + TENANT + "/oauth2/v2.0/token", (r, base) ->
            Response.json(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"demo-access-token\"}"))
        .route("/v1.0/", this::graph);
  }

  /** The base URL to point the connector's {@code loginBaseUrl} and {@code baseUrl} at. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /** Requests served so far. */
  public long requests() {
    return server.requests();
  }

  synchronized User addUser(String id, String upn, String given, String surname, String department, String title) {
    User u = new User(id, upn, given, surname, department, title);
    users.put(id, u);
    log.add(new String[] {"user", id});
    return u;
  }

  synchronized Group addGroup(String id, String name) {
    Group g = new Group(id, name);
    groups.put(id, g);
    log.add(new String[] {"group", id});
    return g;
  }

  synchronized void addMember(String groupId, String memberId) {
    Group g = groups.get(groupId);
    if (g != null && (users.containsKey(memberId) ? g.users.add(memberId) : g.groups.add(memberId))) {
      log.add(new String[] {"member+", groupId, memberId});
    }
  }

  synchronized void removeMember(String groupId, String memberId) {
    Group g = groups.get(groupId);
    if (g != null && (g.users.remove(memberId) || g.groups.remove(memberId))) {
      log.add(new String[] {"member-", groupId, memberId});
    }
  }

  synchronized void changeUser(String id, java.util.function.Consumer<User> change) {
    User u = users.get(id);
    if (u != null) {
      change.accept(u);
      log.add(new String[] {"user", id});
    }
  }

  /** Deletes a user, as an admin would in the IdP. */
  public synchronized void deleteUser(String id) {
    if (users.remove(id) != null) {
      groups.values().forEach(g -> g.users.remove(id));
      log.add(new String[] {"user-", id});
    }
  }

  /**
   * Deletes a user without a trace in the change feed, as Okta and OneLogin do ("updated since"
   * lists no deleted users): only a full run notices.
   */
  public synchronized void deleteUserUnseenByDelta(String id) {
    if (users.remove(id) != null) {
      groups.values().forEach(g -> g.users.remove(id));
    }
  }

  synchronized @Nullable User user(String id) {
    return users.get(id);
  }

  synchronized List<User> users() {
    return new ArrayList<>(users.values());
  }

  private synchronized Response graph(Request r, String base) {
    String path = r.path().substring("/v1.0".length());
    int top = Math.min(999, r.queryInt("$top", 100));
    String skip = r.query("$skiptoken");
    int from = skip == null ? 0 : Integer.parseInt(skip);
    String self = base + "/v1.0" + path + "?$top=" + top;
    if (path.equals("/users")) {
      List<ObjectNode> all = new ArrayList<>();
      users.values().forEach(u -> all.add(userJson(u)));
      return page(all, from, top, self);
    }
    if (path.startsWith("/users/delta")) {
      return delta(r, base, true);
    }
    if (path.startsWith("/groups/delta")) {
      return delta(r, base, false);
    }
    if (path.startsWith("/users/") && (path.endsWith("/memberOf") || path.endsWith("/transitiveMemberOf"))) {
      boolean transitive = path.endsWith("/transitiveMemberOf");
      String id = path.substring("/users/".length(), path.lastIndexOf('/'));
      if (!users.containsKey(id)) {
        return notFound(id);
      }
      List<ObjectNode> all = new ArrayList<>();
      groupsOf(id, transitive).forEach(g -> {
        ObjectNode n = groupJson(g);
        n.put("@odata.type", "#microsoft.graph.group");
        all.add(n);
      });
      return page(all, from, top, self);
    }
    if (path.startsWith("/users/")) {
      String id = path.substring("/users/".length());
      User u = users.get(id);
      if (u == null || id.contains("/")) {
        return notFound(id);
      }
      return Response.json(200, userJson(u).toString());
    }
    if (path.equals("/groups")) {
      List<ObjectNode> all = new ArrayList<>();
      groups.values().forEach(g -> all.add(groupJson(g)));
      return page(all, from, top, self);
    }
    if (path.startsWith("/groups/") && path.endsWith("/members")) {
      Group g = groups.get(path.substring("/groups/".length(), path.length() - "/members".length()));
      if (g == null) {
        return notFound(path);
      }
      List<ObjectNode> all = new ArrayList<>();
      g.users.forEach(id -> all.add(member("#microsoft.graph.user", id)));
      g.groups.forEach(id -> all.add(member("#microsoft.graph.group", id)));
      return page(all, from, top, self);
    }
    return notFound(path);
  }

  /** The groups a user or group is in, directly or through nesting. */
  private Set<Group> groupsOf(String memberId, boolean transitive) {
    Set<Group> out = new LinkedHashSet<>();
    java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(memberId));
    while (!todo.isEmpty()) {
      String m = todo.poll();
      for (Group g : groups.values()) {
        if ((g.users.contains(m) || g.groups.contains(m)) && out.add(g) && transitive) {
          todo.add(g.id);
        }
      }
    }
    return out;
  }

  private Response delta(Request r, String base, boolean forUsers) {
    String link = base + "/v1.0/" + (forUsers ? "users" : "groups") + "/delta?$deltatoken=";
    ObjectNode body = JSON.createObjectNode();
    ArrayNode value = body.putArray("value");
    String token = r.query("$deltatoken");
    if (token == null) {
      // $deltaToken=latest: no data, only a link that starts now
      body.put("@odata.deltaLink", link + log.size());
      return Response.json(200, body.toString());
    }
    int since = Integer.parseInt(token);
    Map<String, ObjectNode> changed = new LinkedHashMap<>();
    for (String[] c : log.subList(Math.min(since, log.size()), log.size())) {
      if (forUsers && c[0].startsWith("user")) {
        User u = users.get(c[1]);
        changed.put(c[1], c[0].equals("user-") || u == null ? removed(c[1]) : userJson(u));
      } else if (!forUsers && c[0].startsWith("member")) {
        Group g = groups.get(c[1]);
        if (g == null) {
          continue;
        }
        ObjectNode n = changed.computeIfAbsent(c[1], k -> groupJson(g));
        ArrayNode members = n.has("members@delta") ? (ArrayNode) n.get("members@delta") : n.putArray("members@delta");
        boolean user = users.containsKey(c[2]) || (c[0].equals("member-") && !groups.containsKey(c[2]));
        ObjectNode m = member(user ? "#microsoft.graph.user" : "#microsoft.graph.group", c[2]);
        if (c[0].equals("member-")) {
          m.putObject("@removed").put("reason", "deleted");
        }
        members.add(m);
      }
    }
    changed.values().forEach(value::add);
    body.put("@odata.deltaLink", link + log.size());
    return Response.json(200, body.toString());
  }

  private static Response page(List<ObjectNode> all, int from, int top, String self) {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode value = body.putArray("value");
    LocalApiServer.page(all, from, top).forEach(value::add);
    if (from + top < all.size()) {
      body.put("@odata.nextLink", self + "&$skiptoken=" + (from + top));
    }
    return Response.json(200, body.toString());
  }

  private static ObjectNode userJson(User u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", u.id);
    n.put("userPrincipalName", u.upn);
    n.put("mail", u.upn);
    n.put("givenName", u.given);
    n.put("surname", u.surname);
    n.put("displayName", u.given + " " + u.surname);
    n.put("accountEnabled", u.enabled);
    n.put("department", u.department);
    n.put("jobTitle", u.jobTitle);
    return n;
  }

  private static ObjectNode groupJson(Group g) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", g.id);
    n.put("displayName", g.name);
    n.putNull("description");
    return n;
  }

  private static ObjectNode member(String type, String id) {
    ObjectNode n = JSON.createObjectNode();
    n.put("@odata.type", type);
    n.put("id", id);
    return n;
  }

  private static ObjectNode removed(String id) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", id);
    n.putObject("@removed").put("reason", "deleted");
    return n;
  }

  private static Response notFound(String what) {
    return Response.json(404, "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Resource '"
        + what.replace("\"", "") + "' does not exist.\",\"innerError\":{\"request-id\":\"demo\"}}}");
  }

  @Override
  public void close() {
    server.close();
  }
}
