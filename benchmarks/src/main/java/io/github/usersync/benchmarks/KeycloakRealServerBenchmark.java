package io.github.usersync.benchmarks;

import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import io.github.usersync.keycloak.it.KeycloakAdmin;
import io.github.usersync.keycloak.it.KeycloakTestServer;
import io.github.usersync.keycloak.it.SeededRealm;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.spi.ResteasyClientClassicProvider;
import org.jspecify.annotations.Nullable;
import org.keycloak.representations.idm.UserRepresentation;

/**
 * Lists the users of a real Keycloak server (the distribution the {@code usersync-keycloak} build
 * unpacked, started on loopback with {@link KeycloakTestServer}) with the usersync connector and
 * with {@code org.keycloak:keycloak-admin-client}, in one run against one seeded realm, and prints
 * the wall time of each, their ratio, and the requests each made (token requests included).
 *
 * <p>Both read full representations (with attributes) in pages of the same size ({@code max}: 500 by default here,
 * or the sizes given); the admin client page by page, as its {@code
 * users().list(first, max)} is used; usersync with its default of several pages in flight, and once
 * more with one. First each listing once with
 * Keycloak's user cache emptied ({@code POST /clear-user-cache}), as on a first sync or in a realm
 * larger than the cache (best of two rounds in opposite orders, after listings that warm up the
 * server's JIT); then rounds with the cache warm, in alternating order, median reported.
 *
 * <pre>mvn -B -ntp -q -pl usersync-keycloak,benchmarks install -DskipTests -DskipITs=false
 * java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.KeycloakRealServerBenchmark [users] [rounds] [pageSizes, e.g. 100,500]</pre>
 */
