package io.github.usersync.core.http;

import java.time.Duration;

/** Waits; injectable so tests of retry and throttling run in no time. */
@FunctionalInterface
public interface Sleeper {
  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;

  /** {@link Thread#sleep(long)}. */
  static Sleeper system() {
    return d -> {
      if (!d.isZero() && !d.isNegative()) {
        Thread.sleep(d.toMillis());
      }
    };
  }
}
