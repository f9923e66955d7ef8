package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.HeldChanges;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Step 6 of a run, commit: the new sync state, computed once from the outcomes, written after the
 * host made its changes durable ({@code ProvisioningTarget.flush()}). The rule:
 *
 * <ul>
 *   <li>every user with a change that did not reach the host (failed, held back, not applied) is
 *       pending, and is re-read and re-planned first in the next run; a user who was pending and
 *       whose changes all reached the host is no longer;
 *   <li>the change cursor (and, for a full run, the time of the last full run) moves only when the
 *       read was complete and every change of the run reached the host or is accounted for: its
 *       user is pending, or it is a group change the state tries again (a rename, a retired group);
 *   <li>changes the host never makes or refused for good are remembered with the user's data
 *       fingerprint, so they are reported once;
 *   <li>the managed groups, retired groups and photos follow what was applied.
 * </ul>
 *
 * When the host cannot save its changes, nothing is committed and the run fails: the next run
 * plans the same changes again. Internal.
 */
public final class StateCommit {
  /** What the commit did. */
  public static final class Result {
    /** Whether the state was saved. */
    public final boolean committed;
    /** Why the run failed at the commit, if it did. */
    public final @Nullable String error;
    /** Things worth reporting: users pending, a cursor that did not move. */
    public final List<String> notes;

    Result(boolean committed, @Nullable String error, List<String> notes) {
      this.committed = committed;
      this.error = error;
      this.notes = notes;
    }

    /** Nothing to commit: a dry run, or a run of one user (which never writes the state). */
    public static Result none() {
      return new Result(false, null, List.of());
    }
  }

  private final RunSetup setup;
  private final SyncStateStore store;
  private final String name;

  /** The commit step of the sync {@code name}, saving through {@code store}. */
  public StateCommit(RunSetup setup, SyncStateStore store, String name) {
    this.setup = setup;
    this.store = store;
    this.name = name;
  }

  /**
   * Makes the host's changes durable, then saves the new state; {@code held}: the changes a
   * threshold held back in this run, to approve (see {@link #held}).
   */
  public Result commit(SyncState before, PlanResult plan, Outcomes outcomes, @Nullable HeldChanges held) {
    List<String> notes = new ArrayList<>();
    SyncState next = next(before, plan, outcomes, setup.clock.instant(), notes);
    if (held != null) {
      next = SyncState.builder().from(next).held(held).build();
      notes.add(held.changes().size() + " destructive changes are held as run " + held.runId() + " until "
          + held.expiresAt() + ": list them with 'usersync held', apply them with 'usersync approve --run "
          + held.runId() + "' (UserSync.heldChanges(), approve(\"" + held.runId() + "\"))");
    }
    try {
      setup.target.flush();
    } catch (RuntimeException e) {
      return new Result(false, "the host could not save this run's changes: " + e.getMessage()
          + "; nothing was committed, so the next run plans them again", notes);
    }
    try {
      store.save(name, next);
    } catch (RuntimeException e) {
      return new Result(false, "the sync state could not be saved: " + e.getMessage() + "; the changes reached"
          + " the host, and the next run starts again from the previous state (changes are idempotent)", notes);
    }
    return new Result(true, null, notes);
  }

  /**
   * The destructive changes the guard's thresholds held back, to keep in the state for approval;
   * null when no threshold held anything (an incomplete read's holds are not approvable: the next
   * complete run plans them again).
   */
  public static @Nullable HeldChanges held(PlanResult plan, Guard.Result guarded, String runId, Instant now,
      Duration expireAfter) {
    if (!guarded.thresholdHeld || guarded.cleanupSkippedReason == null) {
      return null;
    }
    Outcomes out = guarded.outcomes;
    HeldChanges.Builder b = HeldChanges.builder().runId(runId).heldAt(now).expiresAt(now.plus(expireAfter))
        .reason(guarded.cleanupSkippedReason);
    for (int i = 0; i < out.size(); i++) {
      if (out.cause(i) == Outcomes.Cause.HELD) {
        Change c = out.change(i);
        boolean cleanup = c.type() == ChangeType.DEACTIVATE_USER || c.type() == ChangeType.ANONYMIZE_USER
            || c.type() == ChangeType.DELETE_USER || plan.cleanupRemovals.contains(c);
        b.addChanges(HeldChanges.Entry.of(c, cleanup));
      }
    }
    return b.build();
  }

