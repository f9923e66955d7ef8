package io.github.usersync.core.sync;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.state.internal.FileSyncLock;
import io.github.usersync.core.state.internal.LockWait;
import io.github.usersync.core.state.internal.ProcessIdentity;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.immutables.value.Value;

/**
 * Keeps two runs of one sync from overlapping: {@link UserSync} holds it for a whole full or
 * incremental run. Three ship with usersync:
 *
 * <ul>
 *   <li>{@link #local()} (the default): within this JVM;
 *   <li>{@link #file(Path)}: across the processes of one machine (an OS file lock, released by the
 *       OS when the process dies), as the CLI uses;
 *   <li>{@code JdbcSyncLock} in {@code usersync-jdbc}: across the nodes of a cluster (a lease row
 *       in a database, renewed while the run lasts and taken over after it expires).
 * </ul>
 *
 * A host with a cluster lock service (Jira Data Center) implements {@link #tryAcquire} with it, and
 * {@link #holder} where the service can say who holds a lock. The contract is tested by the
 * testkit's {@code SyncLockContract}.
 */
@FunctionalInterface
public interface SyncLock {
  /** A held lock; closing releases it. */
  interface Handle extends AutoCloseable {
    /** Releases the lock; a second close does nothing. */
    @Override
    void close();

    /**
     * Whether this handle still holds the lock: false once closed, and false when a lease could
     * not be renewed in time (another node may take over, so a run should not write any more).
     * Locks without leases hold until closed.
     */
    default boolean isHeld() {
      return true;
    }
  }

  /** Who holds a lock: the process (host and pid) and since when; for a lease, until when. */
  @Value.Immutable
  interface Holder {
    /** The holder's host name, or the node id a cluster lock reports. */
    String host();

    /** The holder's process id, when known. */
    OptionalLong pid();

    /** When the holder took the lock. */
    Instant since();

    /** When the holder's lease ends unless it is renewed (leases only). */
    Optional<Instant> expires();

    /**
     * For messages: {@code pid 4242 on host build-7 since 2026-12-03T06:00:00Z}, and {@code , lease
     * until …} for a lease.
     */
    default String describe() {
      return (pid().isPresent() ? "pid " + pid().getAsLong() + " on " : "") + "host " + host()
          + " since " + since() + expires().map(e -> ", lease until " + e).orElse("");
    }

    /** This process (its pid and host name), holding since {@code since}. */
    static Holder thisProcess(Instant since) {
      return builder().host(ProcessIdentity.hostName()).pid(ProcessIdentity.pid()).since(since).build();
    }

    /** A new builder. */
    static Builder builder() {
      return new Builder();
    }

    /** Builds a {@link Holder}. */
    final class Builder extends ImmutableHolder.Builder {}
  }

  /** Takes the lock for the sync named {@code name} without waiting; empty if another run holds it. */
  Optional<Handle> tryAcquire(String name);

  /** Who holds the lock of {@code name} now; empty when it is free or the lock cannot tell. */
  default Optional<Holder> holder(String name) {
    return Optional.empty();
  }

  /**
   * Takes the lock for {@code name}, waiting up to {@code maxWait} for a run in progress to finish.
   *
   * @throws SyncInProgressException when another run still holds it after {@code maxWait} (or the
   *     waiting thread was interrupted); the exception names the holder where the lock can tell
   */
  default Handle acquire(String name, Duration maxWait) {
    return LockWait.acquire(this, name, maxWait);
  }

  /**
   * Takes the lock for {@code name} as {@link UserSync} does: without waiting, unless this lock
   * came from {@link #waitingUpTo}.
   *
   * @throws SyncInProgressException when another run holds it, naming the holder where known
   */
  default Handle acquire(String name) {
    return acquire(name, Duration.ZERO);
  }

  /**
   * This lock, but {@link #acquire(String)} waits up to {@code maxWait} for a run in progress to
   * finish before it gives up: for a manual run that should follow a scheduled one rather than fail.
   */
  default SyncLock waitingUpTo(Duration maxWait) {
    return LockWait.waiting(this, maxWait);
  }

  /** A lock shared by every sync of this JVM with the same name. */
  static SyncLock local() {
    return LocalLocks.INSTANCE;
  }

  /**
   * A lock across the processes of one machine (and hosts sharing a file system with working
   * POSIX or Windows locks; not NFS without lockd): an OS-level lock on the file {@code
   * usersync-<name>.lock} in {@code directory} (created when missing), in which the holder's pid,
   * host and start time are written. The OS releases it when the holding process dies, so a killed
   * run never leaves a stale lock. Also excludes runs in this JVM. Lock files are kept after use;
   * do not delete one while a run may hold it.
   */
  static SyncLock file(Path directory) {
    return FileSyncLock.in(directory);
  }

  /** The JVM-local lock. */
  final class LocalLocks implements SyncLock {
    static final LocalLocks INSTANCE = new LocalLocks();
    private final Map<String, Holding> held = new ConcurrentHashMap<>();

    private LocalLocks() {}

    @Override
    public Optional<Handle> tryAcquire(String name) {
      Holding h = new Holding(Holder.thisProcess(Instant.now()));
      if (held.putIfAbsent(name, h) != null) {
        return Optional.empty();
      }
      return Optional.of(new Handle() {
        @Override
        public void close() {
          if (h.open.compareAndSet(true, false)) {
            held.remove(name, h);
          }
        }

        @Override
        public boolean isHeld() {
          return h.open.get();
        }
      });
    }

    @Override
    public Optional<Holder> holder(String name) {
      return Optional.ofNullable(held.get(name)).map(h -> h.holder);
    }

    @Override
    public String toString() {
      return "SyncLock.local()";
    }

    /** One holding; compared by identity, so a late close never frees a newer holding. */
    private static final class Holding {
      final Holder holder;
      final AtomicBoolean open = new AtomicBoolean(true);

      Holding(Holder holder) {
        this.holder = holder;
      }
    }
  }
}
