package io.github.usersync.atlassian.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.atlassian.sim.SimServer.Req;
import io.github.usersync.atlassian.sim.SimServer.Res;
import io.github.usersync.atlassian.sim.SimState.SimUser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Jira Data Center's REST API 2 and its embedded Crowd API ("Jira user server") over one {@link
 * SimState}, as Jira's reference shows them: {@code {"errorMessages","errors"}} error bodies;
 * {@code PUT /user} refusing the active flag (JRASERVER-37294); {@code user/list} from 10.3,
 * {@code user/search} capped at 100 results from 10.0; {@code group/member} leaving inactive users
 * out unless {@code includeInactiveUsers=true}; user entity properties.
 */
public final class JiraSim {
  /** The personal access token the simulation accepts. */
  public static final String TOKEN = "jira-pat-0123456789";

  private final SimState state;
  private final int[] version;
  private final CrowdSim crowd;

  private JiraSim(SimState state, int[] version) {
    this.state = state;
    this.version = version;
    this.crowd = new CrowdSim(state, "/rest/usermanagement/1", "usersync", "app-secret");
  }

  /** A Jira server of this version, e.g. {@code 10.3.1}. */
  public static SimServer server(SimState state, String version) {
    String[] parts = version.split("\\.", -1);
    int[] v = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1]), parts.length > 2 ? Integer.parseInt(parts[2]) : 0};
    JiraSim jira = new JiraSim(state, v);
    return new SimServer(jira::handle);
  }

  Res handle(Req r) {
    if (crowd.handles(r)) {
      return crowd.handle(r);
    }
    String auth = String.valueOf(r.header("Authorization"));
    String basic = "Basic " + Base64.getEncoder().encodeToString("admin:admin-pw".getBytes(StandardCharsets.UTF_8));
    if (!auth.equals("Bearer " + TOKEN) && !auth.equals(basic)) {
      return error(401, "You are not authenticated. Authentication required to perform this operation.");
    }
    String path = r.path.replaceFirst("^/rest/api/2", "");
    synchronized (state) {
      if (path.startsWith("/user/properties/")) {
        return property(r, path.substring("/user/properties/".length()));
      }
      switch (r.method + " " + path) {
        case "GET /serverInfo": return serverInfo();
        case "GET /myself": return Res.json(200, SimServer.obj().put("name", "admin").put("key", "admin"));
        case "GET /mypermissions": return myPermissions(r);
        case "GET /user": return getUser(r);
        case "POST /user": return createUser(r);
        case "PUT /user": return updateUser(r);
        case "DELETE /user": return deleteUser(r);
        case "GET /user/list": return listUsers(r);
        case "GET /user/search": return searchUsers(r);
        case "GET /user/properties": return propertyKeys(r);
        case "POST /group": return createGroup(r);
        case "GET /group/member": return groupMembers(r);
        case "POST /group/user": return addMember(r);
        case "DELETE /group/user": return removeMember(r);
        default: return error(404, "No resource " + r.method + " " + r.path);
      }
    }
  }

  /**
   * Jira's "get my permissions" ({@code GET /rest/api/2/mypermissions?permissions=…}, the REST API 2
   * resource {@code mypermissions}): {@code {"permissions":{"ADMINISTER":{"id","key","name","type",
   * "description","havePermission"}}}}. The simulated administrator holds every global permission.
   */
  private Res myPermissions(Req r) {
    ObjectNode permissions = SimServer.obj();
    for (String key : r.q("permissions").split(",")) {
      if (!key.isEmpty()) {
        permissions.putObject(key).put("id", "0").put("key", key).put("name", key).put("type", "GLOBAL")
            .put("description", "").put("havePermission", true);
      }
    }
    ObjectNode body = SimServer.obj();
    body.set("permissions", permissions);
    return Res.json(200, body);
  }

  private Res serverInfo() {
    ObjectNode n = SimServer.obj();
    n.put("baseUrl", "http://127.0.0.1");
    n.put("version", version[0] + "." + version[1] + "." + version[2]);
    ArrayNode nums = n.putArray("versionNumbers");
    for (int v : version) {
      nums.add(v);
    }
    n.put("deploymentType", "Server");
    n.put("buildNumber", version[0] * 1000000 + version[1] * 1000 + version[2]);
    n.put("serverTitle", "Jira");
    return Res.json(200, n);
  }

  private boolean atLeast(int major, int minor) {
    return version[0] > major || (version[0] == major && version[1] >= minor);
  }

  // ---------------------------------------------------------------- users

  private @org.jspecify.annotations.Nullable SimUser find(Req r) {
    if (r.has("key")) {
      return state.byJiraKey(r.q("key")).orElse(null);
    }
    return state.users.get(SimState.lower(r.q("username")));
  }

  private Res getUser(Req r) {
    SimUser u = find(r);
    if (u == null) {
      return error(404, r.has("key")
          ? "The user with the key '" + r.q("key") + "' does not exist"
          : "The user named '" + r.q("username") + "' does not exist");
    }
    return Res.json(200, user(u, r.q("expand").contains("groups")));
  }

  private Res createUser(Req r) {
    JsonNode b = r.json();
    String name = b.path("name").asText("");
    if (name.isEmpty()) {
      return fieldError("username", "You must specify a username.");
    }
    if (b.path("emailAddress").asText("").isEmpty()) {
      return fieldError("email", "You must specify a valid email address.");
    }
    if (state.user(name).isPresent()) {
      return fieldError("username", "A user with that username already exists.");
    }
    SimUser u = state.add(name);
    u.email = b.path("emailAddress").asText();
    u.displayName = b.path("displayName").asText(name);
    u.firstName = u.displayName;
    u.lastName = u.displayName;
    state.groups.computeIfAbsent("jira-software-users", g -> new LinkedHashSet<>()).add(SimState.lower(name));
    return Res.json(201, user(u, false));
  }

  private Res updateUser(Req r) {
    SimUser u = find(r);
    if (u == null) {
      return error(404, "The user with the key '" + r.q("key") + "' does not exist");
    }
    JsonNode b = r.json();
    if (b.has("active")) {
      // JRASERVER-37294: REST API 2 cannot change the active flag.
      return fieldError("active", "The active flag cannot be changed through this resource.");
    }
    if (b.has("name") && !b.path("name").asText().equalsIgnoreCase(u.name)) {
      String newName = b.path("name").asText();
      if (state.user(newName).isPresent()) {
        return fieldError("username", "A user with that username already exists.");
      }
      state.rename(u, newName);
    }
    if (b.has("emailAddress")) {
      u.email = b.path("emailAddress").asText();
    }
    if (b.has("displayName")) {
      u.displayName = b.path("displayName").asText();
    }
    return Res.json(200, user(u, false));
  }

  private Res deleteUser(Req r) {
    SimUser u = find(r);
    if (u == null) {
      return error(404, "The user with the key '" + r.q("key") + "' does not exist");
    }
    state.delete(u);
    return Res.empty(204);
  }

  private Res listUsers(Req r) {
    if (!atLeast(10, 3)) {
      return error(404, "null for uri: /rest/api/2/user/list");
    }
    int start = r.has("cursor") ? Integer.parseInt(r.q("cursor")) : 0;
    int max = r.intQ("maxResults", 2000);
    List<SimUser> all = new ArrayList<>(state.users.values());
    ObjectNode out = SimServer.obj();
    out.put("self", "http://127.0.0.1/rest/api/2/user/list");
    out.put("maxResults", max);
    ArrayNode values = out.putArray("values");
    int end = Math.min(all.size(), start + max);
    for (int i = start; i < end; i++) {
      values.add(user(all.get(i), false));
    }
    boolean last = end >= all.size();
    out.put("isLast", last);
    if (!last) {
      out.put("nextCursor", Integer.toString(end));
      out.put("nextPage", "http://127.0.0.1/rest/api/2/user/list?cursor=" + end + "&maxResults=" + max);
    }
    return Res.json(200, out);
  }

  private Res searchUsers(Req r) {
    int start = r.intQ("startAt", 0);
    int max = Math.min(r.intQ("maxResults", 50), 1000);
    String q = r.q("username");
    boolean inactive = "true".equals(r.q("includeInactive"));
    List<SimUser> all = state.users.values().stream()
        .filter(u -> q.equals(".") || u.name.contains(q) || u.email.contains(q))
        .filter(u -> u.active || inactive)
        .collect(Collectors.toList());
    int cap = atLeast(10, 0) ? 100 : Integer.MAX_VALUE;
    ArrayNode out = SimServer.JSON.createArrayNode();
    for (int i = start; i < Math.min(all.size(), Math.min(start + max, cap)); i++) {
      out.add(user(all.get(i), false));
    }
    return Res.json(200, out);
  }

  // ---------------------------------------------------------------- properties

  private Res propertyKeys(Req r) {
    SimUser u = state.byJiraKey(r.q("userKey")).orElse(null);
    if (u == null) {
      return error(404, "The user with the key '" + r.q("userKey") + "' does not exist");
    }
    ObjectNode out = SimServer.obj();
    ArrayNode keys = out.putArray("keys");
    u.entityProperties.keySet().forEach(k -> keys.addObject()
        .put("self", "http://127.0.0.1/rest/api/2/user/properties/" + k + "?userKey=" + u.jiraKey).put("key", k));
    return Res.json(200, out);
  }

  private Res property(Req r, String key) {
    SimUser u = state.byJiraKey(r.q("userKey")).orElse(null);
    if (u == null) {
      return error(404, "The user with the key '" + r.q("userKey") + "' does not exist");
    }
    switch (r.method) {
      case "GET": {
        JsonNode v = u.entityProperties.get(key);
        if (v == null) {
          return error(404, "The property with key '" + key + "' does not exist.");
        }
        return Res.json(200, SimServer.obj().put("key", key).set("value", v));
      }
      case "PUT": {
        boolean created = !u.entityProperties.containsKey(key);
        u.entityProperties.put(key, r.json());
        return Res.empty(created ? 201 : 200);
      }
      case "DELETE":
        return u.entityProperties.remove(key) == null
            ? error(404, "The property with key '" + key + "' does not exist.")
            : Res.empty(204);
      default:
        return error(405, "Method not allowed");
    }
  }

  // ---------------------------------------------------------------- groups

  private Res createGroup(Req r) {
    String g = r.json().path("name").asText("");
    if (state.groups.containsKey(g)) {
      return error(400, "A group or user with this name already exists.");
    }
    state.groups.put(g, new LinkedHashSet<>());
    return Res.json(201, SimServer.obj().put("name", g).put("self", "http://127.0.0.1/rest/api/2/group?groupname=" + g));
  }

  private Res groupMembers(Req r) {
    String g = r.q("groupname");
    if (!state.groups.containsKey(g)) {
      return error(404, "The group '" + g + "' does not exist.");
    }
    boolean inactive = "true".equals(r.q("includeInactiveUsers"));
    List<SimUser> all = state.members(g).stream().filter(u -> u.active || inactive).collect(Collectors.toList());
    int start = r.intQ("startAt", 0);
    int max = Math.min(r.intQ("maxResults", 50), 50);
    ObjectNode out = SimServer.obj();
    out.put("self", "http://127.0.0.1/rest/api/2/group/member?groupname=" + g);
    out.put("maxResults", max);
    out.put("startAt", start);
    out.put("total", all.size());
    int end = Math.min(all.size(), start + max);
    out.put("isLast", end >= all.size());
    ArrayNode values = out.putArray("values");
    for (int i = start; i < end; i++) {
      values.add(user(all.get(i), false));
    }
    return Res.json(200, out);
  }

  private Res addMember(Req r) {
    String g = r.q("groupname");
    Set<String> members = state.groups.get(g);
    SimUser u = state.users.get(SimState.lower(r.json().path("name").asText("")));
    if (members == null || u == null) {
      return error(404, members == null ? "The group '" + g + "' does not exist." : "The user does not exist.");
    }
    if (!members.add(SimState.lower(u.name))) {
      return error(400, "Cannot add user. '" + u.name + "' is already a member of '" + g + "'");
    }
    return Res.json(201, SimServer.obj().put("name", g));
  }

  private Res removeMember(Req r) {
    String g = r.q("groupname");
    Set<String> members = state.groups.get(g);
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (members == null || u == null) {
      return error(404, "The group or user does not exist.");
    }
    if (!members.remove(SimState.lower(u.name))) {
      return error(400, "Cannot remove user '" + u.name + "' from group '" + g + "' since user is not a member of '" + g + "'");
    }
    return Res.empty(200);
  }

  // ---------------------------------------------------------------- representations

  private ObjectNode user(SimUser u, boolean groups) {
    ObjectNode n = SimServer.obj();
    n.put("self", "http://127.0.0.1/rest/api/2/user?username=" + u.name);
    n.put("key", u.jiraKey);
    n.put("name", u.name);
    n.put("emailAddress", u.email);
    n.putObject("avatarUrls").put("48x48", "http://127.0.0.1/secure/useravatar?avatarId=10122");
    n.put("displayName", u.displayName);
    n.put("active", u.active);
    n.put("deleted", false);
    n.put("timeZone", "UTC");
    n.put("locale", "en_US");
    if (groups) {
      ObjectNode g = n.putObject("groups");
      Set<String> names = state.groupsOf(u);
      g.put("size", names.size());
      ArrayNode items = g.putArray("items");
      names.forEach(name -> items.addObject().put("name", name));
    }
    n.put("expand", "groups,applicationRoles");
    return n;
  }

  static Res error(int status, String message) {
    ObjectNode n = SimServer.obj();
    n.putArray("errorMessages").add(message);
    n.putObject("errors");
    return Res.json(status, n);
  }

  static Res fieldError(String field, String message) {
    ObjectNode n = SimServer.obj();
    n.putArray("errorMessages");
    n.putObject("errors").put(field, message);
    return Res.json(400, n);
  }
}
