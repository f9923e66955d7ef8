package io.github.usersync.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Maps the Directory API's User, Group and Member resources to usersync's model.
 *
 * <p>A user's raw JSON gains two read-only conveniences so mappings need no array filters: {@code
 * primaryOrganization} (the {@code organizations[]} entry marked {@code primary}, else the first)
 * and {@code managerEmail} (the {@code value} of the first {@code relations[]} entry of type {@code
 * manager}). Google holds the manager as an email address, not an id, so {@link
 * DirectoryUser#managerId()} stays empty; the directory resolves the id on request.
 */
public final class GoogleUsers {
  /** Derived field: the primary organization entry. */
  public static final String PRIMARY_ORGANIZATION = "primaryOrganization";

  /** Derived field: the manager's email address. */
  public static final String MANAGER_EMAIL = "managerEmail";

  private GoogleUsers() {}

  /** A directory user from a User resource; adds the derived fields to {@code json}. */
  public static DirectoryUser user(JsonNode json, String endpoint) {
    String id = text(json, "id");
    String email = text(json, "primaryEmail");
    if (id == null || email == null) {
      throw new DirectoryException(
          "google: " + endpoint + " answered a user without "
              + (id == null ? "an id" : "a primaryEmail")
              + "; the answer is not the documented User resource (a fields selection that omits"
              + " id or primaryEmail would do this)");
    }
    if (json instanceof ObjectNode) {
      addDerived((ObjectNode) json);
    }
    JsonNode name = json.path("name");
    String given = text(name, "givenName");
    String family = text(name, "familyName");
    String full = text(name, "fullName");
    if (full == null && (given != null || family != null)) {
      full = ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
    }
    boolean active = !json.path("suspended").asBoolean(false) && !json.path("archived").asBoolean(false);
    return DirectoryUser.builder()
        .id(id)
        .username(email)
        .email(email)
        .givenName(Optional.ofNullable(given))
        .familyName(Optional.ofNullable(family))
        .displayName(Optional.ofNullable(full))
        .active(active)
        .raw(json)
        .build();
  }

  /** The manager's email from {@code relations[type=manager]}, if any. */
  public static Optional<String> managerEmail(JsonNode user) {
    for (JsonNode r : user.path("relations")) {
      if ("manager".equals(r.path("type").asText(null))) {
        String v = text(r, "value");
        if (v != null) {
          return Optional.of(v);
        }
      }
    }
    return Optional.empty();
  }

  /** The user's photo etag ({@code thumbnailPhotoEtag}), if the user has a photo. */
  public static Optional<String> photoEtag(JsonNode user) {
    return Optional.ofNullable(text(user, "thumbnailPhotoEtag"));
  }

  private static void addDerived(ObjectNode user) {
    if (!user.has(PRIMARY_ORGANIZATION)) {
      JsonNode chosen = null;
      for (JsonNode o : user.path("organizations")) {
        if (chosen == null || o.path("primary").asBoolean(false)) {
          chosen = o;
          if (o.path("primary").asBoolean(false)) {
            break;
          }
        }
      }
      if (chosen != null) {
        user.set(PRIMARY_ORGANIZATION, chosen.deepCopy());
      }
    }
    if (!user.has(MANAGER_EMAIL)) {
      managerEmail(user).ifPresent(m -> user.put(MANAGER_EMAIL, m));
    }
  }

  /** A directory group from a Group resource. */
  public static DirectoryGroup group(JsonNode json, String endpoint) {
    String id = text(json, "id");
    if (id == null) {
      throw new DirectoryException(
          "google: " + endpoint + " answered a group without an id; the answer is not the"
              + " documented Group resource");
    }
    String name = text(json, "name");
    if (name == null) {
      name = text(json, "email");
    }
    return DirectoryGroup.builder()
        .id(id)
        .name(name == null ? id : name)
        .description(Optional.ofNullable(text(json, "description")))
        .raw(json)
        .build();
  }

  /**
   * A group member from a Member resource. {@code USER} and {@code GROUP} keep their ids; {@code
   * CUSTOMER} (every user of the account, the id being the customer id) and anything else become
   * {@link GroupMember.Type#OTHER}. A member without an id (possible for addresses outside the
   * account) is identified by its email.
   */
  public static GroupMember member(JsonNode json, String endpoint) {
    String id = text(json, "id");
    if (id == null) {
      id = text(json, "email");
    }
    if (id == null) {
      throw new DirectoryException(
          "google: " + endpoint + " answered a member with neither id nor email; the answer is not"
              + " the documented Member resource");
    }
    String type = json.path("type").asText("").toUpperCase(Locale.ROOT);
    switch (type) {
      case "USER":
        return GroupMember.user(id);
      case "GROUP":
        return GroupMember.group(id);
      default:
        return GroupMember.of(id, GroupMember.Type.OTHER);
    }
  }

  /** The email of a Member resource, used to walk up nested groups. */
  public static Optional<String> memberEmail(JsonNode json) {
    return Optional.ofNullable(text(json, "email"));
  }

  static @Nullable String text(JsonNode node, String field) {
    JsonNode n = node.get(field);
    return n != null && n.isValueNode() && !n.isNull() && !n.asText().isEmpty() ? n.asText() : null;
  }
}
