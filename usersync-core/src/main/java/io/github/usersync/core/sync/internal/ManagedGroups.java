package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncState;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Part of the plan: the groups usersync manages, remembered by IdP group id in the sync state. A
 * group renamed or moved in the IdP (same id, other host name) is renamed in the host where the
 * target can; otherwise, and for a group deleted in the IdP or no longer matching the group rules,
 * the old host group is retired: usersync removes the members it manages (linked users) from it,
 * as destructive changes with the reason, and deletes it when emptied if usersync created it and
 * the policy says so. Runs only when the IdP's groups were read completely.
 */
final class ManagedGroups {
  /** A rename planned for an IdP group. */
  static final class Rename {
    final String from;
    final String to;

    Rename(String from, String to) {
      this.from = from;
      this.to = to;
    }
  }

  /** The IdP's groups now, by id, with their host names (only groups that are synchronised). */
  final Map<String, String> current = new TreeMap<>();
  /** Renames planned, by IdP group id. */
  final Map<String, Rename> renames = new LinkedHashMap<>();
  /** Host groups being emptied, by host name. */
  final Map<String, SyncState.RetiredGroup> retired = new TreeMap<>();
  /**
   * IdP groups whose host group is another one now, not renamed in the host: their members'
   * memberships are planned again (an incremental run does not see them as changed).
   */
  final Set<String> moved = new TreeSet<>();

  private final RunSetup setup;

  ManagedGroups(RunSetup setup) {
    this.setup = setup;
  }

  /** Plans renames and the cleanup of retired groups into {@code planner}. */
  void plan(Source src, SyncState state, Planner planner) {
    HostView host = src.host;
    for (DirectoryGroup g : src.groups.groups()) {
      String name = src.groups.hostName(g.id());
      if (name != null && !setup.isProtected(name)) {
        current.put(g.id(), name);
      }
    }
    Set<String> currentNames = new HashSet<>(current.values());
    currentNames.addAll(setup.policy.additionallyManagedGroups());
    Set<String> renamedFrom = new HashSet<>();
    Set<String> renamedTo = new HashSet<>();
    Map<String, SyncState.RetiredGroup> candidates = new LinkedHashMap<>();
    for (Map.Entry<String, SyncState.ManagedGroup> e : new TreeMap<>(state.managedGroups()).entrySet()) {
      String id = e.getKey();
      String old = e.getValue().hostName();
      String now = current.get(id);
      if (old.equals(now) || currentNames.contains(old) || setup.isProtected(old)) {
        continue;
      }
      String reason = reason(src, id, old, now);
      if (now != null && setup.capabilities.canRenameGroups() && host.groupExists(old) && !host.groupExists(now)
          && !renamedFrom.contains(old) && !renamedTo.contains(now)) {
        renamedFrom.add(old);
        renamedTo.add(now);
        planner.add(Change.builder(ChangeType.RENAME_GROUP, old, reason).value(now).build());
        host.renamed(old, now);
        renames.put(id, new Rename(old, now));
        continue;
      }
      candidates.putIfAbsent(old, SyncState.RetiredGroup.of(reason, e.getValue().created()));
      if (now != null) {
        moved.add(id);
      }
    }
    state.retiredGroups().forEach((name, g) -> {
      if (!currentNames.contains(name) && !setup.isProtected(name)) {
        candidates.putIfAbsent(name, g);
      }
    });
    for (Map.Entry<String, SyncState.RetiredGroup> e : new TreeMap<>(candidates).entrySet()) {
      String name = e.getKey();
      SyncState.RetiredGroup g = e.getValue();
      if (!host.groupExists(name)) {
        continue; // gone from the host too: nothing left to do
      }
      retired.put(name, g);
      boolean othersLeft = false;
      for (String key : new TreeSet<>(host.memberKeys(name))) {
        HostUser u = host.byKey(key);
        if (u == null || !u.externalId().isPresent()) {
          othersLeft = true; // a host-only account: not usersync's to remove
          continue;
        }
        planner.add(Change.builder(ChangeType.REMOVE_MEMBERSHIP, u.username(), g.reason())
            .externalId(u.externalId().get()).hostKey(key).group(name).destructive(true).build());
      }
      if (setup.policy.deleteEmptiedGroups() && g.created() && !othersLeft && setup.capabilities.canDeleteGroups()) {
        planner.add(Change.builder(ChangeType.DELETE_GROUP, name,
            g.reason() + "; usersync created it and deleteEmptiedGroups is on").build());
      }
    }
  }

  private static String reason(Source src, String id, String old, @Nullable String now) {
    if (now != null) {
      int a = old.lastIndexOf('/');
      int b = now.lastIndexOf('/');
      boolean moved = a >= 0 && b >= 0 && old.substring(a).equals(now.substring(b));
      return "group " + (moved ? "moved" : "renamed") + " in the IdP from '" + old + "' to '" + now + "'";
    }
    return src.groups.has(id)
        ? "group '" + old + "' no longer matches the mapping's group rules"
        : "group '" + old + "' deleted in the IdP";
  }
}
