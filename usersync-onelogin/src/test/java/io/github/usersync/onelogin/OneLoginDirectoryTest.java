package io.github.usersync.onelogin;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.onelogin.OneLoginStubs.FIXTURES;
import static io.github.usersync.onelogin.OneLoginStubs.USERS_CURSOR_2;
import static io.github.usersync.onelogin.OneLoginStubs.USERS_CURSOR_3;
import static io.github.usersync.onelogin.OneLoginStubs.json;
import static io.github.usersync.onelogin.OneLoginStubs.page;
import static io.github.usersync.onelogin.OneLoginStubs.usersPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.ThrottledException;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.UserQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OneLoginDirectoryTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final OneLoginStubs.RecordingSleeper sleeper = new OneLoginStubs.RecordingSleeper();
  private final List<OneLoginDirectory> opened = new ArrayList<>();

  @AfterEach
  void close() {
    opened.forEach(OneLoginDirectory::close);
  }

  private OneLoginDirectory directory(OneLoginSettings.Builder settings) {
    return directory(settings, Clock.systemUTC());
  }

  private OneLoginDirectory directory(OneLoginSettings.Builder settings, Clock clock) {
    OneLoginDirectory d =
        OneLoginDirectory.create(settings.build(), ConnectorOptions.builder().sleeper(sleeper).clock(clock).build());
    opened.add(d);
    return d;
  }

  private OneLoginDirectory directory() {
    return directory(OneLoginStubs.settings(wm));
  }

  private static DirectoryUser userIn(Map<String, DirectoryUser> users, String id) {
    return Objects.requireNonNull(users.get(id), id);
  }

  private static Map<String, DirectoryUser> byId(List<DirectoryUser> users) {
    return users.stream().collect(Collectors.toMap(DirectoryUser::id, Function.identity()));
  }

  // ---- users ----

  @Test
  void listsUsersAcrossThreeCursorPagesWithTheTokenAndTheCursors() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);

    List<String> ids = directory().users(UserQuery.standard()).map(DirectoryUser::id).collect(Collectors.toList());

    assertThat(ids).containsExactlyElementsOf(OneLoginStubs.USER_IDS);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/auth/oauth2/v2/token"))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=" + OneLoginStubs.CLIENT_ID))
            .withRequestBody(containing("client_secret=" + OneLoginStubs.CLIENT_SECRET)));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/2/users"))
            .withQueryParam("cursor", absent())
            .withQueryParam("limit", equalTo("100"))
            .withQueryParam("fields", containing("manager_user_id"))
            .withQueryParam("fields", containing("custom_attributes"))
            .withHeader("Authorization", equalTo("Bearer " + OneLoginStubs.TOKEN)));
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/2/users"))
            .withQueryParam("cursor", equalTo(USERS_CURSOR_2))
            .withQueryParam("limit", equalTo("100")));
    wm.verify(getRequestedFor(urlPathEqualTo("/api/2/users")).withQueryParam("cursor", equalTo(USERS_CURSOR_3)));
    wm.verify(3, getRequestedFor(urlPathEqualTo("/api/2/users")));
  }

  @Test
  void mapsOneLoginsUserRecord() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);

    Map<String, DirectoryUser> users = byId(directory().users(UserQuery.standard()).collect(Collectors.toList()));

    DirectoryUser kelly = userIn(users, "36216766");
    assertThat(kelly.username()).isEqualTo("kellyslater");
    assertThat(kelly.email()).contains("kelly.slater@example.com");
    assertThat(kelly.givenName()).contains("Kelly");
    assertThat(kelly.familyName()).contains("Slater");
    assertThat(kelly.displayName()).contains("Kelly Slater");
    assertThat(kelly.active()).isTrue();
    assertThat(kelly.managerId()).isEmpty();
    assertThat(kelly.raw().path("custom_attributes").path("employeenumber").asText()).isEqualTo("E-1001");
    assertThat(kelly.raw().path("department").asText()).isEqualTo("Waves");

    DirectoryUser stephanie = userIn(users, "36216767");
    assertThat(stephanie.givenName()).contains("Stéphanie");
    assertThat(stephanie.active()).as("status 3 Locked").isTrue();
    assertThat(stephanie.managerId()).contains("36216766");

    DirectoryUser carissa = userIn(users, "36216768");
    assertThat(carissa.username()).as("no username: the email signs in").isEqualTo("carissa.moore@example.com");
    assertThat(carissa.active()).as("status 2 Suspended").isFalse();

    assertThat(userIn(users, "36216769").active()).as("state 3 Unlicensed").isFalse();
    assertThat(userIn(users, "36216770").active()).as("status 7 Password pending").isTrue();
    assertThat(userIn(users, "36216771").active()).as("status 0 Unactivated").isFalse();
  }

  @Test
  void hidesInactiveUsersOnlyWhenAsked() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);

    List<String> active =
        directory().users(UserQuery.builder().includeDeactivated(false).build())
            .map(DirectoryUser::id)
            .collect(Collectors.toList());

    assertThat(active).containsExactly("36216766", "36216767", "36216770", "36216772");
  }

  @Test
  void asksOnlyForTheFieldsTheQueryNames() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);
    UserQuery query = UserQuery.builder().addAttributes("custom_attributes.employeenumber", "department").build();

    assertThat(directory().users(query).count()).isEqualTo(7);

    wm.verify(
        3,
        getRequestedFor(urlPathEqualTo("/api/2/users"))
            .withQueryParam(
                "fields",
                equalTo("id,username,email,firstname,lastname,status,state,manager_user_id,custom_attributes,department")));
  }

  @Test
  void readsOneUserAndTreatsUnknownIdsAsAbsent() {
    OneLoginStubs.token(wm);
    OneLoginStubs.singleUsers(wm);
    OneLoginDirectory d = directory();

    DirectoryUser stephanie = d.user("36216767", UserQuery.standard()).orElseThrow();
    assertThat(stephanie.username()).isEqualTo("stephanie.gilmore");
    assertThat(stephanie.managerId()).contains("36216766");
    assertThat(stephanie.raw().path("role_ids").get(0).asLong()).isEqualTo(199848L);
    assertThat(d.user("99999999", UserQuery.standard())).isEmpty();
    assertThat(d.user("not-a-number", UserQuery.standard())).isEmpty();

    wm.verify(getRequestedFor(urlEqualTo("/api/2/users/36216767")).withHeader("Authorization", equalTo("Bearer " + OneLoginStubs.TOKEN)));
    wm.verify(1, getRequestedFor(urlEqualTo("/api/2/users/99999999")));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/2/users/not-a-number")));
  }

  @Test
  void findsAUserByExactEmail() {
    OneLoginStubs.token(wm);
    wm.stubFor(
        get(urlPathEqualTo("/api/2/users"))
            .withQueryParam("email", equalTo("kelly.slater@example.com"))
            .willReturn(page(FIXTURES.json("users", "by-email"), null, 4000, 1, 1)));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/users"))
            .withQueryParam("email", equalTo("nobody@example.com"))
            .willReturn(page(FIXTURES.json("users", "empty"), null, 3999, 1, 1)));
    OneLoginDirectory d = directory();

    assertThat(d.userByEmail("kelly.slater@example.com", UserQuery.standard()).map(DirectoryUser::id))
        .contains("36216766");
    assertThat(d.userByEmail("nobody@example.com", UserQuery.standard())).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/2/users")).withQueryParam("email", equalTo("kelly.slater@example.com")));
  }

  // ---- roles and groups ----

  @Test
  void offersRolesAsGroupsByDefault() {
    OneLoginStubs.all(wm);

    List<DirectoryGroup> groups = directory().groups().collect(Collectors.toList());

    assertThat(groups).extracting(DirectoryGroup::id).containsExactly("role:199848", "role:272445", "role:300001");
    assertThat(groups).extracting(DirectoryGroup::name).containsExactly("Employee", "Sales", "Admins");
    assertThat(groups.get(0).raw().path("usersyncKind").asText()).isEqualTo("role");
    assertThat(groups.get(0).raw().path("apps").size()).isEqualTo(2);
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/2/roles")).withQueryParam("limit", equalTo("650")).withQueryParam("cursor", absent()));
    wm.verify(getRequestedFor(urlPathEqualTo("/api/2/roles")).withQueryParam("cursor", equalTo(OneLoginStubs.ROLES_CURSOR_2)));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/1/groups")));
  }

  @Test
  void offersGroupsFromApiV1WithTheCursorInTheBody() {
    OneLoginStubs.all(wm);

    List<DirectoryGroup> groups =
        directory(OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.GROUPS))
            .groups()
            .collect(Collectors.toList());

    assertThat(groups).extracting(DirectoryGroup::id).containsExactly("group:417333", "group:419333");
    assertThat(groups).extracting(DirectoryGroup::name).containsExactly("employees", "contractors");
    assertThat(groups.get(1).raw().path("usersyncKind").asText()).isEqualTo("group");
    wm.verify(getRequestedFor(urlPathEqualTo("/api/1/groups")).withQueryParam("after_cursor", equalTo(OneLoginStubs.GROUPS_CURSOR_2)));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/2/roles")));
  }

  @Test
  void listsARolesMembersAcrossPagesAndSkipsUnassignedOnes() {
    OneLoginStubs.all(wm);
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles/555/users"))
            .willReturn(page(FIXTURES.json("role-users", "unassigned"), null, 4000, 1, 1)));
    OneLoginDirectory d = directory();

    assertThat(d.groupMembers("role:199848", Membership.DIRECT).map(GroupMember::id))
        .containsExactly("36216766", "36216767", "36216770");
    assertThat(d.groupMembers("role:555", Membership.TRANSITIVE).map(GroupMember::id)).containsExactly("36216766");
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/2/roles/199848/users"))
            .withQueryParam("cursor", equalTo(OneLoginStubs.ROLE_USERS_CURSOR_2))
            .withQueryParam("limit", equalTo("100")));
  }

  @Test
  void readsEveryGroupsMembersFromOnePassOverTheUsers() {
    OneLoginStubs.all(wm);
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.GROUPS));

    assertThat(d.groupMembers("group:417333", Membership.DIRECT).map(GroupMember::id))
        .containsExactly("36216766", "36216767");
    assertThat(d.groupMembers("group:419333", Membership.DIRECT).map(GroupMember::id))
        .containsExactly("36216769", "36216770", "36216772");
    assertThat(d.groupMembers("group:1", Membership.DIRECT)).isEmpty();

    // One pass over the three pages, with the fields a user listing reads (group_id among them).
    wm.verify(3, getRequestedFor(urlPathEqualTo("/api/2/users")));
    wm.verify(3, getRequestedFor(urlPathEqualTo("/api/2/users"))
        .withQueryParam("fields", equalTo(io.github.usersync.onelogin.internal.UserJson.fields(
            io.github.usersync.core.spi.UserQuery.standard()))));
  }

  @Test
  void theUsersListingReplaysThePassThatIndexedTheGroups() {
    OneLoginStubs.all(wm);
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.GROUPS));
    List<String> direct = d.users(io.github.usersync.core.spi.UserQuery.standard())
        .map(io.github.usersync.core.model.DirectoryUser::id).collect(java.util.stream.Collectors.toList());
    wm.resetRequests();
    OneLoginDirectory replaying = directory(OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.GROUPS));

    assertThat(replaying.groupMembers("group:417333", Membership.DIRECT).count()).isEqualTo(2);
    assertThat(replaying.users(io.github.usersync.core.spi.UserQuery.standard())
        .map(io.github.usersync.core.model.DirectoryUser::id)).containsExactlyElementsOf(direct);
    assertThat(replaying.users(io.github.usersync.core.spi.UserQuery.builder().includeDeactivated(true).build()).count())
        .isGreaterThanOrEqualTo(direct.size());
    wm.verify(3, getRequestedFor(urlPathEqualTo("/api/2/users")));
  }

  @Test
  void readsAUsersRolesAndGroupFromTheUserRecord() {
    OneLoginStubs.all(wm);
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.BOTH));

    List<DirectoryGroup> kelly = d.groupsOfUser("36216766", Membership.DIRECT).collect(Collectors.toList());
    List<DirectoryGroup> mick = d.groupsOfUser("36216772", Membership.TRANSITIVE).collect(Collectors.toList());

    assertThat(kelly).extracting(DirectoryGroup::id).containsExactly("role:199848", "role:272445", "group:417333");
    assertThat(kelly).extracting(DirectoryGroup::name).containsExactly("Employee", "Sales", "employees");
    assertThat(mick).extracting(DirectoryGroup::name).containsExactly("Admins", "contractors");
    assertThat(d.groupsOfUser("99999999", Membership.DIRECT)).isEmpty();
    // Names are listed once and reused.
    wm.verify(1, getRequestedFor(urlPathEqualTo("/api/2/roles")).withQueryParam("cursor", absent()));
    wm.verify(1, getRequestedFor(urlPathEqualTo("/api/1/groups")).withQueryParam("after_cursor", absent()));
  }

  @Test
  void aRoleTheListingDoesNotShowFailsTheUsersGroupsAfterOneFreshListing() {
    OneLoginStubs.all(wm);
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles"))
            .withQueryParam("cursor", absent())
            .willReturn(page(FIXTURES.json("roles", "page1"), null, 4000, 1, 1)));
    OneLoginDirectory d = directory();

    assertThatThrownBy(() -> d.groupsOfUser("36216772", Membership.DIRECT).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("user 36216772 is in role 300001");
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/2/roles")));
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/1/groups")));
  }

  @Test
  void refusesGroupIdsItDidNotGiveOut() {
    OneLoginDirectory d = directory();

    assertThatThrownBy(() -> d.groupMembers("199848", Membership.DIRECT))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("role:123 or group:456");
    assertThatThrownBy(() -> d.groupMembers("team:1", Membership.DIRECT)).isInstanceOf(DirectoryException.class);
  }

  @Test
  void readsTheManagerFromTheUserRecord() {
    OneLoginStubs.token(wm);
    OneLoginStubs.singleUsers(wm);
    OneLoginDirectory d = directory();

    assertThat(d.managerId("36216767")).contains("36216766");
    assertThat(d.managerId("36216766")).isEmpty();
    assertThat(d.managerId("99999999")).isEmpty();
  }

  // ---- changes ----

  @Test
  void tracksChangesWithUpdatedSinceOnOneLoginsClock() {
    Instant local = Instant.parse("2024-05-02T10:00:00Z");
    Instant server = Instant.parse("2024-05-02T10:07:00Z"); // the local clock is 7 minutes slow
    wm.stubFor(
        post("/auth/oauth2/v2/token")
            .willReturn(json(FIXTURES.json("token", "ok")).withHeader("Date", httpDate(server))));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/users"))
            .withQueryParam("updated_since", equalTo("2024-05-02T10:02:00Z"))
            .willReturn(page(FIXTURES.json("users", "changed"), null, 4000, 1, 1).withHeader("Date", httpDate(server))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events/types")).willReturn(json(FIXTURES.json("event-types", "all"))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).willReturn(json(FIXTURES.json("events", "empty"))));
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm), Clock.fixed(local, ZoneOffset.UTC));

    ChangeCursor start = d.startChangeTracking(UserQuery.standard());
    DirectoryChanges changes = d.changesSince(start, UserQuery.standard());

    assertThat(start.provider()).isEqualTo("onelogin");
    assertThat(io.github.usersync.core.spi.EventLogChanges.after(start, "onelogin", Duration.ofMinutes(5)).since())
        .isEqualTo(server);
    assertThat(changes.changedUsers()).extracting(DirectoryUser::id).containsExactly("36216767", "36216768");
    assertThat(changes.removedUserIds()).isEmpty();
    assertThat(changes.membershipsTracked()).isTrue();
    assertThat(io.github.usersync.core.spi.EventLogChanges.after(changes.nextCursor(), "onelogin", Duration.ofMinutes(5)).since())
        .isEqualTo(server);
    wm.verify(
        getRequestedFor(urlPathEqualTo("/api/2/users"))
            .withQueryParam("updated_since", equalTo("2024-05-02T10:02:00Z"))
            .withQueryParam("fields", containing("status")));
  }

  @Test
  void refusesCursorsThatAreNotOneLogins() {
    OneLoginDirectory d = directory();

    assertThatThrownBy(() -> d.changesSince(ChangeCursor.of("okta", "2024-05-02T10:02:00Z", Instant.now()), UserQuery.standard()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("okta");
    assertThatThrownBy(() -> d.changesSince(ChangeCursor.of("onelogin", "yesterday", Instant.now()), UserQuery.standard()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("full sync");
  }

  // ---- rate limits and the budget guard ----

  @Test
  void waitsTheSecondsXRateLimitResetSaysAfterA429() {
    OneLoginStubs.token(wm);
    wm.stubFor(
        usersPage(null).inScenario("throttle").whenScenarioStateIs(STARTED)
            .willReturn(
                json(FIXTURES.json("error", "429"))
                    .withStatus(429)
                    .withHeader("X-RateLimit-Limit", "5000")
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "7"))
            .willSetStateTo("reset"));
    wm.stubFor(
        usersPage(null).inScenario("throttle").whenScenarioStateIs("reset")
            .willReturn(page(FIXTURES.json("users", "page3"), null, 4999, 1, 1)));
    OneLoginDirectory d = directory();

    assertThat(d.users(UserQuery.standard()).map(DirectoryUser::id)).containsExactly("36216772");
    assertThat(sleeper.waits).contains(Duration.ofSeconds(7));
    assertThat(d.requestStats().throttled()).isEqualTo(1);
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/2/users")));
  }

  @Test
  void failsAtOnceWhenTheSpentBudgetResetsTooLateToWaitFor() {
    OneLoginStubs.token(wm);
    wm.stubFor(
        usersPage(null)
            .willReturn(
                json(FIXTURES.json("error", "429"))
                    .withStatus(429)
                    .withHeader("X-RateLimit-Remaining", "0")
                    .withHeader("X-RateLimit-Reset", "2400")));
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm).minRemainingApiCalls(0));

    assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
        .isInstanceOf(ThrottledException.class)
        .hasMessageContaining("shared by every integration");
    assertThat(sleeper.waits).isEmpty();
    wm.verify(1, getRequestedFor(urlPathEqualTo("/api/2/users")));
  }

  @Test
  void theBudgetGuardStopsAListingBeforeARequestBelowTheMinimum() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm); // pages answer X-RateLimit-Remaining 4990, 4989, 4988
    OneLoginStubs.singleUsers(wm);
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm).minRemainingApiCalls(4989));
    List<String> read = new ArrayList<>();

    assertThatThrownBy(() -> d.users(UserQuery.standard()).forEach(u -> read.add(u.id())))
        .isInstanceOfSatisfying(
            OneLoginBudgetException.class,
            e -> {
              assertThat(e.remaining()).isEqualTo(4989);
              assertThat(e.minimum()).isEqualTo(4989);
              assertThat(e.resetIn()).isBetween(Duration.ofSeconds(1790), Duration.ofSeconds(1800));
              assertThat(e.getMessage())
                  .startsWith("onelogin: paused to protect OneLogin's shared API budget: 4989 calls"
                      + " remaining, minimum 4989; resets in ")
                  .contains("GET " + wm.baseUrl() + "/api/2/users");
            });

    assertThat(read).as("pages 1 and 2 were read and delivered").hasSize(6);
    wm.verify(0, getRequestedFor(urlPathEqualTo("/api/2/users")).withQueryParam("cursor", equalTo(USERS_CURSOR_3)));
    // The next read is refused before it is sent, too.
    assertThatThrownBy(() -> d.user("36216766", UserQuery.standard())).isInstanceOf(OneLoginBudgetException.class);
    wm.verify(0, getRequestedFor(urlEqualTo("/api/2/users/36216766")));
  }

  @Test
  void theGuardIsOffAtZero() {
    OneLoginStubs.token(wm);
    wm.stubFor(usersPage(null).willReturn(page(FIXTURES.json("users", "page1"), USERS_CURSOR_2, 2, 1, 3)));
    wm.stubFor(usersPage(USERS_CURSOR_2).willReturn(page(FIXTURES.json("users", "page2"), USERS_CURSOR_3, 1, 2, 3)));
    wm.stubFor(usersPage(USERS_CURSOR_3).willReturn(page(FIXTURES.json("users", "page3"), null, 0, 3, 3)));

    assertThat(directory(OneLoginStubs.settings(wm).minRemainingApiCalls(0)).users(UserQuery.standard()).count())
        .isEqualTo(7);
  }

  // ---- errors ----

  @Test
  void rejectedCredentialsSayWhichSettingsToCheckAndNeverShowTheSecret() {
    wm.stubFor(post("/auth/oauth2/v2/token").willReturn(json(FIXTURES.json("token", "401")).withStatus(401)));
    OneLoginDirectory d = directory();

    assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("/auth/oauth2/v2/token")
        .hasMessageContaining("clientId and clientSecret")
        .hasMessageNotContaining(OneLoginStubs.CLIENT_SECRET);
    assertThat(d.settings().toString()).doesNotContain(OneLoginStubs.CLIENT_SECRET).contains("****");
  }

  @Test
  void a401FetchesANewTokenOnceThenFails() {
    wm.stubFor(
        post("/auth/oauth2/v2/token").inScenario("tokens").whenScenarioStateIs(STARTED)
            .willReturn(json(FIXTURES.json("token", "ok"))).willSetStateTo("second"));
    wm.stubFor(
        post("/auth/oauth2/v2/token").inScenario("tokens").whenScenarioStateIs("second")
            .willReturn(json(FIXTURES.json("token", "second"))));
    wm.stubFor(usersPage(null).willReturn(json(FIXTURES.json("error", "401")).withStatus(401)));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(AuthenticationFailedException.class)
        .hasMessageContaining("UnauthorizedError")
        .hasMessageContaining("clientId and clientSecret");
    wm.verify(2, postRequestedFor(urlEqualTo("/auth/oauth2/v2/token")));
    wm.verify(getRequestedFor(urlPathEqualTo("/api/2/users")).withHeader("Authorization", equalTo("Bearer " + OneLoginStubs.SECOND_TOKEN)));
  }

  @Test
  void insufficientPermissionIsAMissingScopeNotABadToken() {
    OneLoginStubs.token(wm);
    wm.stubFor(get(urlPathEqualTo("/api/1/groups")).willReturn(json(FIXTURES.json("error", "401-insufficient")).withStatus(401)));
    OneLoginDirectory d = directory(OneLoginStubs.settings(wm).groupSource(OneLoginSettings.GroupSource.GROUPS));

    assertThatThrownBy(() -> d.groups().count())
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("Insufficient Permission")
        .hasMessageContaining("Read users scope");
    wm.verify(1, postRequestedFor(urlEqualTo("/auth/oauth2/v2/token")));
  }

  @Test
  void a403NamesTheScope() {
    OneLoginStubs.token(wm);
    wm.stubFor(get(urlPathEqualTo("/api/2/roles/199848/users")).willReturn(json(FIXTURES.json("error", "403")).withStatus(403)));

    assertThatThrownBy(() -> directory().groupMembers("role:199848", Membership.DIRECT).count())
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("/api/2/roles/199848/users")
        .hasMessageContaining("Developers > API Credentials");
  }

  @Test
  void retriesA500ThenReadsOn() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);
    wm.stubFor(
        usersPage(USERS_CURSOR_2).inScenario("flaky").whenScenarioStateIs(STARTED)
            .willReturn(json(FIXTURES.json("error", "500")).withStatus(500))
            .willSetStateTo("ok"));
    wm.stubFor(
        usersPage(USERS_CURSOR_2).inScenario("flaky").whenScenarioStateIs("ok")
            .willReturn(page(FIXTURES.json("users", "page2"), USERS_CURSOR_3, 4989, 2, 3)));

    assertThat(directory().users(UserQuery.standard()).count()).isEqualTo(7);
    assertThat(sleeper.waits).hasSize(1);
  }

  @Test
  void aPageThatKeepsFailingEndsTheListingWithTheError() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);
    wm.stubFor(usersPage(USERS_CURSOR_2).willReturn(json(FIXTURES.json("error", "500")).withStatus(500)));
    List<String> read = new ArrayList<>();

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).forEach(u -> read.add(u.id())))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 500");
    assertThat(read).hasSize(3);
  }

  @Test
  void malformedJsonIsAnErrorNamingTheEndpoint() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);
    wm.stubFor(usersPage(USERS_CURSOR_2).willReturn(json(FIXTURES.text("users_malformed.json"))));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("/api/2/users")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aPageChainThatRepeatsItselfIsAnError() {
    OneLoginStubs.token(wm);
    OneLoginStubs.users(wm);
    wm.stubFor(usersPage(USERS_CURSOR_2).willReturn(page(FIXTURES.json("users", "page2"), USERS_CURSOR_2, 4989, 2, 3)));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("a second time");
  }

  @Test
  void aRejectedQueryParameterIsAPermanentError() {
    OneLoginStubs.token(wm);
    wm.stubFor(usersPage(null).willReturn(json(FIXTURES.json("error", "400-query")).withStatus(400)));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(400);
          assertThat(e.retryable()).isFalse();
          assertThat(e.getMessage()).contains("query parameter(s) not allowed");
        });
    assertThat(sleeper.waits).isEmpty();
  }

  // ---- connection check ----

  @Test
  void theConnectionCheckStopsAtRejectedCredentials() {
    wm.stubFor(post("/auth/oauth2/v2/token").willReturn(json(FIXTURES.json("token", "401")).withStatus(401)));

    ConnectionReport report = directory().checkConnection();

    assertThat(report.ok()).isFalse();
    EndpointCheck token = report.checks().get(0);
    assertThat(token.name()).isEqualTo("token");
    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.httpStatus()).hasValue(401);
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("clientId and clientSecret"));
    assertThat(report.checks().subList(1, report.checks().size()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
    assertThat(report.toText()).doesNotContain(OneLoginStubs.CLIENT_SECRET);
  }

  @Test
  void theConnectionCheckNamesTheMissingScope() {
    OneLoginStubs.all(wm);
    wm.stubFor(get(urlPathEqualTo("/api/2/roles")).willReturn(json(FIXTURES.json("error", "401-insufficient")).withStatus(401)));

    ConnectionReport report = directory().checkConnection();

    EndpointCheck roles = check(report, "list roles");
    assertThat(roles.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(roles.httpStatus()).hasValue(401);
    assertThat(roles.problem()).hasValueSatisfying(p -> assertThat(p).contains("Insufficient Permission"));
    assertThat(roles.fix()).hasValueSatisfying(f -> assertThat(f).contains("Read users scope"));
    assertThat(check(report, "list users").ok()).isTrue();
    assertThat(check(report, "read user").endpoint()).endsWith("/api/2/users/36216766");
  }

  @Test
  void theConnectionCheckShowsALowBudget() {
    OneLoginStubs.all(wm);
    OneLoginStubs.rateLimit(wm, "low");

    ConnectionReport report = directory().checkConnection();

    EndpointCheck budget = check(report, "API budget");
    assertThat(budget.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(budget.problem())
        .hasValueSatisfying(p -> assertThat(p).contains("420 calls left").contains("minRemainingApiCalls 500"));
    assertThat(check(report, "list users").ok()).isTrue();
  }

  private static EndpointCheck check(ConnectionReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  private static String httpDate(Instant at) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(at, ZoneOffset.UTC));
  }
}
