package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.MappingOutcome;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.HeldChanges;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Applies changes a threshold held back in an earlier run, after an admin approved them: exactly the
 * held changes, each cleanup re-checked against the IdP first (a user who is back, active and in
 * scope, is not deactivated, anonymized or deleted, and keeps their memberships; reported as
 * skipped with the reason). The thresholds do not apply again: approving is the way past them.
 * Then the state is committed by the same rule as a run: held changes cleared, users whose changes
 * did not reach the host pending. Internal: use {@code UserSync.approve}.
 */
public final class Approval {
  /** What the approval did. */
  public static final class Result {
    /** Every held change with its outcome. */
    public final Outcomes outcomes;
    /** Why the state was not committed, if it was not. */
    public final @Nullable String error;
    /** Whether the state was saved. */
    public final boolean committed;
    /** Things worth reporting. */
    public final List<String> notes;

    Result(Outcomes outcomes, @Nullable String error, boolean committed, List<String> notes) {
      this.outcomes = outcomes;
      this.error = error;
      this.committed = committed;
      this.notes = notes;
    }
  }

  private final RunSetup setup;
  private final SyncStateStore store;
  private final String name;

  /** The approval of the sync {@code name}, whose state {@code store} keeps. */
  public Approval(RunSetup setup, SyncStateStore store, String name) {
    this.setup = setup;
    this.store = store;
    this.name = name;
  }

  /** Re-checks, applies and commits the held changes of {@code before}. */
  public Result apply(SyncState before, HeldChanges held) {
    List<HeldChanges.Entry> entries = held.changes();
    Change[] changes = new Change[entries.size()];
    String[] skip = new String[entries.size()];
    Map<String, @Nullable String> back = new HashMap<>();
    for (int i = 0; i < changes.length; i++) {
      HeldChanges.Entry e = entries.get(i);
      Change c = e.change();
      String id = c.externalId().orElse(null);
      if (e.cleanup() && id != null) {
        String why = back.containsKey(id) ? back.get(id) : recheck(id, c.subject());
        back.put(id, why);
        if (why != null) {
          skip[i] = why;
        } else if (c.type() == ChangeType.ANONYMIZE_USER) {
          // Computed again from the account as it is now (the held change keeps no personal data).
          Optional<HostUser> h = HostView.host(() -> setup.target.userByExternalId(id));
          Change now = h.isPresent() ? Anonymization.change(h.get(), c.reason(), setup.policy.anonymizeEmailDomain(),
              setup.mapper.attributeNames()) : null;
          if (now == null) {
            skip[i] = "not applied: " + c.subject() + (h.isPresent() ? " is anonymized already"
                : " is no longer in the host");
          } else {
            c = now;
          }
        }
      }
      changes[i] = c;
    }
    Outcomes planned = new Outcomes(changes);
    for (int i = 0; i < changes.length; i++) {
      if (skip[i] != null) {
        planned.set(i, ChangeOutcome.Status.SKIPPED, Outcomes.Cause.HELD, skip[i]);
      } else {
        planned.set(i, ChangeOutcome.Status.NOT_APPLIED, null);
      }
    }
    Outcomes out = new Applier(setup).apply(planned);
    List<String> notes = new ArrayList<>();
    SyncState next = next(before, out, setup.clock.instant(), notes);
    try {
      setup.target.flush();
    } catch (RuntimeException e) {
      return new Result(out, "the host could not save the approved changes: " + e.getMessage()
          + "; nothing was committed, so the changes are still held", false, notes);
    }
    try {
      store.save(name, next);
    } catch (RuntimeException e) {
      return new Result(out, "the sync state could not be saved: " + e.getMessage() + "; the approved changes"
          + " reached the host and are still listed as held (approving again is harmless)", false, notes);
    }
    return new Result(out, null, true, notes);
  }

  /**
   * Why a held cleanup of the user {@code id} no longer applies (the user is back: active and in
   * scope), or null when it still does.
   */
  private @Nullable String recheck(String id, String username) {
    try {
      Optional<DirectoryUser> u = setup.directory.user(id, setup.userQuery());
      if (!u.isPresent()) {
        return null;
      }
      List<DirectoryGroup> groups = List.of();
      if (setup.needsGroups() && setup.supports(Capability.USER_GROUPS)) {
        groups = setup.directory.groupsOfUser(id, setup.policy.membership()).collect(Collectors.toList());
      }
      if (!setup.policy.requiredGroups().isEmpty() && !GroupGraph.anyRequiredByName(groups, setup.policy.requiredGroups())) {
        return null;
      }
      MappingOutcome m = setup.mapper.map(MappingInput.builder().user(u.get()).groups(groups).build());
      if (!m.user().map(MappedUser::active).orElse(false)) {
        return null;
      }
      return "not applied: " + username + " is back in the IdP (active"
          + (setup.policy.requiredGroups().isEmpty() ? "" : " and in a required group")
          + ") since this change was held; the next run updates the account instead";
    } catch (UsersyncException | IllegalArgumentException e) {
      throw new UsersyncException("approving the held changes failed: " + username + " (" + id + ") could not be"
          + " re-checked against the IdP: " + e.getMessage() + "; nothing was applied, try again", e);
    }
  }

  /** The state after an approval: held changes cleared; users whose changes did not reach the host pending. */
  private static SyncState next(SyncState before, Outcomes out, Instant now, List<String> notes) {
    Map<String, SyncState.Pending> pending = new TreeMap<>(before.pending());
    Set<String> notDone = new HashSet<>();
    for (int i = 0; i < out.size(); i++) {
      Change c = out.change(i);
      String id = c.externalId().orElse(null);
      if (id == null || out.status(i) == ChangeOutcome.Status.APPLIED) {
        continue;
      }
      notDone.add(id);
      if (out.status(i) == ChangeOutcome.Status.FAILED) {
        String why = out.message(i);
        SyncState.Pending earlier = before.pending().get(id);
        pending.put(id, SyncState.Pending.of(c.type() + " " + c.subject() + ": " + (why != null ? why : "failed"),
            earlier != null ? earlier.since() : now));
      }
    }
    for (int i = 0; i < out.size(); i++) {
      String id = out.change(i).externalId().orElse(null);
      if (id != null && !notDone.contains(id)) {
        pending.remove(id);
      }
    }
    long failed = out.count(ChangeOutcome.Status.FAILED);
    if (failed > 0) {
      notes.add(failed + " approved changes failed; their users are pending and the next run plans them again");
    }
    return SyncState.builder().from(before).held(Optional.empty()).pending(pending).build();
  }
}
