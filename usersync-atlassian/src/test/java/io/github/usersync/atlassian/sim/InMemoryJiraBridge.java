package io.github.usersync.atlassian.sim;

import io.github.usersync.atlassian.bridge.JiraBridge;
import java.util.Map;
import java.util.TreeMap;

/**
 * Jira in memory behind {@link JiraBridge}: keys like {@code JIRAUSER10000}, and a property set per
 * user whose {@code jira.meta.*} entries are the "User Properties".
 */
public class InMemoryJiraBridge extends InMemoryBridge implements JiraBridge {
  @Override
  String newKey(int n) {
    return "JIRAUSER" + n;
  }

  /** The raw property set of a user (for assertions). */
  public synchronized Map<String, String> propertySet(String userKey) {
    return new TreeMap<>(properties.getOrDefault(userKey, new TreeMap<>()));
  }

  @Override
  public synchronized Map<String, String> strings(String userKey, String prefix) {
    count("strings");
    Map<String, String> out = new TreeMap<>();
    properties.getOrDefault(require(userKey).key(), new TreeMap<>()).forEach((k, v) -> {
      if (k.startsWith(prefix)) {
        out.put(k, v);
      }
    });
    return out;
  }

  @Override
  public synchronized void setString(String userKey, String key, String value) {
    count("setString");
    properties.computeIfAbsent(require(userKey).key(), k -> new TreeMap<>()).put(key, value);
  }

  @Override
  public synchronized void remove(String userKey, String key) {
    count("remove");
    properties.computeIfAbsent(require(userKey).key(), k -> new TreeMap<>()).remove(key);
  }
}
