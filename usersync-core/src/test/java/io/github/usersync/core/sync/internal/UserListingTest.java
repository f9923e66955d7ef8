package io.github.usersync.core.sync.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.DirectoryUser;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The read-ahead of a full run's user listing, stepped by hand: the executor runs tasks when told. */
class UserListingTest {
  /** Queues tasks; the test runs them. */
  static final class Steps implements Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable r) {
      tasks.add(r);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  final AtomicInteger served = new AtomicInteger();
  final AtomicInteger opened = new AtomicInteger();
  final AtomicBoolean closed = new AtomicBoolean();

  Supplier<Stream<DirectoryUser>> users(int n, int failAt) {
    return () -> {
      opened.incrementAndGet();
      return IntStream.range(0, n).mapToObj(i -> {
        if (i == failAt) {
          throw new UsersyncException("GET test://users?page=" + i + " failed (simulated)");
        }
        served.incrementAndGet();
        return DirectoryUser.builder().id("u" + i).username("user" + i).active(true).build();
      }).onClose(() -> closed.set(true));
    };
  }

  static String id(@Nullable DirectoryUser u) {
    return u == null ? "(end)" : u.id();
  }

  @Test
  void readsAheadAtMostTheBufferAndGoesOnOnceThePlanHasTakenHalfOfIt() {
    Steps steps = new Steps();
    UserListing listing = UserListing.ahead(users(25, -1), steps, 10);
    assertThat(opened).as("nothing is read on the caller's thread").hasValue(0);

    steps.runAll();
    assertThat(served).as("a full buffer ends the task").hasValue(10);
    assertThat(listing.readingAhead()).isTrue();
    for (int i = 0; i < 4; i++) {
      assertThat(id(listing.next())).isEqualTo("u" + i);
    }
    assertThat(steps.tasks).as("6 left: not yet").isEmpty();
    assertThat(id(listing.next())).isEqualTo("u4");
    assertThat(steps.tasks).as("half taken: read on").hasSize(1);
    steps.runAll();
    assertThat(served).hasValue(15);

    List<String> rest = new ArrayList<>();
    DirectoryUser u;
    while (true) {
      steps.runAll();
      u = listing.next();
      if (u == null) {
        break;
      }
      rest.add(u.id());
    }
    assertThat(rest).hasSize(20).startsWith("u5").endsWith("u24");
    assertThat(listing.readingAhead()).isFalse();
    assertThat(closed).as("the ended listing is closed").isTrue();
    assertThat(opened).hasValue(1);
  }

  @Test
  void aFailureIsThrownAfterTheUsersReadBeforeIt() {
    Steps steps = new Steps();
    UserListing listing = UserListing.ahead(users(25, 7), steps, 100);
    steps.runAll();

    for (int i = 0; i < 7; i++) {
      assertThat(id(listing.next())).isEqualTo("u" + i);
    }
    assertThatThrownBy(listing::next).isInstanceOf(UsersyncException.class).hasMessageContaining("page=7");
    assertThat(closed).isTrue();
  }

  @Test
  void closingStopsTheReadAheadAfterTheUserItIsReading() {
    Steps steps = new Steps();
    UserListing listing = UserListing.ahead(users(25, -1), steps, 10);
    listing.close();
    steps.runAll();

    assertThat(served).as("the task starts after close: it reads nothing").hasValue(0);
    assertThat(listing.next()).isNull();
    assertThat(listing.readingAhead()).isFalse();
  }

  @Test
  void closingAPausedListingClosesItsStream() {
    Steps steps = new Steps();
    UserListing listing = UserListing.ahead(users(25, -1), steps, 10);
    steps.runAll();
    assertThat(closed).isFalse();

    listing.close();

    assertThat(closed).isTrue();
    assertThat(listing.next()).isNull();
  }

  @Test
  void inPlaceTheCallerPagesThroughTheListingAsItTakesUsers() {
    UserListing listing = UserListing.inPlace(users(3, -1));
    assertThat(opened).hasValue(0);

    assertThat(id(listing.next())).isEqualTo("u0");
    assertThat(served).hasValue(1);
    assertThat(id(listing.next())).isEqualTo("u1");
    assertThat(id(listing.next())).isEqualTo("u2");
    assertThat(listing.next()).isNull();
    assertThat(closed).isTrue();
    assertThat(listing.readingAhead()).isFalse();
  }
}
