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
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Turns desired users (mapped) and the host's state into changes. Keeps, per planned user, only
 * keys: a slot with the IdP id, username and host key, so memberships are diffed as int sets.
 */
final class Planner {
  final List<Change> changes = new ArrayList<>();
  final List<String> skippedUsers = new ArrayList<>();
  final List<String> notes = new ArrayList<>();
  long unchanged;

  private final SyncPolicy policy;
  private final TargetCapabilities target;

  // Slots: one per mapped user that exists in the host or will be created.
  final List<String> slotExternalId = new ArrayList<>();
  final List<String> slotUsername = new ArrayList<>();
  final List<@Nullable String> slotHostKey = new ArrayList<>();
  final Map<String, Integer> slotByExternalId = new HashMap<>();
  final Map<String, Integer> slotByHostKey = new HashMap<>();
  private final Map<String, IntList> desiredMembers = new HashMap<>();

  Planner(SyncPolicy policy, TargetCapabilities target) {
    this.policy = policy;
    this.target = target;
  }

  /**
   * Plans the user-level changes for one mapped user and returns its slot, or -1 when the user
   * will not exist in the host (inactive and never created).
   */
  int planUser(MappedUser m, HostView host) {
    HostUser h = host.byExternalId(m.externalId());
    boolean adopt = false;
    if (h == null && policy.linkUnlinkedBy() != SyncPolicy.LinkMatch.NONE) {
      h = host.matchUnlinked(m.username(), m.email().value().orElse(null), policy.linkUnlinkedBy());
      adopt = h != null;
    }
    if (h == null) {
      if (!m.active()) {
        unchanged++;
        return -1;
      }
      planCreate(m);
      return slot(m.externalId(), m.username(), null);
    }
    int changesBefore = changes.size();
    planUpdate(m, h, adopt);
    if (m.active() && !h.active() && policy.reactivateReturningUsers()) {
      changes.add(userChange(ChangeType.REACTIVATE_USER, m.username(), m.externalId(), h.key(),
          "active again in the IdP"));
    } else if (!m.active() && h.active()) {
      changes.add(userChange(ChangeType.DEACTIVATE_USER, h.username(), m.externalId(), h.key(),
          "deactivated in the IdP"));
    }
    if (changes.size() == changesBefore) {
      unchanged++;
    }
    return slot(m.externalId(), m.username(), h.key());
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

  private void planUpdate(MappedUser m, HostUser h, boolean adopt) {
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
      u.username(m.username());
      diffs.add(AttributeChange.of("username", h.username(), m.username()));
      if (!adopt) {
        reason = "renamed in the IdP";
      }
    }
    if (m.email().kind() == AttributeValue.Kind.SET) {
      String e = m.email().value().orElse("");
      if (!e.equals(h.email().orElse(null))) {
        u.email(e);
        diffs.add(AttributeChange.of("email", h.email().orElse(null), e));
      }
    }
    if (m.displayName().kind() == AttributeValue.Kind.SET) {
      String d = m.displayName().value().orElse("");
      if (!d.equals(h.displayName().orElse(null))) {
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
        if (!value.equals(current)) {
          u.putSetAttributes(name, value);
          diffs.add(AttributeChange.of(name, current, value));
        }
      } else if (v.kind() == AttributeValue.Kind.CLEAR && current != null) {
        u.addRemoveAttributes(name);
        diffs.add(AttributeChange.of(name, current, null));
      }
    }
    HostUserUpdate update = u.build();
    if (!update.isEmpty()) {
      changes.add(Change.builder(ChangeType.UPDATE_USER, h.username(), reason)
          .externalId(m.externalId()).hostKey(h.key()).attributes(diffs).update(update).build());
    }
  }

  /** Plans what happens to a linked host user who is gone from the IdP or out of scope. */
  void planMissing(HostUser h, String reason) {
    switch (policy.missingUsers()) {
      case DELETE:
        if (target.canDeleteUsers()) {
          changes.add(userChange(ChangeType.DELETE_USER, h.username(), h.externalId().orElse(null), h.key(), reason));
          return;
        }
        notes.add(h.username() + " is " + reason + " but the host cannot delete users; deactivating instead");
        // fall through: deactivate
      case DEACTIVATE:
        if (h.active()) {
          changes.add(userChange(ChangeType.DEACTIVATE_USER, h.username(), h.externalId().orElse(null), h.key(), reason));
        }
        return;
      default:
        return;
    }
  }

  /** A slot for a linked host user whose profile is not re-planned (membership-only diffs). */
  int planUserSlotOnly(String externalId, String username, String hostKey) {
    return slot(externalId, username, hostKey);
  }

