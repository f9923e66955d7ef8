package io.github.usersync.core.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.testing.MovableClock;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link RecentReads}: bounded, short-lived, used as often as asked or once. */
class RecentReadsTest {

  @Test
  void dropsTheOldestBeyondTheCapacity() {
    RecentReads<String> c = new RecentReads<>(Clock.systemUTC(), Duration.ofMinutes(5), 2);
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
    RecentReads<String> c = new RecentReads<>(clock, Duration.ofMinutes(5), 10);
    c.put("a", "1");
    clock.advance(Duration.ofMinutes(5));
    assertThat(c.get("a")).contains("1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(c.get("a")).isEmpty();
  }

  @Test
  void takeHandsAValueOutOnceAndOnlyWhileFresh() {
    MovableClock clock = new MovableClock();
    RecentReads<String> c = new RecentReads<>(clock, Duration.ofMinutes(10), 10);
    c.put("a", "1");
    c.put("b", "2");

    assertThat(c.take("a")).contains("1");
    assertThat(c.take("a")).as("used once").isEmpty();
    clock.advance(Duration.ofMinutes(11));
    assertThat(c.take("b")).as("expired").isEmpty();
    c.put("c", "3");
    c.forget("c");
    assertThat(c.get("c")).isEmpty();
  }
}
