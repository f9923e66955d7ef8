package io.github.usersync.atlassian.sim;

import io.github.usersync.atlassian.bridge.BridgeUser;
import io.github.usersync.atlassian.bridge.GroupBridge;
import io.github.usersync.atlassian.bridge.UserBridge;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A product held in memory behind the bridge interfaces, behaving as the products' Java APIs do:
 * duplicate usernames, unknown users and groups, and duplicate memberships throw, so the target's
 * own checks are exercised. Counts calls so tests can see what the target asked for.
 */
abstract class InMemoryBridge implements UserBridge, GroupBridge {
  final Map<String, BridgeUser> users = new LinkedHashMap<>();
  final Map<String, Set<String>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  final Map<String, Map<String, String>> properties = new LinkedHashMap<>();
  final Map<String, AtomicInteger> calls = new TreeMap<>();
  private final AtomicInteger nextKey = new AtomicInteger(10000);
  /** When set, renames are accepted but the name stays (a read-only directory). */
  boolean renamesIgnored;

  abstract String newKey(int n);

  synchronized void count(String call) {
    calls.computeIfAbsent(call, k -> new AtomicInteger()).incrementAndGet();
  }

  /** How many times a bridge method was called. */
  public synchronized int calls(String method) {
    AtomicInteger c = calls.get(method);
    return c == null ? 0 : c.get();
  }

  /** Makes the bridge accept renames but keep the old name, as a read-only directory does. */
  public synchronized void ignoreRenames() {
    renamesIgnored = true;
  }

  /** Adds a host-only user (one usersync did not create), e.g. a local administrator. */
  public synchronized BridgeUser addLocalUser(String username, String group) {
    BridgeUser u = createUser(username, username + "@local.example", username);
    groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(u.key());
    return u;
  }

  @Override
  public synchronized Optional<BridgeUser> userByKey(String key) {
    count("userByKey");
    return Optional.ofNullable(users.get(key));
  }

  @Override
  public synchronized Optional<BridgeUser> userByUsername(String username) {
    count("userByUsername");
    return users.values().stream().filter(u -> u.username().equalsIgnoreCase(username)).findFirst();
  }

  @Override
  public synchronized Stream<BridgeUser> allUsers() {
    count("allUsers");
    return new ArrayList<>(users.values()).stream();
  }

  @Override
  public synchronized BridgeUser createUser(
      String username, @Nullable String email, @Nullable String displayName) {
    count("createUser");
    if (users.values().stream().anyMatch(u -> u.username().equalsIgnoreCase(username))) {
      throw new IllegalStateException("A user with that username already exists.");
    }
    String key = newKey(nextKey.getAndIncrement());
    BridgeUser u = BridgeUser.of(key, username, email, displayName, true);
    users.put(key, u);
    properties.put(key, new TreeMap<>());
    return u;
  }

  @Override
  public synchronized BridgeUser updateUser(String key, @Nullable String email, @Nullable String displayName) {
    count("updateUser");
    BridgeUser u = require(key);
    BridgeUser updated = BridgeUser.of(key, u.username(),
        email != null ? email : u.email().orElse(null),
        displayName != null ? displayName : u.displayName().orElse(null), u.active());
    users.put(key, updated);
    return updated;
  }

  @Override
  public synchronized BridgeUser renameUser(String key, String newUsername) {
    count("renameUser");
    BridgeUser u = require(key);
    if (users.values().stream().anyMatch(o -> !o.key().equals(key) && o.username().equalsIgnoreCase(newUsername))) {
      throw new IllegalStateException("The username " + newUsername + " is taken.");
    }
    if (renamesIgnored) {
      return u;
    }
    BridgeUser renamed = BridgeUser.of(key, newUsername, u.email().orElse(null), u.displayName().orElse(null), u.active());
    users.put(key, renamed);
    return renamed;
  }

  @Override
  public synchronized void setActive(String key, boolean active) {
    count("setActive");
    BridgeUser u = require(key);
    users.put(key, BridgeUser.of(key, u.username(), u.email().orElse(null), u.displayName().orElse(null), active));
  }

  @Override
  public synchronized void deleteUser(String key) {
    count("deleteUser");
    require(key);
    users.remove(key);
    properties.remove(key);
    groups.values().forEach(m -> m.remove(key));
  }

  @Override
  public synchronized Stream<String> groupNames() {
    count("groupNames");
    return new ArrayList<>(groups.keySet()).stream();
  }

  @Override
  public synchronized boolean groupExists(String group) {
    count("groupExists");
    return groups.containsKey(group);
  }

  @Override
  public synchronized void createGroup(String group) {
    count("createGroup");
    if (groups.containsKey(group)) {
      throw new IllegalStateException("Group '" + group + "' already exists.");
    }
    groups.put(group, new LinkedHashSet<>());
  }

  @Override
  public synchronized Stream<String> memberKeys(String group) {
    count("memberKeys");
    return new ArrayList<>(requireGroup(group)).stream();
  }

  @Override
  public synchronized Set<String> groupsOfUser(String userKey) {
    count("groupsOfUser");
    return groups.entrySet().stream()
        .filter(e -> e.getValue().contains(userKey))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  @Override
  public synchronized void addMember(String userKey, String group) {
    count("addMember");
    require(userKey);
    if (!requireGroup(group).add(userKey)) {
      throw new IllegalStateException("The user is already a member of " + group);
    }
  }

  @Override
  public synchronized void removeMember(String userKey, String group) {
    count("removeMember");
    require(userKey);
    if (!requireGroup(group).remove(userKey)) {
      throw new IllegalStateException("The user is not a member of " + group);
    }
  }

  BridgeUser require(String key) {
    BridgeUser u = users.get(key);
    if (u == null) {
      throw new IllegalArgumentException("No user with key " + key);
    }
    return u;
  }

  Set<String> requireGroup(String group) {
    Set<String> m = groups.get(group);
    if (m == null) {
      throw new IllegalArgumentException("No group " + group);
    }
    return m;
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
