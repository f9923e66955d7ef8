package io.github.usersync.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.testkit.LocalApiServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A small Okta org served on loopback in the Okta Management API's wire format, for the console's
 * tests: the real {@code okta} connector reads it.
 *
 * <ul>
 *   <li>Auth: {@code Authorization: SSWS <token>}; a wrong token gets 401 with Okta's error body
 *       {@code E0000011} (https://developer.okta.com/docs/reference/error-codes/).
 *   <li>{@code GET /api/v1/users}, {@code /users/{id}}, {@code /users/{id}/groups}, {@code
 *       /users/me}: user objects with {@code id}, {@code status}, timestamps, {@code profile}
 *       ({@code login}, {@code email}, {@code firstName}, {@code lastName}, {@code displayName}),
 *       {@code credentials} and {@code _links}
 *       (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/User/).
 *   <li>{@code GET /api/v1/groups}, {@code /groups/{id}/users}: group objects with {@code type}
 *       {@code OKTA_GROUP}, {@code objectClass} and {@code profile.name}
 *       (https://developer.okta.com/docs/reference/api/groups/).
 *   <li>Paging: the next page in a {@code Link: <…after=…>; rel="next"} header, {@code limit} per
 *       page (https://developer.okta.com/docs/reference/core-okta-api/#pagination).
 *   <li>{@code GET /api/v1/logs}: the System Log, always an empty array here (nothing is logged)
 *       (https://developer.okta.com/docs/reference/api/system-log/).
 *   <li>Rate-limit headers {@code X-Rate-Limit-Limit/-Remaining/-Reset}, reset in epoch seconds
 *       (https://developer.okta.com/docs/reference/rl-best-practices/).
 * </ul>
 *
 * Not confirmed here: Okta's exact error body for a 403 on group reads (the shape of {@code
 * E0000006} is taken from the error-codes page).
 */
final class OktaOrg implements AutoCloseable {
  static final String TOKEN = "00OktaOrgTest-api-token-4cL9xQ2mVw7pZ";
  static final String EVIL_NAME = "<script>alert(\"pwned\")</script> Mallory";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A user of the org. */
  static final class User {
    final String id;
    final String login;
    final String first;
    final String last;
    final String display;
    volatile String status = "ACTIVE";

    User(String id, String login, String first, String last, String display) {
      this.id = id;
      this.login = login;
      this.first = first;
      this.last = last;
      this.display = display;
    }
  }

  final List<User> users = new CopyOnWriteArrayList<>();
  final Map<String, List<String>> groups = new LinkedHashMap<>(); // group id -> member ids
  final Map<String, String> groupNames = new LinkedHashMap<>();
  volatile boolean forbidGroups;
  private final LocalApiServer server;

  OktaOrg() {
    user("00u1alice0000000001", "alice@example.com", "Alice", "Anders", "Alice Anders");
    user("00u2bob000000000002", "bob@example.com", "Bob", "Berg", "Bob Berg");
    user("00u3chloe0000000003", "chloe@example.com", "Chloé", "Çelik", "Chloé Çelik");
    user("00u4dmitri000000004", "dmitri@example.com", "Dmitri", "Dahl", "Dmitri Dahl");
    user("00u5mallory00000005", "mallory@example.com", "Mallory", "Mayer", EVIL_NAME);
    group("00g1engineering0001", "Engineering", "00u1alice0000000001", "00u3chloe0000000003", "00u4dmitri000000004");
    group("00g2sales0000000002", "Sales", "00u2bob000000000002", "00u5mallory00000005");
    server = LocalApiServer.start().route("/api/v1/", this::answer);
  }

  User user(String id, String login, String first, String last, String display) {
    User u = new User(id, login, first, last, display);
    users.add(u);
    return u;
  }

  private void group(String id, String name, String... members) {
    groupNames.put(id, name);
    groups.put(id, new CopyOnWriteArrayList<>(List.of(members)));
  }

  String baseUrl() {
    return server.baseUrl();
  }

  @Override
  public void close() {
    server.close();
  }

  private LocalApiServer.Response answer(LocalApiServer.Request request, String baseUrl) {
    if (!("SSWS " + TOKEN).equals(request.header("Authorization"))) {
      return error(401, "E0000011", "Invalid token provided");
    }
    String[] p = request.path().substring("/api/v1/".length()).split("/");
    if (p[0].equals("users")) {
      if (p.length == 1) {
        return page(request, baseUrl, "/api/v1/users", users(baseUrl, users));
      }
      if (p[1].equals("me")) {
        return ok(userJson(baseUrl, users.get(0)));
      }
      User u = find(p[1]);
      if (u == null) {
        return error(404, "E0000007", "Not found: Resource not found: " + p[1] + " (User)");
      }
      if (p.length == 2) {
        return ok(userJson(baseUrl, u));
      }
      if (forbidGroups) {
        return error(403, "E0000006", "You do not have permission to perform the requested action");
      }
      ArrayNode a = JSON.createArrayNode();
      groups.forEach((g, members) -> {
        if (members.contains(u.id)) {
          a.add(groupJson(baseUrl, g));
        }
      });
      return ok(a);
    }
    if (p[0].equals("groups")) {
      if (forbidGroups) {
        return error(403, "E0000006", "You do not have permission to perform the requested action");
      }
      if (p.length == 1) {
        ArrayNode a = JSON.createArrayNode();
        groups.keySet().forEach(g -> a.add(groupJson(baseUrl, g)));
        return page(request, baseUrl, "/api/v1/groups", a);
      }
      List<String> members = groups.get(p[1]);
      if (members == null) {
        return error(404, "E0000007", "Not found: Resource not found: " + p[1] + " (UserGroup)");
      }
      List<User> in = new ArrayList<>();
      for (String id : members) {
        User u = find(id);
        if (u != null) {
          in.add(u);
        }
      }
      return page(request, baseUrl, "/api/v1/groups/" + p[1] + "/users", users(baseUrl, in));
    }
    if (p[0].equals("logs") && p.length == 1) {
      // The System Log (https://developer.okta.com/docs/reference/api/system-log/): an array of
      // LogEvent objects; this org logs nothing, so every poll answers an empty page.
      return ok(JSON.createArrayNode());
    }
    return error(404, "E0000022", "The endpoint does not support the provided HTTP method");
  }

  private @Nullable User find(String id) {
    return users.stream().filter(u -> u.id.equals(id)).findFirst().orElse(null);
  }

  /** One page of {@code all} from {@code after} (an index here; opaque to the client), with Okta's Link header. */
  private static LocalApiServer.Response page(LocalApiServer.Request request, String baseUrl, String path, ArrayNode all) {
    int limit = Math.max(1, Math.min(200, request.queryInt("limit", 200)));
    String after = request.query("after");
    int from = after == null ? 0 : Integer.parseInt(after);
    int to = Math.min(all.size(), from + limit);
    ArrayNode page = JSON.createArrayNode();
    for (int i = from; i < to; i++) {
      page.add(all.get(i));
    }
    String filter = request.query("filter");
    String q = "limit=" + limit + (filter == null ? "" : "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8));
    String link = "<" + baseUrl + path + "?" + q + ">; rel=\"self\"";
    if (to < all.size()) {
      link += ", <" + baseUrl + path + "?after=" + to + "&" + q + ">; rel=\"next\"";
    }
    return ok(page).header("Link", link);
  }

  private static ArrayNode users(String baseUrl, List<User> list) {
    ArrayNode a = JSON.createArrayNode();
    list.forEach(u -> a.add(userJson(baseUrl, u)));
    return a;
  }

  private static ObjectNode userJson(String baseUrl, User u) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", u.id).put("status", u.status).put("created", "2024-01-10T09:00:00.000Z")
        .put("activated", "2024-01-10T09:00:01.000Z").put("statusChanged", "2024-01-10T09:00:01.000Z")
        .putNull("lastLogin").put("lastUpdated", "2024-02-01T00:00:00.000Z")
        .put("passwordChanged", "2024-01-10T09:00:01.000Z");
    n.putObject("type").put("id", "oty1qn2ud3yYvS9Hu1d7");
    n.putObject("profile").put("firstName", u.first).put("lastName", u.last).put("login", u.login)
        .put("email", u.login).put("displayName", u.display).putNull("mobilePhone").putNull("secondEmail");
    ObjectNode cred = n.putObject("credentials");
    cred.putObject("password");
    cred.putObject("provider").put("type", "OKTA").put("name", "OKTA");
    n.putObject("_links").putObject("self").put("href", baseUrl + "/api/v1/users/" + u.id);
    return n;
  }

  private ObjectNode groupJson(String baseUrl, String id) {
    ObjectNode g = JSON.createObjectNode();
    g.put("id", id).put("created", "2023-05-01T10:00:00.000Z").put("lastUpdated", "2023-05-01T10:00:00.000Z")
        .put("lastMembershipUpdated", "2024-02-01T00:00:00.000Z");
    g.putArray("objectClass").add("okta:user_group");
    g.put("type", "OKTA_GROUP");
    g.putObject("profile").put("name", groupNames.get(id)).putNull("description");
    ObjectNode links = g.putObject("_links");
    links.putObject("users").put("href", baseUrl + "/api/v1/groups/" + id + "/users");
    return g;
  }

  private static LocalApiServer.Response ok(Object body) {
    return LocalApiServer.Response.json(200, body.toString())
        .header("X-Rate-Limit-Limit", "600")
        .header("X-Rate-Limit-Remaining", "599")
        .header("X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 60));
  }

  private static LocalApiServer.Response error(int status, String code, String summary) {
    ObjectNode e = JSON.createObjectNode();
    e.put("errorCode", code).put("errorSummary", summary).put("errorLink", code).put("errorId", "oaeConsoleTest")
        .putArray("errorCauses");
    return LocalApiServer.Response.json(status, e.toString());
  }
}
