package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.SyncMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What steps 1 to 3 (read, map, plan) produced, before the guard: the changes, the users that
 * could not be mapped, the changes left out by design, and what the commit needs to know about the
 * read. Internal.
 */
public final class PlanResult {
  /** How the IdP was read. */
  public final SyncMode mode;
  /** Changes in apply order. */
  public final List<Change> changes;
  /** Users that could not be mapped, as MAP_USER changes with their error. */
  public final List<Failure> failures;
  /** Changes left out because the host never makes them, each with why and the way out. */
  public final List<Failure> refused;
  /** Whether everything was read. */
  public final boolean readComplete;
  /** Why not. */
  public final @Nullable String incompleteReason;
  /** Users read. */
  public final long usersRead;
  /** Users with no user-level change. */
  public final long unchanged;
  /** Users inactive in the IdP and never created in the host. */
  public final long notProvisioned;
  /** Users the mapping skipped. */
  public final List<String> skippedUsers;
  /** Notes for the report. */
  public final List<String> notes;
  /** Host users, for the percentage threshold. */
  public final int hostUsers;
  /** For single-user runs: why the user was refused, if so. */
  public final @Nullable String refusal;

  // What the commit needs (not the host view nor the planner, which the apply step must not keep
  // alive): what the read saw, the users' data fingerprints, the refusals, the managed groups.
  /** Whether every IdP user was read (a full run with a complete read). */
  final boolean sawEveryone;
  /** The pending users of the state this run saw. */
  final Set<String> pendingSeen;
  /** Where the next incremental run resumes. */
  final @Nullable ChangeCursor nextCursor;
  final Refusals refusals;
  private final List<String> slotExternalId;
  private final LongList slotFingerprint;
  private @Nullable Map<String, Long> fingerprints;
  final @Nullable ManagedGroups groups;
  /** The membership removals that clean up a user (held ones are re-checked when approved). */
  final Set<Change> cleanupRemovals;

  PlanResult(Source source, Planner planner, UserMapStep mapped, @Nullable ManagedGroups groups,
      boolean readComplete, @Nullable String incompleteReason, int hostUsers, @Nullable String refusal) {
    this.mode = source.mode();
    this.changes = planner.ordered();
    this.failures = mapped.failures;
    this.refused = planner.refused;
    this.readComplete = readComplete;
    this.incompleteReason = incompleteReason;
    this.usersRead = source.usersRead;
    this.unchanged = planner.unchanged;
    this.notProvisioned = planner.notProvisioned;
    this.skippedUsers = mapped.skippedUsers;
    this.notes = planner.notes;
    this.hostUsers = hostUsers;
    this.refusal = refusal;
    this.sawEveryone = source.listsEveryUser && source.complete();
    this.pendingSeen = source.pendingSeen;
    this.nextCursor = source.nextCursor;
    this.refusals = planner.refusals;
    this.slotExternalId = planner.slotExternalId;
    this.slotFingerprint = planner.slotFingerprint;
    this.groups = groups;
    this.cleanupRemovals = planner.cleanupRemovals;
  }

  /** The fingerprint of the data planned for a user (for refusals at apply time; rare). */
  long fingerprintOf(String externalId) {
    Map<String, Long> f = fingerprints;
    if (f == null) {
      f = new HashMap<>();
      for (int s = 0; s < slotExternalId.size(); s++) {
        f.put(slotExternalId.get(s), slotFingerprint.get(s));
      }
      fingerprints = f;
    }
    Long fp = f.get(externalId);
    return fp == null ? Refusals.GONE : fp;
  }

  /** A change that is reported without being applied (a user that could not be mapped, a refusal). */
  public static final class Failure {
    /** The change. */
    public final Change change;
    /** Why. */
    public final String message;

    Failure(Change change, String message) {
      this.change = change;
      this.message = message;
    }
  }
}
