package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SyncSchedulerTest {
  @Test
  void quartzExpressionsWithSecondsAreParsed() {
    ZonedDateTime at = ZonedDateTime.of(2026, 11, 23, 10, 7, 30, 0, ZoneOffset.UTC);

    assertThat(SyncScheduler.nextExecution("0 0/15 * * * ?", at)).contains(at.withMinute(15).withSecond(0));
    assertThat(SyncScheduler.nextExecution("0 0 2 * * ?", at)).contains(at.plusDays(1).withHour(2).withMinute(0).withSecond(0));
    assertThat(SyncScheduler.nextExecution("0 30 9 ? * MON-FRI", at)).contains(at.plusDays(1).withHour(9).withMinute(30).withSecond(0));
  }

  @Test
  void aBadExpressionNamesTheKeyAndShowsAnExample() {
    assertThatThrownBy(() -> SyncScheduler.parse("*/5 * * * *"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("schedule.cron: '*/5 * * * *' is not a Quartz cron expression")
        .hasMessageContaining("'0 0/15 * * * ?'");
  }

  @Test
  void triggersDuringARunAreCoalescedAndRunsNeverOverlap() throws Exception {
    InMemoryDirectory d = directory(3);
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    SyncListener blocking = new SyncListener() {
      @Override
      public void phase(SyncPhase phase) {
        if (phase == SyncPhase.READ_HOST) {
          maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
          entered.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        } else if (phase == SyncPhase.DONE) {
          concurrent.decrementAndGet();
        }
      }
    };
    List<SyncReport> reports = new CopyOnWriteArrayList<>();
    UserSync s = sync(d, InMemoryTarget.create()).listener(blocking).build();
    try (SyncScheduler scheduler = SyncScheduler.builder(s, "0 0 0 1 1 ? 2099").onReport(reports::add).build().start()) {
      CompletableFuture<SyncReport> first = scheduler.syncNow();
      assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
      CompletableFuture<SyncReport> second = scheduler.syncNow();
      CompletableFuture<SyncReport> third = scheduler.syncNow();
      assertThat(scheduler.isRunning()).isTrue();

      release.countDown();
      SyncReport report = first.get(10, TimeUnit.SECONDS);

      assertThat(second.get(10, TimeUnit.SECONDS)).isSameAs(report);
      assertThat(third.get(10, TimeUnit.SECONDS)).isSameAs(report);
      assertThat(report.plan().notes()).contains("2 trigger(s) arrived during this run and were coalesced into it");
      assertThat(scheduler.runs()).isEqualTo(1);
      assertThat(maxConcurrent.get()).isEqualTo(1);
      assertThat(reports).containsExactly(report);

      SyncReport next = scheduler.syncNow().get(10, TimeUnit.SECONDS);
      assertThat(next).isNotSameAs(report);
      assertThat(scheduler.runs()).isEqualTo(2);
    }
  }

  @Test
  void theCronScheduleTriggersRuns() throws Exception {
    InMemoryDirectory d = directory(2);
    CountDownLatch two = new CountDownLatch(2);
    UserSync s = sync(d, InMemoryTarget.create()).build();
    try (SyncScheduler scheduler = SyncScheduler.builder(s, "* * * * * ?").onReport(r -> two.countDown()).build().start()) {
      assertThat(two.await(5, TimeUnit.SECONDS)).as("two runs within 5 s on a per-second schedule").isTrue();
      assertThat(scheduler.nextRun()).isPresent();
    }
  }

  @Test
  void closeStopsTriggering() throws Exception {
    UserSync s = sync(directory(1), InMemoryTarget.create()).build();
    SyncScheduler scheduler = SyncScheduler.builder(s, "* * * * * ?").build().start();
    scheduler.close();
    long runs = scheduler.runs();
    Thread.sleep(1500);

    assertThat(scheduler.runs()).isEqualTo(runs);
    assertThatThrownBy(() -> scheduler.syncNow().get()).hasCauseInstanceOf(IllegalStateException.class);
  }
}
