package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The host as the planner sees it. {@link #full} reads every user once (full runs); {@link #lazy}
 * asks the target per user (single-user, JIT and incremental runs, so requests stay proportional to
 * the changes). A failed host read is a {@link HostReadException}. A group renamed by the plan is
 * seen under its new name from then on ({@link #renamed}).
 */
abstract class HostView {
  private final Map<String, String> oldNameOf = new HashMap<>();
  private final Map<String, String> newNameOf = new HashMap<>();
  private @Nullable Set<String> protectedMembers;

  /** The user linked to an IdP id. */
  abstract @Nullable HostUser byExternalId(String externalId);

  /** An unlinked user matching the mapped username or email, per policy, not yet claimed. */
  abstract @Nullable HostUser matchUnlinked(String username, @Nullable String email, SyncPolicy.LinkMatch how);

  /** A user by key. */
  abstract @Nullable HostUser byKey(String key);

  /** The number of host users (for the percentage threshold). */
  abstract int userCount();

  /** Every linked user (full view only). */
  abstract Collection<HostUser> linkedUsers();

  abstract Set<String> groupNames();

  abstract Set<String> readMemberKeys(String group);

  abstract Set<String> readGroupsOf(String key);

  /** Whether a group exists (under its new name, once renamed by the plan). */
  final boolean groupExists(String group) {
    if (newNameOf.containsKey(group)) {
      return false;
    }
    return groupNames().contains(oldNameOf.getOrDefault(group, group));
  }

  /** The keys of a group's members. */
  final Set<String> memberKeys(String group) {
    if (newNameOf.containsKey(group)) {
      return Set.of();
    }
    String actual = oldNameOf.getOrDefault(group, group);
    return groupNames().contains(actual) ? readMemberKeys(actual) : Set.of();
  }

  /** The groups of a user (renamed groups under their new names). */
  final Set<String> groupsOf(String key) {
    Set<String> groups = readGroupsOf(key);
    if (newNameOf.isEmpty()) {
      return groups;
    }
    Set<String> out = new HashSet<>();
    for (String g : groups) {
      out.add(newNameOf.getOrDefault(g, g));
    }
    return out;
  }

  /**
   * The groups of each of {@code keys} (renamed groups under their new names): from the members of
   * every group (read once, and cached) in a full view, per user in a lazy one.
   */
  final Map<String, Set<String>> groupsOfUsers(Set<String> keys) {
    Map<String, Set<String>> out = new HashMap<>();
    if (this instanceof Lazy) {
      for (String key : keys) {
        out.put(key, groupsOf(key));
      }
      return out;
    }
    for (String g : groupNames()) {
      String name = newNameOf.getOrDefault(g, g);
      for (String key : readMemberKeys(g)) {
        if (keys.contains(key)) {
          out.computeIfAbsent(key, k -> new HashSet<>()).add(name);
        }
      }
    }
    return out;
  }

  /** The plan renames {@code oldName} to {@code newName}: from now on the group is seen as {@code newName}. */
  final void renamed(String oldName, String newName) {
    oldNameOf.put(newName, oldName);
    newNameOf.put(oldName, newName);
  }

  /** Whether the user is a member of a protected group (an administrator of the host). */
  final boolean inProtectedGroup(String key, Predicate<String> isProtected) {
    if (this instanceof Lazy) {
      return readGroupsOf(key).stream().anyMatch(isProtected);
    }
    Set<String> keys = protectedMembers;
    if (keys == null) {
      keys = new HashSet<>();
      for (String g : groupNames()) {
        if (isProtected.test(g)) {
          keys.addAll(readMemberKeys(g));
        }
      }
      protectedMembers = keys;
    }
    return keys.contains(key);
  }

  static HostView full(ProvisioningTarget target) {
    return new Full(target);
  }

  static HostView lazy(ProvisioningTarget target) {
    return new Lazy(target);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Calls the host; a failure becomes a {@link HostReadException}. */
  static <T> T host(Supplier<T> call) {
    try {
      return call.get();
    } catch (HostReadException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new HostReadException(e);
    }
  }

  private static final class Full extends HostView {
    private final ProvisioningTarget target;
    private final Map<String, HostUser> byKey = new HashMap<>();
    private final Map<String, String> keyByExternalId = new HashMap<>();
    private final Map<String, String> unlinkedByUsername = new HashMap<>();
    private final Map<String, Object> unlinkedByEmail = new HashMap<>();
    private final Set<String> claimed = new HashSet<>();
    private final Set<String> groups;
    private final Map<String, Set<String>> members = new HashMap<>();

    Full(ProvisioningTarget target) {
      this.target = target;
      host(() -> {
        target.users().forEach(u -> {
          byKey.put(u.key(), u);
          if (u.externalId().isPresent()) {
            keyByExternalId.put(u.externalId().get(), u.key());
          } else {
            unlinkedByUsername.put(lower(u.username()), u.key());
            u.email().ifPresent(e -> unlinkedByEmail.merge(lower(e), u.key(), (a, b) -> AMBIGUOUS));
          }
        });
        return null;
      });
      groups = host(() -> target.groups().map(HostGroup::name).collect(Collectors.toCollection(HashSet::new)));
    }

    @Override
    @Nullable HostUser byExternalId(String externalId) {
      String key = keyByExternalId.get(externalId);
      return key == null ? null : byKey.get(key);
    }

    @Override
    @Nullable HostUser matchUnlinked(String username, @Nullable String email, SyncPolicy.LinkMatch how) {
      String key = null;
      if (how == SyncPolicy.LinkMatch.USERNAME || how == SyncPolicy.LinkMatch.USERNAME_OR_EMAIL) {
        key = unlinkedByUsername.get(lower(username));
      }
      if (key == null && email != null
          && (how == SyncPolicy.LinkMatch.EMAIL || how == SyncPolicy.LinkMatch.USERNAME_OR_EMAIL)) {
        Object k = unlinkedByEmail.get(lower(email));
        key = k instanceof String ? (String) k : null;
      }
      if (key == null || !claimed.add(key)) {
        return null;
      }
      return byKey.get(key);
    }

    @Override
    @Nullable HostUser byKey(String key) {
      return byKey.get(key);
    }

    @Override
    Set<String> groupNames() {
      return groups;
    }

    @Override
    Set<String> readMemberKeys(String group) {
      return members.computeIfAbsent(group, g -> host(() -> target.groupMembers(g).collect(Collectors.toSet())));
    }

    @Override
    Set<String> readGroupsOf(String key) {
      return host(() -> target.groupsOfUser(key));
    }

    @Override
    int userCount() {
      return byKey.size();
    }

    @Override
    Collection<HostUser> linkedUsers() {
      return keyByExternalId.values().stream().map(byKey::get).filter(u -> u != null)
          .map(u -> (HostUser) u).collect(Collectors.toList());
    }
  }

  private static final Object AMBIGUOUS = new Object();

  private static final class Lazy extends HostView {
    private final ProvisioningTarget target;
    private final Set<String> claimed = new HashSet<>();
    private @Nullable Set<String> groups;
    private @Nullable Integer count;

    Lazy(ProvisioningTarget target) {
      this.target = target;
    }

    @Override
    @Nullable HostUser byExternalId(String externalId) {
      return host(() -> target.userByExternalId(externalId)).orElse(null);
    }

    @Override
    @Nullable HostUser matchUnlinked(String username, @Nullable String email, SyncPolicy.LinkMatch how) {
      HostUser found = null;
      if (how == SyncPolicy.LinkMatch.USERNAME || how == SyncPolicy.LinkMatch.USERNAME_OR_EMAIL) {
        found = host(() -> target.userByUsername(username)).filter(u -> !u.externalId().isPresent()).orElse(null);
      }
      if (found == null && email != null
          && (how == SyncPolicy.LinkMatch.EMAIL || how == SyncPolicy.LinkMatch.USERNAME_OR_EMAIL)) {
        List<HostUser> byEmail = host(() -> target.usersByEmail(email)
            .filter(u -> !u.externalId().isPresent()).collect(Collectors.toList()));
        found = byEmail.size() == 1 ? byEmail.get(0) : null;
      }
      return found != null && claimed.add(found.key()) ? found : null;
    }

    @Override
    @Nullable HostUser byKey(String key) {
      return host(() -> target.user(key)).orElse(null);
    }

    @Override
    Set<String> groupNames() {
      Set<String> g = groups;
      if (g == null) {
        // One listing of the host's groups per run, not one per group asked about.
        g = host(() -> target.groups().map(HostGroup::name).collect(Collectors.toCollection(HashSet::new)));
        groups = g;
      }
      return g;
    }

    @Override
    Set<String> readMemberKeys(String group) {
      return host(() -> target.groupMembers(group).collect(Collectors.toSet()));
    }

    @Override
    Set<String> readGroupsOf(String key) {
      return host(() -> target.groupsOfUser(key));
    }

    @Override
    int userCount() {
      Integer c = count;
      if (c == null) {
        c = host(() -> (int) target.users().count());
        count = c;
      }
      return c;
    }

    @Override
    Collection<HostUser> linkedUsers() {
      throw new IllegalStateException("a lazy host view cannot list all linked users");
    }
  }
}
