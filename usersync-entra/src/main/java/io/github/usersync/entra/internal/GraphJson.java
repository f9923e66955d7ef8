package io.github.usersync.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Microsoft Graph's JSON for users, groups and directory objects, read into usersync's model. */
public final class GraphJson {
  /** The user properties every read selects: what {@link DirectoryUser}'s standard fields need. */
  public static final List<String> STANDARD_USER_FIELDS =
      List.of(
          "id",
          "userPrincipalName",
          "mail",
          "givenName",
          "surname",
          "displayName",
          "accountEnabled");

  /** The group properties every read selects. */
  public static final String GROUP_FIELDS = "id,displayName,description";

  /** The {@code @removed} annotation of delta answers. */
  public static final String REMOVED = "@removed";

  // Relationships of the user resource: not properties, so they cannot be in $select on /users.
  private static final Set<String> NAVIGATION =
      Set.of(
          "manager",
          "directReports",
          "memberOf",
          "transitiveMemberOf",
          "photo",
          "photos",
          "ownedObjects",
          "ownedDevices",
          "registeredDevices",
          "createdObjects",
          "extensions",
          "appRoleAssignments",
          "oauth2PermissionGrants",
          "licenseDetails",
          "sponsors");

  private static final Pattern FIRST_SEGMENT =
      Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)(?:$|[.\\[])");

  private GraphJson() {}

  /**
   * The user properties to {@code $select} for a query's attribute paths: the standard ones plus
   * the top-level property of each path ({@code onPremisesExtensionAttributes.extensionAttribute1}
   * selects {@code onPremisesExtensionAttributes}). Relationships such as {@code manager} are
   * left out: Graph serves them from their own endpoints.
   *
   * @throws ConfigurationException for a path that cannot name a Graph property
   */
  public static List<String> userFields(Set<String> attributePaths) {
    LinkedHashSet<String> fields = new LinkedHashSet<>(STANDARD_USER_FIELDS);
    for (String path : new TreeSet<>(attributePaths)) {
      Matcher m = FIRST_SEGMENT.matcher(path);
      if (!m.find()) {
        throw new ConfigurationException(
            null,
            "the mapping reads the user attribute '"
                + path
                + "', which does not start with a Microsoft Graph property name (letters, digits"
                + " and _, e.g. department, onPremisesExtensionAttributes.extensionAttribute1 or"
                + " extension_{appId}_{name})");
      }
      String name = m.group(1);
      if (!NAVIGATION.contains(name)) {
        fields.add(name);
      }
    }
    return new ArrayList<>(fields);
  }

  /** The {@code id} of a directory object; fails when there is none. */
  public static String id(JsonNode object) {
    String id = text(object, "id");
    if (id == null) {
      throw new DirectoryException(
          "entra: Microsoft Graph returned an object without an id; the answer is not the"
              + " documented shape");
    }
    return id;
  }

  /**
   * A user. {@code userPrincipalName} becomes the username unchanged, so a guest's {@code
   * …#EXT#@tenant} name reaches the mapping as Graph has it. A missing {@code accountEnabled}
   * counts as enabled: deactivating on an absent value could lock out users.
   */
  public static DirectoryUser user(JsonNode json) {
    String id = id(json);
    String upn = text(json, "userPrincipalName");
    if (upn == null) {
      throw new DirectoryException(
          "entra: Microsoft Graph returned user "
              + id
              + " without a userPrincipalName; the answer is not the documented shape");
    }
    JsonNode enabled = json.get("accountEnabled");
    DirectoryUser.Builder b =
        DirectoryUser.builder()
            .id(id)
            .username(upn)
            .email(Optional.ofNullable(text(json, "mail")))
            .givenName(Optional.ofNullable(text(json, "givenName")))
            .familyName(Optional.ofNullable(text(json, "surname")))
            .displayName(Optional.ofNullable(text(json, "displayName")))
            .active(enabled == null || !enabled.isBoolean() || enabled.booleanValue())
            .raw(json);
    managerId(json).ifPresent(b::managerId);
    return b.build();
  }

  /** A group; a group without a display name is named by its id. */
  public static DirectoryGroup group(JsonNode json) {
    String id = id(json);
    String name = text(json, "displayName");
    return DirectoryGroup.builder()
        .id(id)
        .name(name != null ? name : id)
        .description(Optional.ofNullable(text(json, "description")))
        .raw(json)
        .build();
  }

  /**
   * A group from a directory-object collection such as {@code memberOf}; empty for the directory
   * roles and administrative units it also holds.
   */
  public static Optional<DirectoryGroup> groupIfGroup(JsonNode json) {
    return memberType(json) == GroupMember.Type.GROUP ? Optional.of(group(json)) : Optional.empty();
  }

  /** A directory object as a group member, typed by its {@code @odata.type}. */
  public static GroupMember member(JsonNode json) {
    return GroupMember.of(id(json), memberType(json));
  }

  /** The member type an {@code @odata.type} names: user, group, or anything else. */
  public static GroupMember.Type memberType(JsonNode json) {
    String type = text(json, "@odata.type");
    if ("#microsoft.graph.user".equals(type)) {
      return GroupMember.Type.USER;
    }
    if ("#microsoft.graph.group".equals(type)) {
      return GroupMember.Type.GROUP;
    }
    return GroupMember.Type.OTHER;
  }

  /** Whether a delta entry is a removal ({@code "@removed": {"reason": …}}). */
  public static boolean removed(JsonNode json) {
    return json.hasNonNull(REMOVED);
  }

  /** A field as text; null when absent, null or empty. */
  public static @Nullable String text(JsonNode json, String field) {
    JsonNode n = json.get(field);
    if (n == null || n.isNull() || n.isContainerNode()) {
      return null;
    }
    String s = n.asText();
    return s.isEmpty() ? null : s;
  }

  // The manager comes with a user only from a delta round that selected it (manager@delta) or
  // from $expand=manager; listing users carries neither.
  private static Optional<String> managerId(JsonNode json) {
    JsonNode delta = json.get("manager@delta");
    if (delta != null && delta.isArray()) {
      for (JsonNode m : delta) {
        if (!removed(m) && text(m, "id") != null) {
          return Optional.ofNullable(text(m, "id"));
        }
      }
      return Optional.empty();
    }
    JsonNode manager = json.get("manager");
    if (manager != null && manager.isObject()) {
      return Optional.ofNullable(text(manager, "id"));
    }
    return Optional.empty();
  }
}
