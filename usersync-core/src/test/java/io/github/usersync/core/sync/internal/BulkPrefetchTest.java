package io.github.usersync.core.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.UsersyncException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 20: bulk reads sent in shares of 20 as ids arrive, a bounded number at a time. */
class BulkPrefetchTest {
  private final ExecutorService pool = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  @Test
  void fullSharesGoOutAtOnceAtMostInFlightAtATimeAndTheRestWaitsForFlush() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> sizes = Collections.synchronizedList(new ArrayList<>());
    BulkPrefetch<String> reads = new BulkPrefetch<>(pool, 2, ids -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      sizes.add(ids.size());
      running.decrementAndGet();
      Map<String, String> out = new HashMap<>();
      ids.forEach(id -> out.put(id, "answer " + id));
      return out;
    });
    List<CompletableFuture<Map<String, String>>> answers = new ArrayList<>();
    for (int i = 0; i < 75; i++) {
      answers.add(reads.add("id" + i));
    }
    assertThat(reads.add("id3")).as("an id asked twice is one read").isSameAs(answers.get(3));
    Thread.sleep(100);
    assertThat(running.get()).as("3 full shares, 2 in flight, 1 queued").isEqualTo(2);
    assertThat(answers.get(74)).as("the last 15 wait for a flush").isNotDone();
    release.countDown();
    reads.flush();
    assertThat(BulkPrefetch.await(answers.get(74))).containsEntry("id74", "answer id74");
    for (int i = 0; i < 75; i++) {
      assertThat(BulkPrefetch.await(answers.get(i))).containsEntry("id" + i, "answer id" + i);
    }
    assertThat(sizes).containsExactlyInAnyOrder(20, 20, 20, 15);
    assertThat(most.get()).isEqualTo(2);
    assertThat(reads.of("id7")).as("asked once: forgotten then").isSameAs(answers.get(7));
    assertThat(reads.of("id7")).isNull();
    assertThat(reads.of("never-added")).isNull();
  }

  @Test
  void aFailedShareFailsItsIdsWithTheReadsExceptionAndOthersStillAnswer() {
    BulkPrefetch<String> reads = new BulkPrefetch<>(pool, 4, ids -> {
      if (ids.contains("bad")) {
        throw new UsersyncException("batch answered 500");
      }
      Map<String, String> out = new HashMap<>();
      ids.forEach(id -> out.put(id, id));
      return out;
    });
    List<CompletableFuture<Map<String, String>>> answers = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      answers.add(reads.add(i == 5 ? "bad" : "ok" + i));
    }
    CompletableFuture<Map<String, String>> next = reads.add("ok-later");
    reads.flush();
    assertThatThrownBy(() -> BulkPrefetch.await(answers.get(0))).isInstanceOf(UsersyncException.class)
        .hasMessage("batch answered 500");
    assertThat(BulkPrefetch.await(next)).containsKey("ok-later");
  }

  @Test
  void inPlaceReadsOnTheCallersThreadOneShareAtATime() {
    List<String> threads = new ArrayList<>();
    BulkPrefetch<String> reads = BulkPrefetch.inPlace(ids -> {
      threads.add(Thread.currentThread().getName());
      return Map.of();
    });
    for (int i = 0; i < 41; i++) {
      reads.add("id" + i);
    }
    assertThat(threads).as("two full shares read as they filled").hasSize(2);
    reads.flush();
    assertThat(threads).hasSize(3).containsOnly(Thread.currentThread().getName());
  }

  @Test
  void cancelledReadsSendNothingMore() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    BulkPrefetch<String> reads = new BulkPrefetch<>(pool, 1, ids -> {
      calls.incrementAndGet();
      try {
        release.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Map.of();
    });
    for (int i = 0; i < 60; i++) {
      reads.add("id" + i);
    }
    reads.cancel();
    release.countDown();
    Thread.sleep(100);
    assertThat(calls.get()).as("the running share only; the 2 queued are dropped").isEqualTo(1);
    assertThatThrownBy(() -> BulkPrefetch.await(reads.add("late"))).isInstanceOf(UsersyncException.class);
  }
}
