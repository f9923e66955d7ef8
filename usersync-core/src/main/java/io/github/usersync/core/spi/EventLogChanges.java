package io.github.usersync.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Turns an IdP's audit or event log (Okta's System Log, OneLogin's events, Google's admin activity
 * report, Keycloak's admin events) into {@link DirectoryChanges}, the same way for every connector.
 *
 * <p>The cursor is the log position: the time up to which the log was read and the ids of the
 * events read within the overlap window before it. The next read starts an overlap window earlier
 * ({@link #readFrom()}), so an event the IdP writes late (its documented delay) is still read;
 * an event read before (same id) or older than the window is skipped. A connector records each
 * event it reads with {@link #event(String, Instant)} and what it says; events are applied in log
 * order (by time, then as read), the last word on a user, a membership or a group wins. {@link
 * #resolve} then re-reads the users and groups the events name by id: a user the IdP no longer has
 * is removed, and deactivated or suspended users come back inactive.
 *
 * <p>Not thread-safe: one instance per {@code changesSince} call.
 */
public final class EventLogChanges {
  /** At most this many event ids are kept in a cursor; older ones are read again (harmless). */
  static final int MAX_SEEN = 2_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String provider;
  private final Instant since;
  private final Duration overlap;
  private final Set<String> seenBefore;
  private final Set<String> seenNow = new HashSet<>();
  private final List<Event> events = new ArrayList<>();
  private final Map<String, Instant> idTimes = new LinkedHashMap<>();

  private EventLogChanges(String provider, Instant since, Duration overlap, Set<String> seenBefore) {
    this.provider = provider;
    this.since = since;
    this.overlap = overlap;
    this.seenBefore = seenBefore;
  }

  /**
   * Starts reading the log after {@code cursor}.
   *
   * @param overlap how far before the cursor's time the log is read again, for the IdP's
   *     documented delay in writing events
   * @throws ChangeCursorExpiredException when the cursor is another provider's or not one this
   *     class wrote (a plain ISO-8601 instant, as earlier versions stored, is accepted)
   */
  public static EventLogChanges after(ChangeCursor cursor, String provider, Duration overlap) {
    String value = cursor.valueFor(provider);
    try {
      if (!value.startsWith("{")) {
        return new EventLogChanges(provider, Instant.parse(value), overlap, Set.of());
      }
      JsonNode n = JSON.readTree(value);
      Set<String> seen = new HashSet<>();
      n.path("seen").forEach(s -> seen.add(s.asText()));
      return new EventLogChanges(provider, Instant.parse(n.path("at").asText()), overlap, seen);
    } catch (IOException | DateTimeParseException e) {
      throw new ChangeCursorExpiredException(
          provider + ": the stored change cursor is not a log position this connector wrote; run a"
              + " full sync, which stores a new one",
          e);
    }
  }

  /** A cursor at log time {@code at} with no events read yet (taken before a full read). */
  public static ChangeCursor cursorAt(String provider, Instant at, Instant now) {
    return ChangeCursor.of(provider, encode(at, List.of()), now);
  }

  /** The time the previous read ended at. */
  public Instant since() {
    return since;
  }

  /** Where this read starts: {@link #since()} less the overlap window. */
  public Instant readFrom() {
    return since.minus(overlap);
  }

  /**
   * Fails when the log no longer holds where this read must start.
   *
   * @param retention how long the IdP keeps log events
   * @param now the IdP's time
   * @param how what the IdP keeps and where that is documented, for the message
   * @throws ChangeCursorExpiredException when {@link #readFrom()} lies before {@code now -
   *     retention}
   */
  public void requireRetained(Duration retention, Instant now, String how) {
    if (readFrom().isBefore(now.minus(retention))) {
      throw new ChangeCursorExpiredException(
          provider + ": the change cursor (" + since + ") is older than the log keeps events (" + how
              + "); changes since then are no longer all in the log, so a full sync runs instead",
          null);
    }
  }

  /**
   * Records one log event and returns where to note what it says; an event read before (same id)
   * or older than {@link #readFrom()} is skipped: what is noted on it is ignored.
   */
  public Event event(String eventId, Instant time) {
    boolean duplicate = seenBefore.contains(eventId) || !seenNow.add(eventId);
    idTimes.putIfAbsent(eventId, time);
    Event e = new Event(time, events.size(), !duplicate && !time.isBefore(readFrom()));
    if (e.applies) {
      events.add(e);
    }
    return e;
  }

  /** How many events were read, duplicates and old ones included. */
  public int eventsRead() {
    return idTimes.size();
  }

  /**
   * Applies the events in log order and re-reads what they name.
   *
   * @param readUser reads a user by IdP id; empty if the IdP no longer has it
   * @param readGroup reads a group by IdP id; empty if gone; null when the connector reports no
   *     group changes (the engine reads the group list on every run anyway)
   * @param position the log time this read covered (the IdP's time when the read started): where
   *     the next read resumes
   * @param now the IdP's time, recorded in the cursor
   */
  public DirectoryChanges resolve(
      Function<String, Optional<DirectoryUser>> readUser,
      @Nullable Function<String, Optional<DirectoryGroup>> readGroup,
      Instant position,
      Instant now) {
    events.sort(Comparator.comparing((Event e) -> e.time).thenComparingInt(e -> e.order));
    Map<String, Boolean> users = new LinkedHashMap<>();
    Map<String, MembershipChange> memberships = new LinkedHashMap<>();
    Map<String, Boolean> groups = new LinkedHashMap<>();
    for (Event e : events) {
      e.users.forEach((id, removed) -> {
        users.remove(id);
        users.put(id, removed);
      });
      for (MembershipChange c : e.memberships) {
        String key = c.groupId() + "\u0000" + c.member().type() + "\u0000" + c.member().id();
        memberships.remove(key);
        memberships.put(key, c);
      }
      e.groups.forEach((id, removed) -> {
        groups.remove(id);
        groups.put(id, removed);
      });
    }
    DirectoryChanges.Builder out = DirectoryChanges.builder();
    users.forEach((id, removed) -> {
      Optional<DirectoryUser> u = removed ? Optional.empty() : readUser.apply(id);
      if (u.isPresent()) {
        out.addChangedUsers(u.get());
      } else {
        out.addRemovedUserIds(id);
      }
    });
    out.addAllMembershipChanges(memberships.values());
    if (readGroup != null) {
      groups.forEach((id, removed) -> {
        Optional<DirectoryGroup> g = removed ? Optional.empty() : readGroup.apply(id);
        if (g.isPresent()) {
          out.addChangedGroups(g.get());
        } else {
          out.addRemovedGroupIds(id);
        }
      });
    }
    Instant next = position.isAfter(since) ? position : since;
    Instant keepFrom = next.minus(overlap);
    List<String> seen = new ArrayList<>();
    idTimes.forEach((id, t) -> {
      if (!t.isBefore(keepFrom)) {
        seen.add(id);
      }
    });
    // Ids from the previous cursor that are still inside the window are kept too (their events
    // were skipped this time but may be returned again next time).
    for (String id : seenBefore) {
      if (!idTimes.containsKey(id) && !since.isBefore(keepFrom)) {
        seen.add(id);
      }
    }
    List<String> kept = seen.size() > MAX_SEEN ? seen.subList(seen.size() - MAX_SEEN, seen.size()) : seen;
    return out.membershipsTracked(true)
        .nextCursor(ChangeCursor.of(provider, encode(next, kept), now))
        .build();
  }

  private static String encode(Instant at, List<String> seen) {
    ObjectNode n = JSON.createObjectNode();
    n.put("at", at.toString());
    ArrayNode ids = n.putArray("seen");
    new LinkedHashSet<>(seen).forEach(ids::add);
    return n.toString();
  }

  /** What one log event says; notes on a skipped event (a duplicate, too old) are ignored. */
  public static final class Event {
    private final Instant time;
    private final int order;
    private final boolean applies;
    private final Map<String, Boolean> users = new LinkedHashMap<>();
    private final List<MembershipChange> memberships = new ArrayList<>();
    private final Map<String, Boolean> groups = new LinkedHashMap<>();

    private Event(Instant time, int order, boolean applies) {
      this.time = time;
      this.order = order;
      this.applies = applies;
    }

    /** Whether the event is new and inside the window (its notes count). */
    public boolean applies() {
      return applies;
    }

    /** The user was created, updated, activated, deactivated or suspended: re-read it. */
    public Event userChanged(String userId) {
      users.put(userId, false);
      return this;
    }

    /** The user was deleted. A later event on the same user (a restore) overrides this. */
    public Event userRemoved(String userId) {
      users.put(userId, true);
      return this;
    }

    /** A member was added to ({@code added}) or removed from a group. */
    public Event membership(String groupId, GroupMember member, boolean added) {
      memberships.add(MembershipChange.of(groupId, member, added));
      return this;
    }

    /** The group was created, renamed or moved: re-read it. */
    public Event groupChanged(String groupId) {
      groups.put(groupId, false);
      return this;
    }

    /** The group was deleted. */
    public Event groupRemoved(String groupId) {
      groups.put(groupId, true);
      return this;
    }
  }
}
