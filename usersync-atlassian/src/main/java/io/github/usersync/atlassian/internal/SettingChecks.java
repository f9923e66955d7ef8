package io.github.usersync.atlassian.internal;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The keys and checks the Atlassian settings classes share, declared once. */
public final class SettingChecks {
  /** {@code password}: a product administrator's password. */
  public static final SettingKey PASSWORD =
      SettingKey.optionalSecret("password", "That administrator's password.");

  /** {@code membershipCache}: how long every group's members, read in one request, are reused. */
  public static final SettingKey MEMBERSHIP_CACHE =
      SettingKey.optional(
          "membershipCache",
          "How long the members of every group, read in one request (Crowd's /group/membership),"
              + " are reused, e.g. 60s; 0s reads each group's members when asked.",
          "60s");

  private SettingChecks() {}

  /** {@code username}: a product administrator's username. */
  public static SettingKey username(String product) {
    return SettingKey.optional("username", "A " + product + " administrator's username (with password).");
  }

  /** {@code token}: a product administrator's personal access token. */
  public static SettingKey token(String product) {
    return SettingKey.optionalSecret(
        "token", "A " + product + " administrator's personal access token (instead of username and password).");
  }

  /** {@code protectedGroups}, with the product's administrator groups as the default. */
  public static SettingKey protectedGroups(String defaults) {
    return SettingKey.optional(
        "protectedGroups",
        "Comma-separated groups whose members usersync never changes, deactivates or deletes;"
            + " 'none' protects none.",
        defaults);
  }

  /** The required {@code baseUrl} of a map of settings. */
  public static URI requireUrl(Settings settings, SharedKeys shared) {
    SettingKey key = shared.baseUrl().orElseThrow();
    return settings.url(key).orElseThrow(
        () -> new ConfigurationException(key.name(), "is required: " + key.description()));
  }

  /** A positive duration. */
  public static void positive(SettingKey key, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new ConfigurationException(key.name(), "must be longer than zero");
    }
  }

  /** A duration that is zero or more. */
  public static void notNegative(SettingKey key, Duration d) {
    if (d.isNegative()) {
      throw new ConfigurationException(key.name(), "must not be negative");
    }
  }

  /**
   * Exactly one way to sign in as a user: username and password (Basic) or a personal access
   * token (Bearer).
   */
  public static void userCredentials(
      SettingKey username, SettingKey password, SettingKey token,
      boolean hasUsername, boolean hasPassword, boolean hasToken, String product) {
    if (hasToken && (hasUsername || hasPassword)) {
      throw new ConfigurationException(
          token.name(), "is set together with " + (hasUsername ? username.name() : password.name())
              + "; sign in one way only: a personal access token, or username and password");
    }
    if (!hasToken && !hasUsername && !hasPassword) {
      throw new ConfigurationException(
          token.name(), "no credentials are set: set token (a personal access token of a "
              + product + " administrator) or username and password");
    }
    if (hasUsername && !hasPassword) {
      throw new ConfigurationException(password.name(), "is required with " + username.name());
    }
    if (hasPassword && !hasUsername) {
      throw new ConfigurationException(username.name(), "is required with " + password.name());
    }
  }

  /** A comma-separated group list; {@code none} means an empty list. */
  public static Set<String> groups(String value) {
    if (value.trim().equalsIgnoreCase("none")) {
      return Collections.emptySet();
    }
    Set<String> out = Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .collect(Collectors.toCollection(LinkedHashSet::new));
    return Collections.unmodifiableSet(out);
  }
}
