package io.github.usersync.core.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.model.ChangeCursor;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SyncState} as one JSON document and back, for stores that keep a string per sync (a
 * file, a database column). The document carries a format number; a store written by a newer
 * usersync with a format this one does not know is refused rather than misread. Fields this version
 * does not know are ignored.
 *
 * <pre>{@code
 * {"format": 2,
 *  "cursor": {"provider": "entra", "value": "…", "createdAt": "2026-12-03T06:00:00Z"},
 *  "lastFullSync": "2026-12-03T06:00:00Z",
 *  "fullRuns": 42,
 *  "managedGroups": {"<idp group id>": {"hostName": "jira-users", "created": true}},
 *  "retiredGroups": {"Legal Review": {"reason": "group renamed in the IdP from …", "created": false}},
 *  "pending": {"<idp user id>": {"reason": "…", "since": "…"}},
 *  "refusals": {"<idp user id>": {"fingerprint": "…", "reason": "…", "since": "…",
 *                                 "changes": ["ADD_MEMBERSHIP jira-administrators"]}},
 *  "photos": {"<idp user id>": "<fingerprint>"},
 *  "held": {"runId": "20261203-060000-3f2a", "heldAt": "…", "expiresAt": "…", "reason": "…",
 *           "changes": [{"type": "DEACTIVATE_USER", "subject": "jdoe", "externalId": "…",
 *                        "hostKey": "…", "reason": "not in the IdP", "cleanup": true}]},
 *  "extensions": {"scim": {…}}}
 * }</pre>
 *
 * <p>Format 2 added {@code held}; documents of format 1 (and of usersync 0.1, without a format)
 * are still read.
 */
public final class SyncStateJson {
  /** The format this version writes and reads. */
  public static final int FORMAT = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private SyncStateJson() {}

