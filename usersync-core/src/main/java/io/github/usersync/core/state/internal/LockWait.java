package io.github.usersync.core.state.internal;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.sync.SyncLock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Waiting for a lock by polling {@link SyncLock#tryAcquire}, shared by every lock. */
public final class LockWait {
  private static final Logger LOG = LoggerFactory.getLogger(LockWait.class);
  private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
  private static final int LAST_LOOKS = 5;
  private static final long LONGEST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
  // Longer waits are capped, so the deadline never overflows.
  private static final Duration LONGEST_WAIT = Duration.ofDays(365);

  private LockWait() {}

  /** Takes {@code lock} for {@code name}, polling until {@code maxWait} has passed. */
  public static SyncLock.Handle acquire(SyncLock lock, String name, Duration maxWait) {
    checkWait(maxWait);
    long start = System.nanoTime();
    long deadline = start + min(maxWait, LONGEST_WAIT).toNanos();
    long pause = FIRST_PAUSE_NANOS;
    boolean logged = false;
    while (true) {
      Optional<SyncLock.Handle> handle = lock.tryAcquire(name);
      if (handle.isPresent()) {
        return handle.get();
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return lastTry(lock, name, maxWait);
      }
      if (!logged && LOG.isDebugEnabled()) {
        LOG.debug("sync {}: waiting up to {} for the run in progress ({}) to finish", name, maxWait,
            lock.holder(name).map(SyncLock.Holder::describe).orElse("holder unknown"));
        logged = true;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SyncInProgressException(name, lock.holder(name).orElse(null),
            Duration.ofNanos(System.nanoTime() - start));
      }
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }

  /**
   * After the wait: the refusal names the holder. Between a refusal and the look at the holder, the
   * holder may have released the lock, or may not have said who it is yet (a file lock's holder
   * writes its line just after locking), so a few quick looks and tries come before "unknown".
   */
  private static SyncLock.Handle lastTry(SyncLock lock, String name, Duration waited) {
    for (int look = 0; look < LAST_LOOKS; look++) {
      Optional<SyncLock.Holder> holder = lock.holder(name);
      if (holder.isPresent()) {
        throw new SyncInProgressException(name, holder.get(), waited);
      }
      Optional<SyncLock.Handle> handle = lock.tryAcquire(name);
      if (handle.isPresent()) {
        return handle.get();
      }
      try {
        TimeUnit.NANOSECONDS.sleep(FIRST_PAUSE_NANOS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new SyncInProgressException(name, null, waited);
  }

  /** {@code lock}, whose {@link SyncLock#acquire(String)} waits up to {@code maxWait}. */
  public static SyncLock waiting(SyncLock lock, Duration maxWait) {
    checkWait(maxWait);
    SyncLock inner = lock instanceof Waiting ? ((Waiting) lock).lock : lock;
    return new Waiting(inner, maxWait);
  }

  private static void checkWait(Duration maxWait) {
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("a lock wait cannot be negative: " + maxWait);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** A lock whose plain {@code acquire} waits. */
  private static final class Waiting implements SyncLock {
    final SyncLock lock;
    final Duration maxWait;

    Waiting(SyncLock lock, Duration maxWait) {
      this.lock = lock;
      this.maxWait = maxWait;
    }

    @Override
    public Optional<Handle> tryAcquire(String name) {
      return lock.tryAcquire(name);
    }

    @Override
    public Optional<Holder> holder(String name) {
      return lock.holder(name);
    }

    @Override
    public Handle acquire(String name, Duration wait) {
      return lock.acquire(name, wait);
    }

    @Override
    public Handle acquire(String name) {
      return lock.acquire(name, maxWait);
    }

    @Override
    public String toString() {
      return lock + ".waitingUpTo(" + maxWait + ")";
    }
  }
}
