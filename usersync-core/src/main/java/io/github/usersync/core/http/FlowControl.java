package io.github.usersync.core.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Flow control for the requests of one connector: how many may be in flight, when they must hold
 * for the provider's rate limit, and how far apart they go when the budget runs low. Shared by the
 * {@link ApiClient}s that share one {@link RequestStats}.
 *
 * <ul>
 *   <li>The in-flight limit starts at the configured maximum, is halved (down to 1) by a throttled
 *       answer and raised again by successes (additive increase, multiplicative decrease), so a
 *       throttled client slows down instead of sending the same burst again. Answers to requests
 *       sent before the last decrease do not decrease it again.
 *   <li>A hold (an advertised wait, a spent budget) holds every request until it ends.
 *   <li>When the provider's remaining budget runs low (below a fifth of the limit), requests are
 *       spaced so that what is left lasts until the window resets.
 * </ul>
 *
 * <p>Time is the clock's, but never earlier than the end of the last wait made here, so a test's
 * {@link Sleeper} that does not sleep still moves time on. Waits report the wall-clock time they
 * added to the time held by throttling: overlapping waits of several threads count once.
 */
final class FlowControl {
  /** What an answer meant for flow control. */
  enum Outcome {
    SUCCESS,
    THROTTLED,
    OTHER
  }

  private static final double LOW_BUDGET = 0.8;

  private final Clock clock;
  private final Sleeper sleeper;
  private final ReentrantLock lock = new ReentrantLock(true);
  private final Condition freed = lock.newCondition();

  // All guarded by lock.
  private int max;
  private double limit;
  private int inFlight;
  private long epoch;
  private long holdUntil;
  private long coveredUntil;
  private long reached;
  private long nextSlot;
  private long spacingMillis;
  private long spacingUntil;
  private long lastProgress;

  FlowControl(int max, Clock clock, Sleeper sleeper) {
    this.max = max;
    this.limit = max;
    this.clock = clock;
    this.sleeper = sleeper;
    this.lastProgress = clock.millis();
  }

  /** Sets the bound on requests in flight (a connector's setting, known after a first client). */
  void bound(int newMax) {
    lock.lock();
    try {
      max = newMax;
      limit = Math.min(limit, newMax);
      if (limit < newMax && epoch == 0) {
        limit = newMax;
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A permit to send one request. */
  static final class Permit {
    final long epoch;
    /** Wall-clock time this acquisition added to the time held by throttling. */
    final Duration throttleWait;

    Permit(long epoch, long throttleWaitMillis) {
      this.epoch = epoch;
      this.throttleWait = Duration.ofMillis(throttleWaitMillis);
    }
  }

  /**
   * Waits until a request may be sent: past any hold and pacing slot, and below the in-flight
   * limit.
   */
  Permit acquire() throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long waited = 0;
      while (true) {
        long now = now();
        long target = holdUntil;
        if (spacingMillis > 0 && now < spacingUntil) {
          target = Math.max(target, nextSlot);
        }
        if (target > now) {
          waited += waitUntil(now, target, true);
          continue;
        }
        if (inFlight >= (int) limit) {
          freed.await(1, TimeUnit.SECONDS);
          continue;
        }
        inFlight++;
        if (spacingMillis > 0 && now < spacingUntil) {
          nextSlot = now + spacingMillis;
        }
        return new Permit(epoch, waited);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Returns a permit with what its answer meant. */
  void release(Permit permit, Outcome outcome) {
    lock.lock();
    try {
      inFlight--;
      if (outcome == Outcome.SUCCESS) {
        limit = Math.min(max, limit + 1.0 / Math.max(1.0, limit));
        lastProgress = now();
      } else if (outcome == Outcome.THROTTLED) {
        decrease(permit.epoch);
      }
      freed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Holds every request for {@code d} from now (the longest hold wins). */
  void hold(Duration d) {
    lock.lock();
    try {
      holdUntil = Math.max(holdUntil, now() + d.toMillis());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Holds every request for {@code d} from now and waits for the hold to end in the calling
   * thread (the thread whose request was throttled; the others wait in {@link #acquire()}).
   *
   * @return the wall-clock time this added to the time held by throttling
   */
  Duration holdAndWait(Duration d) throws InterruptedException {
    lock.lock();
    try {
      long now = now();
      holdUntil = Math.max(holdUntil, now + d.toMillis());
      return Duration.ofMillis(waitUntil(now, holdUntil, true));
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adapts to what an answer said about the budget: holds until the reset when it is spent,
   * spaces requests out when it runs low, and stops spacing when it is plentiful.
   */
  void observe(Permit permit, RateLimitPolicy.Budget budget) {
    lock.lock();
    try {
      long now = now();
      long resetIn = budget.resetIn().map(Duration::toMillis).orElse(-1L);
      if (budget.spent() && resetIn >= 0) {
        holdUntil = Math.max(holdUntil, now + resetIn);
      } else if (budget.used() >= LOW_BUDGET && resetIn > 0 && budget.remaining() > 0) {
        boolean starting = spacingMillis == 0 || now >= spacingUntil;
        spacingMillis = Math.max(1, resetIn / budget.remaining());
        spacingUntil = now + resetIn;
        if (starting) {
          nextSlot = Math.max(nextSlot, now + spacingMillis);
        }
      } else if (budget.used() >= LOW_BUDGET && resetIn < 0) {
        // Graph says only how much is used: fewer requests at once is all there is to do.
        decrease(permit.epoch);
      } else if (budget.used() < LOW_BUDGET) {
        spacingMillis = 0;
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits {@code d} in the calling thread (an error backoff, or a throttle backoff when the
   * provider named no wait); {@code throttle} counts it as throttle wait.
   *
   * @return the wall-clock time this added to the time held by throttling
   */
  Duration sleep(Duration d, boolean throttle) throws InterruptedException {
    lock.lock();
    try {
      long now = now();
      return Duration.ofMillis(waitUntil(now, now + d.toMillis(), throttle));
    } finally {
      lock.unlock();
    }
  }

  /** How long no request has succeeded, counted from {@code sinceMillis} at the earliest. */
  Duration stalledSince(long sinceMillis) {
    lock.lock();
    try {
      return Duration.ofMillis(Math.max(0, now() - Math.max(lastProgress, sinceMillis)));
    } finally {
      lock.unlock();
    }
  }

  /** The time now on the flow-control clock (see the class comment). */
  long millis() {
    lock.lock();
    try {
      return now();
    } finally {
      lock.unlock();
    }
  }

  /** The in-flight limit now. */
  int currentLimit() {
    lock.lock();
    try {
      return (int) limit;
    } finally {
      lock.unlock();
    }
  }

  private void decrease(long permitEpoch) {
    if (permitEpoch == epoch) {
      limit = Math.max(1.0, Math.floor(limit / 2));
      epoch++;
    }
  }

  private long now() {
    return Math.max(clock.millis(), reached);
  }

  /**
   * Sleeps (lock released) from {@code from} to {@code until}; called and returns with the lock
   * held. Returns the throttle wait added to the union of throttle waits.
   */
  private long waitUntil(long from, long until, boolean throttle) throws InterruptedException {
    lock.unlock();
    try {
      sleeper.sleep(Duration.ofMillis(until - from));
    } finally {
      lock.lock();
    }
    reached = Math.max(reached, until);
    if (!throttle) {
      return 0;
    }
    long added = Math.max(0, until - Math.max(from, coveredUntil));
    coveredUntil = Math.max(coveredUntil, until);
    return added;
  }
}
