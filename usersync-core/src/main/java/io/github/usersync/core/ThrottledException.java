package io.github.usersync.core;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The provider kept throttling (HTTP 429, or a provider code such as Google's {@code
 * userRateLimitExceeded}) until the retry budget ran out. Retryable later.
 */
public class ThrottledException extends ApiException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /** Creates the exception from the parsed parts of an error answer. */
  public ThrottledException(
      String service,
      String endpoint,
      int status,
      @Nullable String errorCode,
      @Nullable String providerMessage,
      @Nullable String requestId,
      @Nullable Duration retryAfter,
      @Nullable String fix) {
    super(service, endpoint, status, errorCode, providerMessage, requestId, true, fix);
    this.retryAfter = retryAfter;
  }

  @Override
  public boolean throttled() {
    return true;
  }

  /** How long the provider asked to wait, when it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
