package io.github.usersync.onelogin.internal;

import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.onelogin.OneLoginBudgetException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The guard for OneLogin's shared hourly API budget. Every answer's {@code X-RateLimit-Remaining}
 * and {@code X-RateLimit-Reset} (seconds until the hour resets, not an epoch) update an estimate of
 * the calls left; {@link #acquire} is called before each request the connector sends and throws
 * {@link OneLoginBudgetException}, without sending, when that request would leave fewer than the
 * minimum.
 *
 * <p>The estimate counts a call when it is granted, before its answer arrives, so concurrent
 * requests cannot together pass the minimum; an answer then lowers it to what OneLogin says (other
 * integrations spend the same budget). A reset time later than the known one means a new hour: the
 * estimate then takes OneLogin's figure as it is. Until an answer has carried the headers, or once
 * the known hour has passed, calls are granted. Thread-safe.
 */
public final class ApiBudget {
  /** OneLogin's header with the calls left this hour. */
  public static final String REMAINING = "X-RateLimit-Remaining";
  /** OneLogin's header with the seconds until the hour resets. */
  public static final String RESET = "X-RateLimit-Reset";

  // Reset = now + seconds-left, stable within an hour to about a second; a jump past this margin
  // can only be a new hour.
  private static final Duration NEW_WINDOW_MARGIN = Duration.ofSeconds(60);
  // OneLogin's budget is hourly; without a reset header assume the longest wait.
  private static final Duration WINDOW = Duration.ofHours(1);

  private final int minimum;
  private final Clock clock;
  private long remaining = -1;
  private @Nullable Instant resetAt;

  /** A guard that keeps {@code minimum} calls (0: observes only, never refuses). */
  public ApiBudget(int minimum, Clock clock) {
    this.minimum = minimum;
    this.clock = clock;
  }

  /** The calls to leave for other integrations. */
  public int minimum() {
    return minimum;
  }

  /** Reads the rate-limit headers of an answer, if it has them. */
  public void observe(ApiResponse response) {
    Optional<Long> left = number(response.header(REMAINING).orElse(null));
    if (left.isPresent()) {
      record(left.get(), number(response.header(RESET).orElse(null)).orElse(null));
    }
  }

  /** Records what OneLogin said (headers, or the body of {@code GET /auth/rate_limit}). */
  public synchronized void record(long callsLeft, @Nullable Long secondsToReset) {
    Instant now = clock.instant();
    Instant reset = secondsToReset != null ? now.plusSeconds(Math.max(0, secondsToReset)) : null;
    Instant known = resetAt;
    boolean newWindow =
        remaining < 0
            || known == null
            || !now.isBefore(known)
            || (reset != null && reset.isAfter(known.plus(NEW_WINDOW_MARGIN)));
    if (newWindow) {
      remaining = callsLeft;
      resetAt = reset != null ? reset : now.plus(WINDOW);
    } else {
      remaining = Math.min(remaining, callsLeft);
      if (reset != null) {
        resetAt = reset;
      }
    }
  }

  /**
   * Grants one request, or refuses it when it would leave fewer than the minimum calls.
   *
   * @param endpoint the request, for the message ({@code GET https://…/api/2/users})
   * @throws OneLoginBudgetException when the request must not be sent
   */
  public synchronized void acquire(String endpoint) {
    if (minimum <= 0 || remaining < 0) {
      return;
    }
    Instant now = clock.instant();
    Instant reset = resetAt;
    if (reset == null || !now.isBefore(reset)) {
      // The hour the estimate belongs to is over; the next answer tells the new figure.
      remaining = -1;
      resetAt = null;
      return;
    }
    if (remaining - 1 < minimum) {
      throw new OneLoginBudgetException(remaining, minimum, Duration.between(now, reset), endpoint);
    }
    remaining--;
  }

  /** The calls left as last known, and the time to the reset; empty before any answer. */
  public synchronized Optional<Status> status() {
    Instant reset = resetAt;
    if (remaining < 0 || reset == null) {
      return Optional.empty();
    }
    Duration d = Duration.between(clock.instant(), reset);
    return Optional.of(new Status(remaining, d.isNegative() ? Duration.ZERO : d));
  }

  /** The budget as last known. */
  public static final class Status {
    private final long remaining;
    private final Duration resetIn;

    Status(long remaining, Duration resetIn) {
      this.remaining = remaining;
      this.resetIn = resetIn;
    }

    /** Calls left this hour. */
    public long remaining() {
      return remaining;
    }

    /** Time until the hour resets. */
    public Duration resetIn() {
      return resetIn;
    }
  }

  static Optional<Long> number(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(value.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized String toString() {
    return "ApiBudget[minimum=" + minimum + ", remaining=" + remaining + ", resetAt=" + resetAt + "]";
  }
}
