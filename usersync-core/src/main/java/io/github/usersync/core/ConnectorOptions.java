package io.github.usersync.core;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.http.Sleeper;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.immutables.value.Value;

/**
 * The host's infrastructure that a connector or target runs on, apart from its settings: the same
 * for every provider, passed to {@link io.github.usersync.core.spi.Provider#create(
 * io.github.usersync.core.settings.Settings, ConnectorOptions)}. Every part has a default, so
 * {@link #defaults()} is what a host without wishes passes.
 *
 * <pre>{@code
 * ConnectorOptions options = ConnectorOptions.builder()
 *     .httpClient(hostClient)        // the host's proxy and TLS trust
 *     .objectMapper(hostMapper)
 *     .build();
 * IdpDirectory okta = IdpDirectories.open("okta", settings, options);
 * }</pre>
 *
 * <p>Settings say what to reach and how hard (URLs, credentials, timeouts, page sizes); options say
 * with what. Neither the client nor the executor is closed by usersync.
 */
@Value.Immutable
@UsersyncStyle
public interface ConnectorOptions {
  /** The JDK client every call goes through (the host's proxy and TLS trust); else one per API client. */
  @Value.Auxiliary
  Optional<HttpClient> httpClient();

  /** The Jackson mapper answers are read with; else usersync's default. */
  @Value.Auxiliary
  Optional<ObjectMapper> objectMapper();

  /** Retry limits for every call; else each connector's own (some IdPs ask for longer backoff). */
  Optional<RetryPolicy> retryPolicy();

  /**
   * Retry limits while a connection check probes; else {@link RetryPolicy#probe()} (one retry at
   * most, so a check against a failing server ends in seconds).
   */
  Optional<RetryPolicy> probeRetryPolicy();

  /** How to wait between retries and while throttled (tests pass one that records instead). */
  @Value.Default
  @Value.Auxiliary
  default Sleeper sleeper() {
    return Sleeper.system();
  }

  /** The clock for token expiry, signed assertions, rate-limit resets and change cursors. */
  @Value.Default
  @Value.Auxiliary
  default Clock clock() {
    return Clock.systemUTC();
  }

  /**
   * Threads for work a connector does ahead of the caller (Keycloak reads user pages ahead); else
   * the connector starts its own and stops them on close.
   */
  @Value.Auxiliary
  Optional<ExecutorService> executor();

  /**
   * A builder of the client of one API on these options: the host's HTTP client, JSON mapper,
   * sleeper and clock, and its retry limits (for runs and for probes) when it set them (else the
   * builder's, which a connector may set to its own default after this call only where the host
   * set none).
   */
  default ApiClient.Builder apiClient(String service, URI baseUri) {
    ApiClient.Builder b =
        ApiClient.builder(service, baseUri)
            .httpClient(httpClient().orElse(null))
            .objectMapper(objectMapper().orElse(null))
            .sleeper(sleeper())
            .clock(clock());
    retryPolicy().ifPresent(b::retryPolicy);
    probeRetryPolicy().ifPresent(b::probeRetryPolicy);
    return b;
  }

  /** Every default: usersync's own HTTP client, mapper, retries, sleeping and clock. */
  static ConnectorOptions defaults() {
    return builder().build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ConnectorOptions}. */
  final class Builder extends ImmutableConnectorOptions.Builder {}
}
