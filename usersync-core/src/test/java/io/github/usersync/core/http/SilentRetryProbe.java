package io.github.usersync.core.http;

import io.github.usersync.core.model.RequestStats;
import java.net.URI;
import java.time.Duration;

/**
 * Run in a fresh JVM by {@link RequestCountingTest}: the JDK reads its retry properties once per
 * JVM. Sends {@code GET /warm} (to pool a connection) and {@code GET /r}, and prints {@code
 * requests retries} as the client counted them.
 */
public final class SilentRetryProbe {
  private SilentRetryProbe() {}

  public static void main(String[] args) {
    if (args[1].equals("disable")) {
      ApiClient.disableJdkSilentRetries();
    }
    ApiClient c = ApiClient.builder("probe", URI.create(args[0]))
        .retryPolicy(RetryPolicy.of(4, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(5)))
        .build();
    c.send(ApiRequest.get("/warm").build());
    c.send(ApiRequest.get("/r").build());
    RequestStats.Snapshot s = c.stats().snapshot();
    System.out.println("counted " + s.requests() + " " + s.retries());
  }
}
