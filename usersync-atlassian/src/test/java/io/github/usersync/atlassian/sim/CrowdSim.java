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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Crowd's user-management REST API ({@code /rest/usermanagement/1}) over a {@link SimState}, as
 * Crowd's reference and its own representation samples show it: application Basic authentication,
 * JSON only when asked for (XML otherwise), error bodies {@code {"reason","message"}}, offset paging
 * with {@code start-index}/{@code max-results}, and {@code /group/membership} in XML only.
 */
public final class CrowdSim {
  private final SimState state;
  private final String prefix;
  private final String expectedAuth;
  private final boolean answersCreatedUser;

  CrowdSim(SimState state, String prefix, String appName, String appPassword) {
    this(state, prefix, appName, appPassword, true);
  }

  private CrowdSim(SimState state, String prefix, String appName, String appPassword, boolean answersCreatedUser) {
    this.state = state;
    this.prefix = prefix;
    this.answersCreatedUser = answersCreatedUser;
    this.expectedAuth = "Basic " + Base64.getEncoder()
        .encodeToString((appName + ":" + appPassword).getBytes(StandardCharsets.UTF_8));
  }

  /** A Crowd server at {@code /crowd}, signed in to as application {@code usersync}. */
  public static SimServer server(SimState state) {
    CrowdSim crowd = new CrowdSim(state, "/crowd/rest/usermanagement/1", "usersync", "app-secret");
    return new SimServer(crowd::handle);
  }

  /**
   * A Crowd from before CWD-3976, which answers a user create with {@code 201} and the {@code
   * Location} header only, no user entity (https://jira.atlassian.com/browse/CWD-4124).
   */
  public static SimServer serverAnsweringCreatesWithoutUser(SimState state) {
    CrowdSim crowd = new CrowdSim(state, "/crowd/rest/usermanagement/1", "usersync", "app-secret", false);
    return new SimServer(crowd::handle);
  }

  boolean handles(Req r) {
    return r.path.startsWith(prefix);
  }

  Res handle(Req r) {
    if (!expectedAuth.equals(r.header("Authorization"))) {
      return error(401, "APPLICATION_ACCESS_DENIED", "Application failed to authenticate");
    }
    String path = r.path.substring(prefix.length());
    String accept = String.valueOf(r.header("Accept"));
    if (path.equals("/group/membership")) {
      if (!accept.contains("xml")) {
        return Res.empty(406);
      }
      return membershipsXml();
    }
    if (!accept.contains("application/json")) {
      // Crowd answers XML unless asked for JSON; the simulation has no XML for these resources.
      return Res.xml(200, "<user name=\"not-json\"/>");
    }
    synchronized (state) {
      switch (r.method + " " + path) {
        case "GET /user": return getUser(r);
        case "POST /user": return createUser(r);
        case "PUT /user": return updateUser(r);
        case "DELETE /user": return deleteUser(r);
        case "POST /user/rename": return rename(r);
        case "POST /user/attribute": return storeAttributes(r);
        case "DELETE /user/attribute": return removeAttribute(r);
        case "GET /search": return search(r, null, null);
        case "POST /search": return searchXml(r);
        case "GET /group": return getGroup(r);
        case "POST /group": return createGroup(r);
        case "GET /group/user/direct": return groupUsers(r);
        case "GET /user/group/direct": return userGroups(r);
        case "POST /user/group/direct": return addMembership(r);
        case "DELETE /user/group/direct": return removeMembership(r);
        default: return error(404, "NOT_FOUND", "no resource " + r.method + " " + path);
      }
    }
  }

  // ---------------------------------------------------------------- users

