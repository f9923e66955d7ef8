package io.github.usersync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A setting, config file entry or mapping rule is missing or wrong; the message names the key. */
public class ConfigurationException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final @Nullable String key;

  /** Creates an exception about the setting {@code key}; the message is prefixed with the key. */
  public ConfigurationException(@Nullable String key, String message) {
    this(key, message, null);
  }

  /** Creates an exception about the setting {@code key} with a cause. */
  public ConfigurationException(@Nullable String key, String message, @Nullable Throwable cause) {
    super(key == null ? message : key + ": " + message, cause);
    this.key = key;
  }

  /** The setting or config key at fault, when there is one. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }
}
