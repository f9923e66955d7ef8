package io.github.usersync.atlassian.internal;

import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.RequestStats;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.http.TokenProvider;
import io.github.usersync.core.settings.Secret;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/** Builds the toolkit's {@link ApiClient} for one Atlassian API. */
public final class Clients {
  private Clients() {}

  /** What every client of one target shares. */
  public static final class Common {
    final @Nullable HttpClient http;
    final @Nullable ObjectMapper mapper;
    final RetryPolicy retry;
    final Sleeper sleeper;
    final Duration timeout;
    final int maxConcurrent;
    final RequestStats stats = new RequestStats();

    /** The shared parts. */
    public Common(
        @Nullable HttpClient http, @Nullable ObjectMapper mapper, RetryPolicy retry, Sleeper sleeper,
        Duration timeout, int maxConcurrent) {
      this.http = http;
      this.mapper = mapper;
      this.retry = retry;
      this.sleeper = sleeper;
      this.timeout = timeout;
      this.maxConcurrent = maxConcurrent;
    }

    /** The counters all clients of the target add to. */
    public RequestStats stats() {
      return stats;
    }
  }

  /** Basic authentication: the header value's secret part is registered for redaction. */
  public static ApiClient basic(
      String service, URI base, String user, Secret password, AtlassianErrors errors, Common c) {
    Secret encoded = Secret.of(Base64.getEncoder()
        .encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
    return builder(service, base, TokenProvider.fixed("Basic", encoded), errors, c)
        .redact(password, encoded)
        .build();
  }

  /** Bearer authentication with a personal access token. */
  public static ApiClient bearer(String service, URI base, Secret token, AtlassianErrors errors, Common c) {
    return builder(service, base, TokenProvider.fixed("Bearer", token), errors, c).redact(token).build();
  }

  private static ApiClient.Builder builder(
      String service, URI base, TokenProvider tokens, AtlassianErrors errors, Common c) {
    return ApiClient.builder(service, base)
        .httpClient(c.http)
        .objectMapper(c.mapper)
        .tokenProvider(tokens)
        .errorParser(errors)
        .retryPolicy(c.retry)
        .sleeper(c.sleeper)
        .requestTimeout(c.timeout)
        .maxConcurrentRequests(c.maxConcurrent)
        .stats(c.stats)
        // Atlassian's XSRF check refuses some form-like writes without it; REST calls are exempt
        // anyway, and the header is harmless where it is not needed.
        .defaultHeader("X-Atlassian-Token", "no-check");
  }
}
