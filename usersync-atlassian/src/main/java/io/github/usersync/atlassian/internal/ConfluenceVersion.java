package io.github.usersync.atlassian.internal;

import io.github.usersync.core.ConfigurationException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Confluence version and what its REST API can do for user management. The gates: nothing
 * before 8.0 (7.19 has no admin resources for users or groups); 8.0 disables, enables and deletes
 * users, creates groups and adds and removes memberships; 8.4 creates users, sets passwords and
 * lists all users; 9.4 updates a user's email and full name.
 */
public final class ConfluenceVersion implements Comparable<ConfluenceVersion> {
  /** Disable, enable and delete users; create groups; add and remove memberships. */
  public static final ConfluenceVersion ADMIN_USERS_AND_GROUPS = new ConfluenceVersion(8, 0, 0);
  /** Create users and list all users. */
  public static final ConfluenceVersion CREATE_AND_LIST_USERS = new ConfluenceVersion(8, 4, 0);
  /** Update a user's email and full name. */
  public static final ConfluenceVersion UPDATE_USERS = new ConfluenceVersion(9, 4, 0);

  private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?.*");

  private final int major;
  private final int minor;
  private final int patch;

  private ConfluenceVersion(int major, int minor, int patch) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  /**
   * Parses {@code 8.5.4}, {@code 9.2}, {@code 10.0.1-rc1}.
   *
   * @throws ConfigurationException naming {@code setting} if it is not a version
   */
  public static ConfluenceVersion parse(String setting, String text) {
    Matcher m = VERSION.matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigurationException(setting, "is not a Confluence version such as 8.5.4, got '" + text + "'");
    }
    return new ConfluenceVersion(
        Integer.parseInt(m.group(1)),
        m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
        m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
  }

  /** Whether this version is at least {@code other}. */
  public boolean atLeast(ConfluenceVersion other) {
    return compareTo(other) >= 0;
  }

  @Override
  public int compareTo(ConfluenceVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConfluenceVersion && compareTo((ConfluenceVersion) o) == 0;
  }

  @Override
  public int hashCode() {
    return (major * 1000 + minor) * 1000 + patch;
  }

  /** As {@code 8.4} or {@code 8.5.4}. */
  @Override
  public String toString() {
    return major + "." + minor + (patch == 0 ? "" : "." + patch);
  }
}
