package io.github.usersync.onelogin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A value read from OneLogin and reused for a while (role and group names, the group membership
 * index), so per-user reads do not list roles again and spend the account's API budget. Loads
 * under a lock, so concurrent callers wait for one load. Thread-safe.
 */
public final class Snapshot<T> {
  private final Supplier<T> loader;
  private final Duration maxAge;
  private final Clock clock;
  private @Nullable T value;
  private Instant loadedAt = Instant.MIN;

  /** A snapshot loaded by {@code loader}, reused for {@code maxAge}. */
  public Snapshot(Supplier<T> loader, Duration maxAge, Clock clock) {
    this.loader = loader;
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /** The value, loaded if there is none or it is older than the maximum age. */
  public synchronized T get() {
    T v = value;
    if (v != null && clock.instant().isBefore(loadedAt.plus(maxAge))) {
      return v;
    }
    return refresh();
  }

  /** The value if one was loaded less than the maximum age ago, else null; never loads. */
  public synchronized @Nullable T fresh() {
    T v = value;
    return v != null && clock.instant().isBefore(loadedAt.plus(maxAge)) ? v : null;
  }

  /** Loads the value now. A failed load keeps nothing, so the next call tries again. */
  public synchronized T refresh() {
    value = null;
    T v = loader.get();
    value = v;
    loadedAt = clock.instant();
    return v;
  }
}
