package io.github.usersync.onelogin.internal;

import io.github.usersync.core.http.ApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * OneLogin's idea of now, from the {@code Date} header of its answers: change cursors compare
 * with OneLogin's {@code updated_at}, so they are taken on OneLogin's clock, not on a local clock
 * that may be off. Thread-safe.
 */
public final class ServerClock {
  private final Clock clock;
  private volatile @Nullable Duration offset;

  /** A server clock measured against {@code clock}. */
  public ServerClock(Clock clock) {
    this.clock = clock;
  }

  /** Reads the answer's {@code Date} header, if it has one. */
  public void observe(ApiResponse response) {
    Optional<String> date = response.header("Date");
    if (date.isPresent()) {
      try {
        Instant server =
            ZonedDateTime.parse(date.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        offset = Duration.between(clock.instant(), server);
      } catch (DateTimeParseException e) {
        // keep the last offset: one odd header must not move the cursor
      }
    }
  }

  /** Whether an answer has told the server's time yet. */
  public boolean known() {
    return offset != null;
  }

  /** The server's time now (the local clock until an answer has told it). */
  public Instant now() {
    Duration o = offset;
    Instant local = clock.instant();
    return o == null ? local : local.plus(o);
  }
}
