package io.github.usersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The SCIM resources an IdP pushed, as it sent them (passwords dropped): what {@code GET} answers
 * and what the engine reads as the directory. Readers need no lock (the engine reads from its own
 * threads while a write is applied); the service provider serialises writers. {@link #toJson()}
 * and {@link #load} turn it into one JSON document and back, which the service provider keeps in
 * the sync state, so SCIM ids survive a restart.
 */
public final class ResourceStore {
  /** One stored resource. Immutable: a change stores a new entry. */
  public static final class Entry {
    /** The SCIM id usersync assigned. */
    public final String id;
    /** The IdP's stable id the host account is linked by: the externalId it was created with, else {@link #id}. */
    public final String linkId;
    /** The resource as stored (without {@code id}, {@code meta}, {@code groups}). Treat as read-only. */
    public final ObjectNode resource;
    /** When it was created. */
    public final Instant created;
    /** When it last changed. */
    public final Instant lastModified;
    /** The resource's version: 1 when created, one more with each change stored (its ETag, RFC 7644 §3.14). */
    public final long version;
    final long seq;

    Entry(String id, String linkId, ObjectNode resource, Instant created, Instant lastModified, long seq,
        long version) {
      this.version = version;
      this.id = id;
      this.linkId = linkId;
      this.resource = resource;
      this.created = created;
      this.lastModified = lastModified;
      this.seq = seq;
    }

    /** A copy holding another resource, modified at {@code now}. */
    public Entry with(ObjectNode resource, Instant now) {
      return new Entry(id, linkId, resource, created, now, seq, version);
    }
  }

  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong changes = new AtomicLong();
  private final Map<String, Entry> users = new ConcurrentHashMap<>();
  private final Map<String, String> userIdByLink = new ConcurrentHashMap<>();
  private final Map<String, Entry> groups = new ConcurrentHashMap<>();

  /** A new entry (not stored yet). */
  public Entry newEntry(String id, String linkId, ObjectNode resource, Instant now) {
    return new Entry(id, linkId, resource, now, now, seq.incrementAndGet(), 1);
  }

  /** A user by SCIM id. */
  public Optional<Entry> user(String id) {
    return Optional.ofNullable(users.get(id));
  }

  /** A user by the IdP id it is linked by. */
  public Optional<Entry> userByLink(String linkId) {
    String id = userIdByLink.get(linkId);
    return id == null ? Optional.empty() : user(id);
  }

  /** Every user, in creation order. */
  public List<Entry> users() {
    return sorted(users);
  }

  /** Stores a user (new or changed), one version after the stored one; returns what was stored. */
  public Entry putUser(Entry e) {
    changes.incrementAndGet();
    Entry stored = nextVersion(users.get(e.id), e);
    users.put(e.id, stored);
    userIdByLink.put(e.linkId, e.id);
    return stored;
  }

  private static Entry nextVersion(@Nullable Entry before, Entry e) {
    return before == null ? e
        : new Entry(e.id, e.linkId, e.resource, e.created, e.lastModified, e.seq, before.version + 1);
  }

  /** Removes a user and their memberships. */
  public void removeUser(String id) {
    changes.incrementAndGet();
    Entry e = users.remove(id);
    if (e != null) {
      userIdByLink.remove(e.linkId, e.id);
    }
    for (Entry g : groups()) {
      if (memberIds(g).contains(id)) {
        ObjectNode copy = g.resource.deepCopy();
        removeMember(copy, id);
        groups.put(g.id, nextVersion(g, g.with(copy, Instant.now())));
      }
    }
  }

  /** A group by SCIM id. */
  public Optional<Entry> group(String id) {
    return Optional.ofNullable(groups.get(id));
  }

  /** Every group, in creation order. */
  public List<Entry> groups() {
    return sorted(groups);
  }

  /** Stores a group (new or changed), one version after the stored one; returns what was stored. */
  public Entry putGroup(Entry e) {
    changes.incrementAndGet();
    Entry stored = nextVersion(groups.get(e.id), e);
    groups.put(e.id, stored);
    return stored;
  }

  /** Removes a group. */
  public void removeGroup(String id) {
    changes.incrementAndGet();
    groups.remove(id);
  }

  /** A number that changes with every write: whether the store changed since it was last saved. */
  public long changeCount() {
    return changes.get();
  }

  /**
   * The store as one JSON document: {@code {"users": [...], "groups": [...]}}, each entry {@code
   * {"id", "linkId", "created", "lastModified", "version", "resource"}} in creation order.
   */
  public ObjectNode toJson() {
    ObjectNode root = ScimJson.MAPPER.createObjectNode();
    write(root.putArray("users"), users());
    write(root.putArray("groups"), groups());
    return root;
  }

  private static void write(ArrayNode out, List<Entry> entries) {
    for (Entry e : entries) {
      ObjectNode o = out.addObject();
      o.put("id", e.id);
      o.put("linkId", e.linkId);
      o.put("created", e.created.toString());
      o.put("lastModified", e.lastModified.toString());
      o.put("version", e.version);
      o.set("resource", e.resource);
    }
  }

  /**
   * Replaces this store's content with a document {@link #toJson()} wrote.
   *
   * @throws IllegalArgumentException when the document is not such a document
   */
  public void load(JsonNode root) {
    users.clear();
    userIdByLink.clear();
    groups.clear();
    for (String kind : new String[] {"users", "groups"}) {
      JsonNode list = root.path(kind);
      if (!list.isArray()) {
        throw new IllegalArgumentException("'" + kind + "' is missing or not a list");
      }
      for (JsonNode o : list) {
        JsonNode r = o.path("resource");
        String id = o.path("id").asText("");
        if (id.isEmpty() || !r.isObject()) {
          throw new IllegalArgumentException("an entry of '" + kind + "' has no id or no resource");
        }
        Entry e = new Entry(id, o.path("linkId").asText(id), (ObjectNode) r,
            Instant.parse(o.path("created").asText()), Instant.parse(o.path("lastModified").asText()),
            seq.incrementAndGet(), o.path("version").asLong(1));
        if (kind.equals("users")) {
          users.put(e.id, e);
          userIdByLink.put(e.linkId, e.id);
        } else {
          groups.put(e.id, e);
        }
      }
    }
    changes.incrementAndGet();
  }

  /** The groups {@code userId} is a direct member of. */
  public List<Entry> groupsOf(String userId) {
    return groups().stream().filter(g -> memberIds(g).contains(userId)).collect(Collectors.toList());
  }

  /** The member ids of a group, in order. */
  public static Set<String> memberIds(Entry group) {
    return memberIds(group.resource);
  }

  /** The member ids of a group resource, in order. */
  public static Set<String> memberIds(JsonNode group) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode m : ScimJson.get(group, "members")) {
      String v = ScimJson.text(m, "value");
      if (v != null) {
        ids.add(v);
      }
    }
    return ids;
  }

  static void removeMember(ObjectNode group, String id) {
    JsonNode members = ScimJson.get(group, "members");
    if (members instanceof ArrayNode) {
      Iterator<JsonNode> it = members.iterator();
      while (it.hasNext()) {
        if (id.equals(ScimJson.text(it.next(), "value"))) {
          it.remove();
        }
      }
    }
  }

  /** The user whose userName is {@code userName} (ignoring case), other than {@code exceptId}. */
  public @Nullable Entry userByName(String userName, @Nullable String exceptId) {
    String wanted = userName.toLowerCase(Locale.ROOT);
    for (Entry e : users.values()) {
      String n = ScimJson.text(e.resource, "userName");
      if (n != null && n.toLowerCase(Locale.ROOT).equals(wanted) && !e.id.equals(exceptId)) {
        return e;
      }
    }
    return null;
  }

  /** The group whose displayName is {@code name} (ignoring case), other than {@code exceptId}. */
  public @Nullable Entry groupByName(String name, @Nullable String exceptId) {
    String wanted = name.toLowerCase(Locale.ROOT);
    for (Entry e : groups.values()) {
      String n = ScimJson.text(e.resource, "displayName");
      if (n != null && n.toLowerCase(Locale.ROOT).equals(wanted) && !e.id.equals(exceptId)) {
        return e;
      }
    }
    return null;
  }

  private static List<Entry> sorted(Map<String, Entry> map) {
    List<Entry> out = new ArrayList<>(map.values());
    out.sort(Comparator.comparingLong(e -> e.seq));
    return out;
  }
}
