package io.github.usersync.entra.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a read said moments ago, kept so the call that follows it in the same run does not read it
 * again: a photo fingerprint for the download that follows a changed one, or a manager a listing
 * carried for the engine's manager reads. Each entry is used at most once and only while it is
 * younger than its time to live; at most {@code capacity} are kept (the oldest go first). Using a
 * value read moments before is safe: a photo replaced or a manager changed in between shows on the
 * next run. Thread-safe.
 *
 * @param <V> what was read
 */
public final class RecentReads<V> {
  private final Clock clock;
  private final Duration timeToLive;
  private final Map<String, Read<V>> reads;

  private static final class Read<V> {
    final V value;
    final Instant at;

    Read(V value, Instant at) {
      this.value = value;
      this.at = at;
    }
  }

  /** Keeps up to {@code capacity} values, each usable for {@code timeToLive}. */
  public RecentReads(Clock clock, Duration timeToLive, int capacity) {
    this.clock = clock;
    this.timeToLive = timeToLive;
    this.reads =
        new LinkedHashMap<>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Read<V>> eldest) {
            return size() > capacity;
          }
        };
  }

  /** Records what was read just now for the user. */
  public synchronized void record(String userId, V value) {
    reads.remove(userId);
    reads.put(userId, new Read<>(value, clock.instant()));
  }

  /** Forgets what was recorded for the user. */
  public synchronized void forget(String userId) {
    reads.remove(userId);
  }

  /** Forgets everything. */
  public synchronized void clear() {
    reads.clear();
  }

  /** The value recorded for the user within the time to live, once; else empty. */
  public synchronized Optional<V> take(String userId) {
    Read<V> read = reads.remove(userId);
    if (read == null || read.at.plus(timeToLive).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(read.value);
  }
}
