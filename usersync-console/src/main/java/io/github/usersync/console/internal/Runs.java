package io.github.usersync.console.internal;

import io.github.usersync.console.internal.RunRecord.Trigger;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.HeldChanges;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.SyncScheduler;
import io.github.usersync.core.sync.UserSync;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Starts the console's runs and records them in the history. Scheduled runs and "Sync now" go
 * through a {@link SyncScheduler} (so a "Sync now" during a scheduled run joins it); dry runs and
 * applies run one at a time on the console's own thread. Whatever starts a run, the sync's {@link
 * io.github.usersync.core.sync.SyncLock} keeps two from overlapping: a run refused by it ends its
 * future with {@link io.github.usersync.core.SyncInProgressException}.
 */
public final class Runs implements AutoCloseable {
  private final UserSync sync;
  private final RunHistory history;
  private final @Nullable SyncScheduler scheduler;
  private final @Nullable String cron;
  private final ZoneId zone;
  private final Clock clock;
  private final ExecutorService worker;
  private final AtomicBoolean manualPending = new AtomicBoolean();
  private final AtomicReference<@Nullable String> current = new AtomicReference<>();

  /** Runs of {@code sync}, on {@code cron} in {@code zone} when {@code cron} is given. */
  public Runs(UserSync sync, @Nullable String cron, ZoneId zone, RunHistory history, Clock clock) {
    this.sync = sync;
    this.history = history;
    this.cron = cron;
    this.zone = zone;
    this.clock = clock;
    this.scheduler = cron == null ? null
        : SyncScheduler.builder(sync, cron).zone(zone).clock(clock).onReport(this::scheduled).build();
    this.worker = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "usersync-console-run-" + sync.name());
      t.setDaemon(true);
      return t;
    });
  }

  private void scheduled(SyncReport report) {
    history.add(manualPending.getAndSet(false) ? Trigger.MANUAL : Trigger.SCHEDULED, report, OptionalInt.empty());
  }

  /** Starts the schedule, if any. */
  public void start() {
    if (scheduler != null) {
      scheduler.start();
    }
  }

  /** The cron expression and zone, if the sync runs on a schedule. */
  public Optional<String> schedule() {
    return cron == null ? Optional.empty() : Optional.of(cron + " (" + zone + ")");
  }

  /** When the schedule fires next. */
  public Optional<ZonedDateTime> nextRun() {
    return scheduler == null ? Optional.empty() : scheduler.nextRun();
  }

  /** What is running now, if anything: {@code scheduled run}, {@code dry run since …}. */
  public Optional<String> inProgress() {
    String c = current.get();
    if (c != null) {
      return Optional.of(c);
    }
    return scheduler != null && scheduler.isRunning() ? Optional.of("a run") : Optional.empty();
  }

  /** "Sync now": a run (incremental where possible); joins a scheduled run in progress. */
  public CompletableFuture<RunRecord> syncNow() {
    SyncScheduler s = scheduler;
    if (s == null) {
      return onWorker(Trigger.MANUAL, sync::run, OptionalInt.empty());
    }
    manualPending.set(true);
    return s.syncNow().thenApply(report -> history.of(report).orElseGet(
        () -> history.add(Trigger.MANUAL, report, OptionalInt.empty())));
  }

  /** "Dry run": reads and plans a full run, applies nothing. */
  public CompletableFuture<RunRecord> dryRun() {
    return onWorker(Trigger.DRY_RUN, sync::dryRun, OptionalInt.empty());
  }

  /**
   * "Apply" of a dry run: a full run, which reads and plans again and applies what it plans now.
   *
   * @throws IllegalStateException (in the future) when {@code dry} is not the newest run: its plan
   *     is stale, so the admin is asked for a new dry run
   */
  public CompletableFuture<RunRecord> apply(RunRecord dry) {
    if (!applicable(dry)) {
      CompletableFuture<RunRecord> f = new CompletableFuture<>();
      f.completeExceptionally(new IllegalStateException("dry run #" + dry.id()
          + " is not the newest run, so its plan may be out of date; make a new dry run and apply that"));
      return f;
    }
    return onWorker(Trigger.APPLY, sync::runFull, OptionalInt.of(dry.id()));
  }

  /**
   * "Approve": applies the changes run {@code runId} held back, each cleanup re-checked against the
   * IdP first ({@link UserSync#approve(String)}).
   */
  public CompletableFuture<RunRecord> approve(String runId) {
    return onWorker(Trigger.APPROVAL, () -> sync.approve(runId), OptionalInt.empty());
  }

  /** The changes a threshold held back, waiting for approval, unless expired. */
  public Optional<HeldChanges> held() {
    return sync.heldChanges().filter(h -> !h.expired(clock.instant()));
  }

  /** Whether {@code dry} may be applied: a dry run, and nothing ran after it. */
  public boolean applicable(RunRecord dry) {
    return dry.report().dryRun() && history.latest().map(l -> l.id() == dry.id()).orElse(false)
        && dry.report().outcomes().stream().anyMatch(o -> o.status() == ChangeOutcome.Status.NOT_APPLIED);
  }

  private CompletableFuture<RunRecord> onWorker(Trigger trigger, Supplier<SyncReport> run, OptionalInt from) {
    return CompletableFuture.supplyAsync(() -> {
      current.set(trigger.label() + " since " + Html.time(clock.instant()));
      try {
        return history.add(trigger, run.get(), from);
      } finally {
        current.set(null);
      }
    }, worker);
  }

  /** Stops the schedule and waits up to a minute for a run in progress. */
  @Override
  public void close() {
    if (scheduler != null) {
      scheduler.close();
    }
    worker.shutdown();
    try {
      worker.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
