package io.github.usersync.atlassian;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Settings and options that point the remote targets at the simulations. */
final class Sims {
  /** Waits recorded instead of slept. */
  static final List<Duration> WAITS = new java.util.concurrent.CopyOnWriteArrayList<>();

  private Sims() {}

  static ConnectorOptions options() {
    return ConnectorOptions.builder()
        .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofMinutes(1)))
        .sleeper(WAITS::add)
        .build();
  }

  static CrowdSettings crowd(String baseUrl) {
    return CrowdSettings.builder()
        .baseUrl(URI.create(baseUrl + "/crowd"))
        .applicationName("usersync")
        .applicationPassword(Secret.of("app-secret"))
        .pageSize(2)
        .build();
  }

  static JiraSettings jira(String baseUrl, JiraAttributeStore store) {
    return JiraSettings.builder()
        .baseUrl(URI.create(baseUrl))
        .token(Secret.of(io.github.usersync.atlassian.sim.JiraSim.TOKEN))
        .crowdApplicationName("usersync")
        .crowdApplicationPassword(Secret.of("app-secret"))
        .attributeStore(store)
        .pageSize(2)
        .build();
  }

  static ConfluenceSettings confluence(String baseUrl, @org.jspecify.annotations.Nullable String version) {
    ConfluenceSettings.Builder b = ConfluenceSettings.builder()
        .baseUrl(URI.create(baseUrl + "/confluence"))
        .token(Secret.of(io.github.usersync.atlassian.sim.ConfluenceSim.TOKEN))
        .linkSpaceKey(io.github.usersync.atlassian.sim.ConfluenceSim.SPACE)
        .pageSize(2);
    if (version != null) {
      b.version(version);
    }
    return b.build();
  }
}
