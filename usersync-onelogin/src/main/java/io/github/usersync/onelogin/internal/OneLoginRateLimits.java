package io.github.usersync.onelogin.internal;

import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.RateLimitPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * OneLogin's rate-limit headers for the {@link io.github.usersync.core.http.ApiClient}: a throttled
 * call is retried after {@code Retry-After} or else {@code X-RateLimit-Reset} (seconds until the
 * hourly budget resets, not an epoch). When an answer says the budget is spent, further requests
 * are held until the reset only if it is near; a wait of up to an hour is not made silently, the
 * next call fails instead with a {@link io.github.usersync.core.ThrottledException} that says so.
 */
public final class OneLoginRateLimits implements RateLimitPolicy {
  /** The longest hold after an answer with {@code X-RateLimit-Remaining: 0}. */
  public static final Duration MAX_HOLD = Duration.ofMinutes(5);

  private final RateLimitPolicy headers =
      RateLimitPolicy.resetInSeconds(ApiBudget.REMAINING, ApiBudget.RESET);

  @Override
  public Optional<Duration> retryDelay(ApiResponse response, Clock clock) {
    return headers.retryDelay(response, clock);
  }

  @Override
  public Optional<Duration> pauseAfter(ApiResponse response, Clock clock) {
    return headers.pauseAfter(response, clock).filter(d -> d.compareTo(MAX_HOLD) <= 0);
  }
}
