package io.github.usersync.atlassian.bridge;

import java.util.Map;

/**
 * The string entries of a Jira user's property set ({@code UserPropertyManager.getPropertySet(user)}).
 * The entries named {@code jira.meta.<name>} are what Jira shows as "User Properties" on the
 * user's profile; usersync writes attribute {@code <name>} there, and keeps its link to the IdP in
 * the entry {@code usersync.externalId}, which Jira does not show.
 */
public interface JiraUserProperties {
  /** The string entries whose key starts with {@code prefix}, by full key. */
  Map<String, String> strings(String userKey, String prefix);

  /** Sets a string entry. */
  void setString(String userKey, String key, String value);

  /** Removes an entry. */
  void remove(String userKey, String key);
}
