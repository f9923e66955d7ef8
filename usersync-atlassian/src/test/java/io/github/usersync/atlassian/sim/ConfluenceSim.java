package io.github.usersync.atlassian.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.atlassian.sim.SimServer.Req;
import io.github.usersync.atlassian.sim.SimServer.Res;
import io.github.usersync.atlassian.sim.SimState.SimUser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Confluence Data Center's REST API at context path {@code /confluence}, gated by version as
 * Confluence's REST reference shows it: reads of users and groups on every version; disable,
 * enable, delete (202 and a long-running task), group creation and membership changes from 8.0;
 * user creation and {@code user/list} from 8.4; admin user update from 9.4. User JSON carries no
 * email and no active flag, as the reference's schema shows. Space properties keep the links.
 */
public final class ConfluenceSim {
  /** The personal access token the simulation accepts. */
  public static final String TOKEN = "confluence-pat-0123456789";
  /** The link space that exists. */
  public static final String SPACE = "USERSYNC";
  static final String CONTEXT = "/confluence";

  private final SimState state;
  private final int[] version;
  private final Map<String, ObjectNode> spaceProperties = new LinkedHashMap<>();
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private int nextId = 1;

  private static final class Task {
    final SimUser user;
    int polls;

    Task(SimUser user) {
      this.user = user;
    }
  }

  private ConfluenceSim(SimState state, int[] version) {
    this.state = state;
    this.version = version;
  }

  /** A Confluence server of this version, e.g. {@code 9.4.1}, at {@code <baseUrl>/confluence}. */
  public static SimServer server(SimState state, String version) {
    String[] p = version.split("\\.", -1);
    int[] v = {Integer.parseInt(p[0]), Integer.parseInt(p[1]), p.length > 2 ? Integer.parseInt(p[2]) : 0};
    ConfluenceSim sim = new ConfluenceSim(state, v);
    return new SimServer(sim::handle);
  }

  private boolean atLeast(int major, int minor) {
    return version[0] > major || (version[0] == major && version[1] >= minor);
  }

  Res handle(Req r) {
    if (!("Bearer " + TOKEN).equals(r.header("Authorization"))) {
      return error(401, "Unauthorized", "Authentication required");
    }
    if (!r.path.startsWith(CONTEXT + "/rest/")) {
      return error(404, "Not Found", "null for uri: " + r.path);
    }
    String path = r.path.substring(CONTEXT.length());
    String[] s = path.substring(1).split("/", -1);
    synchronized (state) {
      if (path.equals("/rest/applinks/1.0/manifest") && r.method.equals("GET")) {
        return manifest();
      }
      if (path.equals("/rest/api/user/current")) {
        return Res.json(200, SimServer.obj().put("type", "known").put("username", "admin"));
      }
      if (path.equals("/rest/api/user") && r.method.equals("GET")) {
        return getUser(r);
      }
      if (path.equals("/rest/api/user/list") && r.method.equals("GET") && atLeast(8, 4)) {
        return page(r, new ArrayList<>(state.users.values()), this::user);
      }
      if (path.equals("/rest/api/user/memberof") && r.method.equals("GET")) {
        SimUser u = r.has("key") ? state.byConfluenceKey(r.q("key")).orElse(null) : state.users.get(SimState.lower(r.q("username")));
        if (u == null) {
          return error(404, "Not Found", "No user found");
        }
        return page(r, new ArrayList<>(state.groupsOf(u)), this::group);
      }
      if (path.equals("/rest/api/group") && r.method.equals("GET")) {
        return page(r, new ArrayList<>(state.groups.keySet()), this::group);
      }
      if (s.length == 4 && path.startsWith("/rest/api/group/") && r.method.equals("GET")) {
        return state.groups.containsKey(s[3]) ? Res.json(200, group(s[3])) : error(404, "Not Found", "No group found with name: " + s[3]);
      }
      if (s.length == 5 && path.startsWith("/rest/api/group/") && s[4].equals("member") && r.method.equals("GET")) {
        if (!state.groups.containsKey(s[3])) {
          return error(404, "Not Found", "No group found with name: " + s[3]);
        }
        return page(r, state.members(s[3]), this::user);
      }
      if (s.length >= 5 && path.startsWith("/rest/api/space/")) {
        return spaceProperty(r, s);
      }
      if (s.length == 4 && path.startsWith("/rest/api/longtask/") && r.method.equals("GET")) {
        return task(s[3]);
      }
      if (atLeast(8, 0)) {
        Res admin = admin(r, path, s);
        if (admin != null) {
          return admin;
        }
      }
    }
    return error(404, "Not Found", "null for uri: " + r.path);
  }

