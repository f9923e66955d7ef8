package io.github.usersync.core.sync.internal;

import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.SyncMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** What planning produced, before the guard. Internal. */
public final class PlanResult {
  /** How the IdP was read. */
  public final SyncMode mode;
  /** Changes in apply order. */
  public final List<Change> changes;
  /** Users that could not be mapped, as MAP_USER changes with their error. */
  public final List<Failure> failures;
  /** Whether everything was read. */
  public final boolean readComplete;
  /** Why not. */
  public final @Nullable String incompleteReason;
  /** Users read. */
  public final long usersRead;
  /** Users with no user-level change. */
  public final long unchanged;
  /** Users the mapping skipped. */
  public final List<String> skippedUsers;
  /** Notes for the report. */
  public final List<String> notes;
  /** Host users, for the percentage threshold. */
  public final int hostUsers;
  /** For single-user runs: the user's IdP id, and why the user was refused, if so. */
  public final @Nullable String refusal;

  PlanResult(SyncMode mode, Planner p, List<Failure> failures, boolean readComplete,
      @Nullable String incompleteReason, long usersRead, int hostUsers, @Nullable String refusal) {
    this.mode = mode;
    this.changes = p.ordered();
    this.failures = failures;
    this.readComplete = readComplete;
    this.incompleteReason = incompleteReason;
    this.usersRead = usersRead;
    this.unchanged = p.unchanged;
    this.skippedUsers = p.skippedUsers;
    this.notes = p.notes;
    this.hostUsers = hostUsers;
    this.refusal = refusal;
  }

  /** A user that could not be mapped. */
  public static final class Failure {
    /** The MAP_USER change. */
    public final Change change;
    /** The error. */
    public final String message;

    Failure(Change change, String message) {
      this.change = change;
      this.message = message;
    }
  }
}
