package io.github.usersync.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test sets and moves: for expiries, leases, intervals and caches without waiting. */
public final class MutableClock extends Clock {
  private volatile Instant now;

  /** A clock showing {@code now} until moved. */
  public MutableClock(Instant now) {
    this.now = now;
  }

  /** Moves the clock by {@code d}. */
  public void advance(Duration d) {
    now = now.plus(d);
  }

  /** Sets the clock to {@code instant}. */
  public void set(Instant instant) {
    now = instant;
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
}
