package io.github.usersync.google.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RecentCacheTest {
  private static final class MovableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

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

  @Test
  void dropsTheOldestBeyondTheCapacity() {
    RecentCache<String> c = new RecentCache<>(2, Duration.ofMinutes(5), Clock.systemUTC());
    c.put("a", "1");
    c.put("b", "2");
    c.put("a", "1'");
    c.put("c", "3");

    assertThat(c.size()).isEqualTo(2);
    assertThat(c.get("b")).as("the least recently stored").isEmpty();
    assertThat(c.get("a")).contains("1'");
    assertThat(c.get("c")).contains("3");
  }

  @Test
  void forgetsExpiredEntries() {
    MovableClock clock = new MovableClock();
    RecentCache<String> c = new RecentCache<>(10, Duration.ofMinutes(5), clock);
    c.put("a", "1");
    clock.now = clock.now.plus(Duration.ofMinutes(5));
    assertThat(c.get("a")).contains("1");
    clock.now = clock.now.plusSeconds(1);
    assertThat(c.get("a")).isEmpty();
  }
}
