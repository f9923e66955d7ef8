package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Step 3 of a run, plan: pulls each user from the {@link Source} (step 1), maps it with the {@link
 * UserMapStep} (step 2) and diffs it against the host with the {@link Planner}; then plans the users
 * the IdP no longer has, the managed groups (renames, retired groups), memberships, managers and
 * photos. Internal.
 */
public final class PlanStep {
  private final RunSetup setup;

  /** The plan step of one run. */
  public PlanStep(RunSetup setup) {
    this.setup = setup;
  }

  /** Plans the run. */
  public PlanResult plan(Source src, UserMapStep mapStep, SyncState state) {
    try {
      return planRead(src, mapStep, state);
    } finally {
      src.closeReads(); // reads started alongside the listing that the plan did not wait for
    }
  }

  private PlanResult planRead(Source src, UserMapStep mapStep, SyncState state) {
    HostView host = src.host;
    Planner planner = new Planner(setup, host, new Refusals(state.refusals()));
    planner.notes.addAll(src.notes);
    Set<String> seen = new HashSet<>();
    Set<String> outOfScope = new HashSet<>();
    Map<Integer, @Nullable String> managerOfSlot = new LinkedHashMap<>();
    Map<Integer, Set<String>> wantedBySlot = new LinkedHashMap<>();
    List<Integer> photoSlots = new ArrayList<>();
    long[] scopeUnknown = {0};
    boolean managers = setup.mapper.usesManager() && setup.capabilities.keepsManagers();
    boolean photos = setup.mapper.usesPhoto() && setup.capabilities.keepsPhotos() && setup.supports(Capability.PHOTO);
    String[] refusal = {null};

    // read → map → plan, one user at a time
    src.forEachUser(u -> {
      String id = u.user.id();
      seen.add(id);
      if (u.inScope == Source.InScope.NO) {
        if (src.listsEveryUser) {
          outOfScope.add(id);
        } else {
          HostUser h = host.byExternalId(id);
          if (h != null) {
            planner.planMissing(h, "not in a required group");
          }
        }
        refusal[0] = u.user.username() + " is not in a required group ("
            + String.join(", ", setup.policy.requiredGroups()) + ")";
        return;
      }
      if (u.inScope == Source.InScope.UNKNOWN && host.byExternalId(id) == null) {
        scopeUnknown[0]++; // whether the user is in a required group is unknown: not created
        return;
      }
      MappedUser m = mapStep.map(src, u);
      if (m == null) {
        refusal[0] = mapStep.lastProblem();
        return;
      }
      int slot = planner.planUser(m);
      if (slot < 0 || !m.active()) {
        refusal[0] = u.user.username() + " is inactive in the IdP";
      }
      if (slot < 0) {
        return;
      }
      if (src.membershipsKnown() && !planner.isCleanedUp(slot)) {
        if (src.diffByGroup) {
          planner.want(slot, m.groups());
        } else {
          wantedBySlot.put(slot, m.groups());
        }
      }
      if (managers) {
        managerOfSlot.put(slot, m.managerId().orElse(u.user.managerId().orElse(null)));
      }
      if (photos) {
        photoSlots.add(slot);
        src.readPhotoAhead(id);
      }
    });

    setup.listener.phase(SyncPhase.PLAN);
    String emptySource = null;
    if (src.listsEveryUser) {
      List<HostUser> linked = new ArrayList<>(host.linkedUsers());
      if (src.complete() && seen.isEmpty() && !linked.isEmpty()) {
        emptySource = "the IdP returned no users while the host has " + linked.size()
            + " linked users; refusing to treat them all as gone";
      }
      for (HostUser h : linked) {
        String x = h.externalId().orElse("");
        if ((seen.contains(x) && !outOfScope.contains(x)) || planner.slotByExternalId.containsKey(x)) {
          continue;
        }
        planner.planMissing(h, outOfScope.contains(x) ? "not in a required group" : "not in the IdP");
      }
    }
    for (Map.Entry<String, String> gone : src.gone.entrySet()) {
      seen.add(gone.getKey());
      HostUser h = host.byExternalId(gone.getKey());
      if (h != null) {
        planner.planMissing(h, gone.getValue());
      }
      if (!src.scope.removed) {
        refusal[0] = "the user " + gone.getKey() + " is not in the IdP";
      }
    }
    if (scopeUnknown[0] > 0) {
      planner.notes.add(scopeUnknown[0] + " users new to the host were not created: the IdP's groups could not"
          + " be read, so whether they are in a required group is unknown");
    }

    ManagedGroups groups = null;
    if (src.membershipsKnown()) {
      Set<String> managed = new LinkedHashSet<>();
      if (src.scope.oneUser()) {
        managed.addAll(src.oneUserManagedGroups);
      } else {
        groups = new ManagedGroups(setup);
        groups.plan(src, state, planner);
        managed.addAll(groups.current.values());
        planner.createMissingGroups(groups.current.values());
      }
      managed.addAll(setup.policy.additionallyManagedGroups());
      managed.removeIf(setup::isProtected);
      if (groups != null && !src.diffByGroup) {
        // An incremental run sees no membership change for the members of a group that now maps
        // to another host group: plan theirs again.
        for (String id : groups.moved) {
          src.membershipChanged.addAll(src.userMembersOf(id));
        }
      }
      planMemberships(src, planner, seen, wantedBySlot, managed);
    } else if (src.groupsFailed != null) {
      planner.notes.add("memberships were not synchronised: " + src.groupsFailed);
    }
    planner.planStrip();

    try {
      if (src.listsEveryUser) {
        planManagers(src, planner, managerOfSlot);
      } else {
        planManagersOf(src, planner, managerOfSlot);
      }
    } catch (HostReadException e) {
      throw e;
    } catch (UsersyncException e) {
      planner.notes.add("managers were not synchronised: reading them failed: " + e.getMessage());
    }
    try {
      planPhotos(src, planner, photoSlots, state.photos());
    } catch (HostReadException e) {
      throw e;
    } catch (UsersyncException e) {
      planner.notes.add("photos were not synchronised: reading them failed: " + e.getMessage());
    }

    if (src.managersKept > 0) {
      int n = setup.managerRefreshRuns();
      planner.notes.add("managers were re-read for new and pending users and share "
          + src.refreshShareNumber(n) + " of " + n + " of the others (managerRefreshRuns " + n + "); "
          + src.managersKept + " were kept as the host has them");
    }
    if (src.photosKept > 0) {
      int n = setup.photoRefreshRuns();
      planner.notes.add("photos were re-checked for new and pending users and share " + src.refreshShareNumber(n)
          + " of " + n + " of the others (photoRefreshRuns " + n + "); " + src.photosKept
          + " were kept as the host has them");
    }

    String incomplete = src.incompleteReason();
    if (emptySource != null) {
      incomplete = incomplete == null ? emptySource : incomplete + "; " + emptySource;
    }
    int hostUsers;
    if (src.scope.oneUser()) {
      hostUsers = 0;
    } else if (src.listsEveryUser) {
      hostUsers = host.userCount();
    } else {
      // Counting host users may list them all; only worth it when something destructive is planned.
      hostUsers = planner.changes.stream().anyMatch(Change::destructive) ? host.userCount() : 0;
    }
    if (planner.stillRefused > 0) {
      planner.notes.add(planner.stillRefused + " changes the host refused for good in earlier runs are left out"
          + " until the users' data in the IdP changes (see the sync state's refusals)");
    }
    return new PlanResult(src, planner, mapStep, groups, incomplete == null, incomplete, hostUsers,
        src.scope.oneUser() ? refusal[0] : null);
  }

