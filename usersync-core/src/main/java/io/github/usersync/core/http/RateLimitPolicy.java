package io.github.usersync.core.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads a provider's rate-limit headers: how long a throttled answer asks the client to wait, and
 * how much of the budget is left, so the {@link ApiClient} slows down before it is throttled. The
 * standard {@code Retry-After} (seconds or HTTP-date) is always honoured; providers add their own
 * headers: Okta's {@code X-Rate-Limit-Reset} is an epoch second ("Rate limit best practices",
 * developer.okta.com/docs/reference/rl-best-practices), OneLogin's {@code X-RateLimit-Reset} a
 * count of seconds (developers.onelogin.com/api-docs/2/oauth20-tokens/get-rate-limit); Microsoft
 * Graph sends {@code x-ms-throttle-limit-percentage} (0.8 to 1.8, only once 80 % of the limit is
 * used; "Microsoft Graph service-specific throttling limits", identity and access). Google's
 * Directory API sends none and asks for exponential backoff.
 *
 * <p>A reset header is used only for throttled answers or when the remaining budget is 0, never
 * to delay the retry of a 5xx.
 */
public interface RateLimitPolicy {
  /**
   * For a throttled answer (429, 503 with {@code Retry-After}, or what the parser calls
   * throttling): how long to wait before retrying, when the answer says.
   */
  Optional<Duration> retryDelay(ApiResponse response, Clock clock);

  /**
   * For any answer: what it says about the budget left, when it says anything; the client holds
   * requests when it is spent and spaces them out when it runs low.
   */
  default Optional<Budget> budget(ApiResponse response, Clock clock) {
    return graphUsage(response);
  }

  /**
   * For any answer: how long to hold further requests because the provider's budget is spent
   * (e.g. {@code X-Rate-Limit-Remaining: 0}); empty to go on.
   */
  default Optional<Duration> pauseAfter(ApiResponse response, Clock clock) {
    return Optional.empty();
  }

  /** {@code Retry-After}, and Microsoft Graph's {@code x-ms-throttle-limit-percentage} when sent. */
  static RateLimitPolicy retryAfter() {
    return (response, clock) -> retryAfterHeader(response, clock);
  }

  /**
   * Okta's style: {@code Retry-After} if present, else {@code resetHeader} as epoch seconds,
   * measured against the server's {@code Date} header (not the local clock); pauses when {@code
   * remainingHeader} reaches 0.
   */
  static RateLimitPolicy resetAtEpochSeconds(String remainingHeader, String resetHeader) {
    return new RateLimitPolicy() {
      @Override
      public Optional<Duration> retryDelay(ApiResponse response, Clock clock) {
        Optional<Duration> ra = retryAfterHeader(response, clock);
        return ra.isPresent() ? ra : epochReset(response, resetHeader, clock);
      }

      @Override
      public Optional<Duration> pauseAfter(ApiResponse response, Clock clock) {
        return exhausted(response, remainingHeader)
            ? epochReset(response, resetHeader, clock)
            : Optional.empty();
      }

      @Override
      public Optional<Budget> budget(ApiResponse response, Clock clock) {
        return Budget.read(response, remainingHeader, epochReset(response, resetHeader, clock));
      }
    };
  }

  /**
   * OneLogin's style: {@code Retry-After} if present, else {@code resetHeader} as seconds from
   * now; pauses when {@code remainingHeader} reaches 0.
   */
  static RateLimitPolicy resetInSeconds(String remainingHeader, String resetHeader) {
    return new RateLimitPolicy() {
      @Override
      public Optional<Duration> retryDelay(ApiResponse response, Clock clock) {
        Optional<Duration> ra = retryAfterHeader(response, clock);
        return ra.isPresent() ? ra : secondsHeader(response, resetHeader);
      }

      @Override
      public Optional<Duration> pauseAfter(ApiResponse response, Clock clock) {
        return exhausted(response, remainingHeader)
            ? secondsHeader(response, resetHeader)
            : Optional.empty();
      }

      @Override
      public Optional<Budget> budget(ApiResponse response, Clock clock) {
        return Budget.read(response, remainingHeader, secondsHeader(response, resetHeader));
      }
    };
  }

