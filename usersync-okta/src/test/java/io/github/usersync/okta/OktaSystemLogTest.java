package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.usersync.okta.OktaFixture.ALICE;
import static io.github.usersync.okta.OktaFixture.ENGINEERING;
import static io.github.usersync.okta.OktaFixture.EVERYONE;
import static io.github.usersync.okta.OktaFixture.FIXTURES;
import static io.github.usersync.okta.OktaFixture.KEN;
import static io.github.usersync.okta.OktaFixture.MISSING;
import static io.github.usersync.okta.OktaFixture.RECOVERY;
import static io.github.usersync.okta.OktaFixture.SALES;
import static io.github.usersync.okta.OktaFixture.SERVER_NOW;
import static io.github.usersync.okta.OktaFixture.ZOE;
import static io.github.usersync.okta.OktaFixture.link;
import static io.github.usersync.okta.OktaFixture.okta;
import static io.github.usersync.okta.OktaFixture.oktaError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.spi.EventLogChanges;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.okta.internal.OktaSystemLog;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incremental runs from the System Log. Wire format from Okta's System Log API reference
 * (https://developer.okta.com/docs/api/openapi/okta-management/management/tag/SystemLog/: {@code
 * since}, {@code filter}, {@code limit}, {@code sortOrder}, {@code after} in the {@code Link: rel="next"}
 * URL; LogEvent fields {@code uuid}, {@code published}, {@code eventType}, {@code outcome.result},
 * {@code target[].id/type}) and the Okta Java SDK's {@code SystemLogApi.listLogEvents}; the event
 * types from Okta's Event Types catalogue (https://developer.okta.com/docs/reference/api/event-types/);
 * the rate-limit headers from https://developer.okta.com/docs/reference/rl-best-practices/.
 * Fixtures {@code logs_page1/2}: a delete, a membership removal, a deactivation; then that
 * deactivation again (duplicate), a membership add, a denied removal, a group rename and an
 * activation of a user Okta no longer has; page 1 starts with an event older than the cursor.
 */
class OktaSystemLogTest {
  @RegisterExtension
  static WireMockExtension wm = OktaFixture.server();

  private final OktaFixture.RecordingSleeper sleeper = new OktaFixture.RecordingSleeper();
  private static final String SINCE = "2024-03-01T11:58:00.000Z"; // the cursor (12:00) less the overlap

  private static ChangeCursor cursorAtNoon() {
    return EventLogChanges.cursorAt("okta", SERVER_NOW, SERVER_NOW);
  }