  private int slot(String externalId, String username, @Nullable String hostKey) {
    Integer existing = slotByExternalId.get(externalId);
    if (existing != null) {
      return existing;
    }
    int s = slotExternalId.size();
    slotExternalId.add(externalId);
    slotUsername.add(username);
    slotHostKey.add(hostKey);
    slotByExternalId.put(externalId, s);
    if (hostKey != null) {
      slotByHostKey.put(hostKey, s);
    }
    return s;
  }

  /** Records that the user in {@code slot} should be in each of {@code hostGroups}. */
  void want(int slot, Collection<String> hostGroups) {
    for (String g : hostGroups) {
      desiredMembers.computeIfAbsent(g, k -> new IntList()).add(slot);
    }
  }

  /**
   * Diffs memberships group by group, for full runs: every managed group's wanted members against
   * its current members among the planned users. Users not planned (host-only, skipped, missing) are
   * left alone.
   */
  void planMembershipsByGroup(HostView host, Set<String> managedGroups) {
    Set<String> all = new java.util.TreeSet<>(managedGroups);
    all.addAll(desiredMembers.keySet());
    for (String group : all) {
      IntList wanted = desiredMembers.get(group);
      int[] want = wanted == null ? new int[0] : wanted.sortedDistinct();
      boolean exists = host.groupExists(group);
      if (!exists) {
        if (want.length == 0) {
          continue;
        }
        if (!policy.createGroups() || !target.canCreateGroups()) {
          notes.add("group '" + group + "' does not exist in the host and "
              + (policy.createGroups() ? "the host cannot create groups" : "createGroups is off")
              + ": " + want.length + " memberships not added");
          continue;
        }
        changes.add(Change.builder(ChangeType.CREATE_GROUP, group, "group of the IdP missing in the host").build());
      }
      IntList currentSlots = new IntList();
      if (exists) {
        for (String key : host.memberKeys(group)) {
          Integer s = slotByHostKey.get(key);
          if (s != null) {
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
  void planMembershipsOfUser(int slot, Set<String> wantedGroups, HostView host, Set<String> managedGroups) {
    String key = slotHostKey.get(slot);
    Set<String> current = key == null ? Set.of() : host.groupsOf(key);
    for (String g : new java.util.TreeSet<>(wantedGroups)) {
      if (current.contains(g)) {
        continue;
      }
      if (!host.groupExists(g) && !plannedGroup(g)) {
        if (!policy.createGroups() || !target.canCreateGroups()) {
          notes.add("group '" + g + "' does not exist in the host and createGroups is off: membership of "
              + slotUsername.get(slot) + " not added");
          continue;
        }
        changes.add(Change.builder(ChangeType.CREATE_GROUP, g, "group of the IdP missing in the host").build());
      }
      addMembership(slot, g, true);
    }
    for (String g : new java.util.TreeSet<>(current)) {
      if (managedGroups.contains(g) && !wantedGroups.contains(g)) {
        addMembership(slot, g, false);
      }
    }
  }

  private boolean plannedGroup(String g) {
    for (Change c : changes) {
      if (c.type() == ChangeType.CREATE_GROUP && c.subject().equals(g)) {
        return true;
      }
    }
    return false;
  }

  private void addMembership(int slot, String group, boolean add) {
    changes.add(Change.builder(add ? ChangeType.ADD_MEMBERSHIP : ChangeType.REMOVE_MEMBERSHIP,
            slotUsername.get(slot), add ? "member of the group in the IdP" : "no longer a member in the IdP")
        .externalId(slotExternalId.get(slot))
        .hostKey(slotHostKey.get(slot))
        .group(group)
        .build());
  }

  /** Plans a manager change for the user in {@code slot}. */
  void planManager(int slot, @Nullable String wantedManagerExternalId, @Nullable String currentManagerExternalId) {
    if (Objects.equals(wantedManagerExternalId, currentManagerExternalId)) {
      return;
    }
    changes.add(Change.builder(ChangeType.SET_MANAGER, slotUsername.get(slot),
            wantedManagerExternalId == null ? "manager removed in the IdP" : "manager changed in the IdP")
        .externalId(slotExternalId.get(slot)).hostKey(slotHostKey.get(slot))
        .value(wantedManagerExternalId).build());
  }

  /** Plans a photo change for the user in {@code slot}. */
  void planPhoto(int slot, String fingerprint) {
    changes.add(Change.builder(ChangeType.SET_PHOTO, slotUsername.get(slot), "photo changed in the IdP")
        .externalId(slotExternalId.get(slot)).hostKey(slotHostKey.get(slot)).value(fingerprint).build());
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

  Set<String> desiredGroups() {
    return desiredMembers.keySet();
  }
}
