package io.github.usersync.google.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.RateLimitPolicy;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.spi.EventLogChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The Admin SDK Reports API's admin activity ({@code GET
 * /admin/reports/v1/activity/users/all/applications/admin}) read for incremental runs: users
 * created, deleted, suspended, unsuspended, renamed or changed, and members added to or removed
 * from groups.
 *
 * <p>Wire format: activities.list (https://developers.google.com/admin-sdk/reports/reference/rest/v1/activities/list:
 * {@code startTime} RFC 3339, {@code maxResults} up to 1,000, {@code nextPageToken}/{@code
 * pageToken}; items with {@code id.time}, {@code id.uniqueQualifier} and {@code events[]} of
 * {@code type}, {@code name} and {@code parameters[]} of {@code name}/{@code value}); event names
 * and parameters from "Admin Audit Activity Events - User Settings" and "- Group Settings"
 * (https://developers.google.com/admin-sdk/reports/v1/appendix/activity/admin-user-settings,
 * .../admin-group-settings: {@code USER_EMAIL}, {@code GROUP_EMAIL}). The events name users and
 * groups by email address: users are re-read by address, and a deleted user's id is found among the
 * users deleted in the last 20 days ({@code users.list?showDeleted=true}). Admin log events are
 * available "near real time (couple of minutes)" and kept 6 months (Google Workspace Admin Help,
 * "Data retention and lag times", https://support.google.com/a/answer/7061566). Needs the scope
 * {@code https://www.googleapis.com/auth/admin.reports.audit.readonly}.
 */
public final class GoogleReportsActivity {
  /** The scope the Reports API needs. */
  public static final String SCOPE = "https://www.googleapis.com/auth/admin.reports.audit.readonly";
  /**
   * How far before the last position the report is read again: Google documents "a couple of
   * minutes" for admin log events and rare longer delays; ten minutes covers the documented lag
   * with room to spare.
   */
  public static final Duration OVERLAP = Duration.ofMinutes(10);
  /** How long Google keeps admin log events: 6 months. */
  public static final Duration RETENTION = Duration.ofDays(180);
  static final int PAGE = 1000;

  private final ApiClient reports;
  private final Clock clock;

  /** The report read through {@code reports}, a client on the Reports API's base URL. */
  public GoogleReportsActivity(ApiClient reports, Clock clock) {
    this.reports = reports;
    this.clock = clock;
  }

  /** The position now: the server's time of a one-event read (which proves the scope). */
  public ChangeCursor start(String provider) {
    ApiResponse r;
    try {
      r = reports.send(GoogleRequests.adminActivity(clock.instant().minus(OVERLAP).toString(), 1));
    } catch (ApiException e) {
      throw refused(e);
    }
    Instant now = RateLimitPolicy.serverNow(r, clock);
    return EventLogChanges.cursorAt(provider, now, now);
  }

  /**
   * The changes after {@code cursor}.
   *
   * @param userByEmail reads a user by primary address (empty if none)
   * @param deletedUsers the recently deleted users, address to id (read only when needed)
   * @throws ChangeCursorExpiredException when the report cannot answer: the cursor is older than
   *     6 months, or the token lacks the Reports scope or the admin the privilege
   */
  public DirectoryChanges changesSince(
      ChangeCursor cursor,
      String provider,
      Function<String, Optional<DirectoryUser>> userByEmail,
      Supplier<Map<String, String>> deletedUsers) {
    EventLogChanges log = EventLogChanges.after(cursor, provider, OVERLAP);
    AtomicReference<@Nullable Instant> serverNow = new AtomicReference<>();
    PageReader<JsonNode> tokens = Paging.tokenInBody("items", "nextPageToken", "pageToken", Function.identity());
    PageReader<JsonNode> pages = (request, response) -> {
      serverNow.compareAndSet(null, RateLimitPolicy.serverNow(response, clock));
      return tokens.read(request, response);
    };
    try {
      Paging.stream(reports, GoogleRequests.adminActivity(log.readFrom().toString(), PAGE), pages)
          .forEach(a -> record(log, a));
    } catch (ApiException e) {
      throw refused(e);
    }
    Instant now = serverNow.get() != null ? serverNow.get() : clock.instant();
    log.requireRetained(RETENTION, now, "Google keeps admin log events 6 months");
    Map<String, Optional<DirectoryUser>> byEmail = new HashMap<>();
    Function<String, Optional<DirectoryUser>> read = e -> byEmail.computeIfAbsent(e, userByEmail);
    DirectoryChanges byAddress = log.resolve(read, null, now, now);
    // The report names users by address: turn addresses into ids.
    Map<String, String> deleted = byAddress.removedUserIds().isEmpty() && byAddress.membershipChanges().isEmpty()
        ? Map.of() : deletedUsers.get();
    DirectoryChanges.Builder out = DirectoryChanges.builder().from(byAddress)
        .removedUserIds(new java.util.ArrayList<>()).membershipChanges(new java.util.ArrayList<>());
    for (String email : byAddress.removedUserIds()) {
      Optional.ofNullable(deleted.get(email)).ifPresent(out::addRemovedUserIds);
    }
    for (MembershipChange c : byAddress.membershipChanges()) {
      String email = c.member().id();
      Optional<String> id = read.apply(email).map(DirectoryUser::id).or(() -> Optional.ofNullable(deleted.get(email)));
      id.ifPresent(i -> out.addMembershipChanges(MembershipChange.of(c.groupId(), GroupMember.user(i), c.added())));
    }
    return out.build();
  }

  private static RuntimeException refused(ApiException e) {
    if (e.status() == 403 || e.status() == 401 || e.status() == 400) {
      return new ChangeCursorExpiredException(
          "google: reading the admin activity report failed (HTTP " + e.status() + "), so changes cannot be read"
              + " from it; grant the scope " + SCOPE + " (add it to the scopes setting and, for a service"
              + " account, to its domain-wide delegation) to an admin with the Reports privilege. A full"
              + " sync runs instead.",
          e);
    }
    return e;
  }

  static void record(EventLogChanges log, JsonNode activity) {
    Instant time;
    try {
      time = Instant.parse(activity.path("id").path("time").asText());
    } catch (DateTimeParseException x) {
      return;
    }
    EventLogChanges.Event event =
        log.event(activity.path("id").path("time").asText() + "/" + activity.path("id").path("uniqueQualifier").asText(), time);
    for (JsonNode e : activity.path("events")) {
      String name = e.path("name").asText();
      String user = parameter(e, "USER_EMAIL");
      String group = parameter(e, "GROUP_EMAIL");
      switch (name) {
        case "DELETE_USER":
          if (user != null) {
            event.userRemoved(user);
          }
          break;
        case "ADD_GROUP_MEMBER":
        case "REMOVE_GROUP_MEMBER":
          if (user != null && group != null) {
            event.membership(group, GroupMember.user(user), name.equals("ADD_GROUP_MEMBER"));
          }
          break;
        case "RENAME_USER":
          if (user != null) {
            event.userRemoved(user); // the old address names no user any more
          }
          String renamed = parameter(e, "NEW_VALUE");
          if (renamed != null) {
            event.userChanged(renamed);
          }
          break;
        default:
          if (user != null && "USER_SETTINGS".equals(e.path("type").asText())) {
            // CREATE_USER, SUSPEND_USER, UNSUSPEND_USER, UNDELETE_USER, CHANGE_FIRST_NAME, ...
            event.userChanged(user);
          }
          break;
      }
    }
  }

  private static @Nullable String parameter(JsonNode event, String name) {
    for (JsonNode p : event.path("parameters")) {
      if (name.equals(p.path("name").asText()) && p.path("value").isTextual()) {
        return p.path("value").asText().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }
}
