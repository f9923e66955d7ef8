package io.github.usersync.benchmarks;

import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.entra.EntraDirectory;
import io.github.usersync.entra.EntraSettings;
import io.github.usersync.google.GoogleDirectory;
import io.github.usersync.google.GoogleSettings;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import io.github.usersync.onelogin.OneLoginDirectory;
import io.github.usersync.onelogin.OneLoginSettings;
import io.github.usersync.testkit.LocalApiServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A full read of 20,000 users, 40 groups and 36,000 memberships (one group of 18,000 members, 39
 * of about 460) from a loopback server speaking Okta's, Graph's, Google's, Keycloak's or OneLogin's
 * wire format, with a round trip injected on every answer. Prints, for each provider, the requests by kind next to the
 * API floor (every listing at the API's largest page) and the wall time of:
 *
 * <ul>
 *   <li>{@code read}: the connector alone, as the engine reads: the groups, then every group's
 *       members, 4 groups at a time, while the users are listed on another thread;
 *   <li>{@code sync}: a whole first sync into the in-memory target (the engine's own read order).
 * </ul>
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.FullReadBenchmark [okta,entra,google,keycloak,onelogin] [rttMillis] [rounds]}</pre>
 */
public final class FullReadBenchmark {
  static final int USERS = 20_000;
  static final int GROUPS = 40;
  static final int BIG = 18_000;

  private FullReadBenchmark() {}

  /** Members of group g: group 0 has users 0..17,999; group k has those of them with i % 39 == k - 1. */
  static List<Integer> members(int g) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < BIG; i++) {
      if (g == 0 || i % (GROUPS - 1) == g - 1) {
        out.add(i);
      }
    }
    return out;
  }

  static int memberships() {
    int n = 0;
    for (int g = 0; g < GROUPS; g++) {
      n += members(g).size();
    }
    return n;
  }

  static long pages(long items, int page) {
    return Math.max(1, (items + page - 1) / page);
  }

  /** The floor: every listing at the page size given. */
  static long floor(int userPage, int groupPage, int memberPage) {
    long n = pages(USERS, userPage) + pages(GROUPS, groupPage);
    for (int g = 0; g < GROUPS; g++) {
      n += pages(members(g).size(), memberPage);
    }
    return n;
  }

  /** A server whose requests are counted by kind. */
  static final class Counted {
    final LocalApiServer server = LocalApiServer.start();
    final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();

    void route(String prefix, String kind, LocalApiServer.Handler h) {
      server.route(prefix, (r, base) -> {
        String k = kind.equals("groups") && r.path().endsWith("/users") || r.path().endsWith("/members") ? "members" : kind;
        byKind.computeIfAbsent(k, x -> new AtomicLong()).incrementAndGet();
        return h.handle(r, base);
      });
    }

    void reset() {
      byKind.clear();
      server.resetCounters();
    }

    String counts() {
      return new TreeMap<>(byKind.entrySet().stream()
          .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().get()))).toString();
    }
  }

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    io.github.usersync.core.http.ApiClient.disableJdkSilentRetries();
    List<String> providers = List.of((args.length > 0 ? args[0] : "okta,entra,google,keycloak,onelogin").split(","));
    long rtt = args.length > 1 ? Long.parseLong(args[1]) : 50;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.out.printf(Locale.ROOT, "data: %d users, %d groups, %d memberships; round trip %d ms%n",
        USERS, GROUPS, memberships(), rtt);
    for (String p : providers) {
      switch (p) {
        case "okta":
          okta(rtt, rounds);
          break;
        case "entra":
          entra(rtt, rounds);
          break;
        case "google":
          google(rtt, rounds);
          break;
        case "keycloak":
          keycloak(rtt, rounds);
          break;
        case "onelogin":
          onelogin(rtt, rounds);
          break;
        default:
          throw new IllegalArgumentException("unknown provider " + p);
      }
    }
  }

  static void measure(String name, Counted api, Function<String, IdpDirectory> directory, long floor, long rtt,
      int rounds) throws Exception {
    measure(name, api, directory, floor, rtt, rounds, counted -> {});
  }

  /** {@link #measure}, with {@code check} run on the counts of the counted read. */
  static void measure(String name, Counted api, Function<String, IdpDirectory> directory, long floor, long rtt,
      int rounds, java.util.function.Consumer<Counted> check) throws Exception {
    api.server.delay(Duration.ZERO);
    read(api, directory); // warm-up
    api.reset();
    read(api, directory);
    System.out.printf(Locale.ROOT, "%s: read requests %d %s, API floor %d%n", name, api.server.requests(), api.counts(), floor);
    check.accept(api);
    api.reset();
    sync(api, directory);
    long syncRequests = api.server.requests();
    System.out.printf(Locale.ROOT, "%s: sync requests %d %s%n", name, syncRequests, api.counts());
    api.server.delay(Duration.ofMillis(rtt));
    List<Long> reads = new ArrayList<>();
    List<Long> syncs = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      read(api, directory);
      reads.add((System.nanoTime() - t) / 1_000_000);
      t = System.nanoTime();
      sync(api, directory);
      syncs.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.printf(Locale.ROOT, "%s: at %d ms: read %s ms (median %d), sync %s ms (median %d), most in flight %d%n",
        name, rtt, reads, median(reads), syncs, median(syncs), api.server.maxInFlight());
    api.server.delay(Duration.ZERO);
  }

  static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    s.sort(null);
    return s.get(s.size() / 2);
  }

  /** Groups, then members 4 groups at a time, while the users are listed on another thread. */
  static long read(Counted api, Function<String, IdpDirectory> directory) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(5);
    try (IdpDirectory d = directory.apply(api.server.baseUrl())) {
      Future<Long> users = pool.submit(() -> d.users(UserQuery.standard()).count());
      List<DirectoryGroup> groups = d.groups().collect(Collectors.toList());
      List<Future<Long>> members = new ArrayList<>();
      for (DirectoryGroup g : groups) {
        members.add(pool.submit(() -> d.groupMembers(g.id(), Membership.DIRECT).count()));
      }
      long m = 0;
      for (Future<Long> f : members) {
        m += f.get();
      }
      long u = users.get();
      if (u != USERS || m != memberships()) {
        throw new IllegalStateException("read " + u + " users and " + m + " memberships");
      }
      return u;
    } finally {
      pool.shutdownNow();
    }
  }

  static SyncReport sync(Counted api, Function<String, IdpDirectory> directory) {
    try (IdpDirectory d = directory.apply(api.server.baseUrl())) {
      SyncReport r = UserSync.builder(d, InMemoryTarget.create()).mapper(UserMapping.defaults()).build().run();
      if (!r.plan().readComplete()) {
        throw new IllegalStateException("incomplete read: " + r.toText());
      }
      return r;
    }
  }

  // ------------------------------------------------------------------ Okta

  /**
   * usersync's Okta read, with the connector's {@code userListRanges} (or {@code
   * -Dusersync.okta.userListRanges=K}). The users' requests are checked against {@link
   * OktaListUsersBenchmark#expectedRequests}: the single chain's 100, or, split, 1 + Σ ⌈n_i/200⌉ +
   * ⌈c/200⌉ (the sample page, each range, the catch-up), at most the floor's 100 + K + 1.
   */
  static void okta(long rtt, int rounds) throws Exception {
    Counted api = oktaServer();
    int ranges = OktaListUsersBenchmark.settings(api.server.baseUrl()).userListRanges();
    measure("okta", api, OktaListUsersBenchmark::directory, oktaFloor(), rtt, rounds, counted -> {
      long users = counted.byKind.getOrDefault("users", new AtomicLong()).get();
      long single = pages(USERS, 200);
      java.time.Instant now = java.time.Instant.now();
      long expected = OktaListUsersBenchmark.expectedRequests(USERS, ranges, now);
      System.out.printf(Locale.ROOT, "okta: userListRanges %d: users requests %d, expected %d (%s), single-chain floor %d,"
              + " at most floor + K + 1 = %d; whole read expected %d%n", ranges, users, expected,
          ranges == 1 ? "one chain" : "1 + Σ⌈n_i/200⌉ + ⌈c/200⌉, users in each range then catch-up "
              + OktaListUsersBenchmark.split(USERS, ranges, now),
          single, single + ranges + 1, oktaFloor() - single + expected);
      if (users != expected) {
        throw new IllegalStateException("okta: " + users + " user requests, expected " + expected);
      }
    });
    api.server.close();
  }

  /** The Okta org both usersync and the Okta SDK ({@link OktaSdkFullRead}) read. */
  static Counted oktaServer() {
    Counted api = new Counted();
    api.route("/api/v1/users", "users", (r, base) -> OktaListUsersBenchmark.page(r, base, USERS));
    api.route("/api/v1/groups", "groups", FullReadBenchmark::oktaGroups);
    // The System Log, polled by a sync to start change tracking: an array of LogEvent objects,
    // empty here ("System Log API", developer.okta.com/docs/reference/api/system-log/).
    api.route("/api/v1/logs", "logs", (r, base) -> LocalApiServer.Response.json(200, "[]"));
    return api;
  }

  /** Users 200 a page, groups 10,000 (one page), members 1,000: the largest pages Okta documents. */
  static long oktaFloor() {
    return floor(200, 10_000, 1000);
  }

  static LocalApiServer.Response oktaGroups(LocalApiServer.Request r, String base) {
    String path = r.path();
    LocalApiServer.Response answer;
    if (path.endsWith("/users")) {
      int g = Integer.parseInt(path.substring("/api/v1/groups/00g".length(), path.length() - "/users".length()));
      List<Integer> all = members(g);
      int limit = Math.min(1000, r.queryInt("limit", 1000));
      String after = r.query("after");
      int from = after == null ? 0 : Integer.parseInt(after);
      int to = Math.min(all.size(), from + limit);
      StringBuilder b = new StringBuilder((to - from) * 1400).append('[');
      for (int i = from; i < to; i++) {
        if (i > from) {
          b.append(',');
        }
        OktaListUsersBenchmark.user(b, all.get(i), base);
      }
      // Every Okta list answer has a self link, and a next link (a second Link header) unless it is the last.
      answer = LocalApiServer.Response.json(200, b.append(']').toString())
          .header("Link", "<" + base + path + "?limit=" + limit + (from == 0 ? "" : "&after=" + from) + ">; rel=\"self\"");
      if (to < all.size()) {
        answer.addHeader("Link", "<" + base + path + "?limit=" + limit + "&after=" + to + ">; rel=\"next\"");
      }
    } else {
      StringBuilder b = new StringBuilder("[");
      for (int g = 0; g < GROUPS; g++) {
        b.append(g == 0 ? "" : ",").append("{\"id\":\"00g").append(g)
            .append("\",\"created\":\"2021-06-24T16:39:18.000Z\",\"lastUpdated\":\"2024-02-27T11:02:05.000Z\",")
            .append("\"lastMembershipUpdated\":\"2024-02-27T11:02:05.000Z\",\"objectClass\":[\"okta:user_group\"],")
            .append("\"type\":\"OKTA_GROUP\",\"profile\":{\"name\":\"Group ").append(g)
            .append("\",\"description\":\"Benchmark group\"}}");
      }
      answer = LocalApiServer.Response.json(200, b.append(']').toString())
          .header("Link", "<" + base + path + ">; rel=\"self\"");
    }
    return answer.header("X-Rate-Limit-Limit", "1000000").header("X-Rate-Limit-Remaining", "999999")
        .header("X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 60));
  }

  // ------------------------------------------------------------------ Entra

  private static final String ENTRA_TOKEN =
      "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
          + "\"access_token\":\"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJiZW5jaCJ9.c2ln\"}";

  static void entra(long rtt, int rounds) throws Exception {
    Counted api = entraServer();
    LocalApiServer login = LocalApiServer.start();
    login.route("/", (r, base) -> LocalApiServer.Response.json(200, ENTRA_TOKEN));
    measure("entra", api,
        base -> EntraDirectory.create(EntraSettings.builder()
            .tenant("contoso.onmicrosoft.com")
            .clientId("00001111-aaaa-2222-bbbb-3333cccc4444")
            .clientSecret(Secret.of("benchmark-secret"))
            .loginBaseUrl(URI.create(login.baseUrl()))
            .baseUrl(URI.create(base))
            .build()),
        entraFloor(), rtt, rounds);
    api.server.close();
    login.close();
  }

  /** The Graph tenant both usersync and the Graph SDK ({@link GraphSdkFullRead}) read. */
  static Counted entraServer() {
    Counted api = new Counted();
    api.route("/v1.0/users", "users", (r, base) -> EntraListUsersBenchmark.page(r, base, USERS));
    // $deltaToken=latest answers a delta link at once, with no users ("Get incremental changes for
    // users", learn.microsoft.com/graph/delta-query-users): the start of change tracking.
    LocalApiServer.Handler latest = (r, base) -> LocalApiServer.Response.json(200,
        "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users\",\"@odata.deltaLink\":\""
            + base + r.path() + "?$deltatoken=bench\",\"value\":[]}");
    api.route("/v1.0/users/delta", "delta", latest);
    api.route("/v1.0/groups/delta", "delta", latest);
    api.route("/v1.0/groups", "groups", FullReadBenchmark::entraGroups);
    return api;
  }

  /** Every Graph listing at $top=999. */
  static long entraFloor() {
    int max = EntraSettings.MAX_PAGE_SIZE;
    return floor(max, max, max);
  }

  static String entraUserId(int i) {
    return "6e7b768e-07e2-4810-8459-" + String.format(Locale.ROOT, "%012x", i);
  }

  static LocalApiServer.Response entraGroups(LocalApiServer.Request r, String base) {
    String path = r.path();
    int top = Math.min(EntraSettings.MAX_PAGE_SIZE, r.queryInt("$top", 100));
    StringBuilder b = new StringBuilder();
    if (path.endsWith("/members")) {
      String gid = path.substring("/v1.0/groups/".length(), path.length() - "/members".length());
      List<Integer> all = members(Integer.parseInt(gid.substring(gid.length() - 4)));
      String token = r.query("$skiptoken");
      int from = token == null ? 0 : Integer.parseInt(token);
      int to = Math.min(all.size(), from + top);
      b.append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id)\",");
      if (to < all.size()) {
        b.append("\"@odata.nextLink\":\"").append(base).append(path).append("?$select=id&$top=").append(top)
            .append("&$skiptoken=").append(to).append("\",");
      }
      b.append("\"value\":[");
      for (int i = from; i < to; i++) {
        b.append(i > from ? "," : "").append("{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"")
            .append(entraUserId(all.get(i))).append("\"}");
      }
    } else {
      b.append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#groups(id,displayName,description)\",")
          .append("\"value\":[");
      for (int g = 0; g < GROUPS; g++) {
        b.append(g == 0 ? "" : ",").append("{\"id\":\"0d5e2a30-0000-4000-8000-00000000")
            .append(String.format(Locale.ROOT, "%04d", g)).append("\",\"displayName\":\"Group ").append(g)
            .append("\",\"description\":\"Benchmark group\"}");
      }
    }
    return LocalApiServer.Response.json(200, b.append("]}").toString());
  }

  // ------------------------------------------------------------------ Google

  static void google(long rtt, int rounds) throws Exception {
    Counted api = new Counted();
    LocalApiServer auth = LocalApiServer.start();
    auth.route("/token", (r, base) -> LocalApiServer.Response.json(200,
        "{\"access_token\":\"ya29.benchmark\",\"expires_in\":3599,\"token_type\":\"Bearer\"}"));
    api.route("/admin/directory/v1/users", "users", (r, base) -> GoogleListUsersBenchmark.usersPage(r, USERS));
    api.route("/admin/directory/v1/groups", "groups", FullReadBenchmark::googleGroups);
    String key = GoogleListUsersBenchmark.serviceAccountKey();
    measure("google", api,
        base -> GoogleDirectory.create(GoogleSettings.builder()
            .serviceAccountKey(Secret.of(key))
            .adminEmail("admin@example.com")
            .baseUrl(URI.create(base))
            .tokenUrl(URI.create(auth.baseUrl() + "/token"))
            .build()),
        floor(GoogleSettings.MAX_PAGE_SIZE, 200, 200), rtt, rounds);
    api.server.close();
    auth.close();
  }

  private static String token(int offset) {
    return Base64.getUrlEncoder().encodeToString(Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
  }

  private static int offset(LocalApiServer.Request r) {
    String t = r.query("pageToken");
    return t == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(t), StandardCharsets.UTF_8));
  }

  static LocalApiServer.Response googleGroups(LocalApiServer.Request r, String base) {
    String path = r.path();
    int size = Math.min(200, r.queryInt("maxResults", 200));
    StringBuilder b = new StringBuilder();
    int from = offset(r);
    int to;
    int total;
    if (path.endsWith("/members")) {
      String key = path.substring("/admin/directory/v1/groups/".length(), path.length() - "/members".length());
      List<Integer> all = members(Integer.parseInt(key.substring(1, key.indexOf('@'))));
      total = all.size();
      to = Math.min(total, from + size);
      b.append("{\"kind\":\"admin#directory#members\",\"etag\":\"\\\"bench\\\"\",\"members\":[");
      for (int i = from; i < to; i++) {
        int u = all.get(i);
        b.append(i > from ? "," : "").append("{\"kind\":\"admin#directory#member\",\"etag\":\"\\\"m").append(u)
            .append("\\\"\",\"id\":\"1").append(String.format(Locale.ROOT, "%020d", u))
            .append("\",\"email\":\"user").append(String.format(Locale.ROOT, "%06d", u))
            .append("@example.com\",\"role\":\"MEMBER\",\"type\":\"USER\",\"status\":\"ACTIVE\"}");
      }
    } else {
      total = GROUPS;
      to = Math.min(total, from + size);
      b.append("{\"kind\":\"admin#directory#groups\",\"etag\":\"\\\"bench\\\"\",\"groups\":[");
      for (int g = from; g < to; g++) {
        b.append(g > from ? "," : "").append("{\"kind\":\"admin#directory#group\",\"id\":\"g").append(g)
            .append("@example.com\",\"etag\":\"\\\"g").append(g).append("\\\"\",\"email\":\"g").append(g)
            .append("@example.com\",\"name\":\"Group ").append(g)
            .append("\",\"directMembersCount\":\"").append(members(g).size())
            .append("\",\"description\":\"Benchmark group\",\"adminCreated\":true}");
      }
    }
    b.append(']');
    if (to < total) {
      b.append(",\"nextPageToken\":\"").append(token(to)).append('"');
    }
    return LocalApiServer.Response.json(200, b.append('}').toString());
  }
  // ------------------------------------------------------------------ Keycloak

  static final String KEYCLOAK_ADMIN = "/admin/realms/bench";

  /**
   * A realm in Keycloak 26's admin REST format ("Keycloak Admin REST API",
   * www.keycloak.org/docs-api/latest/rest-api/): the token from {@code
   * /realms/bench/protocol/openid-connect/token}; {@code /users/count} (a bare number); {@code
   * /users?first&max&briefRepresentation} (offset paging, no total, no next link); {@code
   * /groups?first&max&briefRepresentation&subGroupsCount} (top-level groups, each with {@code
   * subGroupCount}, 0 here, so no {@code /children} listing is needed); {@code
   * /groups/{id}/members?first&max&briefRepresentation=true} (direct members, brief
   * UserRepresentations). A listing ends at a page shorter than {@code max}.
   */
  static Counted keycloakServer() {
    Counted api = new Counted();
    api.route("/realms/bench/protocol/openid-connect/token", "token", (r, base) -> LocalApiServer.Response.json(200,
        "{\"access_token\":\"eyJhbGciOiJSUzI1NiJ9.bench-access-token\",\"expires_in\":300,\"refresh_expires_in\":0,"
            + "\"token_type\":\"Bearer\",\"not-before-policy\":0,\"scope\":\"profile email\"}"));
    api.route(KEYCLOAK_ADMIN + "/users", "users", (r, base) -> {
      if (r.path().endsWith("/count")) {
        return LocalApiServer.Response.json(200, Integer.toString(USERS));
      }
      int first = r.queryInt("first", 0);
      int max = r.queryInt("max", 100);
      boolean brief = "true".equals(r.query("briefRepresentation"));
      StringBuilder b = new StringBuilder(max * 600).append('[');
      for (int i = first; i < Math.min(USERS, first + max); i++) {
        b.append(i > first ? "," : "");
        KeycloakListUsersBenchmark.user(b, i, brief);
      }
      return LocalApiServer.Response.json(200, b.append(']').toString());
    });
    api.route(KEYCLOAK_ADMIN + "/groups", "groups", FullReadBenchmark::keycloakGroups);
    // Admin events, read when a sync starts change tracking: saving is on, none saved yet
    // (RealmEventsConfigRepresentation; GET /admin-events answers AdminEventRepresentation[]).
    api.route(KEYCLOAK_ADMIN + "/events/config", "events", (r, base) -> LocalApiServer.Response.json(200,
        "{\"eventsEnabled\":false,\"eventsListeners\":[\"jboss-logging\"],\"enabledEventTypes\":[],"
            + "\"adminEventsEnabled\":true,\"adminEventsDetailsEnabled\":true}"));
    api.route(KEYCLOAK_ADMIN + "/admin-events", "events", (r, base) -> LocalApiServer.Response.json(200, "[]"));
    return api;
  }

  static String keycloakGroupId(int g) {
    return String.format(Locale.ROOT, "9a000000-0000-4000-8000-%012d", g);
  }

  static LocalApiServer.Response keycloakGroups(LocalApiServer.Request r, String base) {
    String path = r.path();
    int first = r.queryInt("first", 0);
    int max = r.queryInt("max", 100);
    StringBuilder b = new StringBuilder().append('[');
    if (path.endsWith("/count")) {
      return LocalApiServer.Response.json(200, "{\"count\":" + GROUPS + "}");
    } else if (path.endsWith("/members")) {
      String id = path.substring((KEYCLOAK_ADMIN + "/groups/").length(), path.length() - "/members".length());
      List<Integer> all = members(Integer.parseInt(id.substring(id.length() - 12)));
      for (int i = first; i < Math.min(all.size(), first + max); i++) {
        b.append(i > first ? "," : "");
        KeycloakListUsersBenchmark.user(b, all.get(i), true);
      }
    } else if (path.endsWith("/children")) {
      b.append(""); // no subgroups; never asked for, as every group says subGroupCount 0
    } else {
      for (int g = first; g < Math.min(GROUPS, first + max); g++) {
        b.append(g > first ? "," : "").append("{\"id\":\"").append(keycloakGroupId(g))
            .append("\",\"name\":\"group-").append(g).append("\",\"description\":\"Benchmark group\",\"path\":\"/group-")
            .append(g).append("\",\"subGroupCount\":0,\"subGroups\":[],\"attributes\":{},\"realmRoles\":[],")
            .append("\"clientRoles\":{},\"access\":{\"view\":true,\"viewMembers\":true,\"manageMembers\":false,")
            .append("\"manage\":false,\"manageMembership\":false}}");
      }
    }
    return LocalApiServer.Response.json(200, b.append(']').toString());
  }

  /**
   * Keycloak's floor at page size {@code p} (users, groups) and {@code mp} (members): the token,
   * {@code /users/count} and the users' pages it bounds, then the groups and each group's members,
   * whose offset listings end only at a short page (one more request when a listing fills its last
   * page).
   */
  static long keycloakFloor(int p, int mp) {
    long n = 1 + 1 + pages(USERS, p) + GROUPS / p + 1;
    for (int g = 0; g < GROUPS; g++) {
      n += members(g).size() / mp + 1;
    }
    return n;
  }

  static void keycloak(long rtt, int rounds) throws Exception {
    Counted api = keycloakServer();
    KeycloakSettings defaults = KeycloakSettings.builder().baseUrl(URI.create(api.server.baseUrl())).realm("bench")
        .clientId("usersync").clientSecret(Secret.of("bench-secret")).build();
    measure("keycloak", api,
        base -> KeycloakDirectory.create(KeycloakSettings.builder()
            .baseUrl(URI.create(base))
            .realm("bench")
            .clientId("usersync")
            .clientSecret(Secret.of("bench-secret"))
            .build()),
        keycloakFloor(defaults.pageSize(), defaults.memberPageSize()), rtt, rounds);
    api.server.close();
  }

  // ------------------------------------------------------------------ OneLogin

  /**
   * An account in OneLogin's API v2 format ("API v2 pagination",
   * developers.onelogin.com/api-docs/2/getting-started/using-query-parameters): the token from
   * {@code POST /auth/oauth2/v2/token}; {@code /api/2/users}, {@code /api/2/roles} and {@code
   * /api/2/roles/{id}/users} as bare JSON arrays of {@code limit} items, the next page's cursor in
   * the {@code After-Cursor} header (absent on the last page), sent back as {@code cursor}; the
   * {@code X-RateLimit-*} headers; roles are the connector's groups (its default {@code groupSource}).
   * The Events API's types answer a sync's start of change tracking.
   */
  static Counted oneLoginServer() {
    Counted api = new Counted();
    AtomicLong budget = new AtomicLong(5_000_000);
    api.route("/auth/oauth2/v2/token", "token", (r, base) -> LocalApiServer.Response.json(200,
        "{\"access_token\":\"bench-token-0123456789\",\"created_at\":\"2024-05-02T08:00:00.000Z\","
            + "\"expires_in\":36000,\"refresh_token\":\"bench-refresh\",\"token_type\":\"bearer\",\"account_id\":555555}"));
    api.route("/auth/rate_limit", "budget", (r, base) -> LocalApiServer.Response.json(200,
        "{\"status\":{\"error\":false,\"code\":200,\"type\":\"success\",\"message\":\"Success\"},"
            + "\"data\":{\"X-RateLimit-Limit\":5000000,\"X-RateLimit-Remaining\":" + budget.get()
            + ",\"X-RateLimit-Reset\":1800}}"));
    api.route("/api/2/users", "users", (r, base) -> OneLoginListUsersBenchmark.usersPage(r, USERS, budget));
    api.route("/api/2/roles", "groups", (r, base) -> {
      boolean members = r.path().endsWith("/users");
      int limit = r.queryInt("limit", 50);
      String cursor = r.query("cursor");
      int from = cursor == null ? 0 : OneLoginListUsersBenchmark.offset(cursor);
      List<Integer> all;
      if (members) {
        String id = r.path().substring("/api/2/roles/".length(), r.path().length() - "/users".length());
        all = members(Integer.parseInt(id) - 300_000);
      } else {
        all = new ArrayList<>();
        for (int g = 0; g < GROUPS; g++) {
          all.add(g);
        }
      }
      int to = Math.min(all.size(), from + limit);
      StringBuilder b = new StringBuilder().append('[');
      for (int i = from; i < to; i++) {
        b.append(i > from ? "," : "");
        int x = all.get(i);
        if (members) {
          b.append("{\"id\":").append(40_000_000L + x).append(",\"name\":\"First").append(x).append(" Last").append(x)
              .append("\",\"username\":\"user").append(x).append("\",\"added_by\":{\"id\":678,\"name\":\"Susan Boss\"},")
              .append("\"added_at\":\"2023-12-27T00:00:00Z\",\"assigned\":true}");
        } else {
          b.append("{\"id\":").append(300_000 + x).append(",\"name\":\"Role ").append(x).append("\",\"apps\":[1001]}");
        }
      }
      LocalApiServer.Response answer = LocalApiServer.Response.json(200, b.append(']').toString())
          .header("X-RateLimit-Limit", "5000000")
          .header("X-RateLimit-Remaining", Long.toString(budget.decrementAndGet()))
          .header("X-RateLimit-Reset", "1800");
      if (to < all.size()) {
        answer.header("After-Cursor", OneLoginListUsersBenchmark.cursor(to, limit));
      }
      return answer;
    });
    api.route("/api/1/events/types", "events", (r, base) -> LocalApiServer.Response.json(200,
        "{\"status\":{\"error\":false,\"code\":200,\"type\":\"success\",\"message\":\"Success\"},\"data\":["
            + "{\"name\":\"USER_ASSIGNED_ROLE\",\"description\":\"Assigned %role% to user %user%\",\"id\":4},"
            + "{\"name\":\"USER_REMOVED_ROLE\",\"description\":\"Removed %role% from user %user%\",\"id\":14},"
            + "{\"name\":\"USER_DELETED\",\"description\":\"%actor_user% deleted user %user%\",\"id\":17}]}"));
    return api;
  }

  /** OneLogin's floor: the token, then every cursor listing at the page size given (roles up to 650). */
  static long oneLoginFloor(int p) {
    long n = 1 + pages(USERS, p) + pages(GROUPS, 650);
    for (int g = 0; g < GROUPS; g++) {
      n += pages(members(g).size(), p);
    }
    return n;
  }

  static void onelogin(long rtt, int rounds) throws Exception {
    Counted api = oneLoginServer();
    OneLoginSettings.Builder settings = OneLoginSettings.builder()
        .clientId("bench-client")
        .clientSecret(Secret.of("bench-secret-value"));
    int pageSize = settings.baseUrl(URI.create(api.server.baseUrl())).build().pageSize();
    measure("onelogin", api,
        base -> OneLoginDirectory.create(settings.baseUrl(URI.create(base)).build()),
        oneLoginFloor(pageSize), rtt, rounds);
    api.server.close();
  }
}