  private Res getUser(Req r) {
    SimUser u = r.has("key")
        ? state.byCrowdKey(r.q("key")).orElse(null)
        : state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.has("key") ? r.q("key") : r.q("username"));
    }
    return Res.json(200, user(u, "attributes".equals(r.q("expand"))));
  }

  private Res createUser(Req r) {
    JsonNode b = r.json();
    String name = b.path("name").asText("");
    if (name.isEmpty() || b.path("password").path("value").asText("").isEmpty()) {
      return error(400, "INVALID_USER", "Username and password are required");
    }
    if (state.user(name).isPresent()) {
      return error(400, "INVALID_USER", "User already exists");
    }
    SimUser u = state.add(name);
    applyFields(u, b);
    for (JsonNode a : attributeList(b.path("attributes"))) {
      u.attributes.put(a.path("name").asText(), values(a));
    }
    // 201 with the Location of the new user; since CWD-3976 the body is the new user entity, key
    // included, in the shape of GET /user without expanded attributes
    // (https://jira.atlassian.com/browse/CWD-4124). Whether Crowd expands the attributes in this
    // answer is not documented: the simulation does not, the harder case for the client.
    String location = "http://127.0.0.1" + prefix + "/user?username=" + name;
    return answersCreatedUser
        ? Res.json(201, user(u, false)).header("Location", location)
        : Res.empty(201).header("Location", location);
  }

  private Res updateUser(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    JsonNode b = r.json();
    if (!u.name.equals(b.path("name").asText())) {
      return error(400, "INVALID_USER", "The username in the body must match the username parameter");
    }
    // Crowd's PUT replaces every field: what the body leaves out is cleared.
    u.firstName = "";
    u.lastName = "";
    u.displayName = "";
    u.email = "";
    applyFields(u, b);
    return Res.empty(204);
  }

  private Res deleteUser(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    state.delete(u);
    return Res.empty(204);
  }

  private Res rename(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    String newName = r.json().path("new-name").asText("");
    if (newName.isEmpty()) {
      return error(400, "ILLEGAL_ARGUMENT", "new-name is required");
    }
    if (state.user(newName).filter(o -> o != u).isPresent()) {
      return error(400, "INVALID_USER", "User " + newName + " already exists");
    }
    state.rename(u, newName);
    return Res.json(200, user(u, false));
  }

  private Res storeAttributes(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    for (JsonNode a : attributeList(r.json())) {
      u.attributes.put(a.path("name").asText(), values(a));
    }
    return Res.empty(204);
  }

  private Res removeAttribute(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    u.attributes.remove(r.q("attributename"));
    return Res.empty(204);
  }

  // ---------------------------------------------------------------- search

  private Res search(Req r, @org.jspecify.annotations.Nullable String property, @org.jspecify.annotations.Nullable String value) {
    boolean users = "user".equals(r.q("entity-type"));
    int start = r.intQ("start-index", 0);
    int max = r.intQ("max-results", 1000);
    String expand = r.q("expand");
    ObjectNode out = SimServer.obj();
    if (users) {
      List<SimUser> all = state.users.values().stream()
          .filter(u -> property == null || value == null || matches(u, property, value))
          .collect(Collectors.toList());
      out.put("expand", "user");
      ArrayNode list = out.putArray("users");
      for (SimUser u : page(all, start, max)) {
        list.add(expand.contains("user") ? user(u, expand.contains("attributes")) : minimal(u.name, "user"));
      }
    } else {
      out.put("expand", "group");
      ArrayNode list = out.putArray("groups");
      for (String g : page(new ArrayList<>(state.groups.keySet()), start, max)) {
        list.add(minimal(g, "group"));
      }
    }
    return Res.json(200, out);
  }

  private static final Pattern XML_NAME = Pattern.compile("<property>\\s*<name>(.*?)</name>", Pattern.DOTALL);
  private static final Pattern XML_VALUE = Pattern.compile("<value>(.*?)</value>", Pattern.DOTALL);

  private Res searchXml(Req r) {
    String ct = String.valueOf(r.header("Content-Type"));
    if (!ct.contains("xml") || !r.body.contains("<property-search-restriction>")
        || !r.body.contains("<match-mode>EXACTLY_MATCHES</match-mode>")) {
      return error(400, "ILLEGAL_ARGUMENT", "unsupported search restriction");
    }
    Matcher n = XML_NAME.matcher(r.body);
    Matcher v = XML_VALUE.matcher(r.body);
    if (!n.find() || !v.find()) {
      return error(400, "ILLEGAL_ARGUMENT", "unsupported search restriction");
    }
    return search(r, unescape(n.group(1)), unescape(v.group(1)));
  }

  private static boolean matches(SimUser u, String property, String value) {
    switch (property) {
      case "email": return u.email.equalsIgnoreCase(value);
      case "name": return u.name.equalsIgnoreCase(value);
      default:
        List<String> v = u.attributes.get(property);
        return v != null && v.contains(value);
    }
  }

  // ---------------------------------------------------------------- groups

  private Res getGroup(Req r) {
    String g = r.q("groupname");
    if (!state.groups.containsKey(g)) {
      return error(404, "GROUP_NOT_FOUND", "Group <" + g + "> does not exist");
    }
    ObjectNode out = minimal(state.groups.keySet().stream().filter(g::equalsIgnoreCase).findFirst().orElse(g), "group");
    out.put("type", "GROUP").put("active", true).put("description", "");
    return Res.json(200, out);
  }

  private Res createGroup(Req r) {
    JsonNode b = r.json();
    String g = b.path("name").asText("");
    if (g.isEmpty() || !"GROUP".equals(b.path("type").asText())) {
      return error(400, "INVALID_GROUP", "name and type GROUP are required");
    }
    if (state.groups.containsKey(g)) {
      return error(400, "INVALID_GROUP", "Group already exists");
    }
    state.groups.put(g, new LinkedHashSet<>());
    return Res.empty(201).header("Location", "/group?groupname=" + g);
  }

  private Res groupUsers(Req r) {
    String g = r.q("groupname");
    if (!state.groups.containsKey(g)) {
      return error(404, "GROUP_NOT_FOUND", "Group <" + g + "> does not exist");
    }
    boolean expand = "user".equals(r.q("expand"));
    ObjectNode out = SimServer.obj();
    out.put("expand", "user");
    ArrayNode list = out.putArray("users");
    for (SimUser u : page(state.members(g), r.intQ("start-index", 0), r.intQ("max-results", 1000))) {
      list.add(expand ? user(u, false) : minimal(u.name, "user"));
    }
    return Res.json(200, out);
  }

  private Res userGroups(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    ObjectNode out = SimServer.obj();
    out.put("expand", "group");
    ArrayNode list = out.putArray("groups");
    for (String g : page(new ArrayList<>(state.groupsOf(u)), r.intQ("start-index", 0), r.intQ("max-results", 1000))) {
      list.add(minimal(g, "group"));
    }
    return Res.json(200, out);
  }

  private Res addMembership(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    if (u == null) {
      return userNotFound(r.q("username"));
    }
    String g = r.json().path("name").asText("");
    Set<String> members = state.groups.get(g);
    if (members == null) {
      return error(400, "GROUP_NOT_FOUND", "Group <" + g + "> does not exist");
    }
    if (!members.add(SimState.lower(u.name))) {
      return error(409, "MEMBERSHIP_ALREADY_EXISTS", "User <" + u.name + "> is already a direct member of <" + g + ">");
    }
    return Res.empty(201);
  }

  private Res removeMembership(Req r) {
    SimUser u = state.users.get(SimState.lower(r.q("username")));
    String g = r.q("groupname");
    Set<String> members = state.groups.get(g);
    if (u == null || members == null || !members.remove(SimState.lower(u.name))) {
      return error(404, "MEMBERSHIP_NOT_FOUND", "The membership does not exist");
    }
    return Res.empty(204);
  }

  private Res membershipsXml() {
    StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><memberships>");
    synchronized (state) {
      state.groups.forEach((g, members) -> {
        b.append("<membership group=\"").append(xml(g)).append("\"><users>");
        for (String m : members) {
          SimUser su = state.users.get(m);
          if (su != null) {
            b.append("<user name=\"").append(xml(su.name)).append("\"/>");
          }
        }
        b.append("</users><groups/></membership>");
      });
    }
    return Res.xml(200, b.append("</memberships>").toString());
  }

  // ---------------------------------------------------------------- representations

  private ObjectNode user(SimUser u, boolean withAttributes) {
    ObjectNode n = minimal(u.name, "user");
    n.put("key", u.crowdKey);
    n.put("active", u.active);
    n.put("first-name", u.firstName);
    n.put("last-name", u.lastName);
    n.put("display-name", u.displayName);
    n.put("email", u.email);
    n.putObject("password").putObject("link").put("rel", "edit")
        .put("href", "http://127.0.0.1" + prefix + "/user/password?username=" + u.name);
    n.put("expand", "attributes");
    if (withAttributes) {
      ObjectNode attrs = n.putObject("attributes");
      attrs.putObject("link").put("rel", "self").put("href", "http://127.0.0.1" + prefix + "/user/attribute?username=" + u.name);
      ArrayNode list = attrs.putArray("attributes");
      u.attributes.forEach((k, v) -> {
        ObjectNode a = list.addObject();
        a.put("name", k);
        ArrayNode values = a.putArray("values");
        v.forEach(values::add);
      });
    }
    return n;
  }

  private ObjectNode minimal(String name, String kind) {
    ObjectNode n = SimServer.obj();
    n.putObject("link").put("rel", "self")
        .put("href", "http://127.0.0.1" + prefix + "/" + kind + "?" + kind + "name=" + name);
    n.put("name", name);
    return n;
  }

  private static void applyFields(SimUser u, JsonNode b) {
    u.firstName = b.path("first-name").asText(u.firstName);
    u.lastName = b.path("last-name").asText(u.lastName);
    u.displayName = b.path("display-name").asText(u.displayName);
    u.email = b.path("email").asText(u.email);
    u.active = b.path("active").asBoolean(u.active);
  }

  private static JsonNode attributeList(JsonNode container) {
    JsonNode list = container.has("attributes") ? container.path("attributes") : container.path("attribute");
    return list.isArray() ? list : SimServer.JSON.createArrayNode();
  }

  private static List<String> values(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.path("values").forEach(v -> out.add(v.asText()));
    return out;
  }

  private static <T> List<T> page(List<T> all, int start, int max) {
    return start >= all.size()
        ? new ArrayList<>()
        : new ArrayList<>(all.subList(start, Math.min(all.size(), start + max)));
  }

  private static Res userNotFound(Object name) {
    return error(404, "USER_NOT_FOUND", "User <" + name + "> does not exist");
  }

  static Res error(int status, String reason, String message) {
    ObjectNode n = SimServer.obj().put("reason", reason).put("message", message);
    return Res.json(status, n);
  }

  private static String xml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
  }

  private static String unescape(String s) {
    return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
  }

}
