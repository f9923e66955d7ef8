package io.github.usersync.core.settings;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One documented setting a connector accepts: its name, what it means, whether it is required or a
 * secret, and its default. Providers list their keys so tools can show and validate them.
 */
public final class SettingKey {
  private final String name;
  private final String description;
  private final boolean required;
  private final boolean secret;
  private final @Nullable String defaultValue;

  private SettingKey(
      String name,
      String description,
      boolean required,
      boolean secret,
      @Nullable String defaultValue) {
    this.name = Objects.requireNonNull(name, "name");
    this.description = Objects.requireNonNull(description, "description");
    this.required = required;
    this.secret = secret;
    this.defaultValue = defaultValue;
  }

  /** A key that must be present. */
  public static SettingKey required(String name, String description) {
    return new SettingKey(name, description, true, false, null);
  }

  /** A key that may be absent. */
  public static SettingKey optional(String name, String description) {
    return new SettingKey(name, description, false, false, null);
  }

  /** A key that may be absent and then takes {@code defaultValue}. */
  public static SettingKey optional(String name, String description, String defaultValue) {
    return new SettingKey(name, description, false, false, defaultValue);
  }

  /** A secret key that must be present; its value is never printed. */
  public static SettingKey requiredSecret(String name, String description) {
    return new SettingKey(name, description, true, true, null);
  }

  /** A secret key that may be absent (e.g. one of two alternative credentials). */
  public static SettingKey optionalSecret(String name, String description) {
    return new SettingKey(name, description, false, true, null);
  }

  /** The key, e.g. {@code domain}. */
  public String name() {
    return name;
  }

  /** What the setting means, for help texts. */
  public String description() {
    return description;
  }

  /** Whether the setting must be present. */
  public boolean isRequired() {
    return required;
  }

  /** Whether the value is a secret (never printed). */
  public boolean isSecret() {
    return secret;
  }

  /** The value used when the setting is absent. */
  public Optional<String> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SettingKey && ((SettingKey) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name
        + (required ? " (required)" : "")
        + (secret ? " (secret)" : "")
        + (defaultValue != null ? " (default " + defaultValue + ")" : "");
  }
}
