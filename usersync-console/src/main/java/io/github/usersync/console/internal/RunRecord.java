package io.github.usersync.console.internal;

import io.github.usersync.core.sync.SyncReport;
import java.util.OptionalInt;

/** One run the console knows of: its number in the console, what started it, and its report. */
public final class RunRecord {
  /** What started a run. */
  public enum Trigger {
    /** The schedule. */
    SCHEDULED("scheduled"),
    /** "Sync now". */
    MANUAL("manual"),
    /** "Dry run": a plan, nothing applied. */
    DRY_RUN("dry run"),
    /** "Apply" of a dry run. */
    APPLY("apply"),
    /** "Approve" of changes a threshold held back. */
    APPROVAL("approval");

    private final String label;

    Trigger(String label) {
      this.label = label;
    }

    /** How pages name it. */
    public String label() {
      return label;
    }
  }

  private final int id;
  private final Trigger trigger;
  private final SyncReport report;
  private final OptionalInt appliedFrom;

  RunRecord(int id, Trigger trigger, SyncReport report, OptionalInt appliedFrom) {
    this.id = id;
    this.trigger = trigger;
    this.report = report;
    this.appliedFrom = appliedFrom;
  }

  /** The run's number in this console, from 1. */
  public int id() {
    return id;
  }

  /** What started it. */
  public Trigger trigger() {
    return trigger;
  }

  /** Its report. */
  public SyncReport report() {
    return report;
  }

  /** For an apply: the dry run whose plan it applied. */
  public OptionalInt appliedFrom() {
    return appliedFrom;
  }
}