  private void planMemberships(Source src, Planner planner, Set<String> handled,
      Map<Integer, Set<String>> wantedBySlot, Set<String> managed) {
    HostView host = src.host;
    if (src.diffByGroup) {
      if (!src.listsEveryUser) {
        // Incremental, memberships not tracked (or nested groups changed): diff every linked user
        // the group graph knows, using group names only; user profiles stay as they are.
        for (HostUser h : host.linkedUsers()) {
          String x = h.externalId().orElse("");
          if (handled.contains(x) || !h.active()) {
            continue; // deactivated accounts keep their groups, as in full runs
          }
          // A user in no group may also be deleted in the IdP (deletions are invisible here);
          // either way the managed memberships go, and the next full run deactivates the deleted.
          List<DirectoryGroup> groups = src.groups.groupsOf(x, setup.policy.membership());
          if (!src.inScope(groups)) {
            planner.planMissing(h, "not in a required group");
            continue;
          }
          planner.want(planner.planUserSlotOnly(x, h.username(), h.key()), src.hostNamesOf(groups));
        }
      }
      planner.planMembershipsByGroup(managed);
      return;
    }
    for (String id : src.membershipChanged) {
      if (handled.contains(id)) {
        continue;
      }
      HostUser h = host.byExternalId(id);
      if (h == null) {
        continue;
      }
      List<DirectoryGroup> groups = src.groupsOf(id);
      if (!src.inScope(groups)) {
        planner.planMissing(h, "not in a required group");
        continue;
      }
      int slot = planner.planUserSlotOnly(id, h.username(), h.key());
      if (!planner.isCleanedUp(slot)) {
        wantedBySlot.put(slot, src.hostNamesOf(groups));
      }
    }
    wantedBySlot.forEach((slot, wanted) -> planner.planMembershipsOfUser(slot, wanted, managed));
  }

