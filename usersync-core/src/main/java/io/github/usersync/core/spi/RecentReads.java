package io.github.usersync.core.spi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a connector read moments ago, kept so the call the engine makes right after (in the same
 * run) costs no request: a manager or a photo fingerprint a listing carried, the facts of a user
 * just listed. A value is used while it is younger than its time to live, either as often as asked
 * ({@link #get}) or once ({@link #take}: a photo fingerprint serves one download); at most {@code
 * capacity} are kept, the least recently stored dropped first. Using a value read moments before
 * is safe where the next run reads again: a change in between shows then. Thread-safe.
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

  /** Keeps what was read just now for {@code key}, replacing (and renewing) what was there. */
  public synchronized void put(String key, V value) {
    reads.remove(key);
    reads.put(key, new Read<>(value, clock.instant()));
  }

  /** The value kept for {@code key} within the time to live; empty when unknown or expired. */
  public synchronized Optional<V> get(String key) {
    return fresh(reads.get(key));
  }

  /** Like {@link #get}, but once: the value is forgotten as it is handed out. */
  public synchronized Optional<V> take(String key) {
    return fresh(reads.remove(key));
  }

  private Optional<V> fresh(@Nullable Read<V> read) {
    if (read == null || read.at.plus(timeToLive).isBefore(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(read.value);
  }

  /** Forgets what was kept for {@code key}. */
  public synchronized void forget(String key) {
    reads.remove(key);
  }

  /** Forgets everything. */
  public synchronized void clear() {
    reads.clear();
  }

  /** How many values are kept (expired ones included until they are dropped). */
  public synchronized int size() {
    return reads.size();
  }
}
