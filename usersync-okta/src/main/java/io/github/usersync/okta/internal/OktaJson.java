package io.github.usersync.okta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Okta's user and group JSON as usersync's model: {@code profile.login} is the username, {@code
 * status} decides {@code active}, {@code profile.managerId} is the manager, and the whole object
 * stays in {@code raw}, so a mapping reads custom attributes as {@code profile.<name>}.
 */
public final class OktaJson {
  /**
   * Statuses of users who can sign in: {@code ACTIVE}; {@code PASSWORD_EXPIRED} (signs in and must
   * choose a new password); {@code LOCKED_OUT} (too many failed sign-ins, a temporary state the
   * user or an admin clears); {@code RECOVERY} (a password reset is under way). Not active: {@code
   * STAGED} and {@code PROVISIONED} (not yet activated, or activated but the user has not set up
   * the account), {@code SUSPENDED} and {@code DEPROVISIONED}, and any status Okta may add later.
   */
  public static final Set<String> ACTIVE_STATUSES =
      Collections.unmodifiableSet(
          new HashSet<>(Arrays.asList("ACTIVE", "PASSWORD_EXPIRED", "LOCKED_OUT", "RECOVERY")));

  private OktaJson() {}

  /**
   * A user from Okta's user object.
   *
   * @throws DirectoryException when the object has no {@code id}
   */
  public static DirectoryUser user(JsonNode json) {
    String id = text(json, "id");
    if (id == null || !json.isObject()) {
      throw new DirectoryException(
          "okta: an answer held a user without an id; the answer is not the documented User shape");
    }
    JsonNode profile = json.path("profile");
    String login = text(profile, "login");
    String email = text(profile, "email");
    String first = text(profile, "firstName");
    String last = text(profile, "lastName");
    String display = text(profile, "displayName");
    if (display == null && (first != null || last != null)) {
      // Okta's own UI shows "first last" when displayName is empty.
      display = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    }
    String status = text(json, "status");
    return DirectoryUser.builder()
        .id(id)
        .username(login != null ? login : email != null ? email : id)
        .email(Optional.ofNullable(email))
        .givenName(Optional.ofNullable(first))
        .familyName(Optional.ofNullable(last))
        .displayName(Optional.ofNullable(display))
        .active(status != null && ACTIVE_STATUSES.contains(status))
        .managerId(Optional.ofNullable(text(profile, "managerId")))
        .raw(json)
        .build();
  }

  /**
   * A group from Okta's group object: the name is {@code profile.name}.
   *
   * @throws DirectoryException when the object has no {@code id}
   */
  public static DirectoryGroup group(JsonNode json) {
    String id = text(json, "id");
    if (id == null || !json.isObject()) {
      throw new DirectoryException(
          "okta: an answer held a group without an id; the answer is not the documented Group"
              + " shape");
    }
    String name = text(json.path("profile"), "name");
    return DirectoryGroup.builder()
        .id(id)
        .name(name != null ? name : id)
        .description(Optional.ofNullable(text(json.path("profile"), "description")))
        .raw(json)
        .build();
  }

  /** Whether the user's {@code status} is {@code DEPROVISIONED} (deactivated in Okta). */
  public static boolean isDeprovisioned(DirectoryUser user) {
    return "DEPROVISIONED".equals(text(user.raw(), "status"));
  }

  /**
   * The user's {@code lastUpdated} (Okta writes it as {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}), or
   * empty when the object has none or it is not a timestamp.
   */
  public static Optional<Instant> lastUpdated(DirectoryUser user) {
    String t = text(user.raw(), "lastUpdated");
    if (t == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(t));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** The user or group id in an object, for member lists. */
  public static String id(JsonNode json) {
    String id = text(json, "id");
    if (id == null) {
      throw new DirectoryException(
          "okta: a member list held an entry without an id; the answer is not the documented"
              + " shape");
    }
    return id;
  }

  /** A non-blank text member, else null. */
  static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return null;
    }
    String s = v.asText();
    return s.trim().isEmpty() ? null : s;
  }
}
