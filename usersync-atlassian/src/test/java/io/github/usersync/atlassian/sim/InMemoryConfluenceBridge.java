package io.github.usersync.atlassian.sim;

import io.github.usersync.atlassian.bridge.BridgeUser;
import io.github.usersync.atlassian.bridge.ConfluenceBridge;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Confluence in memory behind {@link ConfluenceBridge}: hex user keys, lower-case usernames only,
 * and {@code UserDetailsManager} properties of fewer than 255 characters.
 */
public final class InMemoryConfluenceBridge extends InMemoryBridge implements ConfluenceBridge {
  @Override
  String newKey(int n) {
    return String.format("8a7f808a%024x", n);
  }

  @Override
  public synchronized BridgeUser createUser(String username, @Nullable String email, @Nullable String displayName) {
    if (!username.equals(lower(username))) {
      throw new IllegalArgumentException("Username must be lower case");
    }
    return super.createUser(username, email, displayName);
  }

  /** The raw details of a user (for assertions). */
  public synchronized Map<String, String> details(String userKey) {
    return new TreeMap<>(properties.getOrDefault(userKey, new TreeMap<>()));
  }

  @Override
  public synchronized Optional<String> stringProperty(String userKey, String key) {
    count("stringProperty");
    return Optional.ofNullable(properties.getOrDefault(require(userKey).key(), new TreeMap<>()).get(key));
  }

  @Override
  public synchronized void setStringProperty(String userKey, String key, String value) {
    count("setStringProperty");
    if (value.length() >= 255) {
      throw new IllegalArgumentException("value too long");
    }
    properties.computeIfAbsent(require(userKey).key(), k -> new TreeMap<>()).put(key, value);
  }

  @Override
  public synchronized void removeProperty(String userKey, String key) {
    count("removeProperty");
    properties.computeIfAbsent(require(userKey).key(), k -> new TreeMap<>()).remove(key);
  }
}
