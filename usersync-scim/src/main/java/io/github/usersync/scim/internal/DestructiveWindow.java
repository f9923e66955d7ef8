package io.github.usersync.scim.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the deactivations and deletions applied over a sliding window, so a burst (an IdP
 * unassigning a whole group, a misconfigured scope) is held back once it reaches the limit.
 * Thread-safe.
 */
public final class DestructiveWindow {
  private final int max;
  private final Duration window;
  private final Clock clock;
  private final Deque<Instant> applied = new ArrayDeque<>();

  /** A window allowing {@code max} destructive changes per {@code window}. */
  public DestructiveWindow(int max, Duration window, Clock clock) {
    this.max = max;
    this.window = window;
    this.clock = clock;
  }

  /** How many more may be applied now. */
  public synchronized int remaining() {
    expire();
    return Math.max(0, max - applied.size());
  }

  /** Records {@code n} applied destructive changes. */
  public synchronized void record(int n) {
    Instant now = clock.instant();
    for (int i = 0; i < n; i++) {
      applied.addLast(now);
    }
  }

  /** Seconds until the oldest counted change leaves the window (at least 1). */
  public synchronized long retryAfterSeconds() {
    expire();
    Instant oldest = applied.peekFirst();
    if (oldest == null) {
      return 1;
    }
    long s = Duration.between(clock.instant(), oldest.plus(window)).getSeconds() + 1;
    return Math.max(1, s);
  }

  /** The limit, for messages. */
  public int max() {
    return max;
  }

  /** The window, for messages. */
  public Duration window() {
    return window;
  }

  private void expire() {
    Instant cutoff = clock.instant().minus(window);
    while (!applied.isEmpty() && !applied.peekFirst().isAfter(cutoff)) {
      applied.removeFirst();
    }
  }
}
