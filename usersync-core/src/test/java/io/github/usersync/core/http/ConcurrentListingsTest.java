package io.github.usersync.core.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.DirectoryException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Paging#concurrently}: several listings read at the same time into one stream. */
@Timeout(20)
class ConcurrentListingsTest {

  private static Supplier<Stream<Integer>> range(int from, int to) {
    return () -> IntStream.range(from, to).boxed();
  }

  @Test
  void everyItemOfEveryListingArrivesOnce() {
    List<Supplier<Stream<Integer>>> parts = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      parts.add(range(p * 1000, p * 1000 + 1000));
    }

    List<Integer> all = Paging.concurrently(parts, 3).collect(Collectors.toList());

    assertThat(all).hasSize(10_000).doesNotHaveDuplicates();
    assertThat(all).containsExactlyInAnyOrderElementsOf(IntStream.range(0, 10_000).boxed().collect(Collectors.toList()));
  }

  @Test
  void listingsRunAtTheSameTimeButNoMoreThanAtOnce() throws Exception {
    // Each listing waits until three are running: with atOnce 3 they all finish; a merge that read
    // one listing after another would never get past the first.
    CountDownLatch three = new CountDownLatch(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Supplier<Stream<Integer>>> parts = new ArrayList<>();
    for (int p = 0; p < 6; p++) {
      int n = p;
      parts.add(() -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        three.countDown();
        try {
          assertThat(three.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return Stream.of(n).onClose(running::decrementAndGet);
      });
    }

    assertThat(Paging.concurrently(parts, 3).collect(Collectors.toList())).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
    assertThat(most.get()).isEqualTo(3);
  }

  @Test
  void aFailingListingIsThrownAndStopsTheOthers() {
    AtomicInteger closed = new AtomicInteger();
    Supplier<Stream<Integer>> endless = () -> Stream.iterate(0, i -> i + 1).onClose(closed::incrementAndGet);
    Supplier<Stream<Integer>> failing = () -> Stream.<Integer>of(1, 2).map(i -> {
      if (i == 2) {
        throw new DirectoryException("page 2 failed");
      }
      return i;
    });

    try (Stream<Integer> s = Paging.concurrently(List.of(endless, failing), 2)) {
      assertThatThrownBy(() -> s.forEach(i -> { }))
          .isInstanceOf(DirectoryException.class)
          .hasMessage("page 2 failed");
    }
    assertThat(closed.get()).isEqualTo(1);
  }

  @Test
  void closingEarlyStopsEveryListing() throws Exception {
    // A listing not opened before the close is never opened; every opened one is closed.
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    List<Supplier<Stream<Integer>>> parts = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      parts.add(() -> {
        opened.incrementAndGet();
        return Stream.iterate(0, i -> i + 1).onClose(closed::incrementAndGet);
      });
    }
    try (Stream<Integer> s = Paging.concurrently(parts, 2)) {
      Iterator<Integer> it = s.iterator();
      for (int i = 0; i < 10; i++) {
        it.next();
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (closed.get() < opened.get() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    assertThat(opened.get()).isPositive();
    assertThat(closed.get()).isEqualTo(opened.get());
  }

  @Test
  void noListingsIsAnEmptyStream() {
    assertThat(Paging.concurrently(List.<Supplier<Stream<Integer>>>of(), 4).count()).isZero();
  }
}
