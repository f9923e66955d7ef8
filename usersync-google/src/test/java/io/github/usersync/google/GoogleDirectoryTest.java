package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.google.GoogleTestSupport.ACCESS_TOKEN;
import static io.github.usersync.google.GoogleTestSupport.ALICE;
import static io.github.usersync.google.GoogleTestSupport.ALL_STAFF;
import static io.github.usersync.google.GoogleTestSupport.API;
import static io.github.usersync.google.GoogleTestSupport.BOB;
import static io.github.usersync.google.GoogleTestSupport.CAROL;
import static io.github.usersync.google.GoogleTestSupport.CUSTOMER_ID;
import static io.github.usersync.google.GoogleTestSupport.DAVE;
import static io.github.usersync.google.GoogleTestSupport.ENGINEERING;
import static io.github.usersync.google.GoogleTestSupport.ERIN;
import static io.github.usersync.google.GoogleTestSupport.FRANK;
import static io.github.usersync.google.GoogleTestSupport.JANE;
import static io.github.usersync.google.GoogleTestSupport.PAGE2_TOKEN;
import static io.github.usersync.google.GoogleTestSupport.PAGE3_TOKEN;
import static io.github.usersync.google.GoogleTestSupport.PLATFORM;
import static io.github.usersync.google.GoogleTestSupport.fixture;
import static io.github.usersync.google.GoogleTestSupport.googleJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.RemoteCallException;
import io.github.usersync.core.ThrottledException;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.UserQuery;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GoogleDirectoryTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final GoogleTestSupport.RecordingSleeper sleeper = new GoogleTestSupport.RecordingSleeper();
  private GoogleDirectory directory;

  @BeforeEach
  void setUp() {
    GoogleTestSupport.stubDirectory(wm);
    directory = GoogleTestSupport.directory(wm, sleeper);
  }

  private List<LoggedRequest> userListRequests() {
    return wm.findAll(getRequestedFor(urlPathEqualTo(API + "/users")));
  }

  // ---- users ----

  @Test
  void listsUsersAcrossThreePagesFollowingNextPageToken() {
    List<DirectoryUser> users = directory.users(UserQuery.standard()).collect(Collectors.toList());

    assertThat(users).extracting(DirectoryUser::id).containsExactly(ALICE, BOB, CAROL, DAVE, ERIN, JANE, FRANK);
    List<LoggedRequest> requests = userListRequests();
    assertThat(requests).hasSize(3);
    for (LoggedRequest r : requests) {
      assertThat(r.queryParameter("customer").firstValue()).isEqualTo("my_customer");
      assertThat(r.queryParameter("maxResults").firstValue()).isEqualTo("500");
      assertThat(r.queryParameter("projection").firstValue()).isEqualTo("basic");
      assertThat(r.queryParameter("viewType").firstValue()).isEqualTo("admin_view");
      assertThat(r.queryParameter("fields").isPresent()).as("no field selection for the default set").isFalse();
      assertThat(r.getHeader("Authorization")).isEqualTo("Bearer " + ACCESS_TOKEN);
    }
    assertThat(requests.get(0).queryParameter("pageToken").isPresent()).isFalse();
    assertThat(requests.get(1).queryParameter("pageToken").firstValue()).isEqualTo(PAGE2_TOKEN);
    assertThat(requests.get(2).queryParameter("pageToken").firstValue()).isEqualTo(PAGE3_TOKEN);
    wm.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void mapsGoogleUsersToTheModel() {
    Map<String, DirectoryUser> all =
        directory.users(UserQuery.standard()).collect(Collectors.toMap(DirectoryUser::id, u -> u));
    java.util.function.Function<String, DirectoryUser> users = id -> java.util.Objects.requireNonNull(all.get(id));

    DirectoryUser alice = users.apply(ALICE);
    assertThat(alice.username()).isEqualTo("alice@example.com");
    assertThat(alice.email()).contains("alice@example.com");
    assertThat(alice.givenName()).contains("Alice");
    assertThat(alice.familyName()).contains("Admin");
    assertThat(alice.displayName()).contains("Alice Admin");
    assertThat(alice.active()).isTrue();
    assertThat(alice.managerId()).as("Google holds managers as emails").isEmpty();
    assertThat(alice.raw().path("orgUnitPath").asText()).isEqualTo("/Engineering");
    assertThat(alice.raw().at("/primaryOrganization/title").asText()).isEqualTo("CTO");

    assertThat(users.apply(BOB).active()).as("suspended").isFalse();
    assertThat(users.apply(DAVE).active()).as("archived").isFalse();
    assertThat(users.apply(ERIN).givenName()).contains("Érin");
    assertThat(users.apply(ERIN).familyName()).contains("O'Neil");

    DirectoryUser carol = users.apply(CAROL);
    assertThat(carol.raw().at("/primaryOrganization/title").asText())
        .as("the entry marked primary, not the first")
        .isEqualTo("Staff Engineer");
    assertThat(carol.raw().at("/primaryOrganization/department").asText()).isEqualTo("Platform");
    assertThat(carol.raw().path("managerEmail").asText())
        .as("the manager relation, not the assistant")
        .isEqualTo("alice@example.com");
    assertThat(carol.raw().path("relations").size()).as("the original array stays").isEqualTo(2);
  }

  @Test
  void leavesOutDeactivatedUsersOnlyWhenAsked() {
    List<String> ids =
        directory.users(UserQuery.builder().includeDeactivated(false).build())
            .map(DirectoryUser::id)
            .collect(Collectors.toList());

    assertThat(ids).containsExactly(ALICE, CAROL, ERIN, JANE, FRANK);
  }

  @Test
  void asksForCustomSchemasOnlyWhenTheMappingReadsThem() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("projection", equalTo("custom"))
        .atPriority(1).willReturn(okJson(fixture("users", "customSchemas"))));
    UserQuery query =
        UserQuery.builder()
            .addAttributes("customSchemas.HR.costCenter", "customSchemas.Travel.homeAirport", "orgUnitPath",
                "primaryOrganization.department", "managerEmail")
            .build();

    List<DirectoryUser> users = directory.users(query).collect(Collectors.toList());

    LoggedRequest r = userListRequests().get(0);
    assertThat(r.queryParameter("projection").firstValue()).isEqualTo("custom");
    assertThat(r.queryParameter("customFieldMask").firstValue()).isEqualTo("HR,Travel");
    assertThat(r.queryParameter("fields").firstValue())
        .isEqualTo("nextPageToken,users(id,primaryEmail,name,suspended,archived,relations,thumbnailPhotoEtag,"
            + "customSchemas,orgUnitPath,organizations)");
    assertThat(r.getUrl()).contains("fields=nextPageToken,users(id,primaryEmail,name,");
    DirectoryUser erin = users.stream().filter(u -> u.id().equals(ERIN)).findFirst().orElseThrow();
    assertThat(erin.raw().at("/customSchemas/HR/costCenter").asText()).isEqualTo("CC-1234");
    assertThat(erin.raw().at("/customSchemas/HR/projects/1/value").asText()).isEqualTo("Gemini");
  }

  @Test
  void sendsNoFieldSelectionWhenTheMappingReadsAFieldGoogleDoesNotHave() {
    assertThat(directory.users(UserQuery.builder().addAttributes("orgUnitPath", "department").build()).count())
        .isEqualTo(7);

    LoggedRequest r = userListRequests().get(0);
    assertThat(r.queryParameter("fields").isPresent()).isFalse();
    assertThat(r.queryParameter("projection").firstValue()).isEqualTo("basic");
  }

  @Test
  void readsOneDomainInsteadOfTheCustomerWhenSet() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("domain", equalTo("example.com"))
        .willReturn(okJson(fixture("users", "page3"))));
    GoogleDirectory d =
        GoogleDirectory.create(GoogleTestSupport.serviceAccountSettings(wm.baseUrl()).domain("example.com").build(), ConnectorOptions.builder().sleeper(sleeper).build());

    assertThat(d.users(UserQuery.standard()).map(DirectoryUser::id)).containsExactly(JANE, FRANK);
    assertThat(userListRequests().get(0).queryParameter("customer").isPresent()).isFalse();
  }

  @Test
  void readsOneUserAndAnUnknownOneAsEmpty() {
    assertThat(directory.user(JANE, UserQuery.standard())).map(DirectoryUser::username)
        .contains("jane+test@example.com");
    assertThat(directory.user(GoogleTestSupport.MISSING, UserQuery.standard())).isEmpty();
    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/users/" + JANE))).get(0);
    assertThat(r.queryParameter("projection").firstValue()).isEqualTo("basic");
    assertThat(r.queryParameter("viewType").firstValue()).isEqualTo("admin_view");
  }

  @Test
  void encodesAPlusInAUserKeyAsPercent2B() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/jane%2Btest%40example.com"))
        .willReturn(okJson(GoogleTestSupport.read(fixture("users", "page3")).path("users").path(0).toString())));

    assertThat(directory.userByEmail("jane+test@example.com", UserQuery.standard()))
        .map(DirectoryUser::id)
        .contains(JANE);
    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/users/jane%2Btest%40example.com")));
    assertThat(requests).hasSize(1);
    assertThat(requests.get(0).getUrl()).startsWith(API + "/users/jane%2Btest%40example.com?");
  }

  @Test
  void groupsOfAUserWithAPlusInItsKeyAreAskedWithThePlusEncoded() {
    GoogleTestSupport.stubGroupsOf(wm, "jane+test@example.com", "ofPlatformMember");

    assertThat(directory.groupsOfUser("jane+test@example.com", Membership.DIRECT).map(DirectoryGroup::id))
        .containsExactly(PLATFORM);
    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/groups"))).get(0);
    assertThat(r.getUrl()).contains("userKey=jane%2Btest@example.com");
  }

  // ---- throttling and errors ----

  @Test
  void retriesA403UserRateLimitExceededThenSucceeds() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE)).inScenario("quota").whenScenarioStateIs(STARTED)
        .willReturn(googleJson(403, "error", "userRateLimitExceeded")).willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE)).inScenario("quota").whenScenarioStateIs("ok")
        .willReturn(okJson(GoogleTestSupport.read(fixture("users", "page1")).path("users").path(0).toString())));

    assertThat(directory.user(ALICE, UserQuery.standard())).map(DirectoryUser::id).contains(ALICE);

    wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE)));
    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0).toMillis()).as("exponential backoff from 1 s, with jitter").isBetween(500L, 1000L);
    assertThat(directory.requestStats().throttled()).isEqualTo(1);
  }

  @Test
  void retriesA429RateLimitExceededThenAQuotaExceededThenSucceeds() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", absent()).inScenario("quota").whenScenarioStateIs(STARTED)
        .willReturn(googleJson(429, "error", "rateLimitExceeded")).willSetStateTo("second"));
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", absent()).inScenario("quota").whenScenarioStateIs("second")
        .willReturn(googleJson(403, "error", "quotaExceeded")).willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer"))
        .withQueryParam("pageToken", absent()).inScenario("quota").whenScenarioStateIs("ok")
        .willReturn(okJson(fixture("groups", "page1"))));

    assertThat(directory.groups().map(DirectoryGroup::id)).containsExactly(ENGINEERING, PLATFORM, ALL_STAFF);

    assertThat(sleeper.waits).hasSize(2);
    assertThat(sleeper.waits.get(1)).as("the second wait is longer").isGreaterThan(sleeper.waits.get(0).dividedBy(2));
    assertThat(directory.requestStats().throttled()).isEqualTo(2);
  }

  @Test
  void givesUpOnEndlessThrottlingWithAThrottledExceptionThatSaysWhatToDo() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE)).willReturn(googleJson(403, "error", "userRateLimitExceeded")));

    assertThatThrownBy(() -> directory.user(ALICE, UserQuery.standard()))
        .isInstanceOfSatisfying(ThrottledException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.errorCode()).contains("userRateLimitExceeded");
          assertThat(e.getMessage()).contains("2,400 queries per minute").contains("maxConcurrentRequests");
        });
    assertThat(wm.findAll(getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE)))).hasSizeGreaterThan(2);
  }

  @Test
  void reportsA403ForbiddenAsAPermissionErrorNamingTheAdminTheClientAndTheScope() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).atPriority(1).willReturn(googleJson(403, "error", "forbidden")));

    assertThatThrownBy(() -> directory.users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.errorCode()).contains("forbidden");
          assertThat(e.endpoint()).contains(API + "/users");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f)
              .contains("admin@example.com")
              .contains("administrator")
              .contains(GoogleTestSupport.SA_CLIENT_ID)
              .contains("https://www.googleapis.com/auth/admin.directory.user.readonly"));
        });
    assertThat(userListRequests()).as("a permission error is not retried").hasSize(1);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void namesTheGroupScopeForAPermissionErrorOnGroupMembers() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members")).atPriority(1)
        .willReturn(googleJson(403, "error", "insufficientPermissions")));

    assertThatThrownBy(() -> directory.groupMembers(ENGINEERING, Membership.DIRECT).count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e ->
            assertThat(e.fix()).hasValueSatisfying(f ->
                assertThat(f).contains("https://www.googleapis.com/auth/admin.directory.group.readonly")));
  }

  @Test
  void saysToEnableTheAdminSdkWhenItIsNotEnabled() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).atPriority(1).willReturn(googleJson(403, "error", "accessNotConfigured")));

    assertThatThrownBy(() -> directory.groups().count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e ->
            assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("enable it").contains("Admin SDK API")));
  }

  @Test
  void retriesA500AndFailsWithTheProvidersMessageWhenItPersists() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE)).willReturn(googleJson(500, "error", "backendError")));

    assertThatThrownBy(() -> directory.user(ALICE, UserQuery.standard()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.retryable()).isTrue();
          assertThat(e.getMessage()).contains("backendError").contains("Internal error encountered.");
        });
    assertThat(sleeper.waits).hasSizeGreaterThan(1);
  }

  @Test
  void aMalformedPageFailsTheListingNamingTheEndpoint() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("pageToken", equalTo(PAGE2_TOKEN)).atPriority(1)
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"kind\":\"admin#directory#users\",\"users\":[{\"id\":")));

    Iterator<DirectoryUser> it = directory.users(UserQuery.standard()).iterator();
    assertThat(it.next().id()).isEqualTo(ALICE);
    it.next();
    it.next();
    assertThatThrownBy(it::next)
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining(API + "/users")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aPageChainThatBreaksHalfwayIsThrownNotCutShort() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("pageToken", equalTo(PAGE3_TOKEN)).atPriority(1)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    List<String> seen = new java.util.ArrayList<>();
    assertThatThrownBy(() -> directory.users(UserQuery.standard()).forEach(u -> seen.add(u.id())))
        .isInstanceOf(RemoteCallException.class);
    assertThat(seen).containsExactly(ALICE, BOB, CAROL, DAVE, ERIN);
  }

  @Test
  void aPageTokenThatRepeatsIsAnErrorNotALoop() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).withQueryParam("pageToken", equalTo(PAGE2_TOKEN)).atPriority(1)
        .willReturn(okJson(fixture("users", "page1"))));

    assertThatThrownBy(() -> directory.users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("a second time");
  }

  @Test
  void aUserWithoutAnIdIsAnError() {
    wm.stubFor(get(urlPathEqualTo(API + "/users")).atPriority(1)
        .willReturn(okJson("{\"kind\":\"admin#directory#users\",\"users\":[{\"primaryEmail\":\"x@example.com\"}]}")));

    assertThatThrownBy(() -> directory.users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("without an id");
  }

  // ---- groups and members ----

  @Test
  void listsGroupsAcrossPagesTwoHundredAPage() {
    List<DirectoryGroup> groups = directory.groups().collect(Collectors.toList());

    assertThat(groups).extracting(DirectoryGroup::id).containsExactly(ENGINEERING, PLATFORM, ALL_STAFF);
    assertThat(groups.get(0).name()).isEqualTo("Engineering");
    assertThat(groups.get(0).description()).contains("Everyone in engineering");
    assertThat(groups.get(0).raw().path("email").asText()).isEqualTo("engineering@example.com");
    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/groups")));
    assertThat(requests).hasSize(2);
    assertThat(requests).allSatisfy(r -> assertThat(r.queryParameter("maxResults").firstValue()).isEqualTo("200"));
    assertThat(requests.get(1).queryParameter("pageToken").firstValue()).isEqualTo(GoogleTestSupport.GROUPS_PAGE2_TOKEN);
  }

  @Test
  void listsDirectMembersAcrossPagesWithNestedGroupsAsGroups() {
    List<GroupMember> members = directory.groupMembers(ENGINEERING, Membership.DIRECT).collect(Collectors.toList());

    assertThat(members).containsExactly(GroupMember.user(ALICE), GroupMember.user(BOB), GroupMember.group(PLATFORM));
    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members")));
    assertThat(requests).hasSize(2);
    assertThat(requests).allSatisfy(r -> assertThat(r.queryParameter("maxResults").firstValue()).isEqualTo("200"));
    assertThat(requests.get(1).queryParameter("pageToken").firstValue()).isEqualTo(GoogleTestSupport.MEMBERS_PAGE2_TOKEN);
  }

  @Test
  void walksNestedGroupsForTransitiveMembersOnceEach() {
    List<GroupMember> members = directory.groupMembers(ENGINEERING, Membership.TRANSITIVE).collect(Collectors.toList());

    assertThat(members).containsExactly(
        GroupMember.user(ALICE), GroupMember.user(BOB), GroupMember.group(PLATFORM),
        GroupMember.user(CAROL), GroupMember.user(JANE));
    wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/groups/" + PLATFORM + "/members")));
  }

  @Test
  void aCycleOfNestedGroupsEnds() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + PLATFORM + "/members")).atPriority(1)
        .willReturn(okJson("{\"kind\":\"admin#directory#members\",\"members\":[{\"kind\":\"admin#directory#member\","
            + "\"id\":\"" + ENGINEERING + "\",\"email\":\"engineering@example.com\",\"role\":\"MEMBER\","
            + "\"type\":\"GROUP\",\"status\":\"ACTIVE\"}]}")));

    assertThat(directory.groupMembers(ENGINEERING, Membership.TRANSITIVE))
        .containsExactly(GroupMember.user(ALICE), GroupMember.user(BOB), GroupMember.group(PLATFORM),
            GroupMember.group(ENGINEERING));
    wm.verify(2, getRequestedFor(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members")));
  }

  @Test
  void aCustomerMemberIsTheWholeAccountAndReportedAsOther() {
    assertThat(directory.groupMembers(ALL_STAFF, Membership.DIRECT))
        .containsExactly(GroupMember.of(CUSTOMER_ID, GroupMember.Type.OTHER), GroupMember.user(FRANK));
  }

  @Test
  void membersOfAGroupThatIsGoneAreEmpty() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups/gone/members")).willReturn(googleJson(404, "error", "groupNotFound")));

    assertThat(directory.groupMembers("gone", Membership.DIRECT)).isEmpty();
  }

  @Test
  void a404PartWayThroughTheMemberPagesIsAnError() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members"))
        .withQueryParam("pageToken", equalTo(GoogleTestSupport.MEMBERS_PAGE2_TOKEN)).atPriority(1)
        .willReturn(googleJson(404, "error", "groupNotFound")));

    assertThatThrownBy(() -> directory.groupMembers(ENGINEERING, Membership.DIRECT).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("part-way");
  }

  @Test
  void listsAUsersGroupsDirectlyAndTransitivelyWalkingUpByGroupEmail() {
    assertThat(directory.groupsOfUser(CAROL, Membership.DIRECT).map(DirectoryGroup::id)).containsExactly(PLATFORM);
    assertThat(directory.groupsOfUser(CAROL, Membership.TRANSITIVE).map(DirectoryGroup::id))
        .containsExactly(PLATFORM, ENGINEERING);
    LoggedRequest first = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/groups"))).get(0);
    assertThat(first.queryParameter("userKey").firstValue()).isEqualTo(CAROL);
    assertThat(first.queryParameter("maxResults").firstValue()).isEqualTo("200");
    assertThat(first.queryParameter("customer").isPresent()).as("userKey cannot be combined with customer").isFalse();
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/groups")).withQueryParam("userKey", equalTo("platform@example.com")));
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/groups")).withQueryParam("userKey", equalTo("engineering@example.com")));
  }

  @Test
  void transitiveGroupsAreEachListedOnce() {
    // Alice is directly in Engineering and Platform, and Platform is in Engineering.
    assertThat(directory.groupsOfUser(ALICE, Membership.TRANSITIVE).map(DirectoryGroup::id))
        .containsExactly(ENGINEERING, PLATFORM);
  }

  // ---- manager and photo ----

  @Test
  void resolvesTheManagersEmailToAnIdOncePerManager() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/alice%40example.com")).withQueryParam("fields", equalTo("id"))
        .willReturn(okJson("{\"id\":\"" + ALICE + "\"}")));
    assertThat(directory.users(UserQuery.standard()).count()).isEqualTo(7);

    assertThat(directory.managerId(CAROL)).contains(ALICE);
    assertThat(directory.managerId(ERIN)).contains(ALICE);
    assertThat(directory.managerId(ALICE)).isEmpty();

    wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/users/alice%40example.com")));
    wm.verify(0, getRequestedFor(urlPathEqualTo(API + "/users/" + CAROL)));
  }

  @Test
  void readsTheManagerRelationWhenTheUserWasNotListedRecently() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + JANE)).withQueryParam("fields", equalTo("id,primaryEmail,relations,thumbnailPhotoEtag"))
        .atPriority(1).willReturn(okJson("{\"id\":\"" + JANE + "\",\"primaryEmail\":\"jane+test@example.com\","
            + "\"relations\":[{\"value\":\"carol@example.com\",\"type\":\"manager\"}]}")));
    wm.stubFor(get(urlPathEqualTo(API + "/users/carol%40example.com")).willReturn(okJson("{\"id\":\"" + CAROL + "\"}")));

    assertThat(directory.managerId(JANE)).contains(CAROL);
    assertThat(directory.managerId("unknown-user")).isEmpty();
  }

  @Test
  void decodesAThumbnailInTheWebSafeVariantWithStarPadding() {
    byte[] expected = Base64.getDecoder().decode(GoogleTestSupport.FIXTURES.text("photo_expected.b64").trim());
    assertThat(fixture("photo", "starPadding")).contains("*").contains("-").contains("_");

    Photo photo = directory.photo(ALICE).orElseThrow();

    assertThat(photo.bytes()).isEqualTo(expected);
    assertThat(photo.contentType()).isEqualTo("image/png");
    assertThat(photo.fingerprint()).isEqualTo("\"k9Yk8yfBxQ9QqPfCGrs5pNdAqu0/photo01\"");
  }

  @Test
  void decodesAThumbnailWithPeriodPadding() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + ALICE + "/photos/thumbnail")).atPriority(1)
        .willReturn(okJson(fixture("photo", "dotPadding"))));
    byte[] expected = Base64.getDecoder().decode(GoogleTestSupport.FIXTURES.text("photo_expected.b64").trim());

    assertThat(directory.photo(ALICE).orElseThrow().bytes()).isEqualTo(expected);
  }

  @Test
  void aUserWithoutAPhotoHasNone() {
    wm.stubFor(get(urlPathEqualTo(API + "/users/" + BOB + "/photos/thumbnail")).willReturn(googleJson(404, "error", "notFound")));
    assertThat(directory.users(UserQuery.standard()).count()).isEqualTo(7);

    assertThat(directory.photo(BOB)).isEmpty();
    assertThat(directory.photoFingerprint(BOB)).isEmpty();
  }

  @Test
  void thePhotoFingerprintAfterAListingCostsNoRequest() {
    assertThat(directory.users(UserQuery.standard()).count()).isEqualTo(7);
    int before = wm.getAllServeEvents().size();

    assertThat(directory.photoFingerprint(ALICE)).contains("\"k9Yk8yfBxQ9QqPfCGrs5pNdAqu0/photo01\"");
    assertThat(directory.photoFingerprint(CAROL)).contains("\"k9Yk8yfBxQ9QqPfCGrs5pNdAqu0/photo03\"");
    assertThat(directory.photoFingerprint(FRANK)).isEmpty();
    assertThat(wm.getAllServeEvents()).hasSize(before);
  }

  @Test
  void thePhotoFingerprintOfAnUnlistedUserIsOneSmallRequest() {
    assertThat(directory.photoFingerprint(ALICE)).contains("\"k9Yk8yfBxQ9QqPfCGrs5pNdAqu0/photo01\"");

    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE))).get(0);
    assertThat(r.queryParameter("fields").firstValue()).isEqualTo("id,primaryEmail,relations,thumbnailPhotoEtag");
    assertThat(directory.photoFingerprint(ALICE)).isPresent();
    wm.verify(1, getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE)));
  }

  @Test
  void thePhotosFingerprintEqualsThePhotoFingerprint() {
    assertThat(directory.users(UserQuery.standard()).count()).isEqualTo(7);

    assertThat(directory.photo(ALICE).map(Photo::fingerprint)).isEqualTo(directory.photoFingerprint(ALICE));
  }

  // ---- capabilities ----

  @Test
  void capabilitiesTellTheTruth() {
    assertThat(directory.providerId()).isEqualTo("google");
    assertThat(directory.capabilities().supported()).contains(
        Capability.GROUPS, Capability.GROUP_MEMBERS, Capability.USER_GROUPS, Capability.NESTED_GROUPS,
        Capability.MANAGER, Capability.PHOTO, Capability.PHOTO_FINGERPRINT, Capability.FIND_USER_BY_EMAIL);
    assertThat(directory.capabilities().supported())
        .as("after a listing, fingerprints and managers cost no request per user (the tests above), so the"
            + " engine does not spread them over full runs")
        .contains(Capability.MANAGER_FROM_LISTING, Capability.PHOTO_FINGERPRINT_FROM_LISTING);
    assertThat(directory.capabilities().supports(Capability.CHANGES)).as("from the Reports API's admin activity").isTrue();
    assertThat(directory.capabilities().userPageSize()).isEqualTo(500);
    assertThat(directory.capabilities().maxConcurrentRequests()).isEqualTo(4);
  }

  @Test
  void theGroupsOfAnUnknownUserAreEmpty() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("userKey", equalTo("nobody"))
        .willReturn(googleJson(404, "error", "notFound")));

    assertThat(directory.groupsOfUser("nobody", Membership.DIRECT)).isEmpty();
    assertThat(directory.groupsOfUser("nobody", Membership.TRANSITIVE)).isEmpty();
  }
}
