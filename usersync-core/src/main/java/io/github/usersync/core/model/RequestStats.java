package io.github.usersync.core.model;

import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts what a connector did on the wire, for the sync report: requests sent (retries included),
 * retries, throttled answers and the time spent waiting for them. Thread-safe. The HTTP toolkit's
 * {@code ApiClient} records into it; directories and targets report its {@link Snapshot}.
 */
public final class RequestStats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder throttled = new LongAdder();
  private final LongAdder throttleWaitMillis = new LongAdder();
  private final LongAdder failures = new LongAdder();

  /** One request sent. */
  public void recordRequest() {
    requests.increment();
  }

  /** One retry of an earlier attempt. */
  public void recordRetry() {
    retries.increment();
  }

  /** One answer that signalled throttling. */
  public void recordThrottled() {
    throttled.increment();
  }

  /** Time waited because of throttling. */
  public void recordThrottleWait(Duration d) {
    throttleWaitMillis.add(d.toMillis());
  }

  /** One call that failed after all retries. */
  public void recordFailure() {
    failures.increment();
  }

  /** The counts now. */
  public Snapshot snapshot() {
    return new Snapshot(
        requests.sum(),
        retries.sum(),
        throttled.sum(),
        Duration.ofMillis(throttleWaitMillis.sum()),
        failures.sum());
  }

  /** Counts at one moment; subtract two to get one run's counts. */
  public static final class Snapshot {
    private static final Snapshot EMPTY = new Snapshot(0, 0, 0, Duration.ZERO, 0);

    private final long requests;
    private final long retries;
    private final long throttled;
    private final Duration throttleWait;
    private final long failures;

    /** Creates a snapshot. */
    public Snapshot(
        long requests, long retries, long throttled, Duration throttleWait, long failures) {
      this.requests = requests;
      this.retries = retries;
      this.throttled = throttled;
      this.throttleWait = throttleWait;
      this.failures = failures;
    }

    /** No requests. */
    public static Snapshot empty() {
      return EMPTY;
    }

    /** HTTP requests sent, retries included. */
    public long requests() {
      return requests;
    }

    /** Requests that were retries of an earlier attempt. */
    public long retries() {
      return retries;
    }

    /** Answers that signalled throttling. */
    public long throttled() {
      return throttled;
    }

    /** Time spent waiting because of throttling or rate-limit headers. */
    public Duration throttleWait() {
      return throttleWait;
    }

    /** Calls that failed after all retries. */
    public long failures() {
      return failures;
    }

    /** This minus an earlier snapshot. */
    public Snapshot minus(Snapshot earlier) {
      return new Snapshot(
          requests - earlier.requests,
          retries - earlier.retries,
          throttled - earlier.throttled,
          throttleWait.minus(earlier.throttleWait),
          failures - earlier.failures);
    }

    /** The sum of two snapshots (e.g. a directory's and a target's). */
    public Snapshot plus(Snapshot other) {
      return new Snapshot(
          requests + other.requests,
          retries + other.retries,
          throttled + other.throttled,
          throttleWait.plus(other.throttleWait),
          failures + other.failures);
    }

    @Override
    public String toString() {
      return "requests=" + requests + ", retries=" + retries + ", throttled=" + throttled
          + ", throttleWait=" + throttleWait + ", failures=" + failures;
    }
  }
}
