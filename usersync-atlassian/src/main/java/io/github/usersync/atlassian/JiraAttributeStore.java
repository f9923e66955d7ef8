package io.github.usersync.atlassian;

import java.util.Locale;

/**
 * Where the remote Jira target keeps attributes. Neither is the "User Properties" list on a Jira
 * user's profile (the {@code jira.meta.*} property-set entries): no REST resource writes that list;
 * only the in-process target ({@link JiraTarget#inProcess}) does.
 */
public enum JiraAttributeStore {
  /**
   * Crowd user attributes, through Jira's embedded Crowd API: read for every user in the same
   * paged listing as the users, so a listing costs no extra request per user.
   */
  CROWD_ATTRIBUTES("crowd-attributes"),
  /**
   * Jira user entity properties ({@code /rest/api/2/user/properties}), which apps can read through
   * Jira's REST API; reading them costs one request per user plus one per property.
   */
  ENTITY_PROPERTIES("entity-properties");

  private final String settingValue;

  JiraAttributeStore(String settingValue) {
    this.settingValue = settingValue;
  }

  /** The value of the {@code attributeStore} setting. */
  public String settingValue() {
    return settingValue;
  }

  static JiraAttributeStore fromSetting(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    for (JiraAttributeStore s : values()) {
      if (s.settingValue.equals(v)) {
        return s;
      }
    }
    throw new io.github.usersync.core.ConfigurationException(
        "attributeStore", "must be crowd-attributes or entity-properties, got '" + value + "'");
  }
}
