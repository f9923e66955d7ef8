package io.github.usersync.keycloak.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.RateLimitPolicy;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.spi.EventLogChanges;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * A realm's admin events ({@code GET /admin/realms/{realm}/admin-events}) read for incremental
 * runs: users created, updated (incl. enabled/disabled) and deleted, members added to and removed
 * from groups, and groups created, renamed, moved and deleted.
 *
 * <p>Wire format: the Admin REST API reference (https://www.keycloak.org/docs-api/latest/rest-api/index.html,
 * "Get admin events": {@code resourceTypes}, {@code operationTypes}, {@code dateFrom} in epoch
 * milliseconds, inclusive, {@code first}, {@code max}, {@code direction}; {@code
 * AdminEventRepresentation}: {@code id}, {@code time}, {@code operationType}, {@code resourceType},
 * {@code resourcePath}, {@code representation} as a JSON string), and what a Keycloak 26.7.3
 * server answered (this project's fact sheet): {@code users/{id}}, {@code users/{id}/groups/{gid}},
 * {@code groups/{id}}, and {@code groups/{parent}/children} or {@code groups} for a child created
 * or a group moved, whose id is only in the representation. The realm must save admin events
 * ("Save events" under Realm settings, Events, Admin events settings) and the credentials need the
 * realm-management role {@code view-events}.
 */
public final class KeycloakAdminEvents {
  /**
   * How far before the last position the events are read again. Keycloak writes an admin event in
   * the request that made the change, so the window only covers events of requests still running
   * when the log was read and the time of events written by other nodes of a cluster.
   */
  public static final Duration OVERLAP = Duration.ofMinutes(1);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ApiClient api;
  private final Clock clock;
  private final KeycloakErrors errors;
  private final String realm;
  private final int page;

  /** The admin events of the realm {@code api} calls, read {@code page} at a time. */
  public KeycloakAdminEvents(ApiClient api, Clock clock, KeycloakErrors errors, String realm, int page) {
    this.api = api;
    this.page = page;
    this.clock = clock;
    this.errors = errors;
    this.realm = realm;
  }

  /**
   * The realm's events configuration, refused when it does not save admin events.
   *
   * @throws ChangeCursorExpiredException when admin events are off, or reading them is refused
   */
  public JsonNode requireEnabled() {
    JsonNode config;
    try {
      config = api.json(KeycloakRequests.eventsConfig());
    } catch (ApiException e) {
      throw refused(e);
    }
    if (!config.path("adminEventsEnabled").asBoolean(false)) {
      throw new ChangeCursorExpiredException(disabledMessage(), null);
    }
    return config;
  }

  /** Why incremental runs need admin events, and how to turn them on. */
  public String disabledMessage() {
    return "keycloak: realm '" + realm + "' does not save admin events, which incremental runs read for"
        + " deleted users and changed memberships: turn on 'Save events' under Realm settings >"
        + " Events > Admin events settings (adminEventsEnabled; with 'Include representation',"
        + " adminEventsDetailsEnabled). Until then every run is a full sync.";
  }

  /** The position now: the newest admin event's time, else the server's (or local) time. */
  public ChangeCursor start(String provider) {
    requireEnabled();
    ApiResponse r;
    try {
      r = api.send(KeycloakRequests.adminEvents(0, 1).withQuery("direction", "desc"));
    } catch (ApiException e) {
      throw refused(e);
    }
    JsonNode newest = r.json().path(0);
    Instant now = RateLimitPolicy.serverNow(r, clock);
    Instant at = newest.path("time").isNumber() ? Instant.ofEpochMilli(newest.path("time").asLong()) : now;
    return EventLogChanges.cursorAt(provider, at, now);
  }

  /**
   * The changes after {@code cursor}.
   *
   * @throws ChangeCursorExpiredException when admin events are off, reading them is refused, or
   *     the realm expires events older than where the read must start
   */
  public DirectoryChanges changesSince(
      ChangeCursor cursor,
      String provider,
      Function<String, Optional<DirectoryUser>> readUser,
      Function<String, Optional<DirectoryGroup>> readGroup) {
    EventLogChanges log = EventLogChanges.after(cursor, provider, OVERLAP);
    JsonNode config = requireEnabled();
    Instant now = clock.instant();
    long expiration = config.path("adminEventsExpiration").asLong(0);
    if (expiration > 0) {
      log.requireRetained(Duration.ofSeconds(expiration), now,
          "realm '" + realm + "' expires admin events after " + expiration + " s");
    }
    long[] newest = {log.since().toEpochMilli()};
    try {
      Paging.stream(api, KeycloakRequests.adminEvents(log.readFrom().toEpochMilli(), page),
              Paging.offset("first", "max", page, null, Function.identity()))
          .forEach(e -> {
            long t = e.path("time").asLong(-1);
            if (t >= 0) {
              newest[0] = Math.max(newest[0], t);
              record(log, e, Instant.ofEpochMilli(t));
            }
          });
    } catch (ApiException e) {
      throw refused(e);
    }
    // The position is the newest event's time: the server's clock, whatever the local one says.
    Instant at = Instant.ofEpochMilli(newest[0]);
    return log.resolve(readUser, readGroup, at, now);
  }

  private RuntimeException refused(ApiException e) {
    if (e.status() == 403) {
      return new ChangeCursorExpiredException(
          "keycloak: reading the admin events of realm '" + realm + "' was refused (HTTP 403). "
              + errors.missingRole("/admin-events"),
          e);
    }
    return e;
  }

  static void record(EventLogChanges log, JsonNode e, Instant time) {
    String path = e.path("resourcePath").asText("");
    String id = e.path("id").isTextual() ? e.path("id").asText()
        : time.toEpochMilli() + " " + e.path("operationType").asText() + " " + path;
    EventLogChanges.Event event = log.event(id, time);
    String op = e.path("operationType").asText();
    String[] parts = path.split("/", -1);
    switch (e.path("resourceType").asText()) {
      case "USER":
        if (parts.length == 2 && parts[0].equals("users")) {
          if (op.equals("DELETE")) {
            event.userRemoved(parts[1]);
          } else {
            event.userChanged(parts[1]);
          }
        }
        break;
      case "GROUP_MEMBERSHIP":
        if (parts.length == 4 && parts[0].equals("users") && parts[2].equals("groups")) {
          event.membership(parts[3], GroupMember.user(parts[1]), op.equals("CREATE"));
        }
        break;
      case "GROUP":
        if (parts.length == 2 && parts[0].equals("groups")) {
          if (op.equals("DELETE")) {
            event.groupRemoved(parts[1]);
          } else {
            event.groupChanged(parts[1]);
          }
        } else {
          // A child created or a group moved: its id is only in the representation.
          representationId(e).ifPresent(event::groupChanged);
        }
        break;
      default:
        break;
    }
  }

  private static Optional<String> representationId(JsonNode e) {
    JsonNode rep = e.path("representation");
    try {
      JsonNode n = rep.isTextual() ? JSON.readTree(rep.asText()) : rep;
      return n != null && n.path("id").isTextual() ? Optional.of(n.path("id").asText()) : Optional.empty();
    } catch (IOException x) {
      return Optional.empty();
    }
  }

  /** Thrown by the connection check when admin events are off. */
  public DirectoryException disabled() {
    return new DirectoryException(disabledMessage(), null);
  }
}
