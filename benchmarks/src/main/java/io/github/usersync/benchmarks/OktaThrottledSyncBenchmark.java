package io.github.usersync.benchmarks;

import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.okta.OktaDirectory;
import io.github.usersync.okta.OktaSettings;
import java.net.URI;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A full sync of N Okta users (default 20,000) in G groups (default 10) from a loopback server that
 * answers every third call with Okta's rate-limit answer: HTTP 429, {@code {"errorCode":
 * "E0000047","errorSummary":"API call exceeded rate limit due to too many requests."}}, and the
 * {@code X-Rate-Limit-Limit}, {@code X-Rate-Limit-Remaining: 0} and {@code X-Rate-Limit-Reset}
 * (UTC epoch seconds) headers Okta sends on every answer ("Rate limit best practices",
 * developer.okta.com/docs/reference/rl-best-practices; E0000047 per the Okta error codes). The
 * windows here are one second long, not Okta's minute, so the run takes a minute or two rather
 * than an hour. It must end with every user read and in the target; it prints the wall time, the
 * requests the server saw and those the report counted, the throttled answers and the throttle
 * wait.
 *
 * <pre>{@code java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.OktaThrottledSyncBenchmark [N] [G]}</pre>
 */
public final class OktaThrottledSyncBenchmark {
  private static final String TOKEN = "00benchmark-token";

  private OktaThrottledSyncBenchmark() {}

  /** Runs the benchmark; optional arguments: users, groups. */
  public static void main(String[] args) {
    // Every attempt the server sees goes through usersync's retry and is counted.
    ApiClient.disableJdkSilentRetries();
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int groups = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    AtomicLong calls = new AtomicLong();
    AtomicLong throttled = new AtomicLong();
    try (LocalApiServer server = LocalApiServer.start()) {
      LocalApiServer.Handler users = (request, base) -> OktaListUsersBenchmark.page(request, base, n);
      server.route("/api/v1/users", everyThird(users, calls, throttled));
      server.route("/api/v1/groups", everyThird((request, base) -> groups(request, base, n, groups), calls, throttled));

      OktaDirectory directory = OktaDirectory.create(
          OktaSettings.builder().baseUrl(URI.create(server.baseUrl())).apiToken(Secret.of(TOKEN)).build());
      InMemoryTarget target = InMemoryTarget.create();
      UserSync sync = UserSync.builder(directory, target).name("okta-throttled").build();

      long start = System.nanoTime();
      SyncReport report = sync.runFull();
      long wall = (System.nanoTime() - start) / 1_000_000;

      RequestStats.Snapshot s = report.directoryRequests();
      // Every user read is either created (active) or not provisioned (suspended or deprovisioned,
      // so not created in an empty target); nothing failed.
      long read = report.counts().created() + report.counts().unchanged() + report.counts().notProvisioned();
      System.out.printf(Locale.ROOT,
          "okta %d users, %d groups, every third call throttled: %d ms wall, success=%s, users read %d,"
              + " in target %d%n"
              + "  server saw %d requests (%d answered 429); report counted %d requests, %d retries,"
              + " %d throttled, throttle wait %d ms (wall-clock)%n  %s%n",
          n, groups, wall, report.success(), read, target.users().count(), calls.get(), throttled.get(),
          s.requests(), s.retries(), s.throttled(), report.throttleWait().toMillis(), report.counts());
      if (read != n || report.counts().failed() > 0 || !report.success()) {
        throw new IllegalStateException("not every user was read: " + read + " of " + n
            + (report.error().isPresent() ? "; " + report.error().get() : ""));
      }
    }
  }

  /** Answers every third call (counted over all routes) with Okta's 429. */
  private static LocalApiServer.Handler everyThird(LocalApiServer.Handler inner, AtomicLong calls, AtomicLong throttled) {
    return (request, base) -> {
      if (calls.incrementAndGet() % 3 == 0) {
        throttled.incrementAndGet();
        long now = System.currentTimeMillis() / 1000;
        return LocalApiServer.Response.json(429,
                "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due to too many requests.\","
                    + "\"errorLink\":\"E0000047\",\"errorId\":\"oae-bench\",\"errorCauses\":[]}")
            .header("X-Rate-Limit-Limit", "600")
            .header("X-Rate-Limit-Remaining", "0")
            .header("X-Rate-Limit-Reset", Long.toString(now + 1));
      }
      return inner.handle(request, base);
    };
  }

  /**
   * {@code GET /api/v1/groups} (one page of all groups) and {@code GET /api/v1/groups/{id}/users}
   * (the members, user i in group i % G, 1,000 a page with a {@code Link} next).
   */
  private static LocalApiServer.Response groups(LocalApiServer.Request request, String base, int n, int groups) {
    String path = request.path();
    if (path.equals("/api/v1/groups")) {
      StringBuilder b = new StringBuilder("[");
      for (int g = 0; g < groups; g++) {
        if (g > 0) {
          b.append(',');
        }
        b.append("{\"id\":\"").append(groupId(g)).append("\",\"created\":\"2021-06-24T16:39:18.000Z\",")
            .append("\"lastUpdated\":\"2024-02-27T11:02:05.000Z\",\"lastMembershipUpdated\":\"2024-02-27T11:02:05.000Z\",")
            .append("\"objectClass\":[\"okta:user_group\"],\"type\":\"OKTA_GROUP\",")
            .append("\"profile\":{\"name\":\"Group ").append(g).append("\",\"description\":null},")
            .append("\"_links\":{}}");
      }
      return LocalApiServer.Response.json(200, b.append(']').toString());
    }
    // /api/v1/groups/{id}/users
    String id = path.substring("/api/v1/groups/".length(), path.indexOf("/users"));
    int g = Integer.parseInt(id.substring(3));
    int limit = Math.min(1000, request.queryInt("limit", 1000));
    String after = request.query("after");
    int from = after == null ? g : Integer.parseInt(after.substring(3)) + groups;
    StringBuilder b = new StringBuilder("[");
    int i = from;
    int count = 0;
    for (; i < n && count < limit; i += groups, count++) {
      if (count > 0) {
        b.append(',');
      }
      OktaListUsersBenchmark.user(b, i, base);
    }
    LocalApiServer.Response r = LocalApiServer.Response.json(200, b.append(']').toString());
    if (i < n) {
      r.header("Link", "<" + base + path + "?limit=" + limit + "&after=" + OktaListUsersBenchmark.id(i - groups)
          + ">; rel=\"next\"");
    }
    return r;
  }

  private static String groupId(int g) {
    return String.format(Locale.ROOT, "00g%017d", g);
  }
}
