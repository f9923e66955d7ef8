package io.github.usersync.core.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads how long a provider asks the client to wait, from its headers. The standard {@code
 * Retry-After} (seconds or HTTP-date) is always honoured; providers add their own reset headers:
 * Okta's {@code X-Rate-Limit-Reset} is an epoch second, OneLogin's {@code X-RateLimit-Reset} a
 * count of seconds.
 */
public interface RateLimitPolicy {
  /** For a throttled or 503 answer: how long to wait before retrying, when the answer says. */
  Optional<Duration> retryDelay(ApiResponse response, Clock clock);

  /**
   * For any answer: how long to hold further requests because the provider's budget is spent
   * (e.g. {@code X-Rate-Limit-Remaining: 0}); empty to go on.
   */
  default Optional<Duration> pauseAfter(ApiResponse response, Clock clock) {
    return Optional.empty();
  }

  /** {@code Retry-After} only. */
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
    };
  }

  /** Parses {@code Retry-After}: delta-seconds or an HTTP-date (against the {@code Date} header). */
  static Optional<Duration> retryAfterHeader(ApiResponse response, Clock clock) {
    Optional<String> v = response.header("Retry-After");
    if (!v.isPresent()) {
      return Optional.empty();
    }
    String s = v.get().trim();
    try {
      return Optional.of(Duration.ofMillis(Math.max(0, (long) (Double.parseDouble(s) * 1000))));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(nonNegative(Duration.between(serverNow(response, clock), at)));
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
