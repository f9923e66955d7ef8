package io.github.usersync.onelogin;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.onelogin.OneLoginStubs.FIXTURES;
import static io.github.usersync.onelogin.OneLoginStubs.json;
import static io.github.usersync.onelogin.OneLoginStubs.page;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.spi.EventLogChanges;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incremental reads from OneLogin's Events API. Wire format: "Get Events"
 * (https://developers.onelogin.com/api-docs/1/events/get-events: {@code event_type_id}, {@code
 * since}, v1 envelope with {@code pagination.after_cursor}), "Event Resource and Types"
 * (https://developers.onelogin.com/api-docs/1/events/event-resource: {@code id}, {@code
 * created_at}, {@code user_id}, {@code role_id}, ...), "Get Event Types"
 * (https://developers.onelogin.com/api-docs/1/events/event-types: ids 1 to 5 as documented; {@code
 * USER_REMOVED_ROLE} 14 and {@code USER_DELETED} 17 are this fixture's assumption, not confirmed),
 * rate-limit headers from https://developers.onelogin.com/api-docs/2/oauth20-tokens/get-rate-limit.
 * Fixtures: a role assigned (then the same event again on page 2, and an assignment for a user
 * OneLogin no longer has), a role removed, a user deleted, and a deletion older than the cursor.
 */
class OneLoginEventsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final Instant NOON = Instant.parse("2024-05-02T10:05:00Z");
  private static final String SINCE = "2024-05-02T10:00:00Z";
  private final OneLoginStubs.RecordingSleeper sleeper = new OneLoginStubs.RecordingSleeper();

  private OneLoginDirectory directory() {
    return OneLoginDirectory.create(OneLoginStubs.settings(wm).build(),
        ConnectorOptions.builder().sleeper(sleeper).clock(Clock.fixed(NOON, ZoneOffset.UTC)).build());
  }

  private void stubEventTypes() {
    wm.stubFor(get(urlPathEqualTo("/api/1/events/types")).willReturn(json(FIXTURES.json("event-types", "all"))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).willReturn(json(FIXTURES.json("events", "empty"))));
  }

  private void stubEvents() {
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).withQueryParam("event_type_id", equalTo("4"))
        .withQueryParam("after_cursor", absent())
        .willReturn(json(FIXTURES.json("events", "assigned-page1"))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).withQueryParam("event_type_id", equalTo("4"))
        .withQueryParam("after_cursor", equalTo("ZXZlbnRzLXBhZ2UtMg"))
        .willReturn(json(FIXTURES.json("events", "assigned-page2"))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).withQueryParam("event_type_id", equalTo("14"))
        .willReturn(json(FIXTURES.json("events", "removed"))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).withQueryParam("event_type_id", equalTo("17"))
        .willReturn(json(FIXTURES.json("events", "deleted"))));
    wm.stubFor(get(urlPathEqualTo("/api/2/users")).withQueryParam("updated_since", equalTo(SINCE))
        .willReturn(page("[]", null, 4000, 1, 1)));
  }

  private static ChangeCursor cursor() {
    return EventLogChanges.cursorAt("onelogin", NOON, NOON);
  }

  @Test
  void readsDeletionsAndRoleChangesOncePerEventInOrder() {
    OneLoginStubs.token(wm);
    stubEventTypes();
    stubEvents();
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).withQueryParam("event_type_id", equalTo("4"))
        .withQueryParam("after_cursor", absent()).inScenario("429").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(json(FIXTURES.json("error", "429")).withStatus(429).withHeader("X-RateLimit-Limit", "5000")
            .withHeader("X-RateLimit-Remaining", "0").withHeader("X-RateLimit-Reset", "12"))
        .willSetStateTo("ok"));

    DirectoryChanges changes = directory().changesSince(cursor(), UserQuery.standard());

    assertThat(changes.removedUserIds()).containsExactly("36216772");
    assertThat(changes.membershipChanges()).containsExactly(
        MembershipChange.of("role:272445", GroupMember.user("36216767"), true),
        MembershipChange.of("role:199848", GroupMember.user("99999999"), true),
        MembershipChange.of("role:199848", GroupMember.user("36216766"), false));
    assertThat(changes.changedUsers()).isEmpty();
    assertThat(sleeper.waits).contains(Duration.ofSeconds(12));
    // Types that are neither deletions nor role changes (logins, apps) are not read.
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/1/events")).withQueryParam("event_type_id", equalTo("5")));
    wm.verify(getRequestedFor(urlPathEqualTo("/api/1/events")).withQueryParam("since", equalTo(SINCE)));
  }

  @Test
  void deletionsAndRoleChangesReachThePlanOfAnIncrementalRun() throws Exception {
    OneLoginStubs.all(wm);
    stubEventTypes();
    OneLoginDirectory d = directory();
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(d, host).policy(SyncPolicy.builder().maxDestructivePercent(100).build())
        .name("onelogin-incremental").build();
    SyncReport full = sync.run();
    assertThat(full.success()).as(full.toText()).isTrue();
    assertThat(host.userByExternalId("36216772")).hasValueSatisfying(u -> assertThat(u.active()).isTrue());

    stubEvents();
    ObjectMapper m = new ObjectMapper();
    ObjectNode kelly = (ObjectNode) m.readTree(FIXTURES.json("user", "36216766"));
    kelly.putArray("role_ids").add(272445);
    wm.stubFor(get("/api/2/users/36216766").willReturn(json(kelly.toString())));
    ObjectNode stephanie = (ObjectNode) m.readTree(FIXTURES.json("user", "36216767"));
    stephanie.putArray("role_ids").add(199848).add(272445);
    wm.stubFor(get("/api/2/users/36216767").willReturn(json(stephanie.toString())));
    wm.stubFor(get("/api/2/users/36216772").willReturn(json(FIXTURES.json("error", "404")).withStatus(404)));
    SyncReport incremental = sync.run();

    assertThat(incremental.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(incremental.success()).as(incremental.toText()).isTrue();
    List<Change> planned = incremental.plan().changes().stream().map(ChangeOutcome::change).collect(Collectors.toList());
    assertThat(planned).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.DEACTIVATE_USER);
      assertThat(c.externalId()).contains("36216772");
    });
    assertThat(planned).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.REMOVE_MEMBERSHIP);
      assertThat(c.externalId()).contains("36216766");
    });
    assertThat(planned).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.ADD_MEMBERSHIP);
      assertThat(c.externalId()).contains("36216767");
    });
    assertThat(host.userByExternalId("36216772")).hasValueSatisfying(u -> assertThat(u.active()).isFalse());
    System.out.println("onelogin incremental run (1 deletion, 2 role changes): " + incremental.directoryRequests());

    wm.stubFor(get(urlPathEqualTo("/api/1/events")).willReturn(json(FIXTURES.json("events", "empty"))));
    wm.stubFor(get(urlPathEqualTo("/api/2/users")).withQueryParam("updated_since", equalTo("2024-05-02T10:00:00Z"))
        .willReturn(page("[]", null, 4000, 1, 1)));
    SyncReport quiet = sync.run();
    assertThat(quiet.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(quiet.plan().changes()).isEmpty();
    System.out.println("onelogin no-change incremental run: " + quiet.directoryRequests());
  }

  @Test
  void credentialsThatCannotReadEventsAskForAFullSync() {
    OneLoginStubs.token(wm);
    wm.stubFor(get(urlPathEqualTo("/api/1/events/types")).willReturn(json(FIXTURES.json("error", "401-insufficient")).withStatus(401)));
    wm.stubFor(get(urlPathEqualTo("/api/2/users")).willReturn(page("[]", null, 4000, 1, 1)));
    OneLoginDirectory d = directory();

    assertThatThrownBy(() -> d.changesSince(cursor(), UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class).hasMessageContaining("Read All").hasMessageContaining("full sync");
    assertThatThrownBy(() -> d.startChangeTracking(UserQuery.standard())).isInstanceOf(ChangeCursorExpiredException.class);
  }
}
