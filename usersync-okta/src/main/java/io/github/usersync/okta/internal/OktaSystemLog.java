package io.github.usersync.okta.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.RateLimitPolicy;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.spi.EventLogChanges;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Okta's System Log ({@code GET /api/v1/logs}) read for incremental runs: user deletions,
 * lifecycle changes (create, activate, deactivate, suspend, unsuspend), profile updates, group
 * membership adds and removes, and group creations, renames and deletions, since a log position.
 *
 * <p>Wire format (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/
 * and the Okta Java SDK's {@code SystemLogApi.listLogEvents(since, until, after, filter, q, limit,
 * sortOrder)}): a polling request ({@code since}, no {@code until}) with a {@code filter} on {@code
 * eventType}, {@code sortOrder=ASCENDING}, pages of up to 1,000 events linked by {@code Link:
 * rel="next"} (a polling request always has a next link, so an empty page ends the read); each
 * event has {@code uuid}, {@code published}, {@code eventType}, {@code outcome.result} and {@code
 * target[]} entries with {@code id} and {@code type} ({@code User}, {@code UserGroup}). Okta keeps
 * System Log events for 90 days. Reading the log needs the scope {@code okta.logs.read} (service
 * app) or an admin who can view the System Log (API token).
 */
public final class OktaSystemLog {
  /**
   * How far before the last position the log is read again. Okta documents no figure for how late
   * an event can be written; two minutes covers the delays seen in practice (unconfirmed).
   */
  public static final Duration OVERLAP = Duration.ofMinutes(2);
  /** How long Okta keeps System Log events (its data retention policy: 90 days). */
  public static final Duration RETENTION = Duration.ofDays(90);
  /** The page size asked for: the most Okta returns per page. */
  static final int PAGE = 1000;

  /** Event types that change a user or make it come back. */
  static final Set<String> USER_CHANGED = Set.of(
      "user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.reactivate",
      "user.lifecycle.deactivate", "user.lifecycle.suspend", "user.lifecycle.unsuspend",
      "user.account.update_profile");
  /** Event types that delete a user. */
  static final Set<String> USER_REMOVED = Set.of(
      "user.lifecycle.delete.initiated", "user.lifecycle.delete.completed");
  static final String MEMBER_ADDED = "group.user_membership.add";
  static final String MEMBER_REMOVED = "group.user_membership.remove";
  static final Set<String> GROUP_CHANGED = Set.of("group.lifecycle.create", "group.profile.update");
  static final String GROUP_REMOVED = "group.lifecycle.delete";

  /** The filter: every event type above, nothing else (logins are most of a log). */
  public static final String FILTER = Stream.of(
          USER_CHANGED.stream(), USER_REMOVED.stream(),
          Stream.of(MEMBER_ADDED, MEMBER_REMOVED, GROUP_REMOVED), GROUP_CHANGED.stream())
      .flatMap(s -> s)
      .sorted()
      .map(t -> "eventType eq \"" + t + "\"")
      .collect(Collectors.joining(" or "));

  private final ApiClient client;
  private final Clock clock;

  /** The log of the org {@code client} calls. */
  public OktaSystemLog(ApiClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /**
   * The log position now: the server's time of a one-event read, which also proves the log can be
   * read (a refusal is thrown, and the engine then runs full syncs).
   */
  public ChangeCursor start(String provider) {
    ApiResponse r = send(OktaRequests.systemLog(clock.instant().minus(OVERLAP), FILTER, 1));
    Instant now = RateLimitPolicy.serverNow(r, clock);
    return EventLogChanges.cursorAt(provider, now, now);
  }

  /**
   * The changes after {@code cursor}.
   *
   * @param readUser reads a user by id (empty if gone); users the caller already holds may be
   *     answered without a request
   * @param readGroup reads a group by id (empty if gone)
   * @throws ChangeCursorExpiredException when the log cannot answer: the cursor is older than the
   *     log keeps, or reading the log is refused (scope or admin role missing)
   */
  public DirectoryChanges changesSince(
      ChangeCursor cursor,
      String provider,
      Function<String, Optional<DirectoryUser>> readUser,
      Function<String, Optional<DirectoryGroup>> readGroup) {
    EventLogChanges log = EventLogChanges.after(cursor, provider, OVERLAP);
    AtomicReference<@Nullable Instant> serverNow = new AtomicReference<>();
    PageReader<JsonNode> links = Paging.linkHeader(Function.identity());
    PageReader<JsonNode> pages = (request, response) -> {
      serverNow.compareAndSet(null, RateLimitPolicy.serverNow(response, clock));
      Page<JsonNode> page = links.read(request, response);
      // A polling request always links a next page; an empty page means the log is read up to now.
      return page.items().isEmpty() ? Page.last(new ArrayList<>()) : page;
    };
    try {
      Paging.stream(client, OktaRequests.systemLog(log.readFrom(), FILTER, PAGE), pages)
          .forEach(e -> record(log, e));
    } catch (ApiException e) {
      throw refused(e);
    }
    Instant now = serverNow.get();
    Instant at = now != null ? now : clock.instant();
    log.requireRetained(RETENTION, at, "Okta keeps the System Log 90 days");
    return log.resolve(readUser, readGroup, at, at);
  }

  private ApiResponse send(ApiRequest request) {
    try {
      return client.send(request);
    } catch (ApiException e) {
      throw refused(e);
    }
  }

  /** A refused log read (403, or 400 for a query the log will not answer) means: run full syncs. */
  private static RuntimeException refused(ApiException e) {
    if (e.status() == 403 || e.status() == 400) {
      return new ChangeCursorExpiredException(
          "okta: reading the System Log failed (HTTP " + e.status() + e.errorCode().map(c -> " " + c).orElse("")
              + "), so changes cannot be read from it; " + e.fix().orElse("check the credentials' right to read it")
              + " A full sync runs instead.",
          e);
    }
    return e;
  }

  static void record(EventLogChanges log, JsonNode e) {
    Instant published;
    try {
      published = Instant.parse(e.path("published").asText());
    } catch (DateTimeParseException x) {
      return; // not an event of the documented shape; nothing to apply
    }
    EventLogChanges.Event event = log.event(e.path("uuid").asText(), published);
    if (!"SUCCESS".equals(e.path("outcome").path("result").asText("SUCCESS"))) {
      return; // a failed or denied attempt changed nothing
    }
    String type = e.path("eventType").asText();
    List<String> users = targets(e, "User");
    List<String> groups = targets(e, "UserGroup");
    if (USER_REMOVED.contains(type)) {
      users.forEach(event::userRemoved);
    } else if (USER_CHANGED.contains(type)) {
      users.forEach(event::userChanged);
    } else if (type.equals(MEMBER_ADDED) || type.equals(MEMBER_REMOVED)) {
      for (String g : groups) {
        for (String u : users) {
          event.membership(g, GroupMember.user(u), type.equals(MEMBER_ADDED));
        }
      }
    } else if (GROUP_CHANGED.contains(type)) {
      groups.forEach(event::groupChanged);
    } else if (type.equals(GROUP_REMOVED)) {
      groups.forEach(event::groupRemoved);
    }
  }

  private static List<String> targets(JsonNode e, String type) {
    List<String> out = new ArrayList<>();
    for (JsonNode t : e.path("target")) {
      if (type.equals(t.path("type").asText()) && t.path("id").isTextual()) {
        out.add(t.path("id").asText());
      }
    }
    return out;
  }
}