  private @org.jspecify.annotations.Nullable Res admin(Req r, String path, String[] s) {
    if (path.equals("/rest/api/admin/user") && r.method.equals("POST") && atLeast(8, 4)) {
      return createUser(r);
    }
    if (path.equals("/rest/api/admin/group") && r.method.equals("POST")) {
      String g = r.json().path("name").asText("");
      if (state.groups.containsKey(g)) {
        return error(409, "Conflict", "Group already exists: " + g);
      }
      state.groups.put(g, new LinkedHashSet<>());
      return Res.json(201, group(g));
    }
    if (s.length == 5 && path.startsWith("/rest/api/admin/user/")) {
      SimUser u = state.users.get(SimState.lower(s[4]));
      if (u == null) {
        return error(404, "Not Found", "No user found with username: " + s[4]);
      }
      if (r.method.equals("DELETE")) {
        String id = "task-" + nextId++;
        tasks.put(id, new Task(u));
        return Res.json(202, SimServer.obj().put("id", id)
            .set("links", SimServer.obj().put("status", CONTEXT + "/rest/api/longtask/" + id)));
      }
      if (r.method.equals("PUT") && atLeast(9, 4)) {
        JsonNode b = r.json();
        if (b.has("email")) {
          u.email = b.path("email").asText();
        }
        if (b.has("fullName")) {
          u.displayName = b.path("fullName").asText();
        }
        return Res.empty(204);
      }
    }
    if (s.length == 6 && path.startsWith("/rest/api/admin/user/") && r.method.equals("PUT")
        && (s[5].equals("disable") || s[5].equals("enable"))) {
      SimUser u = state.users.get(SimState.lower(s[4]));
      if (u == null) {
        return error(404, "Not Found", "No user found with username: " + s[4]);
      }
      u.active = s[5].equals("enable");
      return Res.empty(204);
    }
    if (s.length == 6 && path.startsWith("/rest/api/user/") && s[4].equals("group")) {
      SimUser u = state.users.get(SimState.lower(s[3]));
      Set<String> members = state.groups.get(s[5]);
      if (u == null || members == null) {
        return error(404, "Not Found", "No user or group found");
      }
      if (r.method.equals("PUT")) {
        members.add(SimState.lower(u.name));
        return Res.empty(204);
      }
      if (r.method.equals("DELETE")) {
        members.remove(SimState.lower(u.name));
        return Res.empty(204);
      }
    }
    return null;
  }

  private Res manifest() {
    ObjectNode n = SimServer.obj();
    n.put("id", "a1b2c3d4-0000-0000-0000-000000000000");
    n.put("name", "Confluence");
    n.put("typeId", "confluence");
    n.put("version", version[0] + "." + version[1] + "." + version[2]);
    n.put("buildNumber", version[0] * 1000 + version[1]);
    n.put("url", "http://127.0.0.1" + CONTEXT);
    return Res.json(200, n);
  }

