package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The host as the planner sees it. {@link #full} reads every user once (full runs); {@link #lazy}
 * asks the target per user (single-user, JIT and incremental runs, so requests stay proportional to
 * the changes).
 */
abstract class HostView {
  /** The user linked to an IdP id. */
  abstract @Nullable HostUser byExternalId(String externalId);

  /** An unlinked user matching the mapped username or email, per policy, not yet claimed. */
  abstract @Nullable HostUser matchUnlinked(String username, @Nullable String email, SyncPolicy.LinkMatch how);

  /** A user by key. */
  abstract @Nullable HostUser byKey(String key);

  /** Whether a group exists. */
  abstract boolean groupExists(String group);

  /** The keys of a group's members. */
  abstract Set<String> memberKeys(String group);

  /** The groups of a user. */
  abstract Set<String> groupsOf(String key);

  /** The number of host users (for the percentage threshold). */
  abstract int userCount();

  /** Every linked user (full view only). */
  abstract Collection<HostUser> linkedUsers();

  static HostView full(ProvisioningTarget target) {
    return new Full(target);
  }

  static HostView lazy(ProvisioningTarget target) {
    return new Lazy(target);
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
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
      target.users().forEach(u -> {
        byKey.put(u.key(), u);
        if (u.externalId().isPresent()) {
          keyByExternalId.put(u.externalId().get(), u.key());
        } else {
          unlinkedByUsername.put(lower(u.username()), u.key());
          u.email().ifPresent(e -> unlinkedByEmail.merge(lower(e), u.key(), (a, b) -> AMBIGUOUS));
        }
      });
      groups = target.groups().map(g -> g.name()).collect(Collectors.toCollection(HashSet::new));
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
    boolean groupExists(String group) {
      return groups.contains(group);
    }

    @Override
    Set<String> memberKeys(String group) {
      return members.computeIfAbsent(group,
          g -> groups.contains(g) ? target.groupMembers(g).collect(Collectors.toSet()) : Set.of());
    }

    @Override
    Set<String> groupsOf(String key) {
      return target.groupsOfUser(key);
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
    private final Map<String, Boolean> groupExists = new HashMap<>();
    private @Nullable Integer count;

    Lazy(ProvisioningTarget target) {
      this.target = target;
    }

    @Override
    @Nullable HostUser byExternalId(String externalId) {
      return target.userByExternalId(externalId).orElse(null);
    }

    @Override
    @Nullable HostUser matchUnlinked(String username, @Nullable String email, SyncPolicy.LinkMatch how) {
      HostUser found = null;
      if (how == SyncPolicy.LinkMatch.USERNAME || how == SyncPolicy.LinkMatch.USERNAME_OR_EMAIL) {
        found = target.userByUsername(username).filter(u -> !u.externalId().isPresent()).orElse(null);
      }
      if (found == null && email != null
          && (how == SyncPolicy.LinkMatch.EMAIL || how == SyncPolicy.LinkMatch.USERNAME_OR_EMAIL)) {
        List<HostUser> byEmail = target.usersByEmail(email)
            .filter(u -> !u.externalId().isPresent()).collect(Collectors.toList());
        found = byEmail.size() == 1 ? byEmail.get(0) : null;
      }
      return found != null && claimed.add(found.key()) ? found : null;
    }

    @Override
    @Nullable HostUser byKey(String key) {
      return target.user(key).orElse(null);
    }

    @Override
    boolean groupExists(String group) {
      return groupExists.computeIfAbsent(group, g -> target.groups().anyMatch(h -> h.name().equals(g)));
    }

    @Override
    Set<String> memberKeys(String group) {
      return target.groupMembers(group).collect(Collectors.toSet());
    }

    @Override
    Set<String> groupsOf(String key) {
      return target.groupsOfUser(key);
    }

    @Override
    int userCount() {
      Integer c = count;
      if (c == null) {
        c = (int) target.users().count();
        count = c;
      }
      return c;
    }

    @Override
    Collection<HostUser> linkedUsers() {
      throw new IllegalStateException("a lazy host view cannot list all linked users");
    }
  }

  static Optional<String> emailOf(@Nullable HostUser u) {
    return u == null ? Optional.empty() : u.email();
  }
}
