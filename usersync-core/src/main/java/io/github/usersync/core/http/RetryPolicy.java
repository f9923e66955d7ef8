package io.github.usersync.core.http;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a failed call: exponential backoff with jitter for connection
 * failures and 5xx; the provider's own wait for throttling; and a cap on the total wait per call.
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration maxTotalWait;

  private RetryPolicy(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait) {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    this.maxAttempts = maxAttempts;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.maxTotalWait = maxTotalWait;
  }

  /** 6 attempts, backoff from 500 ms doubling to at most 30 s, at most 5 minutes waited per call. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** One attempt, no retry. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }

  /** A policy with the given limits. */
  public static RetryPolicy of(
      int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxTotalWait) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxTotalWait);
  }

  /** Attempts per call, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The cap on the sum of waits for one call; a wait that would pass it is not made. */
  public Duration maxTotalWait() {
    return maxTotalWait;
  }

  /**
   * The wait before attempt {@code attempt + 1} after attempt {@code attempt} (1-based) failed:
   * {@code initial * 2^(attempt-1)}, capped, with "equal jitter" (half fixed, half random) so
   * clients that failed together do not retry together.
   */
  public Duration backoff(int attempt) {
    long base = initialBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long exp = base << Math.min(attempt - 1, 20);
    long d = Math.min(cap, exp < 0 ? cap : exp);
    long half = d / 2;
    return Duration.ofMillis(half + (half > 0 ? ThreadLocalRandom.current().nextLong(half + 1) : 0));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
        + ", maxBackoff=" + maxBackoff + ", maxTotalWait=" + maxTotalWait + "]";
  }
}
