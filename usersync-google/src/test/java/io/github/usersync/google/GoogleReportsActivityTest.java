package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.google.GoogleTestSupport.ALICE;
import static io.github.usersync.google.GoogleTestSupport.API;
import static io.github.usersync.google.GoogleTestSupport.BOB;
import static io.github.usersync.google.GoogleTestSupport.CAROL;
import static io.github.usersync.google.GoogleTestSupport.fixture;
import static io.github.usersync.google.GoogleTestSupport.googleJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.spi.EventLogChanges;
import io.github.usersync.core.spi.UserQuery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incremental reads from the Reports API's admin activity. Wire format: activities.list
 * (https://developers.google.com/admin-sdk/reports/reference/rest/v1/activities/list: {@code
 * startTime}, {@code maxResults}, {@code nextPageToken}/{@code pageToken}, activity {@code id.time}
 * and {@code id.uniqueQualifier}, events with {@code type}, {@code name}, {@code parameters}),
 * event names and parameters from "Admin Audit Activity Events - User Settings / Group Settings"
 * (https://developers.google.com/admin-sdk/reports/v1/appendix/activity/admin-group-settings:
 * {@code ADD_GROUP_MEMBER}, {@code REMOVE_GROUP_MEMBER} with {@code GROUP_EMAIL}, {@code
 * USER_EMAIL}), users.list {@code showDeleted} for deleted users' ids, the lag figure from
 * https://support.google.com/a/answer/7061566 ("Admin log events: near real time (couple of
 * minutes)"). Fixtures {@code activities_page1/2}, newest first: a membership removed, a user
 * deleted, a user suspended; then the deletion again (duplicate), the same member added earlier,
 * a change to a user Google no longer has, and a deletion older than the cursor.
 */
class GoogleReportsActivityTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final String REPORTS = "/admin/reports/v1/activity/users/all/applications/admin";
  private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
  private final List<Duration> waits = new ArrayList<>();

  private GoogleDirectory directory() {
    return GoogleTestSupport.directory(wm, waits::add);
  }

  @Test
  void readsDeletionsSuspensionsAndMembershipsFromTheReportInLogOrder() {
    GoogleTestSupport.stubToken(wm);
    wm.stubFor(get(urlPathEqualTo(REPORTS)).withQueryParam("pageToken", absent())
        .willReturn(okJson(fixture("activities", "page1"))));
    wm.stubFor(get(urlPathEqualTo(REPORTS)).withQueryParam("pageToken", absent())
        .inScenario("quota").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(googleJson(429, "error", "rateLimitExceeded")).willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo(REPORTS)).withQueryParam("pageToken", equalTo("A:1764756060789000:-1122334455:admin:C01abcd2e"))
        .willReturn(okJson(fixture("activities", "page2"))));
    ObjectNode alice = (ObjectNode) GoogleTestSupport.read(fixture("users", "page1")).path("users").get(0).deepCopy();
    alice.put("suspended", true);
    wm.stubFor(get(urlPathEqualTo(API + "/users/alice%40example.com")).willReturn(okJson(alice.toString())));
    wm.stubFor(get(urlPathEqualTo(API + "/users/carol%40example.com")).willReturn(okJson(
        GoogleTestSupport.read(fixture("users", "page1")).path("users").get(2).toString())));
    wm.stubFor(get(urlPathEqualTo(API + "/users/gone%40example.com")).willReturn(googleJson(404, "error", "notFound")));
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("showDeleted", equalTo("true"))
        .willReturn(okJson("{\"kind\":\"admin#directory#users\",\"users\":[{\"id\":\"" + BOB + "\",\"primaryEmail\":\"bob@example.com\"}]}")));

    DirectoryChanges changes = directory().changesSince(EventLogChanges.cursorAt("google", T0, T0), UserQuery.standard());

    assertThat(changes.removedUserIds()).containsExactly(BOB);
    assertThat(changes.changedUsers()).extracting(DirectoryUser::id).containsExactly(ALICE);
    assertThat(changes.changedUsers().get(0).active()).isFalse();
    // Added at 10:00:30, removed at 10:03: the removal stands.
    assertThat(changes.membershipChanges())
        .containsExactly(MembershipChange.of("engineering@example.com", GroupMember.user(CAROL), false));
    assertThat(waits).isNotEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo(REPORTS)).withQueryParam("startTime", equalTo("2026-12-03T09:50:00Z"))
        .withQueryParam("maxResults", equalTo("1000")));
    // Alice is re-read once, though the report names her twice (the older deletion is skipped).
    wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/users/alice%40example.com")));
  }

  @Test
  void aNoChangeReadCostsOneRequestAndAMissingScopeAsksForAFullSync() {
    GoogleTestSupport.stubToken(wm);
    wm.stubFor(get(urlPathEqualTo(REPORTS)).willReturn(okJson(fixture("activities", "empty"))));
    GoogleDirectory d = directory();
    d.changesSince(EventLogChanges.cursorAt("google", T0, T0), UserQuery.standard()); // fetches the token
    long before = d.requestStats().requests();
    DirectoryChanges none = d.changesSince(EventLogChanges.cursorAt("google", T0, T0), UserQuery.standard());
    assertThat(none.changedUsers()).isEmpty();
    assertThat(d.requestStats().requests() - before).isEqualTo(1);

    wm.stubFor(get(urlPathEqualTo(REPORTS)).willReturn(googleJson(403, "error", "insufficientPermissions")));
    ChangeCursor cursor = EventLogChanges.cursorAt("google", T0, T0);
    assertThatThrownBy(() -> d.changesSince(cursor, UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("admin.reports.audit.readonly").hasMessageContaining("full sync");
    assertThat(d.checkConnection().checks()).anySatisfy(c -> {
      assertThat(c.name()).isEqualTo("admin activity");
      assertThat(c.problem()).hasValueSatisfying(p -> assertThat(p).contains("admin.reports.audit.readonly"));
    });
  }

  @Test
  void deletionsSuspensionsMembershipsAndRenamesReachThePlanOfAnIncrementalRun() {
    GoogleTestSupport.stubDirectory(wm);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory(), host)
        // Direct memberships: Platform is nested in Engineering, so Alice stays in it transitively.
        .policy(SyncPolicy.builder().membership(io.github.usersync.core.model.Membership.DIRECT)
            .maxDestructivePercent(100).build())
        .name("google-incremental").build();
    SyncReport full = sync.run();
    assertThat(full.success()).as(full.toText()).isTrue();
    assertThat(host.userByExternalId(GoogleTestSupport.FRANK))
        .as(host.users().map(u -> u.externalId() + " " + u.username()).collect(Collectors.toList()).toString())
        .hasValueSatisfying(u -> assertThat(u.active()).isTrue());

    // The activity is dated in the future, so it lies after the cursor whatever the clock says.
    wm.stubFor(get(urlPathEqualTo(REPORTS)).willReturn(okJson(fixture("activities", "sync"))));
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("showDeleted", equalTo("true"))
        .willReturn(okJson("{\"kind\":\"admin#directory#users\",\"users\":[{\"id\":\"" + GoogleTestSupport.FRANK
            + "\",\"primaryEmail\":\"frank@example.com\"}]}")));
    JsonNode users1 = GoogleTestSupport.read(fixture("users", "page1")).path("users");
    wm.stubFor(get(urlPathEqualTo(API + "/users/alice%40example.com")).willReturn(okJson(users1.get(0).toString())));
    ObjectNode erin = (ObjectNode) GoogleTestSupport.read(fixture("users", "page2")).path("users").get(1).deepCopy();
    erin.put("suspended", true);
    wm.stubFor(get(urlPathEqualTo(API + "/users/erin%40example.com")).willReturn(okJson(erin.toString())));
    ArrayNode ofAlice = (ArrayNode) GoogleTestSupport.read(fixture("groups", "ofAlice")).path("groups").deepCopy();
    ofAlice.remove(0); // no longer in Engineering
    ((ObjectNode) ofAlice.get(0)).put("name", "Platform Team");
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("userKey", equalTo(ALICE))
        .willReturn(okJson("{\"kind\":\"admin#directory#groups\",\"groups\":" + ofAlice + "}")));
    ObjectNode groups1 = (ObjectNode) GoogleTestSupport.read(fixture("groups", "page1")).deepCopy();
    ((ObjectNode) groups1.path("groups").get(1)).put("name", "Platform Team");
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", absent()).willReturn(okJson(groups1.toString())));

    SyncReport incremental = sync.run();

    assertThat(incremental.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(incremental.success()).as(incremental.toText()).isTrue();
    List<Change> planned = incremental.plan().changes().stream().map(ChangeOutcome::change).collect(Collectors.toList());
    assertThat(planned).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.DEACTIVATE_USER);
      assertThat(c.externalId()).contains(GoogleTestSupport.FRANK);
    });
    assertThat(planned).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.DEACTIVATE_USER);
      assertThat(c.externalId()).contains(GoogleTestSupport.ERIN);
    });
    assertThat(planned).anySatisfy(c -> {
      assertThat(c.type()).isEqualTo(ChangeType.REMOVE_MEMBERSHIP);
      assertThat(c.externalId()).contains(ALICE);
      assertThat(c.group()).contains("Engineering");
    });
    assertThat(planned).anySatisfy(c -> assertThat(c.type()).isEqualTo(ChangeType.RENAME_GROUP));
    System.out.println("google incremental run (4 admin events): " + incremental.directoryRequests());

    wm.stubFor(get(urlPathEqualTo(REPORTS)).willReturn(okJson(fixture("activities", "empty"))));
    SyncReport quiet = sync.run();
    assertThat(quiet.mode()).isEqualTo(SyncMode.INCREMENTAL);
    System.out.println("google no-change incremental run: " + quiet.directoryRequests());
  }
}
