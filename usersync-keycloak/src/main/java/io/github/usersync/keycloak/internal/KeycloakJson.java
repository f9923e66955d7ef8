package io.github.usersync.keycloak.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.UserQuery;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Maps Keycloak's {@code UserRepresentation} and {@code GroupRepresentation} to the model. */
public final class KeycloakJson {
  /**
   * The top-level fields of a user's brief representation ({@code briefRepresentation=true}); a
   * query that reads anything else ({@code attributes}, {@code requiredActions}, {@code
   * federationLink}, …) needs the full one.
   */
  private static final Set<String> BRIEF_USER_FIELDS =
      Collections.unmodifiableSet(
          new HashSet<>(
              Arrays.asList(
                  "id", "username", "firstName", "lastName", "email", "emailVerified", "enabled",
                  "createdTimestamp", "origin", "access")));

  private KeycloakJson() {}

  /** Whether the listing must ask for the full representation to answer {@code query}. */
  public static boolean needsFullRepresentation(UserQuery query) {
    for (String path : query.attributes()) {
      String top = path.startsWith("/") ? path.substring(1) : path;
      int cut = indexOfAny(top, "./[");
      if (cut >= 0) {
        top = top.substring(0, cut);
      }
      if (!BRIEF_USER_FIELDS.contains(top)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * A user from its representation: {@code enabled} is {@link DirectoryUser#active()}; the display
   * name is first and last name joined (Keycloak has no display-name field); the JSON, with its
   * {@code attributes} map of string lists, is {@link DirectoryUser#raw()}.
   */
  public static DirectoryUser user(JsonNode json) {
    String id = text(json, "id");
    String username = text(json, "username");
    if (id == null || username == null) {
      throw new DirectoryException(
          "keycloak: a user representation lacks its " + (id == null ? "id" : "username")
              + "; the server's answer is not the documented UserRepresentation");
    }
    String first = text(json, "firstName");
    String last = text(json, "lastName");
    DirectoryUser.Builder b =
        DirectoryUser.builder()
            .id(id)
            .username(username)
            .active(json.path("enabled").asBoolean(true))
            .raw(json);
    String email = text(json, "email");
    if (email != null) {
      b.email(email);
    }
    if (first != null) {
      b.givenName(first);
    }
    if (last != null) {
      b.familyName(last);
    }
    String display = first == null ? last : last == null ? first : first + " " + last;
    if (display != null) {
      b.displayName(display);
    }
    return b.build();
  }

  /** A group from its representation, named by its {@code name} or its {@code path}. */
  public static DirectoryGroup group(JsonNode json, boolean byPath) {
    String id = text(json, "id");
    String name = text(json, "name");
    if (id == null || name == null) {
      throw new DirectoryException(
          "keycloak: a group representation lacks its " + (id == null ? "id" : "name")
              + "; the server's answer is not the documented GroupRepresentation");
    }
    String path = text(json, "path");
    DirectoryGroup.Builder b =
        DirectoryGroup.builder().id(id).name(byPath && path != null ? path : name).raw(json);
    String description = text(json, "description");
    if (description != null) {
      b.description(description);
    }
    return b.build();
  }

  /** A non-empty text field, else null. */
  public static @Nullable String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || !n.isValueNode() || n.isNull()) {
      return null;
    }
    String s = n.asText();
    return s.isEmpty() ? null : s;
  }
}
