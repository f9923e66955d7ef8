package io.github.usersync.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.entra.EntraDirectory;
import io.github.usersync.entra.EntraSettings;
import io.github.usersync.entra.internal.GraphJson;
import io.github.usersync.entra.internal.GraphPages;
import io.github.usersync.testkit.LocalApiServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * A first Entra sync of 20,000 users and 40 groups (FullReadBenchmark's data) into the in-memory
 * target, from a loopback server speaking Graph with a round trip added to every answer, once with
 * the default mapping ({@code plain}) and once with a manager field mapped and photos synchronised
 * ({@code managers+photos}: every user has a manager, every third a photo), alternating, and the
 * ratio of the medians. Managers, photo metadata and photo downloads go through Graph's JSON
 * batching, which the server answers as documented ("Combine multiple HTTP requests using JSON
 * batching", https://learn.microsoft.com/en-us/graph/json-batching: {@code responses} by {@code
 * id}, each with {@code status}, {@code headers}, {@code body}; a body that is not JSON as base64).
 * Then, for the managers alone, the two ways to read them: the users listed with {@code
 * $expand=manager($select=id)} (at most 100 a page when {@code $expand} is used, Graph's
 * documented limit, https://learn.microsoft.com/en-us/graph/query-parameters#expand-parameter)
 * against the plain listing plus batched manager reads.
 *
 * <p>Then routine full runs, the ones a schedule repeats: each of four syncs makes its first sync
 * with no added round trip, then full runs of the unchanged directory, alternating, with the added
 * round trip: {@code plain}; {@code managers+photos} re-reading every user's manager and photo
 * ({@link SyncPolicy#managerRefreshRuns()} and {@link SyncPolicy#photoRefreshRuns()} 1); {@code
 * managers+photos} with the default policy (Entra has a change feed, so one share of {@link
 * SyncPolicy#DEFAULT_MANAGER_REFRESH_RUNS} of the managers and one of {@link
 * SyncPolicy#DEFAULT_PHOTO_REFRESH_RUNS} of the photos); and {@code managers+photos} with {@code
 * photoRefreshRuns} {@code photoRuns} (default 16) and {@code managerRefreshRuns} {@code
 * managerRuns} (default: {@code photoRuns}). Every
 * routine run must plan nothing, and the report's request count must equal the servers'.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.EntraSyncBenchmark [rttMillis] [rounds] [maxConcurrentRequests] [first|routine|all] [photoRuns] [managerRuns]}</pre>
 */
public final class EntraSyncBenchmark {
  static final int USERS = FullReadBenchmark.USERS;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN =
      "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
          + "\"access_token\":\"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJiZW5jaCJ9.c2ln\"}";
  private static final String SELECT = "id,userPrincipalName,mail,givenName,surname,displayName,accountEnabled";
  /** A small JPEG-looking body, about the size of a 48x48 Entra thumbnail. */
  private static final byte[] PHOTO = new byte[2048];

  private EntraSyncBenchmark() {}

  static boolean hasPhoto(int i) {
    return i % 3 == 0;
  }

  /**
   * With {@code -Dusersync.bench.noManagerEvery=k}, one user in k (those with {@code i % k == 1})
   * has no manager, as service accounts and the top of the org chart do in a real tenant; 0 (the
   * default): every user has one.
   */
  static final int NO_MANAGER_EVERY = Integer.getInteger("usersync.bench.noManagerEvery", 0);

  static int usersWithManager() {
    return (int) java.util.stream.IntStream.range(0, USERS).filter(i -> managerOf(i) >= 0).count();
  }

  /** The index of user i's manager, or -1 when it has none. */
  static int managerOf(int i) {
    if (NO_MANAGER_EVERY > 0 && i % NO_MANAGER_EVERY == 1) {
      return -1;
    }
    return i == 0 ? 1 : i / 10;
  }

  static int index(String userId) {
    return Integer.parseInt(userId.substring(userId.lastIndexOf('-') + 1), 16);
  }

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    ApiClient.disableJdkSilentRetries();
    long rtt = args.length > 0 ? Long.parseLong(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
    PHOTO[0] = (byte) 0xff;
    PHOTO[1] = (byte) 0xd8;
    FullReadBenchmark.Counted api = new FullReadBenchmark.Counted();
    LocalApiServer login = LocalApiServer.start();
    login.route("/", (r, base) -> LocalApiServer.Response.json(200, TOKEN));
    api.route("/v1.0/users", "users", (r, base) -> r.path().equals("/v1.0/users") ? users(r, base)
        : toResponse(perUser(r.path())));
    LocalApiServer.Handler latest = (r, base) -> LocalApiServer.Response.json(200,
        "{\"@odata.deltaLink\":\"" + base + r.path() + "?$deltatoken=bench\",\"value\":[]}");
    api.route("/v1.0/users/delta", "delta", latest);
    api.route("/v1.0/groups/delta", "delta", latest);
    api.route("/v1.0/groups", "groups", FullReadBenchmark::entraGroups);
    api.route("/v1.0/$batch", "batch", EntraSyncBenchmark::batch);
    String base = api.server.baseUrl();
    EntraSettings settings = EntraSettings.builder()
        .tenant("contoso.onmicrosoft.com")
        .clientId("00001111-aaaa-2222-bbbb-3333cccc4444")
        .clientSecret(Secret.of("benchmark-secret"))
        .loginBaseUrl(URI.create(login.baseUrl()))
        .baseUrl(URI.create(base))
        .maxConcurrentRequests(concurrency)
        .build();
    UserMapping plain = UserMapping.defaults();
    UserMapping rich = UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").photo(true).build();
    System.out.printf(Locale.ROOT, "entra sync: %d users (%d with a photo, all with a manager), %d groups; round trip %d ms,"
        + " maxConcurrentRequests %d%n", USERS, (USERS + 2) / 3, FullReadBenchmark.GROUPS, rtt,
        settings.maxConcurrentRequests());

    String what = args.length > 3 ? args[3] : "all";
    int spread = args.length > 4 ? Integer.parseInt(args[4]) : 16;
    int managerSpread = args.length > 5 ? Integer.parseInt(args[5]) : spread;
    if (!what.equals("routine")) {
      firstSyncs(api, login, settings, plain, rich, rtt, rounds);
    }
    if (!what.equals("first")) {
      routineRuns(api, login, settings, plain, rich, rtt, rounds, spread, managerSpread);
    }
    api.server.close();
    login.close();
  }

  static void firstSyncs(FullReadBenchmark.Counted api, LocalApiServer login, EntraSettings settings,
      UserMapping plain, UserMapping rich, long rtt, int rounds) throws Exception {
    api.server.delay(Duration.ZERO);
    sync(api, login, settings, plain, "plain (warm-up)");
    sync(api, login, settings, rich, "managers+photos (warm-up)");
    api.server.delay(Duration.ofMillis(rtt));
    List<Long> a = new ArrayList<>();
    List<Long> b = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      a.add(sync(api, login, settings, plain, "plain"));
      b.add(sync(api, login, settings, rich, "managers+photos"));
    }
    long ma = FullReadBenchmark.median(a);
    long mb = FullReadBenchmark.median(b);
    System.out.printf(Locale.ROOT, "entra sync at %d ms: plain %s ms (median %d), managers+photos %s ms (median %d),"
        + " ratio %.2f%n", rtt, a, ma, b, mb, mb / (double) ma);

    // The managers alone: an expanded listing against the plain listing plus batched reads.
    List<Long> expanded = new ArrayList<>();
    List<Long> parts = new ArrayList<>();
    List<Long> batched = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      expanded.add(expandedListing(api, login, settings));
      parts.add(managers(api, settings, UserQuery.builder().managers(true).build(), "listing in parts by UPN"));
      batched.add(managers(api, settings, UserQuery.standard(), "listing + $batch"));
    }
    System.out.printf(Locale.ROOT, "entra managers at %d ms: one $expand chain %s ms (median %d), in parts by UPN %s ms"
        + " (median %d), listing + $batch %s ms (median %d)%n", rtt, expanded, FullReadBenchmark.median(expanded),
        parts, FullReadBenchmark.median(parts), batched, FullReadBenchmark.median(batched));
  }

  /** Full runs of an unchanged directory after a first sync, four ways, alternating. */
  static void routineRuns(FullReadBenchmark.Counted api, LocalApiServer login, EntraSettings settings,
      UserMapping plain, UserMapping rich, long rtt, int rounds, int spread, int managerSpread) {
    String[] names = {"plain", "managers+photos, every run (managerRefreshRuns 1, photoRefreshRuns 1)",
        "managers+photos, defaults (managerRefreshRuns " + SyncPolicy.DEFAULT_MANAGER_REFRESH_RUNS
            + ", photoRefreshRuns " + SyncPolicy.DEFAULT_PHOTO_REFRESH_RUNS + ")", "managers+photos, managerRefreshRuns " + managerSpread + ", photoRefreshRuns " + spread};
    UserMapping[] mappings = {plain, rich, rich, rich};
    SyncPolicy[] policies = {SyncPolicy.defaults(),
        SyncPolicy.builder().managerRefreshRuns(1).photoRefreshRuns(1).build(),
        SyncPolicy.defaults(),
        SyncPolicy.builder().managerRefreshRuns(managerSpread).photoRefreshRuns(spread).build()};
    int ways = names.length;
    List<List<Long>> times = new ArrayList<>();
    EntraDirectory[] directories = new EntraDirectory[ways];
    UserSync[] syncs = new UserSync[ways];
    api.server.delay(Duration.ZERO);
    for (int k = 0; k < ways; k++) {
      directories[k] = EntraDirectory.create(settings);
      syncs[k] = UserSync.builder(directories[k], InMemoryTarget.create()).mapper(mappings[k])
          .stateStore(SyncStateStore.inMemory()).name("routine-" + k).policy(policies[k]).build();
      SyncReport first = syncs[k].runFull();
      System.out.printf(Locale.ROOT, "  %s: first sync (no added round trip) created %d, managers set %d, photos set %d%n",
          names[k], first.counts().created(), first.counts().managersSet(), first.counts().photosSet());
      times.add(new ArrayList<>());
    }
    api.server.delay(Duration.ofMillis(rtt));
    for (int i = 0; i < rounds; i++) {
      for (int k = 0; k < ways; k++) {
        api.reset();
        login.resetCounters();
        long t = System.nanoTime();
        SyncReport r = syncs[k].runFull();
        long ms = (System.nanoTime() - t) / 1_000_000;
        if (!r.plan().readComplete() || !r.plan().changes().isEmpty()) {
          throw new IllegalStateException("a routine run of an unchanged directory planned changes: " + r.toText());
        }
        long server = api.server.requests() + login.requests();
        if (r.directoryRequests().requests() != server) {
          throw new IllegalStateException("the report counts " + r.directoryRequests().requests()
              + " requests, the servers " + server);
        }
        System.out.printf(Locale.ROOT, "  routine, %s: %d ms; requests: report %d, server %d %s%n", names[k], ms,
            r.directoryRequests().requests(), server, api.counts());
        times.get(k).add(ms);
      }
    }
    long base = FullReadBenchmark.median(times.get(0));
    System.out.printf(Locale.ROOT, "entra routine full runs at %d ms:%n", rtt);
    for (int k = 0; k < ways; k++) {
      long m = FullReadBenchmark.median(times.get(k));
      System.out.printf(Locale.ROOT, "  %s: %s ms (median %d, ratio %.2f)%n", names[k], times.get(k), m,
          m / (double) base);
    }
    for (EntraDirectory d : directories) {
      d.close();
    }
  }

  static long sync(FullReadBenchmark.Counted api, LocalApiServer login, EntraSettings settings, UserMapping mapping,
      String name) {
    api.reset();
    login.resetCounters();
    long t = System.nanoTime();
    SyncReport r;
    InMemoryTarget host = InMemoryTarget.create();
    try (EntraDirectory d = EntraDirectory.create(settings)) {
      r = UserSync.builder(d, host).mapper(mapping).build().run();
    }
    long ms = (System.nanoTime() - t) / 1_000_000;
    if (!r.plan().readComplete() || r.counts().failed() > 0) {
      throw new IllegalStateException("incomplete or failed: " + r.toText());
    }
    System.out.printf(Locale.ROOT, "  %s: %d ms; requests: report %d, server %d (graph %d %s + token %d);"
        + " created %d, managers set %d, photos set %d%n", name, ms, r.directoryRequests().requests(),
        api.server.requests() + login.requests(), api.server.requests(), api.counts(), login.requests(),
        r.counts().created(), r.counts().managersSet(), r.counts().photosSet());
    return ms;
  }

  /** Every user's manager from {@code GET /users?$expand=manager($select=id)}, 100 a page. */
  static long expandedListing(FullReadBenchmark.Counted api, LocalApiServer login, EntraSettings settings) {
    api.reset();
    long t = System.nanoTime();
    try (EntraDirectory d = EntraDirectory.create(settings)) {
      ApiClient client = ApiClient.builder("entra", settings.graphApiUrl())
          .defaultHeader("Authorization", "Bearer bench").build();
      ApiRequest first = ApiRequest.get("/users").query("$select", SELECT).query("$expand", "manager($select=id)")
          .query("$top", 999).build();
      long withManager = Paging.stream(client, first, GraphPages.of(n -> n.path("manager").path("id").asText("")))
          .filter(s -> !s.isEmpty()).count();
      if (withManager != usersWithManager()) {
        throw new IllegalStateException(withManager + " managers");
      }
    }
    long ms = (System.nanoTime() - t) / 1_000_000;
    System.out.printf(Locale.ROOT, "  $expand listing: %d ms, %d requests %s%n", ms, api.server.requests(), api.counts());
    return ms;
  }

  /**
   * The listing, then every user's manager the engine's way (shares of 200, 8 at once): with {@code
   * managers} asked, the connector lists users in parts with their managers and the shares cost
   * nothing more; else each share is read in batches.
   */
  static long managers(FullReadBenchmark.Counted api, EntraSettings settings, UserQuery query, String name)
      throws Exception {
    api.reset();
    long t = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(settings.maxConcurrentRequests());
    try (EntraDirectory d = EntraDirectory.create(settings)) {
      List<String> ids;
      try (java.util.stream.Stream<DirectoryUser> users = d.users(query)) {
        ids = users.map(DirectoryUser::id).collect(Collectors.toList());
      }
      List<Future<Map<String, java.util.Optional<String>>>> parts = new ArrayList<>();
      for (int i = 0; i < ids.size(); i += 200) {
        List<String> share = ids.subList(i, Math.min(ids.size(), i + 200));
        parts.add(pool.submit(() -> d.managerIds(share)));
      }
      long n = 0;
      for (Future<Map<String, java.util.Optional<String>>> f : parts) {
        n += f.get().values().stream().filter(java.util.Optional::isPresent).count();
      }
      if (n != usersWithManager()) {
        throw new IllegalStateException(n + " managers");
      }
    } finally {
      pool.shutdownNow();
    }
    long ms = (System.nanoTime() - t) / 1_000_000;
    System.out.printf(Locale.ROOT, "  %s: %d ms, %d requests %s%n", name, ms, api.server.requests(), api.counts());
    return ms;
  }

  // ---------------------------------------------------------------- the server

  /** The users listing; with {@code $expand} at most 100 a page, each user with its manager's id. */
  static LocalApiServer.Response users(LocalApiServer.Request r, String base) {
    return EntraListUsersBenchmark.page(r, base, USERS, EntraSyncBenchmark::managerOf);
  }

  /** An answer to a per-user call: status, content type, body. */
  static final class Answer {
    final int status;
    final String contentType;
    final byte[] body;

    Answer(int status, String contentType, byte[] body) {
      this.status = status;
      this.contentType = contentType;
      this.body = body;
    }

    static Answer json(int status, String json) {
      return new Answer(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }
  }

  /**
   * {@code /users/{id}/manager} (a directoryObject with its id), {@code /users/{id}/photo} (a
   * profilePhoto with {@code @odata.mediaEtag}, https://learn.microsoft.com/en-us/graph/api/profilephoto-get)
   * and {@code /photo/$value} (the bytes); 404 with Graph's error for a user without a photo.
   */
  static Answer perUser(String path) {
    String rest = path.substring("/v1.0/users/".length());
    String id = rest.substring(0, rest.indexOf('/'));
    String what = rest.substring(id.length());
    int i = index(id);
    switch (what) {
      case "/manager":
        if (managerOf(i) < 0) {
          // Graph answers a user without a manager with 404 Request_ResourceNotFound ("user: list
          // manager", https://learn.microsoft.com/en-us/graph/api/user-list-manager).
          return Answer.json(404, "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"Resource"
              + " 'manager' does not exist or one of its queried reference-property objects are not present.\"}}");
        }
        return Answer.json(200, "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#directoryObjects(id)"
            + "/$entity\",\"@odata.type\":\"#microsoft.graph.user\",\"id\":\""
            + FullReadBenchmark.entraUserId(managerOf(i)) + "\"}");
      case "/photo":
        return hasPhoto(i)
            ? Answer.json(200, "{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users('" + id
                + "')/photo/$entity\",\"@odata.mediaContentType\":\"image/jpeg\",\"@odata.mediaEtag\":\"\\\"E"
                + i + "\\\"\",\"id\":\"48x48\",\"width\":48,\"height\":48}")
            : notFound();
      case "/photo/$value":
        return hasPhoto(i) ? new Answer(200, "image/jpeg", PHOTO) : notFound();
      default:
        return Answer.json(404, "{\"error\":{\"code\":\"Request_ResourceNotFound\",\"message\":\"no route\"}}");
    }
  }

  static Answer notFound() {
    return Answer.json(404, "{\"error\":{\"code\":\"ImageNotFound\",\"message\":\"Exception of type"
        + " 'Microsoft.Fast.Profile.Core.Exception.ImageNotFoundException' was thrown.\"}}");
  }

  /** A per-user call asked alone (a share of one user is sent as the plain GET). */
  static LocalApiServer.Response toResponse(Answer a) {
    if (a.contentType.equals("application/json")) {
      return LocalApiServer.Response.json(a.status, new String(a.body, StandardCharsets.UTF_8));
    }
    return LocalApiServer.Response.bytes(a.status, a.contentType, a.body);
  }

  /**
   * {@code POST /v1.0/$batch}: each request answered by {@code id} with its {@code status}, {@code
   * headers} and {@code body} (JSON as JSON, the photo bytes as base64), the batch 200; at most 20.
   */
  static LocalApiServer.Response batch(LocalApiServer.Request r, String base) {
    try {
      JsonNode in = JSON.readTree(r.body());
      if (in.path("requests").size() > 20) {
        return LocalApiServer.Response.json(400, "{\"error\":{\"code\":\"BadRequest\",\"message\":\"Invalid batch"
            + " payload format.\"}}");
      }
      ObjectNode out = JSON.createObjectNode();
      ArrayNode responses = out.putArray("responses");
      for (JsonNode item : in.path("requests")) {
        String url = item.path("url").asText();
        int q = url.indexOf('?');
        Answer a = perUser("/v1.0" + (q < 0 ? url : url.substring(0, q)));
        ObjectNode o = responses.addObject();
        o.put("id", item.path("id").asText());
        o.put("status", a.status);
        o.putObject("headers").put("Content-Type", a.contentType);
        if (a.contentType.equals("application/json")) {
          o.set("body", JSON.readTree(a.body));
        } else {
          o.put("body", Base64.getEncoder().encodeToString(a.body));
        }
      }
      return LocalApiServer.Response.json(200, out.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
