package io.github.usersync.onelogin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.DirectoryGroup;
import java.util.Locale;
import java.util.Optional;

/**
 * OneLogin roles and groups as {@link DirectoryGroup}s. Their ids are separate number spaces, so
 * the group id carries the kind: {@code role:199848}, {@code group:417333}; {@code raw} is
 * OneLogin's JSON plus {@code "usersyncKind": "role"} or {@code "group"}, so a mapping can tell
 * them apart.
 */
public final class GroupJson {
  /** The field added to {@code raw} that says which kind a group is. */
  public static final String KIND_FIELD = "usersyncKind";

  private GroupJson() {}

  /** Which OneLogin construct a directory group stands for. */
  public enum Kind {
    /** A OneLogin role ({@code /api/2/roles}). */
    ROLE,
    /** A OneLogin group ({@code /api/1/groups}). */
    GROUP;

    /** {@code role} or {@code group}, the id prefix and {@code raw().usersyncKind}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The directory group id of OneLogin id {@code id}. */
    public String groupId(String id) {
      return label() + ":" + id;
    }
  }

  /** A parsed directory group id: its kind and OneLogin's numeric id. */
  public static final class Ref {
    private final Kind kind;
    private final String id;

    Ref(Kind kind, String id) {
      this.kind = kind;
      this.id = id;
    }

    /** Role or group. */
    public Kind kind() {
      return kind;
    }

    /** OneLogin's id. */
    public String id() {
      return id;
    }
  }

  /** Parses {@code role:123} or {@code group:456}; empty for anything else. */
  public static Optional<Ref> parse(String groupId) {
    int colon = groupId.indexOf(':');
    if (colon < 0) {
      return Optional.empty();
    }
    String prefix = groupId.substring(0, colon);
    String id = groupId.substring(colon + 1);
    if (id.isEmpty() || !id.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    for (Kind k : Kind.values()) {
      if (k.label().equals(prefix)) {
        return Optional.of(new Ref(k, id));
      }
    }
    return Optional.empty();
  }

  /** A role ({@code {"id":123,"name":"Sales",…}}) or v1 group ({@code {"id":…,"name":…,"reference":…}}). */
  public static DirectoryGroup toGroup(Kind kind, JsonNode json) {
    String id =
        UserJson.id(json.get("id"))
            .orElseThrow(() -> shape(kind, "an integer id"));
    String name = UserJson.text(json.get("name")).orElseThrow(() -> shape(kind, "a name"));
    // Only an object has an "id", so the cast holds.
    ObjectNode raw = ((ObjectNode) json).deepCopy();
    raw.put(KIND_FIELD, kind.label());
    return DirectoryGroup.builder().id(kind.groupId(id)).name(name).raw(raw).build();
  }

  private static DirectoryException shape(Kind kind, String what) {
    return new DirectoryException(
        "onelogin: a " + kind.label() + " record without " + what
            + "; the answer is not the documented shape");
  }
}
