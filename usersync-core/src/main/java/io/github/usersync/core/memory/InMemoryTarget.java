package io.github.usersync.core.memory;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A host held in memory, for tests, demos and benchmarks. Thread-safe; every change is idempotent,
 * as the {@link ProvisioningTarget} contract asks. Keys are generated ({@code k1}, {@code k2}…)
 * and stay the same across renames, as Jira's user keys do.
 *
 * <p>Can be told to refuse some operations ({@link Builder#rejecting}, or for good: {@link
 * Builder#refusingPermanently}), to test that one refused change does not stop a run, and counts
 * every operation it performed. Renames and deletes groups and removes photos; declares whatever
 * the builder's {@link TargetCapabilities} say it will never do.
 */
public final class InMemoryTarget implements ProvisioningTarget {
  private final Object lock = new Object();
  private static final BiPredicate<String, String> NEVER = (op, subject) -> false;

  private final Map<String, HostUser> users = new ConcurrentHashMap<>();
  private final Map<String, String> keyByUsername = new ConcurrentHashMap<>();
  private final Map<String, String> keyByExternalId = new ConcurrentHashMap<>();
  private final Map<String, MemberSet> members = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
  private final AtomicLong nextKey = new AtomicLong();
  private final TargetCapabilities capabilities;
  private final BiPredicate<String, String> rejecting;
  private final BiPredicate<String, String> refusing;
  private final String name;

  private InMemoryTarget(Builder b) {
    this.capabilities = b.capabilities;
    this.rejecting = b.rejecting;
    this.refusing = b.refusing;
    this.name = b.name;
  }

  /** An empty target that accepts any attribute, keeps managers and photos, renames and deletes groups. */
  public static InMemoryTarget create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TargetCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public Stream<HostUser> users() {
    return new ArrayList<>(users.values()).stream();
  }

  @Override
  public Stream<HostGroup> groups() {
    return new ArrayList<>(members.keySet()).stream().sorted().map(HostGroup::of);
  }

  @Override
  public Stream<String> groupMembers(String groupName) {
    MemberSet m = members.get(groupName);
    return m == null ? Stream.empty() : m.toList().stream();
  }

  @Override
  public Optional<HostUser> user(String key) {
    return Optional.ofNullable(users.get(key));
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    String key = keyByExternalId.get(externalId);
    return key == null ? Optional.empty() : Optional.ofNullable(users.get(key));
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    String key = keyByUsername.get(username.toLowerCase(Locale.ROOT));
    return key == null ? Optional.empty() : Optional.ofNullable(users.get(key));
  }

  @Override
  public Set<String> groupsOfUser(String userKey) {
    return members.entrySet().stream()
        .filter(e -> e.getValue().contains(userKey))
        .map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  @Override
  public HostUser createUser(NewHostUser user) {
    refuseIf("create user", user.username());
    synchronized (lock) {
      String existingKey = keyByUsername.get(user.username().toLowerCase(Locale.ROOT));
      if (existingKey != null) {
        HostUser existing = users.get(existingKey);
        if (existing != null && existing.externalId().map(user.externalId()::equals).orElse(false)) {
          return existing;
        }
        throw new ProvisioningException(
            "create user", user.username(), "the username is taken by another account", null);
      }
      String linked = keyByExternalId.get(user.externalId());
      if (linked != null) {
        throw new ProvisioningException(
            "create user", user.username(),
            "IdP id " + user.externalId() + " is already linked to another account", null);
      }
      checkAttributes("create user", user.username(), user.attributes().keySet());
      String key = "k" + nextKey.incrementAndGet();
      HostUser created =
          HostUser.builder()
              .key(key)
              .username(user.username())
              .email(user.email())
              .displayName(user.displayName())
              .active(user.active())
              .attributes(new TreeMap<>(user.attributes()))
              .externalId(user.externalId())
              .build();
      users.put(key, created);
      keyByUsername.put(user.username().toLowerCase(Locale.ROOT), key);
      keyByExternalId.put(user.externalId(), key);
      count("create user");
      return created;
    }
  }

  /**
   * Adds a user exactly as given (key, link, state), for loading a saved host state.
   *
   * @throws ProvisioningException if the key, username or link is taken
   */
  public HostUser restoreUser(HostUser user) {
    synchronized (lock) {
      String name = user.username().toLowerCase(Locale.ROOT);
      if (users.containsKey(user.key()) || keyByUsername.containsKey(name)
          || user.externalId().map(keyByExternalId::containsKey).orElse(false)) {
        throw new ProvisioningException("restore user", user.username(),
            "the key, username or IdP link is already taken", null);
      }
      users.put(user.key(), user);
      keyByUsername.put(name, user.key());
      user.externalId().ifPresent(x -> keyByExternalId.put(x, user.key()));
      return user;
    }
  }

  /**
   * Adds an account that usersync did not create and that is not linked to the IdP (a local admin,
   * an account from before usersync), as a host would have.
   */
  public HostUser addUnlinkedUser(String username, Optional<String> email) {
    synchronized (lock) {
      if (keyByUsername.containsKey(username.toLowerCase(Locale.ROOT))) {
        throw new ProvisioningException("add user", username, "the username is taken", null);
      }
      String key = "k" + nextKey.incrementAndGet();
      HostUser u = HostUser.builder().key(key).username(username).email(email).active(true).build();
      users.put(key, u);
      keyByUsername.put(username.toLowerCase(Locale.ROOT), key);
      return u;
    }
  }

  @Override
  public HostUser updateUser(String key, HostUserUpdate update) {
    HostUser u = existing("update user", key);
    refuseIf("update user", u.username());
    synchronized (lock) {
      u = existing("update user", key);
      checkAttributes("update user", u.username(), update.setAttributes().keySet());
      HostUser.Builder b = HostUser.builder().from(u);
      if (update.username().isPresent()) {
        String newName = update.username().get();
        String other = keyByUsername.get(newName.toLowerCase(Locale.ROOT));
        if (other != null && !other.equals(key)) {
          throw new ProvisioningException(
              "rename user", u.username(), "the username '" + newName + "' is taken", null);
        }
        keyByUsername.remove(u.username().toLowerCase(Locale.ROOT));
        keyByUsername.put(newName.toLowerCase(Locale.ROOT), key);
        b.username(newName);
      }
      update.email().ifPresent(b::email);
      update.displayName().ifPresent(b::displayName);
      if (update.externalId().isPresent()) {
        u.externalId().ifPresent(keyByExternalId::remove);
        keyByExternalId.put(update.externalId().get(), key);
        b.externalId(update.externalId());
      }
      Map<String, String> attributes = new TreeMap<>(u.attributes());
      attributes.putAll(update.setAttributes());
      update.removeAttributes().forEach(attributes::remove);
      b.attributes(attributes);
      HostUser updated = b.build();
      users.put(key, updated);
      count("update user");
      return updated;
    }
  }

  @Override
  public void deactivateUser(String key) {
    setActive("deactivate user", key, false);
  }

  @Override
  public void reactivateUser(String key) {
    setActive("reactivate user", key, true);
  }

  private void setActive(String op, String key, boolean active) {
    HostUser u = existing(op, key);
    refuseIf(op, u.username());
    synchronized (lock) {
      u = existing(op, key);
      if (u.active() != active) {
        users.put(key, HostUser.builder().from(u).active(active).build());
        count(op);
      }
    }
  }

  @Override
  public void deleteUser(String key) {
    HostUser u = users.get(key);
    if (u == null) {
      return;
    }
    refuseIf("delete user", u.username());
    if (!capabilities.canDeleteUsers()) {
      throw new ProvisioningException("delete user", u.username(), name + " does not delete users", null);
    }
    synchronized (lock) {
      if (users.remove(key) != null) {
        keyByUsername.remove(u.username().toLowerCase(Locale.ROOT));
        u.externalId().ifPresent(keyByExternalId::remove);
        members.values().forEach(m -> m.remove(key));
        count("delete user");
      }
    }
  }

  @Override
  public void createGroup(String groupName) {
    refuseIf("create group", groupName);
    if (members.putIfAbsent(groupName, new MemberSet()) == null) {
      count("create group");
    }
  }

  @Override
  public void renameGroup(String oldName, String newName) {
    refuseIf("rename group", oldName);
    synchronized (lock) {
      if (members.containsKey(newName)) {
        throw new ProvisioningException("rename group", oldName, "there is already a group '" + newName + "'", null);
      }
      MemberSet m = members.remove(oldName);
      if (m == null) {
        throw new ProvisioningException("rename group", oldName, "there is no group '" + oldName + "'", null);
      }
      members.put(newName, m);
      count("rename group");
    }
  }

  @Override
  public void deleteGroup(String groupName) {
    refuseIf("delete group", groupName);
    if (members.remove(groupName) != null) {
      count("delete group");
    }
  }

  @Override
  public void addMembership(String userKey, String groupName) {
    HostUser u = existing("add membership", userKey);
    if (rejecting != NEVER || refusing != NEVER) {
      refuseIf("add membership", u.username() + " -> " + groupName);
    }
    MemberSet m = members.get(groupName);
    if (m == null) {
      throw new ProvisioningException(
          "add membership", u.username(), "there is no group '" + groupName + "'", null);
    }
    if (m.add(userKey)) {
      count("add membership");
    }
  }

  @Override
  public void removeMembership(String userKey, String groupName) {
    MemberSet m = members.get(groupName);
    if (m != null && m.remove(userKey)) {
      count("remove membership");
    }
  }

  @Override
  public void setManager(String userKey, Optional<String> managerKey) {
    HostUser u = existing("set manager", userKey);
    synchronized (lock) {
      u = existing("set manager", userKey);
      if (!u.managerKey().equals(managerKey)) {
        users.put(userKey, HostUser.builder().from(u).managerKey(managerKey).build());
        count("set manager");
      }
    }
  }

  @Override
  public void setPhoto(String userKey, Photo photo) {
    HostUser u = existing("set photo", userKey);
    synchronized (lock) {
      u = existing("set photo", userKey);
      if (!u.photoFingerprint().equals(Optional.of(photo.fingerprint()))) {
        users.put(userKey, HostUser.builder().from(u).photoFingerprint(photo.fingerprint()).build());
        count("set photo");
      }
    }
  }

  @Override
  public void removePhoto(String userKey) {
    HostUser u = existing("remove photo", userKey);
    synchronized (lock) {
      u = existing("remove photo", userKey);
      if (u.photoFingerprint().isPresent()) {
        users.put(userKey, HostUser.builder().from(u).photoFingerprint(Optional.empty()).build());
        count("remove photo");
      }
    }
  }

  /** How many times each operation changed something (e.g. {@code "create user" -> 3}). */
  public Map<String, Long> operationCounts() {
    Map<String, Long> out = new LinkedHashMap<>();
    new TreeMap<>(operations).forEach((k, v) -> out.put(k, v.get()));
    return Collections.unmodifiableMap(out);
  }

  /** Total changes made. */
  public long operationCount() {
    return operations.values().stream().mapToLong(AtomicLong::get).sum();
  }

  /** The number of memberships held. */
  public long membershipCount() {
    return members.values().stream().mapToLong(MemberSet::size).sum();
  }

  /** A user by username, or fails (for tests). */
  public HostUser requireUser(String username) {
    return userByUsername(username)
        .orElseThrow(() -> new IllegalStateException("no host user " + username));
  }

  /** Group names, sorted. */
  public List<String> groupNames() {
    return members.keySet().stream().sorted().collect(Collectors.toList());
  }

  @Override
  public String toString() {
    return "InMemoryTarget[" + users.size() + " users, " + members.size() + " groups]";
  }

  private HostUser existing(String op, String key) {
    HostUser u = users.get(key);
    if (u == null) {
      throw new ProvisioningException(op, key, "there is no user with key " + key, null);
    }
    return u;
  }

  private void checkAttributes(String op, String user, Set<String> names) {
    for (String n : names) {
      if (!capabilities.acceptsAttribute(n)) {
        throw ProvisioningException.permanent(
            op, user, name + " does not keep the attribute '" + n + "'; it keeps "
                + capabilities.allowedAttributes().orElse(Set.of()));
      }
    }
  }

  private void refuseIf(String op, String subject) {
    if (refusing.test(op, subject)) {
      throw ProvisioningException.permanent(op, subject, "refused by the host for good (simulated validation error)");
    }
    if (rejecting.test(op, subject)) {
      throw new ProvisioningException(op, subject, "refused by the host (simulated)", null);
    }
  }

  private void count(String op) {
    operations.computeIfAbsent(op, k -> new AtomicLong()).incrementAndGet();
  }

  /** Builds an {@link InMemoryTarget}. */
  public static final class Builder {
    private TargetCapabilities capabilities = TargetCapabilities.builder().keepsManagers(true).keepsPhotos(true)
        .canRemovePhotos(true).canRenameGroups(true).canDeleteGroups(true).build();
    private BiPredicate<String, String> rejecting = NEVER;
    private BiPredicate<String, String> refusing = NEVER;
    private String name = "memory";

    private Builder() {}

    /**
     * What the target supports (default: everything, any attribute, managers and photos, group
     * renames and deletions, nothing protected).
     */
    public Builder capabilities(TargetCapabilities capabilities) {
      this.capabilities = capabilities;
      return this;
    }

    /**
     * Refuses operations for which the predicate holds, given the operation ({@code create user},
     * {@code add membership}…) and its subject (username, or {@code user -> group}).
     */
    public Builder rejecting(BiPredicate<String, String> rejecting) {
      this.rejecting = rejecting;
      return this;
    }

    /**
     * Refuses operations for which the predicate holds for good ({@link
     * ProvisioningException#permanent()}), as a host's validation error would; same arguments as
     * {@link #rejecting}.
     */
    public Builder refusingPermanently(BiPredicate<String, String> refusing) {
      this.refusing = refusing;
      return this;
    }

    /** The name shown in reports (default {@code memory}). */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The target. */
    public InMemoryTarget build() {
      return new InMemoryTarget(this);
    }
  }
}
