package io.github.usersync.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ChangeCursorExpiredException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The value of an Entra {@link io.github.usersync.core.model.ChangeCursor}: both delta links (users
 * and groups) and the user properties the users link tracks, as a small JSON object: {@code
 * {"v":1,"users":"…","groups":"…","userFields":["id",…]}}. Hosts store it opaquely.
 *
 * <p>The tracked fields are kept because Graph encodes {@code $select} into the delta token: a
 * mapping that later reads more attributes would get changes without them, so such a cursor is
 * treated as expired.
 */
public final class DeltaCursor {
  private static final int VERSION = 1;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String usersLink;
  private final String groupsLink;
  private final List<String> userFields;

  /** A cursor over two delta links. */
  public DeltaCursor(String usersLink, String groupsLink, List<String> userFields) {
    this.usersLink = usersLink;
    this.groupsLink = groupsLink;
    this.userFields = Collections.unmodifiableList(new ArrayList<>(userFields));
  }

  /** The users delta link. */
  public String usersLink() {
    return usersLink;
  }

  /** The groups delta link. */
  public String groupsLink() {
    return groupsLink;
  }

  /** The user properties the users delta link tracks. */
  public List<String> userFields() {
    return userFields;
  }

  /** The cursor as the JSON text hosts store. */
  public String encode() {
    ObjectNode o = JSON.createObjectNode();
    o.put("v", VERSION);
    o.put("users", usersLink);
    o.put("groups", groupsLink);
    ArrayNode fields = o.putArray("userFields");
    userFields.forEach(fields::add);
    return o.toString();
  }

  /**
   * Reads a stored cursor.
   *
   * @throws ChangeCursorExpiredException when the text is not a cursor this connector wrote, so
   *     the caller falls back to a full sync
   */
  public static DeltaCursor decode(String value) {
    try {
      JsonNode j = JSON.readTree(value);
      if (j != null && j.isObject() && j.path("v").asInt() == VERSION) {
        String users = GraphJson.text(j, "users");
        String groups = GraphJson.text(j, "groups");
        JsonNode fields = j.path("userFields");
        if (users != null && groups != null && fields.isArray()) {
          List<String> list = new ArrayList<>();
          fields.forEach(f -> list.add(f.asText()));
          return new DeltaCursor(users, groups, list);
        }
      }
    } catch (IOException e) {
      // reported below
    }
    throw new ChangeCursorExpiredException(
        "entra: the stored change cursor is not one this connector version wrote; run a full"
            + " sync, which starts change tracking again",
        null);
  }
}
