package io.github.usersync.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.entra.internal.GraphRequests;
import io.github.usersync.testkit.LocalApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A full listing that carries managers: the users listed in parts by the first character of
 * {@code userPrincipalName} with {@code $expand=manager($select=id)}, next to the plain listing.
 * The server answers as Graph documents: {@code $top} up to 999, at most 100 a page with {@code
 * $expand} ("Use query parameters", {@code $expand}), {@code startswith} case-insensitive
 * ("Use the $filter query parameter"), the next page at {@code @odata.nextLink}; a user without a
 * manager has no {@code manager} property (unconfirmed: Graph may also answer {@code null}, which
 * the connector reads the same way); {@code POST /$batch} for managers read per user ("Combine
 * multiple HTTP requests using JSON batching").
 */
@Timeout(60)
class EntraUsersWithManagersTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ0.eyJ1.c2ln\"}";
  private static final Pattern STARTS = Pattern.compile("startswith\\(userPrincipalName,'((?:[^']|'')*)'\\)");
  // First names with the spread of initials of a real tenant; one user in 400 has a UPN outside
  // Graph's documented first characters (data may break the documented rules).
  private static final List<String> NAMES = List.of("james", "john", "mary", "michael", "sarah", "susan", "anna",
      "david", "chris", "robert", "karen", "linda", "emily", "brian", "thomas", "nancy", "olivia", "paul",
      "grace", "henry", "ian", "victor", "wendy", "zoe", "yusuf", "xavier", "quinn", "uma", "fatima", "li",
      "o'brien", "_svc", "3d-print");

  private LocalApiServer login;
  private LocalApiServer graph;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  private final Set<String> goneOnRead = ConcurrentHashMap.newKeySet();
  private volatile String failingPrefix = "";
  private int size;

  static String id(int i) {
    return String.format(Locale.ROOT, "00000000-0000-0000-0000-%012x", i);
  }

  static int index(String id) {
    return Integer.parseInt(id.substring(id.lastIndexOf('-') + 1), 16);
  }

  static String upn(int i) {
    return (i % 400 == 7 ? "élodie" : NAMES.get(i % NAMES.size())) + "." + i + "@contoso.com";
  }

  static Optional<Integer> managerOf(int i) {
    return i % 50 == 0 ? Optional.empty() : Optional.of(i / 10);
  }

  @BeforeEach
  void start() {
    login = LocalApiServer.start().route("/", (r, base) -> LocalApiServer.Response.json(200, TOKEN));
    graph = LocalApiServer.start()
        .route("/v1.0/users", (r, base) -> {
          if (!r.path().equals("/v1.0/users")) {
            return perUser(r.path());
          }
          return r.query("$expand") == null ? plain(r, base) : part(r, base);
        })
        .route("/v1.0/$batch", (r, base) -> batch(r));
  }

  @AfterEach
  void stop() {
    graph.close();
    login.close();
  }

  private EntraDirectory directory(int users) {
    size = users;
    return EntraDirectory.create(EntraSettings.builder()
        .tenant("contoso.onmicrosoft.com")
        .clientId("00001111-aaaa-2222-bbbb-3333cccc4444")
        .clientSecret(Secret.of("test-secret"))
        .loginBaseUrl(URI.create(login.baseUrl()))
        .baseUrl(URI.create(graph.baseUrl()))
        .build());
  }

  private static UserQuery withManagers() {
    return UserQuery.builder().managers(true).build();
  }

  private int count(String kind) {
    AtomicInteger n = requests.get(kind);
    return n == null ? 0 : n.get();
  }

  // Pages each part of the listing takes: at least one, 100 users a page.
  private int partPages(Set<String> refusedParts) {
    int pages = 0;
    for (String prefix : GraphRequests.UPN_FIRST_CHARACTERS) {
      long n = refusedParts.contains(prefix) ? 0 : matching(prefix).size();
      pages += Math.max(1, (int) ((n + 99) / 100));
    }
    return pages;
  }

  private List<Integer> matching(String prefix) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if (upn(i).startsWith(prefix.toLowerCase(Locale.ROOT))) {
        out.add(i);
      }
    }
    return out;
  }

  @Test
  void everyUserComesOnceWithItsManagerAndTheManagerReadsCostNothingMore() {
    try (EntraDirectory d = directory(2_300); Stream<DirectoryUser> s = d.users(withManagers())) {
      List<DirectoryUser> users = s.collect(Collectors.toList());

      assertThat(users).hasSize(2_300);
      assertThat(users.stream().map(DirectoryUser::id).distinct().count()).isEqualTo(2_300);
      for (DirectoryUser u : users) {
        assertThat(u.managerId()).as(u.username()).isEqualTo(managerOf(index(u.id())).map(EntraUsersWithManagersTest::id));
      }
      assertThat(count("plain")).as("plain pages of 999").isEqualTo(3);
      assertThat(count("part")).isEqualTo(partPages(Set.of()));
      assertThat(count("batch")).as("the 6 users in no part (UPNs starting with é), read again by id").isEqualTo(1);
      assertThat(count("user reads")).isEqualTo(6);

      Map<String, Optional<String>> managers = new HashMap<>();
      List<String> ids = users.stream().map(DirectoryUser::id).collect(Collectors.toList());
      for (int from = 0; from < ids.size(); from += 200) {
        managers.putAll(d.managerIds(ids.subList(from, Math.min(ids.size(), from + 200))));
      }

      for (String id : ids) {
        assertThat(managers.get(id)).as(id).isEqualTo(managerOf(index(id)).map(EntraUsersWithManagersTest::id));
      }
      assertThat(count("manager reads")).as("every manager came with the listing").isZero();
      assertThat(count("batch")).as("only the listing's").isEqualTo(1);
    }
  }

  @Test
  void aPartGraphRefusesLeavesItsUsersToThePlainListingAndTheirManagersToBatches() {
    refused.add("j");
    try (EntraDirectory d = directory(2_300); Stream<DirectoryUser> s = d.users(withManagers())) {
      List<DirectoryUser> users = s.collect(Collectors.toList());

      assertThat(users).hasSize(2_300);
      assertThat(users.stream().map(DirectoryUser::id).distinct().count()).isEqualTo(2_300);
      List<String> js = users.stream().filter(u -> u.username().startsWith("j")).map(DirectoryUser::id)
          .collect(Collectors.toList());
      assertThat(js).hasSizeGreaterThan(100);
      assertThat(count("user reads")).as("the users of the refused part and the 6 in no part, read by id")
          .isEqualTo(js.size() + 6);

      Map<String, Optional<String>> managers = d.managerIds(js);
      for (String id : js) {
        assertThat(managers.get(id)).as(id).isEqualTo(managerOf(index(id)).map(EntraUsersWithManagersTest::id));
      }
      assertThat(count("manager reads")).isZero();
    }
  }

  @Test
  void aUserListedButGoneWhenReadAgainFailsTheListingRatherThanLeavingTheUserOut() {
    goneOnRead.add(id(7));
    try (EntraDirectory d = directory(2_300); Stream<DirectoryUser> s = d.users(withManagers())) {
      assertThatThrownBy(() -> s.forEach(u -> { }))
          .isInstanceOf(io.github.usersync.core.DirectoryException.class)
          .hasMessageContaining("listed moments ago");
    }
  }

  @Test
  void aPartPageThatFailsFailsTheListing() {
    failingPrefix = "m";
    try (EntraDirectory d = directory(2_300); Stream<DirectoryUser> s = d.users(withManagers())) {
      assertThatThrownBy(() -> s.forEach(u -> { }))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("403");
    }
  }

  @Test
  void aDirectoryOfOnePageIsOneRequestAndItsManagersAreBatched() {
    try (EntraDirectory d = directory(300); Stream<DirectoryUser> s = d.users(withManagers())) {
      List<DirectoryUser> users = s.collect(Collectors.toList());

      assertThat(users).hasSize(300);
      assertThat(count("plain")).isEqualTo(1);
      assertThat(count("part")).isZero();
      Map<String, Optional<String>> managers =
          d.managerIds(users.stream().map(DirectoryUser::id).collect(Collectors.toList()));
      assertThat(managers.get(id(123))).contains(id(12));
      assertThat(count("batch")).isEqualTo(15);
      assertThat(count("manager reads")).isEqualTo(300);
    }
  }

  @Test
  void aListingThatDoesNotAskForManagersReadsNoParts() {
    try (EntraDirectory d = directory(2_300); Stream<DirectoryUser> s = d.users(UserQuery.standard())) {
      assertThat(s.count()).isEqualTo(2_300);
      assertThat(count("plain")).isEqualTo(3);
      assertThat(count("part")).isZero();
    }
  }

  // ---------------------------------------------------------------- the server

  private static ObjectNode user(int i) {
    ObjectNode u = JSON.createObjectNode();
    u.put("id", id(i));
    u.put("userPrincipalName", upn(i));
    u.put("mail", upn(i));
    u.put("displayName", "User " + i);
    u.put("accountEnabled", true);
    return u;
  }

  private static ObjectNode page(List<Integer> items, int from, int top, String next) {
    ObjectNode body = JSON.createObjectNode();
    int to = Math.min(items.size(), from + top);
    if (to < items.size()) {
      body.put("@odata.nextLink", next + "&$skiptoken=" + to);
    }
    ArrayNode value = body.putArray("value");
    for (int k = from; k < to; k++) {
      value.add(user(items.get(k)));
    }
    return body;
  }

  private LocalApiServer.Response plain(LocalApiServer.Request r, String base) {
    requests.computeIfAbsent("plain", k -> new AtomicInteger()).incrementAndGet();
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      all.add(i);
    }
    int top = Math.min(999, r.queryInt("$top", 100));
    String token = r.query("$skiptoken");
    return LocalApiServer.Response.json(200, page(all, token == null ? 0 : Integer.parseInt(token), top,
        base + "/v1.0/users?$select=" + r.query("$select") + "&$top=" + top).toString());
  }

  private LocalApiServer.Response part(LocalApiServer.Request r, String base) {
    requests.computeIfAbsent("part", k -> new AtomicInteger()).incrementAndGet();
    Matcher m = STARTS.matcher(String.valueOf(r.query("$filter")));
    if (!m.find() || !"manager($select=id)".equals(r.query("$expand"))) {
      return LocalApiServer.Response.json(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"bad filter\"}}");
    }
    String prefix = m.group(1).replace("''", "'");
    if (refused.contains(prefix)) {
      return LocalApiServer.Response.json(400,
          "{\"error\":{\"code\":\"Request_UnsupportedQuery\",\"message\":\"Unsupported Query.\"}}");
    }
    String token = r.query("$skiptoken");
    int from = token == null ? 0 : Integer.parseInt(token);
    if (prefix.equals(failingPrefix) && from > 0) {
      return LocalApiServer.Response.json(403,
          "{\"error\":{\"code\":\"Authorization_RequestDenied\",\"message\":\"Insufficient privileges.\"}}");
    }
    int top = Math.min(100, r.queryInt("$top", 100));
    ObjectNode body = page(matching(prefix), from, top, base + "/v1.0/users?$filter="
        + URLEncoder.encode(String.valueOf(r.query("$filter")), StandardCharsets.UTF_8)
        + "&$expand=manager($select=id)&$top=" + top);
    // Each user with its manager, as $expand=manager($select=id) answers.
    for (JsonNode u : body.path("value")) {
      managerOf(index(u.path("id").asText())).ifPresent(mgr -> ((ObjectNode) u).putObject("manager")
          .put("@odata.type", "#microsoft.graph.user").put("id", id(mgr)));
    }
    return LocalApiServer.Response.json(200, body.toString());
  }

  private static JsonNode managerAnswer(int i) {
    ObjectNode a = JSON.createObjectNode();
    Optional<Integer> m = managerOf(i);
    if (m.isPresent()) {
      a.put("status", 200);
      a.putObject("body").put("@odata.type", "#microsoft.graph.user").put("id", id(m.get()));
    } else {
      a.put("status", 404);
      a.putObject("body").putObject("error").put("code", "Request_ResourceNotFound");
    }
    return a;
  }

  private LocalApiServer.Response perUser(String path) {
    JsonNode a = answer(path.substring("/v1.0".length()));
    return LocalApiServer.Response.json(a.path("status").asInt(), a.path("body").toString());
  }

  // GET /users/{id}/manager, or GET /users/{id} with $expand=manager($select=id) ("Get user", "List
  // manager"): status and body.
  private JsonNode answer(String url) {
    Matcher manager = Pattern.compile("/users/([^/?]+)/manager").matcher(url);
    Matcher user = Pattern.compile("/users/([^/?]+)(\\?.*)?").matcher(url);
    if (manager.find()) {
      requests.computeIfAbsent("manager reads", k -> new AtomicInteger()).incrementAndGet();
      return managerAnswer(index(manager.group(1)));
    }
    ObjectNode a = JSON.createObjectNode();
    if (user.matches() && !goneOnRead.contains(user.group(1))) {
      requests.computeIfAbsent("user reads", k -> new AtomicInteger()).incrementAndGet();
      int i = index(user.group(1));
      ObjectNode u = user(i);
      managerOf(i).ifPresent(mgr -> u.putObject("manager").put("@odata.type", "#microsoft.graph.user").put("id", id(mgr)));
      a.put("status", 200);
      a.set("body", u);
    } else {
      a.put("status", 404);
      a.putObject("body").putObject("error").put("code", "Request_ResourceNotFound");
    }
    return a;
  }

  private LocalApiServer.Response batch(LocalApiServer.Request r) {
    requests.computeIfAbsent("batch", k -> new AtomicInteger()).incrementAndGet();
    try {
      JsonNode in = JSON.readTree(r.body());
      ObjectNode out = JSON.createObjectNode();
      ArrayNode responses = out.putArray("responses");
      for (JsonNode item : in.path("requests")) {
        JsonNode a = answer(item.path("url").asText());
        ObjectNode o = responses.addObject();
        o.put("id", item.path("id").asText());
        o.put("status", a.path("status").asInt());
        o.putObject("headers").put("Content-Type", "application/json");
        o.set("body", a.path("body"));
      }
      return LocalApiServer.Response.json(200, out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
