package io.github.usersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The resources an IdP pushed, read as an {@link IdpDirectory} ({@code scim}), so pushed users go
 * through the same engine as users read from an IdP: a user's id is the id it is linked by (its
 * externalId, else the SCIM id), its raw JSON is the SCIM resource, its groups are the pushed groups
 * it is a member of.
 */
public final class ScimDirectory implements IdpDirectory {
  private static final DirectoryCapabilities CAPABILITIES = DirectoryCapabilities.builder()
      .supported(EnumSet.of(Capability.GROUPS, Capability.GROUP_MEMBERS, Capability.USER_GROUPS,
          Capability.MANAGER_ON_USER))
      .build();

  private final ResourceStore store;

  /** A directory over {@code store}. */
  public ScimDirectory(ResourceStore store) {
    this.store = store;
  }

  @Override
  public String providerId() {
    return "scim";
  }

  @Override
  public DirectoryCapabilities capabilities() {
    return CAPABILITIES;
  }

  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    return store.users().stream().map(this::user);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    return store.userByLink(id).map(this::user);
  }

  @Override
  public Stream<DirectoryGroup> groups() {
    return store.groups().stream().map(ScimDirectory::group);
  }

  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    return store.groups().stream().filter(g -> g.linkId.equals(groupId)).findFirst()
        .map(g -> ResourceStore.memberIds(g).stream()
            .map(store::user).filter(Optional::isPresent).map(u -> GroupMember.user(u.get().linkId))
            .collect(Collectors.toList()).stream())
        .orElse(Stream.empty());
  }

  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    return store.userByLink(userId).map(u -> store.groupsOf(u.id).stream().map(ScimDirectory::group))
        .orElse(Stream.empty());
  }

  @Override
  public ConnectionReport checkConnection() {
    return ConnectionReport.builder().provider("scim").build();
  }

  /** The directory user for a stored user resource. */
  public DirectoryUser user(ResourceStore.Entry e) {
    return user(e, e.resource);
  }

  /** The directory user {@code resource} would be if stored under {@code e}'s ids. */
  public DirectoryUser user(ResourceStore.Entry e, JsonNode resource) {
    JsonNode name = ScimJson.get(resource, "name");
    String manager = ScimJson.text(ScimJson.get(ScimJson.get(resource, Schemas.ENTERPRISE), "manager"), "value");
    String managerLink = manager == null ? null : store.user(manager).map(m -> m.linkId).orElse(null);
    JsonNode active = ScimJson.get(resource, "active");
    Boolean a = ScimJson.bool(active);
    ObjectNode raw = ((ObjectNode) resource).deepCopy();
    raw.put("id", e.id);
    return DirectoryUser.builder()
        .id(e.linkId)
        .username(String.valueOf(ScimJson.text(resource, "userName")))
        .email(Optional.ofNullable(email(resource)))
        .givenName(Optional.ofNullable(ScimJson.text(name, "givenName")))
        .familyName(Optional.ofNullable(ScimJson.text(name, "familyName")))
        .displayName(Optional.ofNullable(displayName(resource, name)))
        .active(a == null || a)
        .managerId(Optional.ofNullable(managerLink))
        .raw(raw)
        .build();
  }

  /** The directory group for a stored group resource. */
  public static DirectoryGroup group(ResourceStore.Entry e) {
    return group(e, e.resource);
  }

  /** The directory group {@code resource} would be if stored under {@code e}'s ids. */
  public static DirectoryGroup group(ResourceStore.Entry e, JsonNode resource) {
    return DirectoryGroup.builder().id(e.linkId)
        .name(String.valueOf(ScimJson.text(resource, "displayName"))).raw(resource).build();
  }

  /** The primary email, else the work email, else the first. */
  static @Nullable String email(JsonNode resource) {
    JsonNode emails = ScimJson.get(resource, "emails");
    String first = null;
    String work = null;
    for (JsonNode e : emails) {
      String v = ScimJson.text(e, "value");
      if (v == null) {
        continue;
      }
      if (Boolean.TRUE.equals(ScimJson.bool(ScimJson.get(e, "primary")))) {
        return v;
      }
      if (work == null && "work".equalsIgnoreCase(ScimJson.text(e, "type"))) {
        work = v;
      }
      first = first == null ? v : first;
    }
    return work != null ? work : first;
  }

  /**
   * {@code displayName}, else given and family name, else {@code name.formatted}: the parts before
   * the formatted name, which a client may leave stale when it PATCHes {@code name.familyName}.
   */
  private static @Nullable String displayName(JsonNode resource, JsonNode name) {
    String d = ScimJson.text(resource, "displayName");
    if (d != null) {
      return d;
    }
    String given = ScimJson.text(name, "givenName");
    String family = ScimJson.text(name, "familyName");
    if (given != null || family != null) {
      return ((given == null ? "" : given) + " " + (family == null ? "" : family)).trim();
    }
    return ScimJson.text(name, "formatted");
  }

  /**
   * Puts a user resource in the form usersync stores: passwords dropped (usersync never keeps
   * them), JSON nulls dropped (unassigned), enterprise attributes Entra sends without their URN moved
   * into the extension, a manager given as a string or an array of references made {@code
   * {"value": …}}, {@code active} as a boolean.
   */
  public static void normaliseUser(ObjectNode r) {
    for (String f : new String[] {"password", "id", "meta", "groups"}) {
      String name = ScimJson.fieldName(r, f);
      if (name != null) {
        r.remove(name);
      }
    }
    ScimJson.dropNulls(r);
    for (String attr : Schemas.ENTERPRISE_ATTRIBUTES) {
      String f = ScimJson.fieldName(r, attr);
      if (f != null) {
        JsonNode v = r.remove(f);
        ObjectNode ext = extension(r);
        ext.set(attr, v);
      }
    }
    String extName = ScimJson.fieldName(r, Schemas.ENTERPRISE);
    if (extName != null && r.get(extName).isObject()) {
      ObjectNode ext = (ObjectNode) r.get(extName);
      String m = ScimJson.fieldName(ext, "manager");
      if (m != null) {
        JsonNode v = ext.get(m);
        if (v.isArray()) {
          v = v.size() == 0 ? null : v.get(0);
        }
        if (v != null && v.isTextual()) {
          ObjectNode o = ext.objectNode();
          o.put("value", v.asText());
          v = o;
        }
        if (v == null || v.isNull() || ScimJson.text(v, "value") == null) {
          ext.remove(m);
        } else {
          ObjectNode o = ext.objectNode();
          o.put("value", ScimJson.text(v, "value"));
          ext.set(m, o);
        }
      }
      if (ext.size() == 0) {
        r.remove(extName);
      }
    }
    String a = ScimJson.fieldName(r, "active");
    if (a != null) {
      r.set(a, Patch.coerce("active", r.get(a)));
    }
    JsonNode schemas = r.get("schemas");
    ArrayNode s = r.putArray("schemas");
    s.add(Schemas.USER);
    if (ScimJson.fieldName(r, Schemas.ENTERPRISE) != null) {
      s.add(Schemas.ENTERPRISE);
    }
    if (schemas != null) {
      for (JsonNode x : schemas) {
        if (x.isTextual() && x.asText().startsWith("urn:") && !contains(s, x.asText())
            && ScimJson.fieldName(r, x.asText()) != null) {
          s.add(x.asText());
        }
      }
    }
  }

  /** Puts a group resource in the form usersync stores: read-only and null attributes dropped. */
  public static void normaliseGroup(ObjectNode r) {
    for (String f : new String[] {"id", "meta"}) {
      String name = ScimJson.fieldName(r, f);
      if (name != null) {
        r.remove(name);
      }
    }
    ScimJson.dropNulls(r);
    String m = ScimJson.fieldName(r, "members");
    if (m != null) {
      ArrayNode clean = r.arrayNode();
      List<String> seen = new ArrayList<>();
      for (JsonNode e : r.get(m)) {
        String v = ScimJson.text(e, "value");
        if (v != null && !seen.contains(v)) {
          seen.add(v);
          ObjectNode o = clean.addObject();
          o.put("value", v);
          Iterator<Map.Entry<String, JsonNode>> it = e.fields();
          while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getKey().equals("value") && !f.getKey().equals("$ref") && f.getValue().isTextual()) {
              o.set(f.getKey(), f.getValue());
            }
          }
        }
      }
      r.remove(m);
      r.set("members", clean);
    }
    r.remove("schemas");
    r.putArray("schemas").add(Schemas.GROUP);
  }

  private static boolean contains(ArrayNode a, String s) {
    for (JsonNode x : a) {
      if (x.asText().equalsIgnoreCase(s)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode extension(ObjectNode r) {
    String f = ScimJson.fieldName(r, Schemas.ENTERPRISE);
    if (f != null && r.get(f).isObject()) {
      return (ObjectNode) r.get(f);
    }
    return r.putObject(Schemas.ENTERPRISE);
  }
}
