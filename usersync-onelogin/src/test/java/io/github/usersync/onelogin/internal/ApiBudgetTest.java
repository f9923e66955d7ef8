package io.github.usersync.onelogin.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.testkit.MutableClock;
import io.github.usersync.onelogin.OneLoginBudgetException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ApiBudgetTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2024-05-02T10:00:00Z"));

  @Test
  void grantsCallsUntilTheNextWouldLeaveLessThanTheMinimum() {
    ApiBudget budget = new ApiBudget(500, clock);
    budget.record(505, 600L);

    for (int i = 0; i < 5; i++) {
      budget.acquire("GET /api/2/users");
    }

    assertThatThrownBy(() -> budget.acquire("GET https://acme.onelogin.com/api/2/users"))
        .isInstanceOfSatisfying(
            OneLoginBudgetException.class,
            e -> {
              assertThat(e.remaining()).isEqualTo(500);
              assertThat(e.minimum()).isEqualTo(500);
              assertThat(e.resetIn()).isEqualTo(Duration.ofSeconds(600));
              assertThat(e.getMessage())
                  .startsWith("onelogin: paused to protect OneLogin's shared API budget: 500 calls remaining,"
                      + " minimum 500; resets in 600 s.")
                  .contains("GET https://acme.onelogin.com/api/2/users was not sent")
                  .contains("minRemainingApiCalls");
            });
  }

  @Test
  void grantsEverythingBeforeOneLoginHasToldTheBudget() {
    ApiBudget budget = new ApiBudget(500, clock);

    budget.acquire("GET /a");

    assertThat(budget.status()).isEmpty();
  }

  @Test
  void followsOneLoginDownButNotBackUpWithinTheHour() {
    ApiBudget budget = new ApiBudget(10, clock);
    budget.record(600, 600L);
    budget.record(550, 599L); // another integration spent 49 calls
    budget.record(560, 599L); // an older answer arriving late

    assertThat(budget.status().orElseThrow().remaining()).isEqualTo(550);
  }

  @Test
  void aNewHourStartsFromOneLoginsFigure() {
    ApiBudget budget = new ApiBudget(500, clock);
    budget.record(500, 10L);
    assertThatThrownBy(() -> budget.acquire("GET /a")).isInstanceOf(OneLoginBudgetException.class);

    clock.advance(Duration.ofSeconds(11));
    budget.acquire("GET /a"); // the hour is over: granted, the answer will tell
    budget.record(4999, 3599L);

    assertThat(budget.status().orElseThrow().remaining()).isEqualTo(4999);
  }

  @Test
  void aResetMuchLaterThanTheKnownOneIsANewHour() {
    ApiBudget budget = new ApiBudget(500, clock);
    budget.record(501, 5L);
    budget.record(5000, 3600L);

    assertThat(budget.status().orElseThrow().remaining()).isEqualTo(5000);
  }

  @Test
  void zeroOnlyObserves() {
    ApiBudget budget = new ApiBudget(0, clock);
    budget.record(0, 3000L);

    budget.acquire("GET /a");
    budget.acquire("GET /b");

    assertThat(budget.status().orElseThrow().remaining()).isZero();
  }

  @Test
  void withoutAResetHeaderTheHourIsAssumedToLastAnHour() {
    ApiBudget budget = new ApiBudget(100, clock);
    budget.record(100, null);

    assertThatThrownBy(() -> budget.acquire("GET /a"))
        .isInstanceOfSatisfying(
            OneLoginBudgetException.class, e -> assertThat(e.resetIn()).isEqualTo(Duration.ofHours(1)));
  }
}