  /** The log after noon: page 1, page 2, then the empty page that ends a polling read. */
  private void stubLog() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).withQueryParam("since", equalTo(SINCE))
        .withQueryParam("after", com.github.tomakehurst.wiremock.client.WireMock.absent())
        .willReturn(okta(FIXTURES.json("logs", "page1")).withHeader("Link",
            link(wm, "/api/v1/logs?since=" + SINCE + "&limit=1000&after=1709294283000_1", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).withQueryParam("after", equalTo("1709294283000_1"))
        .willReturn(okta(FIXTURES.json("logs", "page2")).withHeader("Link",
            link(wm, "/api/v1/logs?since=" + SINCE + "&limit=1000&after=1709294287000_1", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).withQueryParam("after", equalTo("1709294287000_1"))
        .willReturn(okta("[]").withHeader("Link",
            link(wm, "/api/v1/logs?since=" + SINCE + "&limit=1000&after=1709294287000_1", "next"))));
  }

  /** Okta after the logged changes: Ken deactivated, Engineering renamed, Alice out of it, Rita in Sales. */
  private void stubOrgAfterChanges() {
    ObjectNode ken = (ObjectNode) OktaFixture.allUsers().stream().filter(u -> u.get("id").asText().equals(KEN))
        .findFirst().orElseThrow().deepCopy();
    ken.put("status", "DEPROVISIONED");
    wm.stubFor(get("/api/v1/users/" + KEN).willReturn(okta(ken.toString())));
    wm.stubFor(get("/api/v1/groups/" + ENGINEERING).willReturn(okta(FIXTURES.json("group", "renamed"))));
    ArrayNode groups = (ArrayNode) OktaFixture.tree(FIXTURES.json("groups", "page1"));
    groups.set(0, OktaFixture.tree(FIXTURES.json("group", "renamed")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups"))
        .withQueryParam("after", com.github.tomakehurst.wiremock.client.WireMock.absent())
        .willReturn(okta(groups.toString()).withHeader("Link",
            link(wm, "/api/v1/groups?after=" + EVERYONE + "&limit=200", "next"))));
    JsonNode everyone = groups.get(1);
    JsonNode sales = OktaFixture.tree(FIXTURES.json("groups", "page2")).get(0);
    wm.stubFor(get("/api/v1/users/" + ALICE + "/groups").willReturn(okta("[" + everyone + "]")));
    wm.stubFor(get("/api/v1/users/" + KEN + "/groups").willReturn(okta("[" + groups.get(0) + "," + everyone + "]")));
    wm.stubFor(get("/api/v1/users/" + RECOVERY + "/groups").willReturn(okta("[" + everyone + "," + sales + "]")));
    // No user's lastUpdated moved apart from those the log names.
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("filter", equalTo("lastUpdated gt \"" + SINCE + "\""))
        .willReturn(okta("[]")));
  }

  @Test
  void readsDeletionsDeactivationsMembershipsAndRenamesFromTheLogInOrderOnce() {
    OktaFixture.stubOrg(wm);
    stubLog();
    stubOrgAfterChanges();

    DirectoryChanges changes = OktaFixture.directory(wm, sleeper).changesSince(cursorAtNoon(), UserQuery.standard());

    assertThat(changes.removedUserIds()).containsExactly(ZOE, MISSING);
    assertThat(changes.changedUsers()).extracting(DirectoryUser::id).containsExactly(KEN);
    assertThat(changes.changedUsers().get(0).active()).isFalse();
    assertThat(changes.membershipChanges()).containsExactly(
        MembershipChange.of(ENGINEERING, GroupMember.user(ALICE), false),
        MembershipChange.of(SALES, GroupMember.user(RECOVERY), true));
    assertThat(changes.changedGroups()).extracting(DirectoryGroup::name).containsExactly("Product Engineering");
    assertThat(changes.membershipsTracked()).isTrue();
    // The duplicate deactivation re-read Ken once; the event older than the cursor (Alice deleted) was not applied.
    wm.verify(1, getRequestedFor(urlPathEqualTo("/api/v1/users/" + KEN)));
    assertThat(changes.removedUserIds()).doesNotContain(ALICE);
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/logs"))
        .withQueryParam("since", equalTo(SINCE))
        .withQueryParam("limit", equalTo("1000"))
        .withQueryParam("sortOrder", equalTo("ASCENDING"))
        .withQueryParam("filter", matching(".*eventType eq \"group.user_membership.remove\".*")));
    // Read again from the next cursor, the same log applies nothing twice.
    EventLogChanges next = EventLogChanges.after(changes.nextCursor(), "okta", OktaSystemLog.OVERLAP);
    assertThat(next.since()).isEqualTo(SERVER_NOW);
    assertThat(next.event("0f3d1c2b-1111-11ef-9a1b-aaaaaaaaaaa4", Instant.parse("2024-03-01T11:58:04Z")).applies()).isFalse();
  }

  @Test
  void deletionsDeactivationsMembershipsAndRenamesReachThePlanOfAnIncrementalRun() {
    OktaFixture.stubOrg(wm);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(OktaFixture.directory(wm, sleeper), host)
        .policy(SyncPolicy.builder().maxDestructivePercent(100).build())
        .name("okta-incremental")
        .build();
    SyncReport full = sync.run();
    assertThat(full.mode()).isEqualTo(SyncMode.FULL);
    assertThat(full.success()).as(full.toText()).isTrue();
    assertThat(host.userByExternalId(ZOE)).hasValueSatisfying(u -> assertThat(u.active()).isTrue());
    assertThat(host.groupsOfUser(host.userByExternalId(ALICE).orElseThrow().key())).contains("Engineering");

    stubLog();
    stubOrgAfterChanges();
    wm.resetRequests();
    SyncReport incremental = sync.run();

    assertThat(incremental.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(incremental.success()).as(incremental.toText()).isTrue();
    List<String> planned = incremental.plan().changes().stream().map(ChangeOutcome::change)
        .map(c -> c.type() + " " + c.subject() + c.group().map(g -> " " + g).orElse(""))
        .collect(Collectors.toList());
    assertThat(planned).contains(
        ChangeType.RENAME_GROUP + " Engineering",
        ChangeType.DEACTIVATE_USER + " zoe.angstrom@example.com",
        ChangeType.DEACTIVATE_USER + " ken.watanabe@example.jp",
        ChangeType.REMOVE_MEMBERSHIP + " alice.anders@example.com Product Engineering",
        ChangeType.ADD_MEMBERSHIP + " rita.recovery@example.com Sales (AD)");
    assertThat(host.groups().map(g -> g.name())).contains("Product Engineering").doesNotContain("Engineering");
    assertThat(host.userByExternalId(ZOE)).hasValueSatisfying(u -> assertThat(u.active()).isFalse());
    assertThat(host.userByExternalId(KEN)).hasValueSatisfying(u -> assertThat(u.active()).isFalse());
    assertThat(host.userByExternalId(ALICE)).hasValueSatisfying(u -> assertThat(u.active()).isTrue());
    assertThat(host.groupsOfUser(host.userByExternalId(ALICE).orElseThrow().key())).doesNotContain("Product Engineering");
    assertThat(host.groupsOfUser(host.userByExternalId(RECOVERY).orElseThrow().key())).contains("Sales (AD)");
    // Memberships were re-read for the users named, not by listing every group's members.
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users")));
    System.out.println("okta incremental run with 8 log events: " + incremental.directoryRequests());
  }

  @Test
  void aNoChangeIncrementalRunCostsAHandfulOfRequests() {
    OktaFixture.stubOrg(wm);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(OktaFixture.directory(wm, sleeper), host).name("okta-quiet").build();
    assertThat(sync.run().success()).isTrue();
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("filter", matching("lastUpdated gt \"2024-03-01T11:58.*"))
        .willReturn(okta("[]")));

    SyncReport quiet = sync.run();

    assertThat(quiet.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(quiet.plan().changes()).isEmpty();
    // The log (one empty page), users updated since (one), the group list (two pages).
    System.out.println("okta no-change incremental run: " + quiet.directoryRequests());
    assertThat(quiet.directoryRequests().requests()).isLessThanOrEqualTo(4);
  }

  @Test
  void aThrottledLogReadWaitsForOktasResetAndGoesOn() {
    OktaFixture.stubOrg(wm);
    stubOrgAfterChanges();
    stubLog();
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).withQueryParam("since", equalTo(SINCE))
        .inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(okta(FIXTURES.json("error", "rate-limit"), 0, SERVER_NOW.plusSeconds(30)).withStatus(429))
        .willSetStateTo("after"));

    DirectoryChanges changes = OktaFixture.directory(wm, sleeper).changesSince(cursorAtNoon(), UserQuery.standard());

    assertThat(changes.removedUserIds()).contains(ZOE);
    assertThat(sleeper.waits).anySatisfy(w -> assertThat(w).isGreaterThanOrEqualTo(Duration.ofSeconds(30)));
  }

  @Test
  void aRefusedLogOrAnExpiredCursorAsksForAFullSyncAndTheCheckNamesTheScope() {
    OktaFixture.stubOrg(wm);
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(oktaError(403, "forbidden")));
    OktaDirectory d = OktaFixture.directory(wm, sleeper);

    assertThatThrownBy(() -> d.changesSince(cursorAtNoon(), UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("System Log").hasMessageContaining("full sync");
    assertThatThrownBy(() -> d.startChangeTracking(UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class);
    ConnectionReport report = d.checkConnection();
    EndpointCheck log = report.checks().stream().filter(c -> c.name().equals("system log")).findFirst().orElseThrow();
    assertThat(log.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(log.fix()).hasValueSatisfying(f -> assertThat(f).contains("System Log").contains("full sync"));

    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okta("[]")));
    ChangeCursor old = EventLogChanges.cursorAt("okta", SERVER_NOW.minus(Duration.ofDays(91)), SERVER_NOW);
    assertThatThrownBy(() -> d.changesSince(old, UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class).hasMessageContaining("90 days");
  }

  @Test
  void aFullRunWhoseLogIsRefusedNotesItAndTheNextRunIsFullToo() {
    OktaFixture.stubOrg(wm);
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(oktaError(403, "forbidden")));
    UserSync sync = UserSync.builder(OktaFixture.directory(wm, sleeper), InMemoryTarget.create()).name("okta-nolog").build();

    SyncReport first = sync.run();
    SyncReport second = sync.run();

    assertThat(first.success()).as(first.toText()).isTrue();
    assertThat(first.plan().notes()).anySatisfy(n -> assertThat(n).contains("could not start change tracking"));
    assertThat(second.mode()).isEqualTo(SyncMode.FULL);
  }
}