  /** The state after a run: see the class comment for the rule. */
  static SyncState next(SyncState before, PlanResult plan, Outcomes out, Instant now, List<String> notes) {
    SyncState.Builder b = SyncState.builder();
    b.putAllExtensions(before.extensions()); // owned by others (the SCIM service's resources)
    // Counted even when incomplete: the next full run re-reads the next share of managers and photos.
    b.fullRuns(plan.mode == SyncMode.FULL ? before.fullRuns() + 1 : before.fullRuns());

    // Pending users: those of earlier runs this run did not see, and every user with a change
    // that did not reach the host.
    Map<String, SyncState.Pending> pending = new TreeMap<>();
    before.pending().forEach((id, p) -> {
      if (!plan.sawEveryone && !plan.pendingSeen.contains(id)) {
        pending.put(id, p);
      }
    });
    String unaccounted = null;
    Set<String> createdGroups = new HashSet<>();
    Set<String> renamedGroups = new HashSet<>();
    Set<String> unfinishedRetired = new HashSet<>();
    Map<String, String> photos = new TreeMap<>(before.photos());
    for (int i = 0; i < out.size(); i++) {
      Change c = out.change(i);
      ChangeOutcome.Status status = out.status(i);
      if (status == ChangeOutcome.Status.APPLIED) {
        applied(c, createdGroups, renamedGroups, photos);
        continue;
      }
      Outcomes.Cause cause = out.cause(i);
      if (cause == Outcomes.Cause.BY_DESIGN || cause == Outcomes.Cause.REFUSED
          || cause == Outcomes.Cause.AFTER_REFUSAL) {
        continue;
      }
      if (c.destructive() && (c.type() == ChangeType.REMOVE_MEMBERSHIP || c.type() == ChangeType.DELETE_GROUP)) {
        boolean kept = c.type() == ChangeType.DELETE_GROUP && status == ChangeOutcome.Status.NOT_APPLIED;
        if (!kept) {
          unfinishedRetired.add(c.type() == ChangeType.DELETE_GROUP ? c.subject() : c.group().orElse(""));
        }
      }
      String id = c.externalId().orElse(null);
      if (id != null) {
        String why = out.message(i);
        SyncState.Pending earlier = before.pending().get(id);
        String what = c.type() + " " + c.subject() + c.group().map(g -> " → " + g).orElse("");
        pending.putIfAbsent(id, SyncState.Pending.of(what + ": " + (why != null ? why : status.name()),
            earlier != null ? earlier.since() : now));
      } else if (c.type() != ChangeType.CREATE_GROUP && c.type() != ChangeType.RENAME_GROUP
          && c.type() != ChangeType.DELETE_GROUP && unaccounted == null) {
        unaccounted = c.toString();
      }
    }
    b.putAllPending(pending);
    b.putAllPhotos(photos);

    // The cursor moves only past a run that read everything and left nothing unaccounted for.
    boolean moves = plan.readComplete && unaccounted == null;
    if (moves) {
      ChangeCursor next = plan.nextCursor;
      if (next != null) {
        b.cursor(next);
      } else if (plan.mode != SyncMode.FULL) {
        b.cursor(before.cursor());
      }
      b.lastFullSync(plan.mode == SyncMode.FULL ? Optional.of(now) : before.lastFullSync());
    } else {
      b.cursor(before.cursor());
      b.lastFullSync(before.lastFullSync());
      notes.add("the change cursor did not move ("
          + (plan.readComplete ? "a change did not reach the host: " + unaccounted : "the IdP read was incomplete")
          + "); the next run reads these changes again");
    }
    if (!pending.isEmpty()) {
      notes.add(pending.size() + " users are pending: their changes did not reach the host; the next run"
          + " re-reads and re-plans them first");
    }

    // Managed groups by IdP id; retired groups until emptied.
    ManagedGroups groups = plan.groups;
    if (groups == null) {
      b.putAllManagedGroups(before.managedGroups());
      b.putAllRetiredGroups(before.retiredGroups());
    } else {
      groups.current.forEach((id, hostName) -> {
        SyncState.ManagedGroup prev = before.managedGroups().get(id);
        ManagedGroups.Rename rename = groups.renames.get(id);
        if (rename != null && !renamedGroups.contains(rename.from) && prev != null) {
          b.putManagedGroups(id, prev); // the rename did not happen: try again next run
          return;
        }
        boolean created = createdGroups.contains(hostName)
            || (prev != null && prev.created() && (prev.hostName().equals(hostName) || rename != null));
        b.putManagedGroups(id, SyncState.ManagedGroup.of(hostName, created));
      });
      groups.retired.forEach((hostName, g) -> {
        if (unfinishedRetired.contains(hostName)) {
          b.putRetiredGroups(hostName, g);
        }
      });
    }

    // Refusals: those whose user's data changed lapse; new ones are added.
    Refusals refusals = plan.refusals;
    Map<String, SyncState.Refusal> kept = new TreeMap<>(before.refusals());
    refusals.lapsed.forEach(kept::remove);
    for (int i = 0; i < out.size(); i++) {
      if (out.cause(i) == Outcomes.Cause.REFUSED) {
        Change c = out.change(i);
        String id = c.externalId().orElse(null);
        if (id != null) {
          String why = out.message(i);
          refusals.add(id, plan.fingerprintOf(id), Refusals.key(c), why != null ? why : c.toString());
        }
      }
    }
    refusals.added.forEach((id, r) -> {
      SyncState.Refusal earlier = kept.get(id);
      Set<String> changes = new TreeSet<>(r.changes);
      if (earlier != null && earlier.fingerprint().equals(r.fingerprint)) {
        if (earlier.changes().isEmpty()) {
          return; // already refused as a whole
        }
        changes.addAll(earlier.changes());
      }
      kept.put(id, SyncState.Refusal.of(r.fingerprint, earlier != null && earlier.fingerprint().equals(r.fingerprint)
          ? earlier.reason() : r.reason, earlier != null && earlier.fingerprint().equals(r.fingerprint)
          ? earlier.since() : now, changes));
    });
    b.putAllRefusals(kept);

    // Held changes: a run that read everything and held nothing applied its own destructive
    // changes, so earlier held ones are moot; after an incomplete read they stay.
    if (!plan.readComplete) {
      b.held(before.held());
    }
    return b.build();
  }

  private static void applied(Change c, Set<String> createdGroups, Set<String> renamedGroups, Map<String, String> photos) {
    switch (c.type()) {
      case CREATE_GROUP:
        createdGroups.add(c.subject());
        break;
      case RENAME_GROUP:
        renamedGroups.add(c.subject());
        break;
      case SET_PHOTO:
        c.externalId().ifPresent(id -> {
          if (c.value().isPresent()) {
            photos.put(id, c.value().get());
          } else {
            photos.remove(id);
          }
        });
        break;
      case DELETE_USER:
        c.externalId().ifPresent(photos::remove);
        break;
      default:
        break;
    }
  }
}
