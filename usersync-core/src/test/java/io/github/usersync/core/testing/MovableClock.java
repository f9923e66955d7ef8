package io.github.usersync.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock core's tests move by hand (usersync-testkit has one for other modules, but core's
 * tests cannot depend on the testkit, which depends on core).
 */
public final class MovableClock extends Clock {
  private volatile Instant now;

  /** A clock that reads {@code start} until moved. */
  public MovableClock(Instant start) {
    this.now = start;
  }

  /** A clock that reads 2026-01-01T00:00:00Z until moved. */
  public MovableClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }

  /** Moves the clock forward (or back, with a negative duration). */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** Sets the time. */
  public void set(Instant instant) {
    now = instant;
  }
}