  /**
   * Graph's {@code x-ms-throttle-limit-percentage}: the share of the limit used, sent only above
   * 0.8 (identity and access service limits).
   */
  static Optional<Budget> graphUsage(ApiResponse response) {
    Optional<String> v = response.header("x-ms-throttle-limit-percentage");
    if (!v.isPresent()) {
      return Optional.empty();
    }
    try {
      double used = Double.parseDouble(v.get().trim());
      return Double.isFinite(used) && used >= 0
          ? Optional.of(Budget.used(used))
          : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Parses {@code Retry-After}: delta-seconds or an HTTP-date (against the {@code Date} header). */
  static Optional<Duration> retryAfterHeader(ApiResponse response, Clock clock) {
    Optional<String> v = response.header("Retry-After");
    return v.isPresent() ? parseRetryAfter(v.get(), () -> serverNow(response, clock)) : Optional.empty();
  }

  /**
   * Parses a {@code Retry-After} value (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date measured
   * from {@code now}; empty when it is neither. For answers that do not come as an {@link
   * ApiResponse}, such as the requests inside a Microsoft Graph JSON batch.
   */
  static Optional<Duration> parseRetryAfter(String value, java.util.function.Supplier<Instant> now) {
    String s = value.trim();
    try {
      return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(s) * 1000))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(nonNegative(Duration.between(now.get(), at)));
      } catch (DateTimeParseException e2) {
        return Optional.empty();
      }
    }
  }

  /** The server's idea of now (its {@code Date} header), else the local clock. */
  static Instant serverNow(ApiResponse response, Clock clock) {
    Optional<String> date = response.header("Date");
    if (date.isPresent()) {
      try {
        return ZonedDateTime.parse(date.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant();
      } catch (DateTimeParseException e) {
        // fall back to the local clock
      }
    }
    return clock.instant();
  }

  /** What an answer says about the budget left in the provider's current rate-limit window. */
  final class Budget {
    private final long remaining;
    private final long limit;
    private final double used;
    private final @Nullable Duration resetIn;

    private Budget(long remaining, long limit, double used, @Nullable Duration resetIn) {
      this.remaining = remaining;
      this.limit = limit;
      this.used = used;
      this.resetIn = resetIn;
    }

    /** A budget of {@code remaining} of {@code limit} requests (limit 0 if unknown), resetting in {@code resetIn}. */
    public static Budget of(long remaining, long limit, @Nullable Duration resetIn) {
      double used = limit > 0 ? 1.0 - (double) Math.max(0, remaining) / limit : remaining <= 0 ? 1.0 : 0.0;
      return new Budget(remaining, limit, used, resetIn);
    }

    /** A budget known only as the share used (1.0 = all), as Graph reports it. */
    public static Budget used(double used) {
      return new Budget(-1, 0, used, null);
    }

    /**
     * Reads {@code remainingHeader} and the matching limit header (the same name with {@code
     * Remaining} replaced by {@code Limit}, as Okta and OneLogin name them).
     */
    static Optional<Budget> read(ApiResponse r, String remainingHeader, Optional<Duration> resetIn) {
      Optional<Long> remaining = longHeader(r, remainingHeader);
      if (!remaining.isPresent()) {
        return Optional.empty();
      }
      String limitHeader = remainingHeader.replace("Remaining", "Limit").replace("remaining", "limit");
      long limit = limitHeader.equals(remainingHeader) ? 0 : longHeader(r, limitHeader).orElse(0L);
      return Optional.of(of(remaining.get(), limit, resetIn.orElse(null)));
    }

    /** Requests left in the window; negative when unknown. */
    public long remaining() {
      return remaining;
    }

    /** The window's limit; 0 when unknown. */
    public long limit() {
      return limit;
    }

    /** The share of the limit used: 0 none, 1 all (may exceed 1 when over the limit). */
    public double used() {
      return used;
    }

    /** When the window resets, when known. */
    public Optional<Duration> resetIn() {
      return Optional.ofNullable(resetIn);
    }

    /** Whether no request is left. */
    public boolean spent() {
      return remaining == 0 || used >= 1.0;
    }

    @Override
    public String toString() {
      return "Budget[remaining=" + remaining + ", limit=" + limit + ", used=" + used + ", resetIn=" + resetIn + "]";
    }
  }

  private static Optional<Long> longHeader(ApiResponse r, String header) {
    Optional<String> v = r.header(header);
    if (!v.isPresent()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Long.parseLong(v.get().trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> epochReset(ApiResponse r, String header, Clock clock) {
    Optional<String> v = r.header(header);
    if (!v.isPresent()) {
      return Optional.empty();
    }
    try {
      Instant reset = Instant.ofEpochSecond(Long.parseLong(v.get().trim()));
      // +1 s: the reset second itself may still be in the old window.
      return Optional.of(nonNegative(Duration.between(serverNow(r, clock), reset)).plusSeconds(1));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<Duration> secondsHeader(ApiResponse r, String header) {
    Optional<String> v = r.header(header);
    if (!v.isPresent()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.get().trim()))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static boolean exhausted(ApiResponse r, String remainingHeader) {
    Optional<String> v = r.header(remainingHeader);
    if (!v.isPresent()) {
      return false;
    }
    try {
      return Long.parseLong(v.get().trim()) <= 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static Duration nonNegative(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
