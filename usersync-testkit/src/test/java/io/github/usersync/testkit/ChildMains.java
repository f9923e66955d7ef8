package io.github.usersync.testkit;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Programs the tests run in a second JVM. */
final class ChildMains {
  private ChildMains() {}

  /** Large states as fast as it can into {@code args[0]}, alternating two, until killed. */
  static final class SaveLoop {
    public static void main(String[] args) {
      SyncStateStore store = SyncStateStore.file(Path.of(args[0]));
      SyncState[] states = {SyncStateStoreContract.sampleState("a", 2_000), SyncStateStoreContract.sampleState("b", 2_000)};
      for (int i = 0; ; i++) {
        store.save("crash", states[i % 2]);
        System.out.println("saved " + i);
      }
    }
  }

  /** Takes the file lock in {@code args[0]} for the sync {@code args[1]} and holds it until killed. */
  static final class HoldFileLock {
    public static void main(String[] args) throws InterruptedException {
      Optional<SyncLock.Handle> h = SyncLock.file(Path.of(args[0])).tryAcquire(args[1]);
      System.out.println(h.isPresent() ? "held" : "refused");
      Thread.sleep(Long.MAX_VALUE);
    }
  }

  /**
   * Waits for the file {@code args[3]} to appear, then runs a sync named {@code args[2]} under the
   * file lock in {@code args[1]}, waiting up to {@code args[4]} ms for it, journalled in {@code
   * args[0]}. Exits 4 when the lock refused the run.
   */
  static final class LockedSync {
    public static void main(String[] args) throws InterruptedException {
      System.out.println("ready");
      Path go = Path.of(args[3]);
      while (!Files.exists(go)) {
        Thread.sleep(10);
      }
      SyncLock lock = SyncLock.file(Path.of(args[1])).waitingUpTo(Duration.ofMillis(Long.parseLong(args[4])));
      try {
        System.out.println("created " + RunJournal.at(Path.of(args[0])).runSync(lock, args[2], 60).counts().created());
      } catch (SyncInProgressException e) {
        System.out.println("refused: " + e.getMessage());
        System.exit(4);
      }
    }
  }
}
