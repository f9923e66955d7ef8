package io.github.usersync.core.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the {@link ApiClient} retries, by kind of failure:
 *
 * <ul>
 *   <li><b>Errors</b> (5xx, 408, connection resets, timeouts): up to {@link #maxAttempts()}
 *       attempts per request, waiting {@link #backoff(int)} (exponential, with jitter) between
 *       them, at most {@link #maxTotalWait()} in all per request. A provider's rate-limit reset is
 *       not used for these (an Okta 500 does not wait for the minute's window).
 *   <li><b>Throttling</b> (429, 503 with {@code Retry-After}, what a provider's parser classifies
 *       as throttling): flow control, not failure. The request waits as long as the provider asks
 *       and is sent again, with no count of attempts; it fails only when throttling has let no
 *       request of the client through for {@link #throttleBudget()} (wall-clock), so a run under
 *       sustained throttling finishes slowly instead of failing.
 * </ul>
 */
public final class RetryPolicy {
  /** The default {@link #throttleBudget()}. */
  public static final Duration DEFAULT_THROTTLE_BUDGET = Duration.ofMinutes(15);

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxTotalWait;
  private final Duration throttleBudget;

  private RetryPolicy(
      int maxAttempts,
      Duration initialBackoff,
      Duration maxBackoff,
      Duration maxTotalWait,
      Duration throttleBudget) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (throttleBudget.isNegative()) {
      throw new IllegalArgumentException("throttleBudget must not be negative");
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxTotalWait = maxTotalWait;
    this.throttleBudget = throttleBudget;
  }

  /**
   * 6 attempts for errors, backoff from 500 ms doubling to at most 30 s, at most 5 minutes waited
   * per request; throttling waited out for up to 15 minutes without progress.
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(
        6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5), DEFAULT_THROTTLE_BUDGET);
  }

  /**
   * For connection checks ({@link ConnectionChecks}): at most one retry of any failure, throttling
   * included (2 attempts), after a backoff of 250 ms to 1 s, at most 1 s waited per call and a
   * throttle wait of at most 2 s; so a check against a server that answers every call with 500
   * ends in seconds and says what failed, instead of waiting minutes for a run's patience.
   */
  public static RetryPolicy probe() {
    return new RetryPolicy(2, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
  }

  /** One attempt, no retry, throttling not waited for. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** A policy with the given limits for errors and the default {@link #throttleBudget()}. */
  public static RetryPolicy of(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxTotalWait, DEFAULT_THROTTLE_BUDGET);
  }

  /** A copy with another {@link #throttleBudget()}. */
  public RetryPolicy withThrottleBudget(Duration throttleBudget) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxTotalWait, throttleBudget);
  }

  /** Attempts per request for errors, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The cap on the sum of error backoffs for one request; a wait that would pass it is not made. */
  public Duration maxTotalWait() {
    return maxTotalWait;
  }

  /**
   * How long (wall-clock) throttling may hold a client without any of its requests succeeding
   * before a throttled request fails; a single advertised wait longer than this fails at once.
   * Progress renews it, so it bounds a stall, not a run.
   */
  public Duration throttleBudget() {
    return throttleBudget;
  }

  /**
   * The wait before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed:
   * {@code initial * 2^(attempt-1)}, capped, with "equal jitter" (half fixed, half random) so
   * clients that failed together do not retry together.
   */
  public Duration backoff(int attempt) {
    long base = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long exp = base << Math.min(Math.max(attempt, 1) - 1, 20);
    long d = Math.min(cap, exp < 0 ? cap : exp);
    long half = d / 2;
    return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", maxTotalWait=" + maxTotalWait
        + ", throttleBudget=" + throttleBudget + "]";
  }
}
