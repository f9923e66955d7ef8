package io.github.usersync.testkit;

import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.nio.file.Path;
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

  /** A racer of {@link RunJournal#raceTwoProcesses} on the file lock in the directory {@code args[4]}. */
  static final class LockedSync {
    public static void main(String[] args) throws InterruptedException {
      RunJournal.runInChild(args, SyncLock.file(Path.of(args[4])));
    }
  }
}
