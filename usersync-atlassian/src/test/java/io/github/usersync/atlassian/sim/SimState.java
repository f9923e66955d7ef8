package io.github.usersync.atlassian.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The users and groups one simulated product holds, shared by the REST faces that reach it (Jira's
 * REST API 2 and its embedded Crowd API see the same users).
 */
public final class SimState {
  final Map<String, SimUser> users = new LinkedHashMap<>();
  final Map<String, Set<String>> groups = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
  private int next = 10000;

  /** One user, with every product's key and stores. */
  public static final class SimUser {
    String name;
    final String crowdKey;
    final String jiraKey;
    final String confluenceKey;
    boolean active = true;
    String firstName = "";
    String lastName = "";
    String displayName = "";
    String email = "";
    final Map<String, List<String>> attributes = new LinkedHashMap<>();
    final Map<String, JsonNode> entityProperties = new LinkedHashMap<>();

    SimUser(String name, int n) {
      this.name = name;
      this.crowdKey = "32769:" + UUID.nameUUIDFromBytes(("u" + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      this.jiraKey = "JIRAUSER" + n;
      this.confluenceKey = String.format("8a7f808a%024x", n);
    }

    /** The username. */
    public String name() {
      return name;
    }

    /** Crowd's key for the user ({@code <directory id>:<external id>}), which a rename keeps. */
    public String crowdKey() {
      return crowdKey;
    }

    /** Whether the user can sign in. */
    public boolean active() {
      return active;
    }

    /** Sets a Crowd attribute directly, as the product itself would. */
    public void putAttribute(String name, String value) {
      attributes.put(name, new ArrayList<>(java.util.Collections.singletonList(value)));
    }

    /** The Crowd attributes, first values. */
    public Map<String, String> attributes() {
      Map<String, String> out = new TreeMap<>();
      attributes.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
      return out;
    }

    /** The Jira entity properties' values, as JSON text. */
    public Map<String, String> entityProperties() {
      Map<String, String> out = new TreeMap<>();
      entityProperties.forEach((k, v) -> out.put(k, v.toString()));
      return out;
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  synchronized SimUser add(String name) {
    SimUser u = new SimUser(name, next++);
    users.put(lower(name), u);
    return u;
  }

  /** Adds a host-only user (a local administrator) in a group, creating the group. */
  public synchronized SimUser addLocalUser(String name, String group) {
    SimUser u = add(name);
    u.displayName = name;
    u.firstName = name;
    u.lastName = name;
    u.email = name + "@local.example";
    groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(lower(name));
    return u;
  }

  /** Adds {@code count} plain users named {@code prefix0…}, for paging tests. */
  public synchronized void addUsers(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      SimUser u = add(prefix + i);
      u.displayName = prefix + " " + i;
      u.email = prefix + i + "@example.com";
    }
  }

  /** A user by name. */
  public synchronized Optional<SimUser> user(String name) {
    return Optional.ofNullable(users.get(lower(name)));
  }

  synchronized Optional<SimUser> byCrowdKey(String key) {
    return users.values().stream().filter(u -> u.crowdKey.equals(key)).findFirst();
  }

  synchronized Optional<SimUser> byJiraKey(String key) {
    return users.values().stream().filter(u -> u.jiraKey.equals(key)).findFirst();
  }

  synchronized Optional<SimUser> byConfluenceKey(String key) {
    return users.values().stream().filter(u -> u.confluenceKey.equals(key)).findFirst();
  }

  /** Renames a user in the host, as an administrator would there; every key stays. */
  public synchronized void rename(SimUser u, String newName) {
    users.remove(lower(u.name));
    for (Set<String> m : groups.values()) {
      if (m.remove(lower(u.name))) {
        m.add(lower(newName));
      }
    }
    u.name = newName;
    users.put(lower(newName), u);
  }

  synchronized void delete(SimUser u) {
    users.remove(lower(u.name));
    groups.values().forEach(m -> m.remove(lower(u.name)));
  }

  synchronized List<SimUser> members(String group) {
    Set<String> m = groups.get(group);
    return m == null ? new ArrayList<>() : m.stream().map(users::get).collect(Collectors.toList());
  }

  synchronized Set<String> groupsOf(SimUser u) {
    return groups.entrySet().stream()
        .filter(e -> e.getValue().contains(lower(u.name)))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** The group names. */
  public synchronized Set<String> groupNames() {
    return new LinkedHashSet<>(groups.keySet());
  }

  /** The usernames in a group. */
  public synchronized Set<String> memberNames(String group) {
    return members(group).stream().map(u -> u.name).collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /** How many users there are. */
  public synchronized int userCount() {
    return users.size();
  }
}