  private Res getUser(Req r) {
    SimUser u = r.has("key") ? state.byConfluenceKey(r.q("key")).orElse(null) : state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return error(404, "Not Found", "No user found with " + (r.has("key") ? "key: " + r.q("key") : "username: " + r.q("username")));
    }
    return Res.json(200, user(u));
  }

  private Res createUser(Req r) {
    JsonNode b = r.json();
    String name = b.path("userName").asText("");
    if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT)) || b.path("fullName").asText("").isEmpty()
        || b.path("email").asText("").isEmpty()) {
      return error(400, "Bad Request", "The userName should not contain any upper case characters, fullName and email are required");
    }
    if (!b.path("notifyViaEmail").asBoolean(false) && b.path("password").asText("").isEmpty()) {
      return error(400, "Bad Request", "If notifyViaEmail is false then the password should not be null or blank");
    }
    if (state.user(name).isPresent()) {
      return error(409, "Conflict", "A user with the same userName already exists");
    }
    SimUser u = state.add(name);
    u.displayName = b.path("fullName").asText();
    u.email = b.path("email").asText();
    state.groups.computeIfAbsent("confluence-users", g -> new LinkedHashSet<>()).add(SimState.lower(name));
    return Res.json(201, SimServer.obj().put("userKey", u.confluenceKey));
  }

  private Res task(String id) {
    Task t = tasks.get(id);
    if (t == null) {
      return error(404, "Not Found", "No task with id " + id);
    }
    ObjectNode n = SimServer.obj();
    n.put("id", id);
    n.putObject("name").put("key", "com.atlassian.confluence.user.delete");
    n.put("elapsedTime", 10 * t.polls);
    // The user is gone only once the task has finished, as with Confluence's long-running tasks.
    boolean done = ++t.polls >= 2;
    if (done && state.users.containsValue(t.user)) {
      state.delete(t.user);
    }
    n.put("percentageComplete", done ? 100 : 50);
    n.put("successful", done);
    n.put("finished", done);
    n.putArray("messages");
    return Res.json(200, n);
  }

  private Res spaceProperty(Req r, String[] s) {
    // /rest/api/space/{key}/property[/{propertyKey}]
    if (!s[3].equals(SPACE) || !s[4].equals("property")) {
      return error(404, "Not Found", "There is no space with key : " + s[3]);
    }
    if (s.length == 5) {
      if (r.method.equals("GET")) {
        return page(r, new ArrayList<>(spaceProperties.values()), p -> p);
      }
      if (r.method.equals("POST")) {
        JsonNode b = r.json();
        String key = b.path("key").asText("");
        if (key.isEmpty() || !b.has("value") || spaceProperties.containsKey(key)) {
          return error(400, "Bad Request", "The space already has a value with the given key, or no value was given");
        }
        ObjectNode p = property(key, b.path("value"), 1);
        spaceProperties.put(key, p);
        return Res.json(200, p);
      }
    }
    String key = s[5];
    ObjectNode existing = spaceProperties.get(key);
    switch (r.method) {
      case "GET":
        return existing == null ? error(404, "Not Found", "No property found with key: " + key) : Res.json(200, existing);
      case "PUT": {
        JsonNode b = r.json();
        int current = existing == null ? 0 : existing.path("version").path("number").asInt();
        if (existing == null || b.path("version").path("number").asInt() != current + 1) {
          return error(409, "Conflict", "Version must be incremented on update. Current version is: " + current);
        }
        ObjectNode p = property(key, b.path("value"), current + 1);
        spaceProperties.put(key, p);
        return Res.json(200, p);
      }
      case "DELETE":
        return spaceProperties.remove(key) == null ? error(404, "Not Found", "No property found with key: " + key) : Res.empty(204);
      default:
        return error(405, "Method Not Allowed", r.method);
    }
  }

  /** The link records, by property key (for assertions). */
  public Map<String, ObjectNode> links() {
    return new LinkedHashMap<>(spaceProperties);
  }

  private static ObjectNode property(String key, JsonNode value, int version) {
    ObjectNode p = SimServer.obj();
    p.put("id", Integer.toString(Math.floorMod(key.hashCode(), 1_000_000)));
    p.put("key", key);
    p.set("value", value);
    p.putObject("version").put("number", version).put("minorEdit", false).put("hidden", false);
    p.putObject("space").put("key", SPACE);
    return p;
  }

  private ObjectNode user(SimUser u) {
    ObjectNode n = SimServer.obj();
    n.put("type", "known");
    n.put("username", u.name);
    n.put("userKey", u.confluenceKey);
    n.putObject("profilePicture").put("path", CONTEXT + "/images/icons/profilepics/default.svg")
        .put("width", 48).put("height", 48).put("isDefault", true);
    n.put("displayName", u.displayName);
    n.putObject("_links").put("self", "http://127.0.0.1" + CONTEXT + "/rest/api/user?key=" + u.confluenceKey);
    n.putObject("_expandable").put("status", "");
    return n;
  }

  private ObjectNode group(String name) {
    ObjectNode n = SimServer.obj().put("type", "group").put("name", name);
    n.putObject("_links").put("self", "http://127.0.0.1" + CONTEXT + "/rest/api/group/" + name);
    return n;
  }

  private <T> Res page(Req r, List<T> all, Function<T, JsonNode> map) {
    int start = r.intQ("start", 0);
    int limit = Math.min(r.intQ("limit", 200), 200);
    ObjectNode out = SimServer.obj();
    ArrayNode results = out.putArray("results");
    int end = Math.min(all.size(), start + limit);
    for (int i = start; i < end; i++) {
      results.add(map.apply(all.get(i)));
    }
    out.put("start", start);
    out.put("limit", limit);
    out.put("size", results.size());
    ObjectNode links = out.putObject("_links");
    links.put("base", "http://127.0.0.1" + CONTEXT);
    links.put("context", CONTEXT);
    links.put("self", "http://127.0.0.1" + r.path);
    if (end < all.size()) {
      links.put("next", r.path.substring(CONTEXT.length()) + "?start=" + end + "&limit=" + limit);
    }
    return Res.json(200, out);
  }

  static Res error(int status, String reason, String message) {
    ObjectNode n = SimServer.obj();
    n.put("statusCode", status);
    n.putObject("data").put("authorized", status != 401 && status != 403).put("valid", true)
        .put("successful", false).putArray("errors");
    n.put("message", message);
    n.put("reason", reason);
    return Res.json(status, n);
  }
}
