package io.github.usersync.core.sync;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps two runs of one sync from overlapping. The default holds within this JVM; a clustered
 * host (Jira Data Center) implements it with its cluster lock service.
 */
@FunctionalInterface
public interface SyncLock {
  /** A held lock; closing releases it. */
  interface Handle extends AutoCloseable {
    @Override
    void close();
  }

  /** Takes the lock for the sync named {@code name} without waiting; empty if another run holds it. */
  Optional<Handle> tryAcquire(String name);

  /** A lock shared by every sync of this JVM with the same name. */
  static SyncLock local() {
    return LocalLocks.INSTANCE;
  }

  /** The JVM-local lock. */
  final class LocalLocks implements SyncLock {
    static final LocalLocks INSTANCE = new LocalLocks();
    private final Set<String> held = ConcurrentHashMap.newKeySet();

    private LocalLocks() {}

    @Override
    public Optional<Handle> tryAcquire(String name) {
      if (!held.add(name)) {
        return Optional.empty();
      }
      return Optional.of(() -> held.remove(name));
    }
  }
}
