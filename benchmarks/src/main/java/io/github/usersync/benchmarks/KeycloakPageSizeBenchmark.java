package io.github.usersync.benchmarks;

import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import io.github.usersync.keycloak.it.KeycloakAdmin;
import io.github.usersync.keycloak.it.KeycloakTestServer;
import io.github.usersync.keycloak.it.SeededRealm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Chooses Keycloak's default page size ({@code KeycloakSettings.pageSize}, the {@code max} of
 * {@code GET /users}) by measurement on a real Keycloak (the distribution the {@code
 * usersync-keycloak} build unpacks, started by {@link KeycloakTestServer} with a file database so
 * the realm survives restarts). The usersync connector lists every user, full representations
 * (with attributes), with its default requests in flight, at each page size given:
 *
 * <ul>
 *   <li><b>warm</b>: the server's JIT and user cache warm; rounds in rotating order, median;
 *   <li><b>cache cleared</b>: Keycloak's user cache emptied ({@code POST
 *       /admin/realms/{realm}/clear-user-cache}) before each listing, best of two;
 *   <li><b>cold</b>: the first listing after a restart of the server (JIT, caches and database
 *       connections cold, as for a first sync after a deploy); one restart per listing, page sizes
 *       in rotating order, median of the restarts.
 * </ul>
 *
 * <pre>{@code mvn -B -ntp -q -pl benchmarks -am install -DskipTests
 * java -cp benchmarks/target/benchmarks.jar -Dusersync.keycloak.home=<unpacked keycloak-26.x> \
 *     io.github.usersync.benchmarks.KeycloakPageSizeBenchmark [users] [warmRounds] [pageSizes] [restartsPerSize]}</pre>
 *
 * Defaults: 10,000 users, 3 warm rounds, page sizes 100,200,500, 2 restarts per size. The
 * distribution's {@code data/} folder (its file database) is deleted first.
 */
public final class KeycloakPageSizeBenchmark {
  private KeycloakPageSizeBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int[] sizes = Arrays.stream((args.length > 2 ? args[2] : "100,200,500").split(",")).mapToInt(Integer::parseInt)
        .toArray();
    int restarts = args.length > 3 ? Integer.parseInt(args[3]) : 2;
    Path home = KeycloakTestServer.findHome();
    deleteTree(home.resolve("data"));
    KeycloakTestServer.Options options = KeycloakTestServer.options().home(home).persistentDatabase(true);
    long t0 = System.nanoTime();
    KeycloakTestServer server = KeycloakTestServer.start(options);
    System.out.printf(Locale.ROOT, "Keycloak %s ready in %d s%n", home.getFileName(), server.startup().toSeconds());
    SeededRealm realm = SeededRealm.define("bench", users);
    long t = System.nanoTime();
    realm.seed(server.admin());
    System.out.printf(Locale.ROOT, "seeded %d users in %d s%n", users, (System.nanoTime() - t) / 1_000_000_000);
    UserQuery full = UserQuery.builder().addAttributes("attributes.department").build();

    Map<Integer, List<Long>> warm = new LinkedHashMap<>();
    Map<Integer, Long> cleared = new LinkedHashMap<>();
    Map<Integer, List<Long>> cold = new LinkedHashMap<>();
    try {
      for (int i = 0; i < 2; i++) { // the server's JIT first
        for (int size : sizes) {
          list(server, realm, size, full, users);
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int k = 0; k < sizes.length; k++) {
          int size = sizes[(k + r) % sizes.length];
          long ms = list(server, realm, size, full, users);
          System.out.printf(Locale.ROOT, "  warm, max=%d: %d ms%n", size, ms);
          warm.computeIfAbsent(size, x -> new ArrayList<>()).add(ms);
        }
      }
      KeycloakAdmin admin = server.admin();
      for (int r = 0; r < 2; r++) {
        for (int k = 0; k < sizes.length; k++) {
          int size = sizes[r == 0 ? k : sizes.length - 1 - k];
          admin.post("/realms/" + realm.realm() + "/clear-user-cache", KeycloakAdmin.object(), 204);
          long ms = list(server, realm, size, full, users);
          System.out.printf(Locale.ROOT, "  user cache cleared, max=%d: %d ms%n", size, ms);
          cleared.merge(size, ms, Math::min);
        }
      }
      for (int r = 0; r < restarts; r++) {
        for (int k = 0; k < sizes.length; k++) {
          int size = sizes[(k + r) % sizes.length];
          server.close();
          server = KeycloakTestServer.start(options);
          long ms = list(server, realm, size, full, users);
          System.out.printf(Locale.ROOT, "  restart (ready in %d s), then max=%d: %d ms%n",
              server.startup().toSeconds(), size, ms);
          cold.computeIfAbsent(size, x -> new ArrayList<>()).add(ms);
        }
      }
    } finally {
      server.close();
    }
    System.out.printf(Locale.ROOT, "%n%d users, full representation, usersync connector (%d in flight), wall ms:%n",
        users, KeycloakSettings.builder().baseUrl(URI.create("http://127.0.0.1")).realm("x").clientId("x")
            .clientSecret(Secret.of("x")).build().maxConcurrentRequests());
    System.out.printf(Locale.ROOT, "  %-6s %-8s %-22s %-14s %-22s%n", "max", "requests", "warm (median; all)",
        "cache cleared", "cold after restart (median; all)");
    for (int size : sizes) {
      List<Long> w = warm.getOrDefault(size, List.of(-1L));
      List<Long> c = cold.getOrDefault(size, List.of(-1L));
      System.out.printf(Locale.ROOT, "  %-6d %-8d %-22s %-14d %-22s%n", size, 2 + (users + size - 1) / size,
          FullReadBenchmark.median(w) + "; " + w, cleared.getOrDefault(size, -1L), FullReadBenchmark.median(c) + "; " + c);
    }
    System.out.printf(Locale.ROOT, "total run %d s%n", (System.nanoTime() - t0) / 1_000_000_000);
  }

  /** One listing of every user with the connector at page size {@code size}; wall ms. */
  private static long list(KeycloakTestServer server, SeededRealm realm, int size, UserQuery query, int users) {
    KeycloakSettings settings = KeycloakSettings.builder()
        .baseUrl(URI.create(server.baseUrl()))
        .realm(realm.realm())
        .clientId(SeededRealm.CLIENT)
        .clientSecret(Secret.of(realm.clientSecret()))
        .pageSize(size)
        .build();
    try (KeycloakDirectory d = KeycloakDirectory.create(settings)) {
      long start = System.nanoTime();
      long n = d.users(query).map(DirectoryUser::id).count();
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (n != users) {
        throw new IllegalStateException("max=" + size + " listed " + n + " users, not " + users);
      }
      return ms;
    }
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
