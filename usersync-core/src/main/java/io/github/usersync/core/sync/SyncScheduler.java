package io.github.usersync.core.sync;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.github.usersync.core.ConfigurationException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link UserSync} on a Quartz-style cron expression (seconds first, as Jira admins know
 * them: {@code 0 0/15 * * * ?} is every 15 minutes), plus "sync now" on demand.
 *
 * <p>Runs never overlap: a trigger (cron or manual) while a run is in progress is coalesced into
 * that run, its caller gets that run's report, and the report notes how many triggers were
 * coalesced. {@link #close()} stops triggering and waits for a running run to finish. Runs are
 * incremental where the directory can list changes, with a periodic full run (see {@link
 * SyncPolicy#fullSyncInterval()}).
 */
public final class SyncScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SyncScheduler.class);
  private static final CronParser QUARTZ =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

  private final UserSync sync;
  private final ExecutionTime schedule;
  private final String expression;
  private final ZoneId zone;
  private final Clock clock;
  private final Consumer<SyncReport> onReport;
  private final ScheduledExecutorService timer;
  private final ExecutorService worker;
  private final Object lock = new Object();
  private @Nullable CompletableFuture<SyncReport> running;
  private int coalesced;
  private @Nullable ScheduledFuture<?> nextTrigger;
  private boolean closed;
  private long runs;
  private final int historySize;
  private final ArrayDeque<SyncReport> history = new ArrayDeque<>();

  private SyncScheduler(Builder b) {
    this.historySize = b.historySize;
    this.sync = b.sync;
    this.expression = b.cron;
    this.schedule = ExecutionTime.forCron(parse(b.cron));
    this.zone = b.zone;
    this.clock = b.clock;
    this.onReport = b.onReport;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "usersync-scheduler-" + sync.name()));
    this.worker = Executors.newSingleThreadExecutor(r -> daemon(r, "usersync-run-" + sync.name()));
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** A builder for a scheduler of {@code sync} on the Quartz cron expression {@code cron}. */
  public static Builder builder(UserSync sync, String cron) {
    return new Builder(sync, cron);
  }

  /**
   * Parses a Quartz cron expression (6 or 7 fields, seconds first).
   *
   * @throws ConfigurationException naming {@code schedule.cron} and what is wrong
   */
  public static Cron parse(String cron) {
    try {
      return QUARTZ.parse(cron.trim()).validate();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("schedule.cron",
          "'" + cron + "' is not a Quartz cron expression (" + e.getMessage() + "); it has 6 or 7"
              + " fields, seconds first, e.g. '0 0/15 * * * ?' for every 15 minutes or '0 0 2 * * ?'"
              + " for 02:00 every day", e);
    }
  }

  /** The next time the expression fires after {@code after}. */
  public static Optional<ZonedDateTime> nextExecution(String cron, ZonedDateTime after) {
    return ExecutionTime.forCron(parse(cron)).nextExecution(after);
  }

  /** Starts triggering; returns this. */
  public SyncScheduler start() {
    scheduleNext();
    return this;
  }

  /** When the next cron trigger fires. */
  public Optional<ZonedDateTime> nextRun() {
    return schedule.nextExecution(ZonedDateTime.now(clock.withZone(zone)));
  }

  /** Runs completed so far. */
  public long runs() {
    synchronized (lock) {
      return runs;
    }
  }

  /** The report of the last run that finished, if one has. */
  public Optional<SyncReport> lastReport() {
    synchronized (lock) {
      return Optional.ofNullable(history.peekLast());
    }
  }

  /**
   * The reports of the last runs, oldest first: at most {@link Builder#historySize(int)} (default
   * 20), so a long-running schedule holds a bounded number.
   */
  public List<SyncReport> history() {
    synchronized (lock) {
      return List.copyOf(history);
    }
  }

  /** Whether a run is in progress. */
  public boolean isRunning() {
    synchronized (lock) {
      return running != null;
    }
  }

  /**
   * Runs now, or, if a run is in progress, joins it (the trigger is coalesced). The future
   * completes with the run's report, or exceptionally if the run could not start (e.g. another
   * cluster node holds the lock).
   */
  public CompletableFuture<SyncReport> syncNow() {
    return trigger("manual");
  }

  private CompletableFuture<SyncReport> trigger(String why) {
    synchronized (lock) {
      if (closed) {
        CompletableFuture<SyncReport> f = new CompletableFuture<>();
        f.completeExceptionally(new IllegalStateException("the scheduler of " + sync.name() + " is closed"));
        return f;
      }
      CompletableFuture<SyncReport> current = running;
      if (current != null) {
        coalesced++;
        LOG.info("sync {}: {} trigger coalesced into the run in progress", sync.name(), why);
        return current;
      }
      CompletableFuture<SyncReport> f = new CompletableFuture<>();
      running = f;
      worker.execute(() -> runOnce(f, why));
      return f;
    }
  }

  private void runOnce(CompletableFuture<SyncReport> f, String why) {
    SyncReport report = null;
    Throwable failure = null;
    try {
      LOG.debug("sync {}: {} run starting", sync.name(), why);
      report = sync.run();
    } catch (RuntimeException | Error e) {
      failure = e;
      LOG.warn("sync {}: run failed: {}", sync.name(), e.toString());
    }
    int joined;
    synchronized (lock) {
      joined = coalesced;
      coalesced = 0;
      running = null;
      runs++;
    }
    if (report != null) {
      if (joined > 0) {
        report = report.withNote(joined + " trigger(s) arrived during this run and were coalesced into it");
      }
      synchronized (lock) {
        history.addLast(report);
        while (history.size() > historySize) {
          history.removeFirst();
        }
      }
      try {
        onReport.accept(report);
      } catch (RuntimeException e) {
        LOG.warn("sync {}: the report consumer failed: {}", sync.name(), e.toString());
      }
      f.complete(report);
    } else {
      f.completeExceptionally(Objects.requireNonNull(failure));
    }
  }

  private void scheduleNext() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      ZonedDateTime now = ZonedDateTime.now(clock.withZone(zone));
      Optional<ZonedDateTime> next = schedule.nextExecution(now);
      if (!next.isPresent()) {
        LOG.info("sync {}: the cron expression '{}' fires no more", sync.name(), expression);
        return;
      }
      long delay = Math.max(0, Duration.between(now, next.get()).toMillis());
      nextTrigger = timer.schedule(() -> {
        trigger("scheduled");
        scheduleNext();
      }, delay, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * Stops triggering and waits up to a minute for a run in progress to finish (a run is never cut
   * off half-way by usersync itself).
   */
  @Override
  public void close() {
    close(Duration.ofMinutes(1));
  }

  /** Stops triggering and waits up to {@code wait} for a run in progress. */
  public void close(Duration wait) {
    CompletableFuture<SyncReport> current;
    synchronized (lock) {
      closed = true;
      ScheduledFuture<?> t = nextTrigger;
      if (t != null) {
        t.cancel(false);
      }
      current = running;
    }
    timer.shutdownNow();
    worker.shutdown();
    try {
      if (!worker.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("sync {}: a run was still in progress {} after close", sync.name(), wait);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (current != null && !current.isDone()) {
      LOG.warn("sync {}: closed while a run was in progress", sync.name());
    }
  }

  /** Builds a {@link SyncScheduler}. */
  public static final class Builder {
    private final UserSync sync;
    private final String cron;
    private ZoneId zone = ZoneId.systemDefault();
    private Clock clock = Clock.systemUTC();
    private Consumer<SyncReport> onReport = r -> {};
    private int historySize = 20;

    private Builder(UserSync sync, String cron) {
      this.sync = Objects.requireNonNull(sync);
      this.cron = Objects.requireNonNull(cron);
      parse(cron);
    }

    /** The time zone the expression is read in (default the system's). */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Receives every run's report (e.g. to store or log it). */
    public Builder onReport(Consumer<SyncReport> onReport) {
      this.onReport = onReport;
      return this;
    }

    /** How many reports {@link SyncScheduler#history()} keeps (default 20; at least 1). */
    public Builder historySize(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("historySize must be at least 1, got " + size);
      }
      this.historySize = size;
      return this;
    }

    /** The scheduler, not started. */
    public SyncScheduler build() {
      return new SyncScheduler(this);
    }
  }
}
