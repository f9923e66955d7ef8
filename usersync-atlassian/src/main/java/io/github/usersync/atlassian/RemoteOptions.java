package io.github.usersync.atlassian;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.http.Sleeper;
import java.net.http.HttpClient;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a host may pass to a REST target besides its settings: its own {@link HttpClient} (proxy,
 * TLS trust), {@link ObjectMapper}, retry limits, and (for tests) a {@link Sleeper}.
 */
public final class RemoteOptions {
  private final @Nullable HttpClient httpClient;
  private final @Nullable ObjectMapper objectMapper;
  private final RetryPolicy retryPolicy;
  private final Sleeper sleeper;

  private RemoteOptions(Builder b) {
    this.httpClient = b.httpClient;
    this.objectMapper = b.objectMapper;
    this.retryPolicy = b.retryPolicy;
    this.sleeper = b.sleeper;
  }

  /** No host client or mapper, default retries, real sleeping. */
  public static RemoteOptions defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The host's HTTP client, if given. */
  public Optional<HttpClient> httpClient() {
    return Optional.ofNullable(httpClient);
  }

  /** The host's Jackson mapper, if given. */
  public Optional<ObjectMapper> objectMapper() {
    return Optional.ofNullable(objectMapper);
  }

  /** Retry limits for 5xx, 429 and connection failures. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** How to wait between retries. */
  public Sleeper sleeper() {
    return sleeper;
  }

  /** Builds {@link RemoteOptions}. */
  public static final class Builder {
    private @Nullable HttpClient httpClient;
    private @Nullable ObjectMapper objectMapper;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Sleeper sleeper = Sleeper.system();

    private Builder() {}

    /** The JDK client to use, with the host's proxy and TLS settings. */
    public Builder httpClient(@Nullable HttpClient httpClient) {
      this.httpClient = httpClient;
      return this;
    }

    /** The Jackson mapper to use. */
    public Builder objectMapper(@Nullable ObjectMapper objectMapper) {
      this.objectMapper = objectMapper;
      return this;
    }

    /** Retry limits (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = retryPolicy;
      return this;
    }

    /** How to wait between retries (tests pass one that does not sleep). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The options. */
    public RemoteOptions build() {
      return new RemoteOptions(this);
    }
  }
}
