package io.github.usersync.core.sync.internal;

import io.github.usersync.core.mapping.AttributeValue;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.sync.AttributeChange;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Turns desired users (mapped) and the host's state into changes. Keeps, per planned user, only
 * keys: a slot with the IdP id, username, host key and a fingerprint of the wanted data, so
 * memberships are diffed as int sets.
 *
 * <p>Changes the host never makes (protected groups, renames it cannot make, read-only fields) are
 * left out and listed in {@link #refused} with the reason and the way out; changes the host refused
 * for good in an earlier run, for the same data, are left out silently.
 */
final class Planner {
  final List<Change> changes = new ArrayList<>();
  /** Changes left out by design, each with why and what to do; reported as skipped. */
  final List<PlanResult.Failure> refused = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  long unchanged;
  /** Users inactive in the IdP that the host never had: nothing to create, not "unchanged". */
  long notProvisioned;
  /** Changes left out because the host refused them for good earlier and the data is the same. */
  long stillRefused;

  private final RunSetup setup;
  private final SyncPolicy policy;
  private final TargetCapabilities target;
  private final HostView host;
  final Refusals refusals;
  private final Set<String> plannedGroups = new HashSet<>();

  // Slots: one per mapped user that exists in the host or will be created.
  final List<String> slotExternalId = new ArrayList<>();
  final List<String> slotUsername = new ArrayList<>();
  final List<@Nullable String> slotHostKey = new ArrayList<>();
  final LongList slotFingerprint = new LongList();
  final Map<String, Integer> slotByExternalId = new HashMap<>();
  final Map<String, Integer> slotByHostKey = new HashMap<>();
  private final Map<String, IntList> desiredMembers = new HashMap<>();
  /**
   * Cleaned-up users whose memberships go ({@code stripMembershipsOnCleanup}), by host key, with
   * how they were cleaned up ("deactivated", "anonymized", "deleted").
   */
  private final Map<String, String> cleanedUp = new LinkedHashMap<>();
  /** The membership removals that clean up a user (re-checked against the IdP when approved). */
  final Set<Change> cleanupRemovals = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

  Planner(RunSetup setup, HostView host, Refusals refusals) {
    this.setup = setup;
    this.policy = setup.policy;
    this.target = setup.capabilities;
    this.host = host;
    this.refusals = refusals;
  }

  /**
   * Plans the user-level changes for one mapped user and returns its slot, or -1 when the user
   * will not exist in the host (inactive and never created, or a creation the host refused for
   * good with the same data).
   */
  int planUser(MappedUser m) {
    String id = m.externalId();
    long fingerprint = Refusals.fingerprint(m);
    refusals.seen(id, fingerprint);
    HostUser h = host.byExternalId(id);
    boolean adopt = false;
    if (h == null && policy.linkUnlinkedBy() != SyncPolicy.LinkMatch.NONE) {
      h = host.matchUnlinked(m.username(), m.email().value().orElse(null), policy.linkUnlinkedBy());
      adopt = h != null;
    }
    if (h == null) {
      if (!m.active()) {
        notProvisioned++;
        return -1;
      }
      if (refusals.remembered(id, fingerprint, ChangeType.CREATE_USER.name())) {
        stillRefused++;
        return -1;
      }
      planCreate(m);
      return slot(id, m.username(), null, fingerprint);
    }
    int changesBefore = changes.size();
    planUpdate(m, h, adopt, fingerprint);
    if (m.active() && !h.active() && policy.reactivateReturningUsers()) {
      emit(userChange(ChangeType.REACTIVATE_USER, m.username(), id, h.key(), "active again in the IdP"), fingerprint);
    } else if (!m.active() && h.active()) {
      if (planDestructive(userChange(ChangeType.DEACTIVATE_USER, h.username(), id, h.key(), "deactivated in the IdP"),
          h, fingerprint)) {
        cleanedUp(h, "deactivated in the IdP");
      }
    } else if (!m.active()) {
      cleanedUp(h, "deactivated in the IdP");
    }
    if (changes.size() == changesBefore) {
      unchanged++;
    }
    return slot(id, m.username(), h.key(), fingerprint);
  }

  private void planCreate(MappedUser m) {
    Map<String, String> attributes = new TreeMap<>();
    m.attributes().forEach((name, v) -> {
      if (v.kind() == AttributeValue.Kind.SET) {
        attributes.put(name, v.value().orElse(""));
      }
    });
    NewHostUser user = NewHostUser.builder()
        .username(m.username())
        .email(m.email().value())
        .displayName(m.displayName().value())
        .attributes(attributes)
        .externalId(m.externalId())
        .build();
    // The change's field list is derived from the new user (see Change.attributes()).
    changes.add(Change.builder(ChangeType.CREATE_USER, m.username(), "new in the IdP")
        .externalId(m.externalId()).newUser(user).build());
  }

  private void planUpdate(MappedUser m, HostUser h, boolean adopt, long fingerprint) {
    HostUserUpdate.Builder u = HostUserUpdate.builder();
    List<AttributeChange> diffs = new ArrayList<>();
    String reason = "changed in the IdP";
    if (adopt) {
      u.externalId(m.externalId());
      diffs.add(AttributeChange.of("externalId", h.externalId().orElse(null), m.externalId()));
      reason = "adopting the existing host account (matched by "
          + (h.username().equalsIgnoreCase(m.username()) ? "username" : "email") + ")";
    }
    if (!h.username().equalsIgnoreCase(m.username())) {
      AttributeChange rename = AttributeChange.of("username", h.username(), m.username());
      if (target.canRenameUsers()) {
        u.username(m.username());
        diffs.add(rename);
        if (!adopt) {
          reason = "renamed in the IdP";
        }
      } else {
        refuse(Change.builder(ChangeType.UPDATE_USER, h.username(), "renamed in the IdP").externalId(m.externalId())
                .hostKey(h.key()).attributes(List.of(rename)).build(), "username", fingerprint,
            setup.targetName() + " cannot rename users; rename the account in " + setup.targetName()
                + " by hand if needed (usersync keeps it linked by its IdP id)");
      }
    }
    if (m.email().kind() == AttributeValue.Kind.SET) {
      String e = m.email().value().orElse("");
      if (!e.equals(h.email().orElse(null)) && writable(m, h, "email", h.email().orElse(null), e, fingerprint)) {
        u.email(e);
        diffs.add(AttributeChange.of("email", h.email().orElse(null), e));
      }
    }
    if (m.displayName().kind() == AttributeValue.Kind.SET) {
      String d = m.displayName().value().orElse("");
      if (!d.equals(h.displayName().orElse(null))
          && writable(m, h, "displayName", h.displayName().orElse(null), d, fingerprint)) {
        u.displayName(d);
        diffs.add(AttributeChange.of("displayName", h.displayName().orElse(null), d));
      }
    }
    for (Map.Entry<String, AttributeValue> e : m.attributes().entrySet()) {
      String name = e.getKey();
      String current = h.attributes().get(name);
      AttributeValue v = e.getValue();
      if (v.kind() == AttributeValue.Kind.SET) {
        String value = v.value().orElse("");
        if (!value.equals(current) && writable(m, h, name, current, value, fingerprint)) {
          u.putSetAttributes(name, value);
          diffs.add(AttributeChange.of(name, current, value));
        }
      } else if (v.kind() == AttributeValue.Kind.CLEAR && current != null
          && writable(m, h, name, current, null, fingerprint)) {
        u.addRemoveAttributes(name);
        diffs.add(AttributeChange.of(name, current, null));
      }
    }
    HostUserUpdate update = u.build();
    if (!update.isEmpty()) {
      emit(Change.builder(ChangeType.UPDATE_USER, h.username(), reason)
          .externalId(m.externalId()).hostKey(h.key()).attributes(diffs).update(update).build(), fingerprint);
    }
  }

  /** Whether a field of an existing account may be written; if the host cannot, leaves the change out. */
  private boolean writable(MappedUser m, HostUser h, String field, @Nullable String before, @Nullable String after,
      long fingerprint) {
    if (!target.readOnlyFields().contains(field)) {
      return true;
    }
    refuse(Change.builder(ChangeType.UPDATE_USER, h.username(), "changed in the IdP").externalId(m.externalId())
            .hostKey(h.key()).attributes(List.of(AttributeChange.of(field, before, after))).build(), field, fingerprint,
        setup.targetName() + " cannot change " + field + " of an existing account; change it in "
            + setup.targetName() + " by hand if needed");
    return false;
  }

  /** Plans what happens to a linked host user who is gone from the IdP or out of scope. */
  void planMissing(HostUser h, String reason) {
    String id = h.externalId().orElse(null);
    switch (policy.missingUsers()) {
      case DELETE:
        if (target.canDeleteUsers()) {
          if (planDestructive(userChange(ChangeType.DELETE_USER, h.username(), id, h.key(), reason), h, Refusals.GONE)
              && target.keepsMembershipsOfDeletedUsers()) {
            cleanedUp(h, "to be deleted (" + reason + ")");
          }
          return;
        }
        notes.add(h.username() + " is " + reason + " but the host cannot delete users; deactivating instead");
        // fall through: deactivate
      case DEACTIVATE:
        if (!h.active() || planDestructive(userChange(ChangeType.DEACTIVATE_USER, h.username(), id, h.key(), reason),
            h, Refusals.GONE)) {
          cleanedUp(h, h.active() ? "deactivated (" + reason + ")" : "deactivated");
        }
        return;
      case ANONYMIZE:
        Change c = Anonymization.change(h, reason, policy.anonymizeEmailDomain(), setup.mapper.attributeNames());
        if (c == null || planDestructive(c, h, Refusals.GONE)) {
          cleanedUp(h, c == null ? "anonymized" : "anonymized (" + reason + ")");
        }
        return;
      default:
        return;
    }
  }

  /** Deactivations, anonymizations and deletions; never of a member of a protected group (an administrator). */
  private boolean planDestructive(Change c, HostUser h, long fingerprint) {
    if (setup.hasProtectedGroups() && host.inProtectedGroup(h.key(), setup::isProtected)) {
      refuse(c, null, fingerprint, h.username() + " is a member of a protected group of " + setup.targetName()
          + " (an administrator), and usersync never deactivates, anonymizes or deletes those; remove the account"
          + " from the group in " + setup.targetName() + " if it should go");
      return false;
    }
    emit(c, fingerprint);
    return true;
  }

  /**
   * Marks a cleaned-up user (this run or an earlier one) whose memberships go, with {@code
   * stripMembershipsOnCleanup}; never an administrator (a member of a protected group).
   */
  private void cleanedUp(HostUser h, String how) {
    if (policy.stripMembershipsOnCleanup()
        && !(setup.hasProtectedGroups() && host.inProtectedGroup(h.key(), setup::isProtected))) {
      cleanedUp.put(h.key(), how);
    }
  }

  /** Whether the user in {@code slot} is cleaned up and so wants no membership. */
  boolean isCleanedUp(int slot) {
    String key = slotHostKey.get(slot);
    return key != null && cleanedUp.containsKey(key);
  }

  /**
   * Removes the memberships of cleaned-up users, except {@code keepGroups} and protected groups;
   * each removal is destructive (it counts toward the thresholds). Last, so that a removal planned
   * already (a group that left the IdP) is not planned twice.
   */
  void planStrip() {
    if (cleanedUp.isEmpty()) {
      return;
    }
    Set<String> planned = new HashSet<>();
    for (Change c : changes) {
      if (c.type() == ChangeType.REMOVE_MEMBERSHIP) {
        planned.add(c.hostKey().orElse("") + '\n' + c.group().orElse(""));
      }
    }
    Map<String, Set<String>> groupsOf = host.groupsOfUsers(cleanedUp.keySet());
    cleanedUp.forEach((key, how) -> {
      HostUser h = host.byKey(key);
      if (h == null) {
        return;
      }
      for (String g : new TreeSet<>(groupsOf.getOrDefault(key, Set.of()))) {
        if (setup.isProtected(g) || setup.keeps(g) || !planned.add(key + '\n' + g)) {
          continue;
        }
        Change c = Change.builder(ChangeType.REMOVE_MEMBERSHIP, h.username(), "cleanup: " + h.username() + " is "
                + how + ", and stripMembershipsOnCleanup removes the memberships of cleaned-up users (keepGroups"
                + " and protected groups excepted)")
            .externalId(h.externalId().orElse(null)).hostKey(key).group(g).destructive(true).build();
        int before = changes.size();
        emit(c, Refusals.GONE);
        if (changes.size() > before) {
          cleanupRemovals.add(c);
        }
      }
    });
  }

  /** A slot for a linked host user whose profile is not re-planned (membership-only diffs). */
  int planUserSlotOnly(String externalId, String username, String hostKey) {
    return slot(externalId, username, hostKey, Refusals.UNMAPPED);
  }

  private int slot(String externalId, String username, @Nullable String hostKey, long fingerprint) {
    Integer existing = slotByExternalId.get(externalId);
    if (existing != null) {
      return existing;
    }
    int s = slotExternalId.size();
    slotExternalId.add(externalId);
    slotUsername.add(username);
    slotHostKey.add(hostKey);
    slotFingerprint.add(fingerprint);
    slotByExternalId.put(externalId, s);
    if (hostKey != null) {
      slotByHostKey.put(hostKey, s);
    }
    return s;
  }

  private long fingerprint(int slot) {
    return slotFingerprint.get(slot);
  }

  /** Records that the user in {@code slot} should be in each of {@code hostGroups}. */
  void want(int slot, Collection<String> hostGroups) {
    for (String g : hostGroups) {
      desiredMembers.computeIfAbsent(g, k -> new IntList()).add(slot);
    }
  }

  /**
   * Creates the IdP's groups the host lacks, members or not (an admin often wants a group to exist
   * for permission schemes before anyone is in it), when {@code createGroups} is on.
   */
  void createMissingGroups(Collection<String> idpGroups) {
    if (!policy.createGroups() || !target.canCreateGroups()) {
      return;
    }
    for (String g : new TreeSet<>(idpGroups)) {
      if (!host.groupExists(g) && !plannedGroups.contains(g) && !setup.isProtected(g)) {
        createGroup(g);
      }
    }
  }

  private void createGroup(String g) {
    plannedGroups.add(g);
    changes.add(Change.builder(ChangeType.CREATE_GROUP, g, "group of the IdP missing in the host").build());
  }

  /**
   * Diffs memberships group by group, for full runs: every managed group's wanted members against
   * its current members among the planned users. Users not planned (host-only, skipped, missing) are
   * left alone.
   */
  void planMembershipsByGroup(Set<String> managedGroups) {
    Set<String> all = new TreeSet<>(managedGroups);
    all.addAll(desiredMembers.keySet());
    for (String group : all) {
      IntList wanted = desiredMembers.get(group);
      int[] want = wanted == null ? new int[0] : wanted.sortedDistinct();
      if (setup.isProtected(group)) {
        Set<String> members = want.length == 0 ? Set.of() : host.memberKeys(group);
        for (int s : want) {
          String key = slotHostKey.get(s);
          if (key == null || !members.contains(key)) {
            refuseMembership(s, group);
          }
        }
        continue;
      }
      boolean exists = host.groupExists(group);
      if (!exists && !plannedGroups.contains(group)) {
        if (want.length == 0) {
          continue;
        }
        if (!policy.createGroups() || !target.canCreateGroups()) {
          notes.add("group '" + group + "' does not exist in the host and "
              + (policy.createGroups() ? "the host cannot create groups" : "createGroups is off")
              + ": " + want.length + " memberships not added");
          continue;
        }
        createGroup(group);
      }
      IntList currentSlots = new IntList();
      if (exists) {
        for (String key : host.memberKeys(group)) {
          Integer s = slotByHostKey.get(key);
          if (s != null && !cleanedUp.containsKey(key)) {
            currentSlots.add(s);
          }
        }
      }
      int[] have = currentSlots.sortedDistinct();
      int i = 0;
      int j = 0;
      while (i < want.length || j < have.length) {
        if (j >= have.length || (i < want.length && want[i] < have[j])) {
          addMembership(want[i++], group, true);
        } else if (i >= want.length || have[j] < want[i]) {
          if (managedGroups.contains(group)) {
            addMembership(have[j], group, false);
          }
          j++;
        } else {
          i++;
          j++;
        }
      }
    }
  }

  /** Diffs one user's memberships, for single-user and incremental runs. */
  void planMembershipsOfUser(int slot, Set<String> wantedGroups, Set<String> managedGroups) {
    String key = slotHostKey.get(slot);
    Set<String> current = key == null ? Set.of() : host.groupsOf(key);
    for (String g : new TreeSet<>(wantedGroups)) {
      if (current.contains(g)) {
        continue;
      }
      if (setup.isProtected(g)) {
        refuseMembership(slot, g);
        continue;
      }
      if (!host.groupExists(g) && !plannedGroups.contains(g)) {
        if (!policy.createGroups() || !target.canCreateGroups()) {
          notes.add("group '" + g + "' does not exist in the host and createGroups is off: membership of "
              + slotUsername.get(slot) + " not added");
          continue;
        }
        createGroup(g);
      }
      addMembership(slot, g, true);
    }
    for (String g : new TreeSet<>(current)) {
      if (managedGroups.contains(g) && !wantedGroups.contains(g)) {
        addMembership(slot, g, false);
      }
    }
  }

  private void refuseMembership(int slot, String group) {
    refuse(membership(slot, group, true), null, fingerprint(slot), "'" + group + "' is a protected group of "
        + setup.targetName() + ": usersync never adds or removes its members; add " + slotUsername.get(slot)
        + " in " + setup.targetName() + " by hand if intended, or leave the IdP group out with the mapping's group rules");
  }

  private void addMembership(int slot, String group, boolean add) {
    emit(membership(slot, group, add), fingerprint(slot));
  }

  private Change membership(int slot, String group, boolean add) {
    return Change.builder(add ? ChangeType.ADD_MEMBERSHIP : ChangeType.REMOVE_MEMBERSHIP,
            slotUsername.get(slot), add ? "member of the group in the IdP" : "no longer a member in the IdP")
        .externalId(slotExternalId.get(slot))
        .hostKey(slotHostKey.get(slot))
        .group(group)
        .build();
  }

  /** Plans a manager change for the user in {@code slot}. */
  void planManager(int slot, @Nullable String wantedManagerExternalId, @Nullable String currentManagerExternalId) {
    if (Objects.equals(wantedManagerExternalId, currentManagerExternalId)) {
      return;
    }
    emit(Change.builder(ChangeType.SET_MANAGER, slotUsername.get(slot),
            wantedManagerExternalId == null ? "manager removed in the IdP" : "manager changed in the IdP")
        .externalId(slotExternalId.get(slot)).hostKey(slotHostKey.get(slot))
        .value(wantedManagerExternalId).build(), fingerprint(slot));
  }

  /** Plans a photo change for the user in {@code slot}: set it ({@code photoFingerprint}) or remove it (null). */
  void planPhoto(int slot, @Nullable String photoFingerprint) {
    Change c = Change.builder(ChangeType.SET_PHOTO, slotUsername.get(slot),
            photoFingerprint == null ? "photo removed in the IdP" : "photo changed in the IdP")
        .externalId(slotExternalId.get(slot)).hostKey(slotHostKey.get(slot)).value(photoFingerprint).build();
    if (photoFingerprint == null && !target.canRemovePhotos()) {
      refuse(c, "remove", fingerprint(slot), setup.targetName()
          + " cannot remove photos; remove it in " + setup.targetName() + " by hand if needed");
      return;
    }
    emit(c, fingerprint(slot));
  }

  /** Adds a change planned elsewhere (the managed groups' renames and cleanup). */
  void add(Change c) {
    if (c.type() == ChangeType.CREATE_GROUP || c.type() == ChangeType.RENAME_GROUP) {
      plannedGroups.add(c.type() == ChangeType.RENAME_GROUP ? c.value().orElse(c.subject()) : c.subject());
    }
    changes.add(c);
  }

  /** Adds a change unless the host refused it for good, with the same data, in an earlier run. */
  private void emit(Change c, long fingerprint) {
    String id = c.externalId().orElse(null);
    if (id != null && refusals.remembered(id, fingerprint, Refusals.key(c))) {
      stillRefused++;
      return;
    }
    changes.add(c);
  }

  /**
   * Leaves out a change the host never makes: reported as skipped with {@code why} (the reason and
   * the way out) the first time, silently while the user's data stays the same.
   */
  private void refuse(Change c, @Nullable String field, long fingerprint, String why) {
    String id = c.externalId().orElse(null);
    String key = Refusals.key(c) + (field == null ? "" : " " + field);
    if (id != null) {
      if (refusals.remembered(id, fingerprint, key)) {
        return;
      }
      refusals.add(id, fingerprint, key, why);
    }
    refused.add(new PlanResult.Failure(c, "left out: " + why));
  }

  private static Change userChange(ChangeType type, String subject, @Nullable String externalId,
      String hostKey, String reason) {
    return Change.builder(type, subject, reason).externalId(externalId).hostKey(hostKey).build();
  }

  /** The changes in apply order (stable within a type). */
  List<Change> ordered() {
    List<Change> out = new ArrayList<>(changes);
    out.sort((a, b) -> Integer.compare(a.type().ordinal(), b.type().ordinal()));
    return out;
  }
}
