package io.github.usersync.onelogin.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.spi.EventLogChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * OneLogin's Events API read for incremental runs: users deleted, and roles assigned to or removed
 * from users, since a log position.
 *
 * <p>Wire format: "Get Events" and "Event Resource and Types"
 * (https://developers.onelogin.com/api-docs/1/events/get-events,
 * https://developers.onelogin.com/api-docs/1/events/event-resource): {@code GET /api/1/events}
 * with {@code event_type_id} and {@code since} (ISO 8601 UTC), the v1 envelope {@code status},
 * {@code pagination.after_cursor}, {@code data[]} of events with {@code id}, {@code created_at},
 * {@code event_type_id}, {@code user_id}, {@code role_id}; and "Get Event Types"
 * (https://developers.onelogin.com/api-docs/1/events/event-types), whose names and ids are read
 * rather than hard-coded (documented: {@code 4 USER_ASSIGNED_ROLE}; the names of the removal and
 * deletion types are matched by the words they carry, which is not confirmed against a live
 * account). The types are cached for 24 hours, as OneLogin asks. Reading events needs an API
 * credential with "Read All" (or "Manage All").
 */
public final class OneLoginEvents {
  /**
   * How far before the last position the events are read again. OneLogin documents no figure for
   * how late an event can appear; five minutes, as for {@code updated_since}.
   */
  public static final Duration OVERLAP = Duration.ofMinutes(5);
  static final Duration TYPES_MAX_AGE = Duration.ofHours(24);
  private static final Pattern DELETED = Pattern.compile("^USER_.*DELETED$|^DELETED_USER$");
  private static final Pattern ROLE = Pattern.compile("^(USER_.*ROLE|ROLE_.*USER).*");

  private final ApiClient client;
  private final Clock clock;
  private final Snapshot<Map<String, String>> types;

  /** The events of the account {@code client} calls. */
  public OneLoginEvents(ApiClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.types = new Snapshot<>(this::readTypes, TYPES_MAX_AGE, clock);
  }

  /** A cursor at OneLogin's time {@code now}, after proving the events can be read. */
  public ChangeCursor start(String provider, Instant now) {
    try {
      types.get();
    } catch (ApiException e) {
      throw refused(e);
    }
    return EventLogChanges.cursorAt(provider, now, now);
  }

  /**
   * The changes after {@code cursor}: one listing per event type that deletes a user or changes
   * a role's members.
   *
   * @param now OneLogin's time, read before the events: where the next read resumes
   * @throws ChangeCursorExpiredException when events cannot be read with these credentials
   */
  public DirectoryChanges changesSince(
      ChangeCursor cursor, String provider, Instant now, Function<String, Optional<DirectoryUser>> readUser) {
    EventLogChanges log = EventLogChanges.after(cursor, provider, OVERLAP);
    String since = log.readFrom().toString();
    try {
      for (Map.Entry<String, String> type : types.get().entrySet()) {
        Paging.stream(client, OneLoginRequests.events(type.getKey(), since),
                Paging.tokenInBody("data", "/pagination/after_cursor", "after_cursor", Function.identity()))
            .forEach(e -> record(log, e, type.getValue()));
      }
    } catch (ApiException e) {
      throw refused(e);
    }
    return log.resolve(readUser, null, now, now);
  }

  /** The ids of the event types read, with their names: deletions and role changes. */
  private Map<String, String> readTypes() {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode t : client.json(OneLoginRequests.eventTypes()).path("data")) {
      String name = t.path("name").asText().toUpperCase(Locale.ROOT);
      if (DELETED.matcher(name).matches() || ROLE.matcher(name).matches() && !name.contains("APP")) {
        out.put(t.path("id").asText(), name);
      }
    }
    return out;
  }

  static void record(EventLogChanges log, JsonNode e, String typeName) {
    Instant time;
    try {
      time = Instant.parse(e.path("created_at").asText());
    } catch (DateTimeParseException x) {
      return;
    }
    EventLogChanges.Event event = log.event(e.path("id").asText(), time);
    String user = id(e.get("user_id"));
    if (user == null) {
      return;
    }
    if (DELETED.matcher(typeName).matches()) {
      event.userRemoved(user);
      return;
    }
    String role = id(e.get("role_id"));
    if (role != null) {
      boolean removed = typeName.contains("REMOVED") || typeName.contains("UNASSIGNED");
      event.membership(GroupJson.Kind.ROLE.groupId(role), GroupMember.user(user), !removed);
    }
  }

  private static @Nullable String id(@Nullable JsonNode n) {
    return n != null && (n.isIntegralNumber() || n.isTextual() && !n.asText().isEmpty()) ? n.asText() : null;
  }

  private static RuntimeException refused(ApiException e) {
    if (e.status() == 401 || e.status() == 403 || e.status() == 400 || e.status() == 404) {
      return new ChangeCursorExpiredException(
          "onelogin: reading the Events API failed (HTTP " + e.status() + "), so deletions and role changes"
              + " cannot be read from it; give the API credential the scope 'Read All' (or 'Manage All')"
              + " under Developers > API Credentials. A full sync runs instead.",
          e);
    }
    return e;
  }
}
