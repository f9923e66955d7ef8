package io.github.usersync.google.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A bounded, short-lived memory of recent reads, so what the engine asks right after a listing (a
 * user's manager, a photo fingerprint) costs no request. The least recently stored entries are
 * dropped beyond the capacity, and entries expire, since a value read a while ago may be stale.
 * Thread-safe.
 *
 * @param <V> what is remembered per key
 */
public final class RecentCache<V> {
  private static final class Slot<V> {
    final V value;
    final long storedAtMillis;

    Slot(V value, long storedAtMillis) {
      this.value = value;
      this.storedAtMillis = storedAtMillis;
    }
  }

  private final int capacity;
  private final long ttlMillis;
  private final Clock clock;
  private final LinkedHashMap<String, Slot<V>> entries;

  /** A cache of at most {@code capacity} entries, each valid for {@code ttl}. */
  public RecentCache(int capacity, Duration ttl, Clock clock) {
    this.capacity = capacity;
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.entries =
        new LinkedHashMap<String, Slot<V>>() {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Slot<V>> eldest) {
            return size() > RecentCache.this.capacity;
          }
        };
  }

  /** Remembers {@code value} for {@code key}, replacing (and renewing) what was there. */
  public void put(String key, V value) {
    Slot<V> e = new Slot<>(value, clock.millis());
    synchronized (entries) {
      // remove first so a re-read moves the key to the young end
      entries.remove(key);
      entries.put(key, e);
    }
  }

  /** The value stored for {@code key}; empty when unknown or expired. */
  public Optional<V> get(String key) {
    Slot<V> e;
    synchronized (entries) {
      e = entries.get(key);
    }
    if (e == null || clock.millis() - e.storedAtMillis > ttlMillis) {
      return Optional.empty();
    }
    return Optional.of(e.value);
  }

  /** Forgets everything. */
  public void clear() {
    synchronized (entries) {
      entries.clear();
    }
  }

  /** How many entries are held. */
  public int size() {
    synchronized (entries) {
      return entries.size();
    }
  }
}