public final class KeycloakRealServerBenchmark {
  private KeycloakRealServerBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int[] pageSizes = java.util.Arrays.stream((args.length > 2 ? args[2] : "500").split(","))
        .mapToInt(Integer::parseInt).toArray();
    long t0 = System.nanoTime();
    try (KeycloakTestServer server = KeycloakTestServer.start()) {
      System.out.printf(Locale.ROOT, "Keycloak %s ready in %d s at %s%n",
          server.home().getFileName(), server.startup().toSeconds(), server.baseUrl());
      long t = System.nanoTime();
      SeededRealm realm = SeededRealm.define("bench", users);
      realm.seed(server.admin());
      System.out.printf(Locale.ROOT, "seeded %d users in %d ms%n", users, ms(System.nanoTime() - t));

      KeycloakSettings.Builder settings = KeycloakSettings.builder()
          .baseUrl(URI.create(server.baseUrl()))
          .realm(realm.realm())
          .clientId(SeededRealm.CLIENT)
          .clientSecret(Secret.of(realm.clientSecret()));
      UserQuery full = UserQuery.builder().addAttributes("attributes.department").build();
      KeycloakSettings defaults = settings.build();
      List<Variant> variants = new ArrayList<>();
      for (int size : pageSizes) {
        KeycloakSettings concurrent = settings.pageSize(size).maxConcurrentRequests(defaults.maxConcurrentRequests()).build();
        KeycloakSettings sequential = settings.pageSize(size).maxConcurrentRequests(1).build();
        variants.add(new Variant("usersync   max=" + size + ", " + concurrent.maxConcurrentRequests() + " in flight",
            () -> usersync(concurrent, full)));
        variants.add(new Variant("usersync   max=" + size + ", 1 in flight", () -> usersync(sequential, full)));
        variants.add(new Variant("admin-client max=" + size + ", 1 in flight",
            () -> adminClient(server.baseUrl(), realm, size)));
      }
      KeycloakAdmin admin = server.admin();
      String clearCache = "/realms/" + realm.realm() + "/clear-user-cache";

      // The server's JIT first: a fresh server is several times slower on its first listings.
      for (int i = 0; i < 2; i++) {
        for (Variant v : variants) {
          check(v.run.get(), users, v.name);
        }
      }
      // Cold: Keycloak's user cache emptied before each listing, as on a first sync or a realm
      // larger than the cache (10,000 users by default). Twice, in opposite orders; the faster kept.
      System.out.printf(Locale.ROOT, "%n%d users, full representation, cold user cache (best of 2):%n", users);
      List<Variant> coldOrder = new ArrayList<>(variants);
      for (int r = 0; r < 2; r++) {
        for (Variant v : coldOrder) {
          admin.post(clearCache, KeycloakAdmin.object(), 204);
          Result res = v.run.get();
          check(res, users, v.name);
          if (v.cold == null || res.nanos < v.cold.nanos) {
            v.cold = res;
          }
        }
        Collections.reverse(coldOrder);
      }
      for (Variant v : variants) {
        System.out.printf(Locale.ROOT, "  %-38s %s%n", v.name, v.cold());
      }
      // Warm: every user cached; rounds in alternating order, median reported.
      List<Variant> order = new ArrayList<>(variants);
      for (int r = 0; r < rounds; r++) {
        if (r % 2 == 1) {
          Collections.reverse(order);
        }
        for (Variant v : order) {
          Result res = v.run.get();
          check(res, users, v.name);
          v.results.add(res);
        }
      }
      System.out.printf(Locale.ROOT, "%n%d users, full representation, warm user cache, median of %d rounds:%n",
          users, rounds);
      for (Variant v : variants) {
        System.out.printf(Locale.ROOT, "  %-38s %s%n", v.name, v.median());
      }
      System.out.printf(Locale.ROOT, "%nTime ratio keycloak-admin-client / usersync at the same page size (cold, warm):%n");
      for (int i = 0; i < variants.size(); i += 3) {
        Variant admin0 = variants.get(i + 2);
        for (Variant v : variants.subList(i, i + 2)) {
          System.out.printf(Locale.ROOT, "  %-38s %.2f  %.2f%n", v.name,
              (double) admin0.cold().nanos / v.cold().nanos, (double) admin0.median().nanos / v.median().nanos);
        }
      }
    }
    System.out.printf(Locale.ROOT, "total run %d s%n", Duration.ofNanos(System.nanoTime() - t0).toSeconds());
  }

  private static void check(Result r, int users, String name) {
    if (r.users != users) {
      throw new IllegalStateException(name + " listed " + r.users + " users, not " + users);
    }
  }

  private static Result usersync(KeycloakSettings settings, UserQuery query) {
    try (KeycloakDirectory d = KeycloakDirectory.create(settings)) {
      long start = System.nanoTime();
      long n = d.users(query).map(DirectoryUser::id).count();
      long nanos = System.nanoTime() - start;
      return new Result(n, d.requestStats().requests(), nanos);
    }
  }

  private static Result adminClient(String baseUrl, SeededRealm realm, int pageSize) {
    AtomicLong requests = new AtomicLong();
    Client client = new ResteasyClientClassicProvider().newRestEasyClient(null, null, false);
    client.register((ClientRequestFilter) ctx -> requests.incrementAndGet());
    try (Keycloak kc = KeycloakBuilder.builder()
        .serverUrl(baseUrl)
        .realm(realm.realm())
        .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
        .clientId(SeededRealm.CLIENT)
        .clientSecret(realm.clientSecret())
        .resteasyClient(client)
        .build()) {
      long start = System.nanoTime();
      long n = 0;
      int first = 0;
      List<UserRepresentation> page;
      do {
        page = kc.realm(realm.realm()).users().list(first, pageSize);
        for (UserRepresentation u : page) {
          if (u.getId() != null) {
            n++;
          }
        }
        first += pageSize;
      } while (page.size() == pageSize);
      return new Result(n, requests.get(), System.nanoTime() - start);
    }
  }

  private static long ms(long nanos) {
    return Duration.ofNanos(nanos).toMillis();
  }

  private static final class Variant {
    final String name;
    final Supplier<Result> run;
    final List<Result> results = new ArrayList<>();
    @Nullable Result cold;

    Variant(String name, Supplier<Result> run) {
      this.name = name;
      this.run = run;
    }

    Result cold() {
      return Objects.requireNonNull(cold);
    }

    Result median() {
      List<Result> sorted = new ArrayList<>(results);
      sorted.sort((a, b) -> Long.compare(a.nanos, b.nanos));
      return sorted.get(sorted.size() / 2);
    }
  }

  private static final class Result {
    final long users;
    final long requests;
    final long nanos;

    Result(long users, long requests, long nanos) {
      this.users = users;
      this.requests = requests;
      this.nanos = nanos;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "users=%d requests=%d wall=%d ms users/s=%.0f",
          users, requests, ms(nanos), users / Math.max(1e-9, nanos / 1e9));
    }
  }
}
