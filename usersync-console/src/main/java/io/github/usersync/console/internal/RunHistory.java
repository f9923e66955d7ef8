package io.github.usersync.console.internal;

import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncReport;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The runs the console has seen, newest first, keeping the last {@code capacity} reports, and
 * counters over every run since the console started (for {@code /metrics}: they never go down when
 * old reports are dropped). Thread-safe.
 */
public final class RunHistory {
  private final int capacity;
  private final Deque<RunRecord> runs = new ArrayDeque<>();
  private final Map<String, Long> runsByStatus = new TreeMap<>();
  private final Map<String, Long> changes = new TreeMap<>();
  private int next = 1;
  private @Nullable Instant lastSuccess;

  /** A history keeping the last {@code capacity} runs. */
  public RunHistory(int capacity) {
    this.capacity = Math.max(1, capacity);
  }

  /** Records a finished run; returns its record. */
  public synchronized RunRecord add(RunRecord.Trigger trigger, SyncReport report, OptionalInt appliedFrom) {
    RunRecord r = new RunRecord(next++, trigger, report, appliedFrom);
    runs.addFirst(r);
    while (runs.size() > capacity) {
      runs.removeLast();
    }
    String kind = report.dryRun() ? "true" : "false";
    runsByStatus.merge(report.status().id() + "\u0000" + kind, 1L, Long::sum);
    if (!report.dryRun()) {
      for (ChangeOutcome o : report.outcomes()) {
        changes.merge(o.change().type().name() + "\u0000" + o.status().name(), 1L, Long::sum);
      }
      if (report.success()) {
        lastSuccess = report.finishedAt();
      }
    }
    return r;
  }

  /** The runs kept, newest first. */
  public synchronized List<RunRecord> runs() {
    return Collections.unmodifiableList(new ArrayList<>(runs));
  }

  /** The run numbered {@code id}, if kept. */
  public synchronized Optional<RunRecord> run(int id) {
    return runs.stream().filter(r -> r.id() == id).findFirst();
  }

  /** The record of {@code report}, if kept. */
  public synchronized Optional<RunRecord> of(SyncReport report) {
    return runs.stream().filter(r -> r.report() == report).findFirst();
  }

  /** The newest run, dry or not. */
  public synchronized Optional<RunRecord> latest() {
    return Optional.ofNullable(runs.peekFirst());
  }

  /** The newest run that was not a dry run. */
  public synchronized Optional<RunRecord> latestApplied() {
    return runs.stream().filter(r -> !r.report().dryRun()).findFirst();
  }

  /** Runs since start by {@code status NUL dryRun}. */
  public synchronized Map<String, Long> runsByStatus() {
    return new TreeMap<>(runsByStatus);
  }

  /** Changes of non-dry runs since start by {@code TYPE NUL OUTCOME}. */
  public synchronized Map<String, Long> changes() {
    return new TreeMap<>(changes);
  }

  /** When the last successful (non-dry) run finished. */
  public synchronized Optional<Instant> lastSuccess() {
    return Optional.ofNullable(lastSuccess);
  }
}
