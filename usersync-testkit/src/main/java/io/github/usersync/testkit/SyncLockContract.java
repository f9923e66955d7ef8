package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.sync.SyncLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every {@link SyncLock} passes: one holder at a time per sync name, however many
 * threads (and lock instances over the same storage) try; a release lets the next one in; a
 * refusal names the holder; {@code acquire} waits for a release; handles say whether they hold;
 * and two sync engines never apply at once. Extend it and implement {@link #createLock()}; override
 * {@link #otherLock()} where a second instance over the same storage stands for another process or
 * node. Each test uses fresh sync names.
 */
public abstract class SyncLockContract {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path journalDir;

  /** The lock to test. */
  protected abstract SyncLock createLock();

  /**
   * A lock over the same storage, as another process or node builds it (default: {@link
   * #createLock()} again).
   */
  protected SyncLock otherLock() {
    return createLock();
  }

  /** Whether {@link SyncLock#holder} reports holders (default true). */
  protected boolean reportsHolders() {
    return true;
  }

  /** A sync name unique to this test run. */
  protected String name(String base) {
    return base + "-" + run;
  }

  @Test
  void aHeldLockIsRefusedUntilReleased() {
    SyncLock lock = createLock();
    SyncLock other = otherLock();
    Optional<SyncLock.Handle> held = lock.tryAcquire(name("a"));
    assertThat(held).isPresent();

    assertThat(other.tryAcquire(name("a"))).isEmpty();
    assertThat(lock.tryAcquire(name("a"))).isEmpty();

    held.get().close();
    Optional<SyncLock.Handle> next = other.tryAcquire(name("a"));
    assertThat(next).isPresent();
    next.get().close();
  }

  @Test
  void syncNamesAreIndependent() {
    SyncLock lock = createLock();
    List<String> names = List.of(name("okta to jira"), name("okta/jira"), name("okta-jira"), name("Zoë"),
        name("y".repeat(150)));
    List<SyncLock.Handle> held = new ArrayList<>();
    for (String n : names) {
      held.add(lock.tryAcquire(n).orElseThrow(() -> new AssertionError("not acquired: " + n)));
    }
    for (String n : names) {
      assertThat(otherLock().tryAcquire(n)).as(n).isEmpty();
    }
    held.forEach(SyncLock.Handle::close);
  }

  @Test
  void aHandleSaysWhetherItHoldsAndClosesOnce() {
    SyncLock lock = createLock();
    SyncLock.Handle h = lock.tryAcquire(name("held")).orElseThrow();
    assertThat(h.isHeld()).isTrue();

    h.close();
    assertThat(h.isHeld()).isFalse();
    SyncLock.Handle next = otherLock().tryAcquire(name("held")).orElseThrow();
    h.close();
    assertThat(next.isHeld()).isTrue();
    assertThat(lock.tryAcquire(name("held"))).as("a second close must not free a newer holding").isEmpty();
    next.close();
  }

  @Test
  void aRefusalNamesTheHolder() {
    SyncLock lock = createLock();
    Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (SyncLock.Handle held = lock.acquire(name("named"))) {
      assertThat(held.isHeld()).isTrue();
      assertThatThrownBy(() -> otherLock().acquire(name("named")))
          .isInstanceOfSatisfying(SyncInProgressException.class, e -> {
            assertThat(e.syncName()).isEqualTo(name("named"));
            assertThat(e.getMessage()).contains(name("named")).contains("already in progress");
            if (reportsHolders()) {
              SyncLock.Holder h = e.holder().orElseThrow(() -> new AssertionError("no holder in " + e.getMessage()));
              assertThat(h.pid()).hasValue(ProcessHandle.current().pid());
              assertThat(h.host()).isNotBlank();
              assertThat(h.since()).isBetween(before, Instant.now().plusSeconds(1));
              assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid()).contains(h.host());
            }
          });
      if (reportsHolders()) {
        assertThat(otherLock().holder(name("named"))).isPresent();
      }
    }
    assertThat(otherLock().holder(name("named"))).isEmpty();
  }

  @Test
  void acquireWaitsForTheHolderToRelease() throws Exception {
    SyncLock lock = createLock();
    SyncLock.Handle held = lock.tryAcquire(name("wait")).orElseThrow();
    AtomicBoolean released = new AtomicBoolean();
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
      waiting.countDown();
      try (SyncLock.Handle h = otherLock().acquire(name("wait"), Duration.ofSeconds(60))) {
        return released.get() && h.isHeld();
      }
    });
    assertThat(waiting.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(200);
    released.set(true);
    held.close();

    assertThat(waiter.get(60, TimeUnit.SECONDS)).as("acquired only after the release").isTrue();
  }

  @Test
  void aWaitingLockGivesUpAfterItsWait() {
    SyncLock lock = createLock();
    try (SyncLock.Handle held = lock.acquire(name("give-up"))) {
      SyncLock waiting = otherLock().waitingUpTo(Duration.ofMillis(300));
      assertThatThrownBy(() -> waiting.acquire(name("give-up")))
          .isInstanceOf(SyncInProgressException.class)
          .hasMessageContaining("waited 300ms");
      assertThat(held.isHeld()).isTrue();
    }
  }

  @Test
  void ofManyThreadsTryingAtOnceExactlyOneWins() throws Exception {
    int threads = 8;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<Optional<SyncLock.Handle>>> tries = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        SyncLock lock = i % 2 == 0 ? createLock() : otherLock();
        tries.add(CompletableFuture.supplyAsync(() -> {
          try {
            start.await(30, TimeUnit.SECONDS);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return lock.tryAcquire(name("race"));
        }, pool));
      }
      List<SyncLock.Handle> won = new ArrayList<>();
      for (CompletableFuture<Optional<SyncLock.Handle>> t : tries) {
        t.get(60, TimeUnit.SECONDS).ifPresent(won::add);
      }
      assertThat(won).hasSize(1);
      won.forEach(SyncLock.Handle::close);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void underContentionNoTwoHoldersOverlap() throws Exception {
    int threads = 4;
    int rounds = 8;
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    AtomicInteger entered = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<CompletableFuture<Void>> all = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        SyncLock lock = i % 2 == 0 ? createLock() : otherLock();
        all.add(CompletableFuture.runAsync(() -> {
          for (int r = 0; r < rounds; r++) {
            try (SyncLock.Handle h = lock.acquire(name("contended"), Duration.ofSeconds(120))) {
              most.accumulateAndGet(inside.incrementAndGet(), Math::max);
              entered.incrementAndGet();
              Thread.sleep(5);
              inside.decrementAndGet();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
        }, pool));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(300, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    assertThat(entered.get()).isEqualTo(threads * rounds);
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void twoEnginesInTwoThreadsNeverApplyAtOnce() throws Exception {
    RunJournal journal = RunJournal.at(journalDir.resolve("journal.txt"));
    CyclicBarrier start = new CyclicBarrier(2);
    List<CompletableFuture<Long>> runs = new ArrayList<>();
    for (SyncLock lock : List.of(createLock(), otherLock())) {
      runs.add(CompletableFuture.supplyAsync(() -> {
        try {
          start.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        return journal.runSync(lock.waitingUpTo(Duration.ofSeconds(120)), name("engine"), 60).counts().created();
      }));
    }
    for (CompletableFuture<Long> r : runs) {
      assertThat(r.get(300, TimeUnit.SECONDS)).isEqualTo(60);
    }
    assertThat(journal.applyWindows()).isEqualTo(2);
    assertThat(Files.readAllLines(journal.file())).hasSize(4);
  }
}
