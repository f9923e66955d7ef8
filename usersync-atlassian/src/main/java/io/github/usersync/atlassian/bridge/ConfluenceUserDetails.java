package io.github.usersync.atlassian.bridge;

import java.util.Optional;

/**
 * A Confluence user's profile fields through {@code UserDetailsManager}: {@code phone}, {@code im},
 * {@code website}, {@code position}, {@code department}, {@code location} (values under 255
 * characters). usersync also keeps its link to the IdP here, under {@code usersync.externalId},
 * which the profile page does not show.
 */
public interface ConfluenceUserDetails {
  /** {@code UserDetailsManager.getStringProperty(user, key)}; empty when unset. */
  Optional<String> stringProperty(String userKey, String key);

  /** {@code UserDetailsManager.setStringProperty(user, key, value)}. */
  void setStringProperty(String userKey, String key, String value);

  /** {@code UserDetailsManager.removeProperty(user, key)}. */
  void removeProperty(String userKey, String key);
}