  /** Managers of every planned user (full runs), read once for all where listings lack them. */
  private void planManagers(Source src, Planner planner, Map<Integer, @Nullable String> managerOfSlot) {
    // Managers cost a request per user where listings lack them: only when the mapping asks.
    if (!setup.capabilities.keepsManagers() || !setup.mapper.usesManager()) {
      return;
    }
    src.readManagerIds(planner.slotExternalId);
    for (int s = 0; s < planner.slotExternalId.size(); s++) {
      String inline = managerOfSlot.get(s);
      planManager(src, planner, s, inline != null ? inline : src.knownManagerId(planner.slotExternalId.get(s)));
    }
  }

  /** Managers of some users (incremental and single-user runs), read per user where needed. */
  private void planManagersOf(Source src, Planner planner, Map<Integer, @Nullable String> slots) {
    if (!setup.capabilities.keepsManagers() || !setup.mapper.usesManager() || slots.isEmpty()) {
      return;
    }
    for (Map.Entry<Integer, @Nullable String> e : slots.entrySet()) {
      int s = e.getKey();
      String want = e.getValue();
      planManager(src, planner, s, want != null ? want : src.managerIdOf(planner.slotExternalId.get(s)));
    }
  }

  private static void planManager(Source src, Planner planner, int s, @Nullable String want) {
    HostView host = src.host;
    if (want != null && !planner.slotByExternalId.containsKey(want) && host.byExternalId(want) == null) {
      want = null; // the manager is not in the host; nothing to point at
    }
    String key = planner.slotHostKey.get(s);
    HostUser h = key == null ? null : host.byKey(key);
    String current = null;
    if (h != null && h.managerKey().isPresent()) {
      HostUser m = host.byKey(h.managerKey().get());
      current = m == null ? null : m.externalId().orElse(null);
    }
    if (h == null && want == null) {
      return;
    }
    planner.planManager(s, want, current);
  }

  /**
   * Photos of the planned users, where the mapping asks for them and the host keeps them: set when
   * the IdP's differs from the one usersync set (the host's fingerprint, else the state's), removed
   * when the IdP has none any more and usersync had set one.
   */
  private void planPhotos(Source src, Planner planner, List<Integer> slots, Map<String, String> setBefore) {
    if (!setup.mapper.usesPhoto() || !setup.capabilities.keepsPhotos() || !setup.supports(Capability.PHOTO)
        || slots.isEmpty()) {
      return;
    }
    List<String> ids = slots.stream().map(planner.slotExternalId::get).filter(src::rereadsPhoto)
        .collect(Collectors.toList());
    src.photosKept = slots.size() - ids.size();
    Map<String, Optional<String>> prints = src.photoFingerprints(ids);
    for (int s : slots) {
      String id = planner.slotExternalId.get(s);
      Optional<String> fp = prints.get(id);
      if (fp == null) {
        continue;
      }
      String key = planner.slotHostKey.get(s);
      HostUser h = key == null ? null : src.host.byKey(key);
      Optional<String> current = h == null ? Optional.empty()
          : h.photoFingerprint().isPresent() ? h.photoFingerprint() : Optional.ofNullable(setBefore.get(id));
      if (fp.isPresent()) {
        if (!current.equals(fp)) {
          planner.planPhoto(s, fp.get());
        }
      } else if (current.isPresent()) {
        planner.planPhoto(s, null);
      }
    }
  }
}
