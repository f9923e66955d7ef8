package io.github.usersync.entra.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Photo fingerprints read from the photo metadata moments ago, so the download that follows a
 * changed fingerprint (in the same run) does not read the metadata a second time. Each entry is
 * used at most once and only while it is younger than its time to live; at most {@code capacity}
 * are kept (the oldest go first). Using a fingerprint read before the bytes is safe: a photo
 * replaced in between carries the older fingerprint, so the next run sees a new one and fetches
 * it again. Thread-safe.
 */
public final class RecentPhotoFingerprints {
  private final Clock clock;
  private final Duration timeToLive;
  private final Map<String, Read> reads;

  private static final class Read {
    final String fingerprint;
    final Instant at;

    Read(String fingerprint, Instant at) {
      this.fingerprint = fingerprint;
      this.at = at;
    }
  }

  /** Keeps up to {@code capacity} fingerprints, each usable for {@code timeToLive}. */
  public RecentPhotoFingerprints(Clock clock, Duration timeToLive, int capacity) {
    this.clock = clock;
    this.timeToLive = timeToLive;
    this.reads =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Read> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records what the metadata said just now: a fingerprint, or none (no photo). */
  public synchronized void record(String userId, Optional<String> fingerprint) {
    reads.remove(userId);
    fingerprint.ifPresent(f -> reads.put(userId, new Read(f, clock.instant())));
  }

  /** The fingerprint recorded for the user within the time to live, once; else empty. */
  public synchronized Optional<String> take(String userId) {
    Read read = reads.remove(userId);
    if (read == null || read.at.plus(timeToLive).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(read.fingerprint);
  }
}