  /** The state as a JSON document. */
  public static String write(SyncState state) {
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    state.cursor().ifPresent(c -> {
      ObjectNode n = root.putObject("cursor");
      n.put("provider", c.provider());
      n.put("value", c.value());
      n.put("createdAt", c.createdAt().toString());
    });
    state.lastFullSync().ifPresent(t -> root.put("lastFullSync", t.toString()));
    if (state.fullRuns() > 0) {
      root.put("fullRuns", state.fullRuns());
    }
    putMap(root, "managedGroups", state.managedGroups(), (n, g) -> {
      n.put("hostName", g.hostName());
      n.put("created", g.created());
    });
    putMap(root, "retiredGroups", state.retiredGroups(), (n, g) -> {
      n.put("reason", g.reason());
      n.put("created", g.created());
    });
    putMap(root, "pending", state.pending(), (n, p) -> {
      n.put("reason", p.reason());
      n.put("since", p.since().toString());
    });
    putMap(root, "refusals", state.refusals(), (n, r) -> {
      n.put("fingerprint", r.fingerprint());
      n.put("reason", r.reason());
      n.put("since", r.since().toString());
      if (!r.changes().isEmpty()) {
        ArrayNode a = n.putArray("changes");
        new java.util.TreeSet<>(r.changes()).forEach(a::add);
      }
    });
    ObjectNode photos = root.putObject("photos");
    new TreeMap<>(state.photos()).forEach(photos::put);
    state.held().ifPresent(h -> {
      ObjectNode n = root.putObject("held");
      n.put("runId", h.runId());
      n.put("heldAt", h.heldAt().toString());
      n.put("expiresAt", h.expiresAt().toString());
      n.put("reason", h.reason());
      ArrayNode changes = n.putArray("changes");
      for (HeldChanges.Entry e : h.changes()) {
        Change c = e.change();
        ObjectNode o = changes.addObject();
        o.put("type", c.type().name());
        o.put("subject", c.subject());
        c.externalId().ifPresent(v -> o.put("externalId", v));
        c.hostKey().ifPresent(v -> o.put("hostKey", v));
        c.group().ifPresent(v -> o.put("group", v));
        c.value().ifPresent(v -> o.put("value", v));
        o.put("reason", c.reason());
        if (c.destructive() && !c.type().destructive()) {
          o.put("destructive", true);
        }
        o.put("cleanup", e.cleanup());
      }
    });
    if (!state.extensions().isEmpty()) {
      ObjectNode ext = root.putObject("extensions");
      for (Map.Entry<String, String> e : new TreeMap<>(state.extensions()).entrySet()) {
        try {
          ext.set(e.getKey(), JSON.readTree(e.getValue()));
        } catch (JsonProcessingException x) {
          throw new IllegalStateException("the state extension '" + e.getKey() + "' is not JSON", x);
        }
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a sync state: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a document written by {@link #write}.
   *
   * @throws ConfigurationException when the text is not such a document; the message says what is
   *     wrong and that deleting the stored state makes the next run a full one
   */
  public static SyncState read(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw bad("it is not JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw bad("it is not a JSON object");
    }
    // Documents of usersync 0.1 carry no format: only a cursor and lastFullSync, read the same way.
    JsonNode f = root.path("format");
    int format = f.isMissingNode() ? 1 : f.asInt(-1);
    if (format < 1 || format > FORMAT) {
      throw bad(format > FORMAT
          ? "it was written by a newer usersync (format " + format + "; this version reads " + FORMAT + ")"
          : "its \"format\" field is not a known format number");
    }
    try {
      SyncState.Builder b = SyncState.builder();
      JsonNode c = root.path("cursor");
      if (c.isObject()) {
        b.cursor(ChangeCursor.of(text(c, "provider"), text(c, "value"), instant(c, "createdAt")));
      }
      if (root.hasNonNull("lastFullSync")) {
        b.lastFullSync(instant(root, "lastFullSync"));
      }
      JsonNode runs = root.path("fullRuns");
      if (!runs.isMissingNode() && !runs.isNull()) {
        if (!runs.canConvertToLong() || !runs.isIntegralNumber() || runs.asLong() < 0) {
          throw new IllegalArgumentException("\"fullRuns\" is not a whole number of runs");
        }
        b.fullRuns(runs.asLong());
      }
      b.putAllManagedGroups(readMap(root, "managedGroups",
          n -> SyncState.ManagedGroup.of(text(n, "hostName"), n.path("created").asBoolean(false))));
      b.putAllRetiredGroups(readMap(root, "retiredGroups",
          n -> SyncState.RetiredGroup.of(text(n, "reason"), n.path("created").asBoolean(false))));
      b.putAllPending(readMap(root, "pending",
          n -> SyncState.Pending.of(text(n, "reason"), instant(n, "since"))));
      b.putAllRefusals(readMap(root, "refusals",
          n -> SyncState.Refusal.of(text(n, "fingerprint"), text(n, "reason"), instant(n, "since"),
              strings(n, "changes"))));
      b.putAllPhotos(readMap(root, "photos", n -> {
        if (!n.isTextual()) {
          throw new IllegalArgumentException("a photo fingerprint is not a string");
        }
        return n.asText();
      }));
      JsonNode h = root.path("held");
      if (h.isObject()) {
        b.held(held(h));
      }
      b.putAllExtensions(readMap(root, "extensions", JsonNode::toString));
      return b.build();
    } catch (IllegalArgumentException | DateTimeParseException e) {
      throw bad(String.valueOf(e.getMessage()));
    }
  }

  private static HeldChanges held(JsonNode h) {
    HeldChanges.Builder b = HeldChanges.builder().runId(text(h, "runId")).heldAt(instant(h, "heldAt"))
        .expiresAt(instant(h, "expiresAt")).reason(text(h, "reason"));
    JsonNode changes = h.path("changes");
    if (!changes.isArray()) {
      throw new IllegalArgumentException("\"held.changes\" is missing or not a list");
    }
    for (JsonNode o : changes) {
      ChangeType type;
      try {
        type = ChangeType.valueOf(text(o, "type"));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("\"held.changes\" holds an unknown change type '" + o.path("type").asText()
            + "'", e);
      }
      Change c = Change.builder(type, text(o, "subject"), text(o, "reason"))
          .externalId(optional(o, "externalId")).hostKey(optional(o, "hostKey")).group(optional(o, "group"))
          .value(optional(o, "value")).destructive(o.path("destructive").asBoolean(false)).build();
      b.addChanges(HeldChanges.Entry.of(c, o.path("cleanup").asBoolean(false)));
    }
    return b.build();
  }

  private static @Nullable String optional(JsonNode n, String field) {
    return n.hasNonNull(field) ? text(n, field) : null;
  }

  private static <T> void putMap(ObjectNode root, String field, Map<String, T> values,
      BiConsumer<ObjectNode, T> writer) {
    ObjectNode out = root.putObject(field);
    new TreeMap<>(values).forEach((k, v) -> writer.accept(out.putObject(k), v));
  }

  private static <T> Map<String, T> readMap(JsonNode root, String field, Function<JsonNode, T> reader) {
    Map<String, T> out = new TreeMap<>();
    JsonNode n = root.path(field);
    if (n.isMissingNode() || n.isNull()) {
      return out;
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException("\"" + field + "\" is not an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.put(e.getKey(), reader.apply(e.getValue()));
    }
    return out;
  }

  private static java.util.Set<String> strings(JsonNode n, String field) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    JsonNode a = n.path(field);
    if (a.isMissingNode() || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw new IllegalArgumentException("\"" + field + "\" is not a list");
    }
    for (JsonNode v : a) {
      if (!v.isTextual()) {
        throw new IllegalArgumentException("\"" + field + "\" holds a value that is not a string");
      }
      out.add(v.asText());
    }
    return out;
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("\"" + field + "\" is missing or not a string");
    }
    return v.asText();
  }

  private static Instant instant(JsonNode n, String field) {
    return Instant.parse(text(n, field));
  }

  private static ConfigurationException bad(String why) {
    return new ConfigurationException("state", "the stored sync state cannot be read: " + why
        + "; delete it (the next run is then a full one, and groups usersync managed before are"
        + " forgotten)");
  }
}
