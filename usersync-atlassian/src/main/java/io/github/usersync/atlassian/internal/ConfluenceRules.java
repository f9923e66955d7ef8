package io.github.usersync.atlassian.internal;

import io.github.usersync.core.model.TargetCapabilities;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** What Confluence allows, the same for both faces. */
public final class ConfluenceRules {
  /** The profile fields Confluence keeps ({@code UserDetailsManager} keys). */
  public static final Set<String> PROFILE_FIELDS =
      Collections.unmodifiableSet(
          new TreeSet<>(java.util.Arrays.asList("phone", "im", "website", "position", "department", "location")));

  /** Confluence keeps profile values under this many characters. */
  public static final int MAX_PROFILE_VALUE = 255;

  private ConfluenceRules() {}

  /**
   * In-process Confluence's capabilities: the six profile fields, renames; groups are neither
   * renamed nor deleted, and photos are not kept.
   */
  public static TargetCapabilities inProcess() {
    return TargetCapabilities.builder()
        .allowedAttributes(PROFILE_FIELDS)
        .canRenameUsers(true)
        .canRenameGroups(false)
        .canDeleteGroups(false)
        .canRemovePhotos(false)
        .build();
  }

  /**
   * Why remote Confluence writes no attribute, and the way out: no REST resource writes the
   * profile fields.
   */
  public static final String REST_PROFILE_FIELDS = "Confluence keeps only the profile fields "
      + String.join(", ", PROFILE_FIELDS) + ", and no resource of its REST API from 7.19 to 10.x reads or"
      + " writes them (CONFSERVER-98183). Provision Confluence in-process (ConfluenceTarget.inProcess"
      + " with a ConfluenceBridge, which calls UserDetailsManager.setStringProperty), or drop these"
      + " attributes from the mapping";

  /** Confluence refuses usernames with upper case letters or white space. */
  public static Optional<String> usernameProblem(String username) {
    if (!username.equals(username.toLowerCase(Locale.ROOT))) {
      return Optional.of("Confluence usernames must be lower case; map the username to lower case"
          + " (e.g. '" + username.toLowerCase(Locale.ROOT) + "')");
    }
    for (int i = 0; i < username.length(); i++) {
      if (Character.isWhitespace(username.charAt(i))) {
        return Optional.of("Confluence usernames must not contain white space");
      }
    }
    return Optional.empty();
  }
}
