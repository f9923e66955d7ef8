package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/**
 * Lists every user of a directory served by a {@link LocalApiServer} and prints users, requests,
 * users per second and peak heap, on loopback and with a round-trip delay. Connector benchmarks
 * call {@link #run} with a server set up in their IdP's format.
 */
public final class ListUsersHarness {
  private ListUsersHarness() {}

  /** One measured listing. */
  public static final class Result {
    /** Users listed. */
    public final long users;
    /** Requests the server saw. */
    public final long requests;
    /** Wall time. */
    public final Duration wall;
    /** Peak heap during the listing, MiB. */
    public final long peakHeapMiB;

    Result(long users, long requests, Duration wall, long peakHeapMiB) {
      this.users = users;
      this.requests = requests;
      this.wall = wall;
      this.peakHeapMiB = peakHeapMiB;
    }

    /** Users per second. */
    public double usersPerSecond() {
      return users / Math.max(1e-9, wall.toNanos() / 1e9);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "users=%d requests=%d wall=%d ms users/s=%.0f peakHeap=%d MiB",
          users, requests, wall.toMillis(), usersPerSecond(), peakHeapMiB);
    }
  }

  /**
   * Lists all users once, measured.
   *
   * @param directory a function from the server's base URL to a directory pointing at it
   */
  public static Result run(LocalApiServer server, Function<String, IdpDirectory> directory, UserQuery query) {
    try (IdpDirectory d = directory.apply(server.baseUrl())) {
      server.resetCounters();
      HeapMeter.reset();
      long start = System.nanoTime();
      long users = d.users(query).count();
      Duration wall = Duration.ofNanos(System.nanoTime() - start);
      return new Result(users, server.requests(), wall, HeapMeter.peakMiB());
    }
  }

  /**
   * The usual report: a warm-up listing, then one on loopback and one with a 50 ms round trip;
   * prints each and the expected request count.
   */
  public static void report(String name, LocalApiServer server, Function<String, IdpDirectory> directory,
      UserQuery query, long expectedRequests) {
    System.out.println(name + ": warm-up " + run(server, directory, query));
    server.delay(Duration.ZERO);
    System.out.println(name + ": loopback " + run(server, directory, query)
        + " (expected requests " + expectedRequests + ")");
    server.delay(Duration.ofMillis(50));
    System.out.println(name + ": 50 ms round trip " + run(server, directory, query));
    server.delay(Duration.ZERO);
    System.out.println(name + ": max heap " + HeapMeter.maxMiB() + " MiB");
  }
}
