package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.okta.OktaFixture.ALICE;
import static io.github.usersync.okta.OktaFixture.API_TOKEN;
import static io.github.usersync.okta.OktaFixture.DEPROVISIONED;
import static io.github.usersync.okta.OktaFixture.ENGINEERING;
import static io.github.usersync.okta.OktaFixture.FIXTURES;
import static io.github.usersync.okta.OktaFixture.KEN;
import static io.github.usersync.okta.OktaFixture.SERVER_NOW;
import static io.github.usersync.okta.OktaFixture.SUSPENDED;
import static io.github.usersync.okta.OktaFixture.ZOE;
import static io.github.usersync.okta.OktaFixture.http;
import static io.github.usersync.okta.OktaFixture.link;
import static io.github.usersync.okta.OktaFixture.okta;
import static io.github.usersync.okta.OktaFixture.oktaError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.ThrottledException;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.UserQuery;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OktaDirectoryTest {
  @RegisterExtension
  static WireMockExtension wm = OktaFixture.server();

  private final OktaFixture.RecordingSleeper sleeper = new OktaFixture.RecordingSleeper();

  private OktaDirectory directory() {
    return OktaFixture.directory(wm, sleeper);
  }

  /** Users read as Okta's one cursor chain ({@code userListRanges} 1), for the tests of that chain. */
  private OktaDirectory singleChain() {
    return OktaFixture.directory(wm, sleeper, b -> b.userListRanges(1));
  }

  private static Map<String, DirectoryUser> byId(List<DirectoryUser> users) {
    return users.stream().collect(Collectors.toMap(DirectoryUser::id, Function.identity()));
  }

  private static DirectoryUser userIn(Map<String, DirectoryUser> users, String id) {
    return Objects.requireNonNull(users.get(id), id);
  }

  @org.junit.jupiter.api.AfterEach
  void settle() {
    OktaFixture.settle(wm);
  }

  @Test
  void listsUsersAcrossThreePagesFollowingTheLinkHeaderWithTheApiToken() {
    OktaFixture.stubUserPages(wm);

    List<DirectoryUser> users = singleChain().users(UserQuery.standard()).collect(Collectors.toList());

    assertThat(users).extracting(DirectoryUser::id).containsExactly(
        ALICE, ZOE, KEN, OktaFixture.STAGED, OktaFixture.PROVISIONED, SUSPENDED, DEPROVISIONED,
        OktaFixture.RECOVERY);
    List<LoggedRequest> requests = wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/users")));
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).getUrl())
        .isEqualTo("/api/v1/users?limit=3&filter=lastUpdated%20gt%20%221970-01-01T00:00:00.000Z%22");
    // The next pages are the Link header's URLs, followed as they are.
    assertThat(requests.get(1).getUrl())
        .isEqualTo("/api/v1/users?after=" + KEN + "&limit=3&filter=lastUpdated%20gt%20%221970-01-01T00:00:00.000Z%22");
    assertThat(requests.get(2).getUrl()).contains("after=" + SUSPENDED);
    for (LoggedRequest r : requests) {
      assertThat(r.getHeader("Authorization")).isEqualTo("SSWS " + API_TOKEN);
      assertThat(r.getHeader("Accept")).isEqualTo("application/json");
      assertThat(r.getHeader("Content-Type"))
          .isEqualTo("application/json; okta-response=omitCredentials,omitCredentialsLinks");
    }
  }

  @Test
  void theDefaultPageIsOktasMaximumOf200() {
    OktaFixture.stubUserPages(wm);
    OktaDirectory d = OktaDirectory.create(OktaFixture.settings(wm).pageSize(200).build());

    assertThat(d.users(UserQuery.standard()).findFirst()).isPresent();

    assertThat(d.capabilities().userPageSize()).isEqualTo(200);
    assertThat(OktaSettings.builder().domain("acme.okta.com").apiToken(Secret.of("x1234")).build().pageSize()).isEqualTo(200);
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users")).withQueryParam("limit", equalTo("200")));
  }

  @Test
  void leavesOutDeprovisionedUsersWithOktasPlainListWhenNotAsked() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("filter", absent())
        .willReturn(okta(FIXTURES.json("users", "page1"))));

    List<DirectoryUser> users =
        directory().users(UserQuery.builder().includeDeactivated(false).build()).collect(Collectors.toList());

    assertThat(users).hasSize(3);
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("limit", equalTo("3"))
        .withQueryParam("filter", absent())
        .withQueryParam("search", absent()));
  }

  @Test
  void mapsStatusesToActiveAndKeepsDeprovisionedUsersAsInactive() {
    OktaFixture.stubUserPages(wm);

    Map<String, DirectoryUser> users = byId(directory().users(UserQuery.standard()).collect(Collectors.toList()));

    assertThat(userIn(users, ALICE).active()).as("ACTIVE").isTrue();
    assertThat(userIn(users, ZOE).active()).as("PASSWORD_EXPIRED").isTrue();
    assertThat(userIn(users, KEN).active()).as("LOCKED_OUT").isTrue();
    assertThat(userIn(users, OktaFixture.RECOVERY).active()).as("RECOVERY").isTrue();
    assertThat(userIn(users, OktaFixture.STAGED).active()).as("STAGED").isFalse();
    assertThat(userIn(users, OktaFixture.PROVISIONED).active()).as("PROVISIONED").isFalse();
    assertThat(userIn(users, SUSPENDED).active()).as("SUSPENDED").isFalse();
    assertThat(userIn(users, DEPROVISIONED).active()).as("DEPROVISIONED").isFalse();
    assertThat(userIn(users, DEPROVISIONED).raw().path("status").asText()).isEqualTo("DEPROVISIONED");
  }

  @Test
  void readsCustomAttributesAndUnicodeNames() {
    OktaFixture.stubUserPages(wm);

    Map<String, DirectoryUser> users = byId(directory().users(UserQuery.standard()).collect(Collectors.toList()));

    DirectoryUser alice = userIn(users, ALICE);
    assertThat(alice.username()).isEqualTo("alice.anders@example.com");
    assertThat(alice.email()).contains("alice.anders@example.com");
    assertThat(alice.managerId()).contains("00u1ero7vZFVEIYLWPBN");
    assertThat(alice.raw().at("/profile/costCenter").asText()).isEqualTo("CC-4711");
    assertThat(alice.raw().at("/profile/skills/1").asText()).isEqualTo("kotlin");
    assertThat(alice.raw().at("/profile/level").asInt()).isEqualTo(7);
    assertThat(alice.raw().at("/profile/remote").asBoolean()).isTrue();

    DirectoryUser zoe = userIn(users, ZOE);
    assertThat(zoe.givenName()).contains("Zoë");
    assertThat(zoe.familyName()).contains("Ångström");
    assertThat(zoe.displayName()).contains("Zoë Ångström");
    DirectoryUser ken = userIn(users, KEN);
    assertThat(ken.givenName()).contains("健");
    assertThat(ken.familyName()).contains("渡辺");
    // No displayName in Okta's profile: "first last", as Okta's own UI shows it.
    assertThat(ken.displayName()).contains("健 渡辺");
    assertThat(ken.raw().at("/profile/department").asText()).isEqualTo("研究開発");
    assertThat(ken.managerId()).isEmpty();
  }

  @Test
  void asksOnlyForTheFieldsTheQueryNeeds() {
    OktaFixture.stubUserPages(wm);
    UserQuery query = UserQuery.builder()
        .addAttributes("profile.costCenter", "profile.department", "lastLogin", "credentials.provider.type")
        .build();

    assertThat(directory().users(query).findFirst()).isPresent();

    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/users"))).get(0);
    assertThat(r.queryParameter("fields").firstValue()).isEqualTo(
        "id,status,lastUpdated,lastLogin,credentials,profile:(login,email,firstName,lastName,displayName,managerId,costCenter,department)");
    // credentials asked for: only the credential links are left out.
    assertThat(r.getHeader("Content-Type")).isEqualTo("application/json; okta-response=omitCredentialsLinks");
  }

  @Test
  void readsOneUserAndAnUnknownOneAsEmpty() {
    OktaFixture.stubOrg(wm);

    DirectoryUser alice = directory().user(ALICE, UserQuery.standard()).orElseThrow();

    assertThat(alice.raw().at("/profile/employeeNumber").asText()).isEqualTo("10042");
    assertThat(directory().user(OktaFixture.MISSING, UserQuery.standard())).isEmpty();
    assertThat(directory().managerId(ALICE)).contains("00u1ero7vZFVEIYLWPBN");
    assertThat(directory().managerId(ZOE)).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/" + ALICE))
        .withHeader("Authorization", equalTo("SSWS " + API_TOKEN)));
  }

  @Test
  void aUserIdIsEncodedAsOnePathSegment() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users/a%2F..%2Fgroups%3Fx")).willReturn(oktaError(404, "not-found")));

    assertThat(directory().user("a/../groups?x", UserQuery.standard())).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/a%2F..%2Fgroups%3Fx")));
  }

  @Test
  void listsGroupsAndAGroupWithMoreThanOnePageOfMembers() {
    OktaFixture.stubOrg(wm);
    OktaDirectory d = directory();

    List<DirectoryGroup> groups = d.groups().collect(Collectors.toList());
    List<GroupMember> members = d.groupMembers(ENGINEERING, Membership.DIRECT).collect(Collectors.toList());

    assertThat(groups).extracting(DirectoryGroup::name).containsExactly("Engineering", "Everyone", "Sales (AD)");
    assertThat(groups.get(2).raw().path("type").asText()).isEqualTo("APP_GROUP");
    assertThat(groups.get(0).description()).contains("Everyone who builds the product");
    assertThat(members).extracting(GroupMember::id)
        .containsExactly(ALICE, ZOE, KEN, OktaFixture.STAGED, OktaFixture.PROVISIONED);
    assertThat(members).allMatch(m -> m.type() == GroupMember.Type.USER);
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users"))
        .withQueryParam("limit", equalTo("3")));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users")));
    // Okta groups are flat: transitive is direct.
    assertThat(d.groupMembers(ENGINEERING, Membership.TRANSITIVE).collect(Collectors.toList())).isEqualTo(members);
    assertThat(d.capabilities().supports(Capability.NESTED_GROUPS)).isFalse();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/groups")).withQueryParam("limit", equalTo("200")));
  }

  @Test
  void readsAUsersGroupsAndTreatsAnUnknownUserOrGroupAsHavingNone() {
    OktaFixture.stubOrg(wm);
    wm.stubFor(get(urlPathEqualTo("/api/v1/users/" + OktaFixture.MISSING + "/groups")).willReturn(oktaError(404, "not-found")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/00gnosuchgroup/users")).willReturn(oktaError(404, "not-found")));

    assertThat(directory().groupsOfUser(ZOE, Membership.DIRECT).map(DirectoryGroup::id))
        .containsExactly(ENGINEERING, OktaFixture.EVERYONE);
    assertThat(directory().groupsOfUser(OktaFixture.MISSING, Membership.DIRECT)).isEmpty();
    assertThat(directory().groupMembers("00gnosuchgroup", Membership.DIRECT)).isEmpty();
  }

  @Test
  void aGroupThatVanishesPartWayThroughItsMembersIsAnIncompleteRead() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users")).withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("group-members", "engineering-page1"))
            .withHeader("Link", link(wm, "/api/v1/groups/" + ENGINEERING + "/users?after=" + KEN + "&limit=3", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users")).withQueryParam("after", equalTo(KEN))
        .willReturn(oktaError(404, "not-found")));

    Iterator<GroupMember> it = directory().groupMembers(ENGINEERING, Membership.DIRECT).iterator();
    for (int i = 0; i < 3; i++) {
      it.next();
    }
    assertThatThrownBy(it::hasNext)
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("part-way")
        .hasMessageContaining("/api/v1/groups/" + ENGINEERING + "/users");
  }

  @Test
  void retriesA429AfterTheResetOktaNamesAndCountsIt() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(okta(FIXTURES.json("error", "rate-limit"), 0, SERVER_NOW.plusSeconds(7)).withStatus(429))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).inScenario("throttle").whenScenarioStateIs("ok")
        .willReturn(okta(FIXTURES.json("users", "page1"))));
    OktaDirectory d = directory();

    assertThat(d.users(UserQuery.standard()).count()).isEqualTo(3);

    // Reset 7 s after the server's Date, plus the second the reset falls in.
    assertThat(sleeper.waits).contains(Duration.ofSeconds(8));
    assertThat(d.requestStats().throttled()).isEqualTo(1);
    assertThat(d.requestStats().requests()).isEqualTo(2);
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }

  @Test
  void keepsBeingThrottledIsAThrottledExceptionWithOktasCodeAndFix() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .willReturn(okta(FIXTURES.json("error", "rate-limit"), 0, SERVER_NOW.plusSeconds(1)).withStatus(429)));
    OktaDirectory d = OktaDirectory.create(OktaFixture.settings(wm).build(), ConnectorOptions.builder()
        .sleeper(sleeper).retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMinutes(1)))
        .build());

    assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(ThrottledException.class, e -> {
          assertThat(e.errorCode()).contains("E0000047");
          assertThat(e.requestId()).contains("oae5tS8G6oKQuGtDY3QWEv4ZA");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("maxConcurrentRequests"));
        });
  }

  @Test
  void anInvalidTokenIsAnAuthenticationFailureThatSaysWhatToFix() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(oktaError(401, "invalid-token")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.status()).isEqualTo(401);
          assertThat(e.errorCode()).contains("E0000011");
          assertThat(e.providerMessage()).contains("Invalid token provided");
          assertThat(e.requestId()).contains("oaeY-4G_TBUTBSZAn9n7oZCfw");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f)
              .contains("API token").contains("30 days").contains("Security > API > Tokens"));
          assertThat(e.getMessage()).contains("GET " + wm.baseUrl() + "/api/v1/users")
              .doesNotContain(API_TOKEN);
        });
  }

  @Test
  void oktasErrorBodyIsSurfacedAsProviderCodeSummaryAndRequestId() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(oktaError(403, "forbidden")));

    assertThatThrownBy(() -> directory().groups().count())
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
          assertThat(e.errorCode()).contains("E0000006");
          assertThat(e.providerMessage()).contains("You do not have permission to perform the requested action");
          assertThat(e.requestId()).contains("oae4h3VRdoVSaiMVp4cCEwOwg");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("cannot read groups")
              .contains("Read-only Administrator"));
          assertThat(e.getMessage()).contains("403").contains("E0000006")
              .contains("You do not have permission to perform the requested action");
        });
  }

  @Test
  void aNotFoundCodeOnAListIsANotFoundException() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(oktaError(404, "not-found")));

    assertThatThrownBy(() -> directory().groups().count())
        .isInstanceOfSatisfying(NotFoundException.class, e -> assertThat(e.errorCode()).contains("E0000007"));
  }

  @Test
  void retriesAServerErrorThenGoesOn() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).inScenario("5xx").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503).withBody("<html>upstream unavailable</html>"))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).inScenario("5xx").whenScenarioStateIs("ok")
        .willReturn(okta(FIXTURES.json("users", "page1"))));

    assertThat(directory().users(UserQuery.standard()).count()).isEqualTo(3);
    assertThat(sleeper.waits).hasSize(1);
  }

  @Test
  void aBrokenPageChainIsThrownAfterTheItemsAlreadyRead() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("users", "page1"))
            .withHeader("Link", link(wm, "/api/v1/users?after=" + KEN + "&limit=3", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("after", equalTo(KEN))
        .willReturn(aResponse().withStatus(500).withBody("{\"errorCode\":\"E0000009\",\"errorSummary\":\"Internal Server Error\"}")));
    OktaDirectory d = OktaDirectory.create(OktaFixture.settings(wm).build(),
        ConnectorOptions.builder().sleeper(sleeper).retryPolicy(RetryPolicy.none()).build());

    Iterator<DirectoryUser> it = d.users(UserQuery.standard()).iterator();
    assertThat(it.next().id()).isEqualTo(ALICE);
    it.next();
    it.next();
    assertThatThrownBy(it::hasNext)
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.errorCode()).contains("E0000009");
        });
  }

  @Test
  void malformedJsonIsADirectoryExceptionNamingTheEndpoint() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta("[{\"id\":\"00u1\",")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("/api/v1/users")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aPageThatIsNotAnArrayIsRefused() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta("{\"users\":[]}")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("not a JSON array");
  }

  @Test
  void aNextLinkToAnotherHostIsNotFollowedWithTheToken() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .willReturn(okta(FIXTURES.json("users", "page1"))
            .withHeader("Link", "<https://evil.example.com/api/v1/users?after=x>; rel=\"next\"")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("evil.example.com")
        .hasMessageContaining("not followed");
  }

  @Test
  void aPageChainThatLoopsIsStopped() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .willReturn(okta(FIXTURES.json("users", "page1"))
            .withHeader("Link", link(wm, "/api/v1/users?after=" + KEN + "&limit=3", "next"))));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("second time");
  }

  @Test
  void findsAUserByEmailWithACaseInsensitiveSearchPreferringAnActiveOne() {
    String inactiveTwin = FIXTURES.json("user", "deprovisioned");
    String active = FIXTURES.json("user", "custom-attributes");
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("search", equalTo("profile.email eq \"Alice.Anders@example.com\""))
        .willReturn(okta("[" + inactiveTwin + "," + active + "]")));

    assertThat(directory().userByEmail("Alice.Anders@example.com", UserQuery.standard()).map(DirectoryUser::id))
        .contains(ALICE);
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("search", equalTo("profile.email eq \"Alice.Anders@example.com\"")));
  }

  @Test
  void aQuoteInAnEmailCannotEscapeTheSearchLiteral() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta("[]")));

    assertThat(directory().userByEmail("x\" or id pr \"@example.com", UserQuery.standard())).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("search", equalTo("profile.email eq \"x\\\" or id pr \\\"@example.com\"")));
  }

  @Test
  void tellsItsCapabilities() {
    OktaDirectory d = directory();

    assertThat(d.capabilities().supported()).containsExactlyInAnyOrder(
        Capability.GROUPS, Capability.GROUP_MEMBERS, Capability.TRANSITIVE_GROUP_MEMBERS,
        Capability.USER_GROUPS, Capability.MANAGER, Capability.MANAGER_ON_USER, Capability.CHANGES, Capability.FIND_USER_BY_EMAIL);
    assertThat(d.capabilities().maxConcurrentRequests()).isEqualTo(4);
    assertThatThrownBy(() -> d.photo(ALICE)).isInstanceOf(DirectoryException.class).hasMessageContaining("PHOTO");
    assertThat(d.providerId()).isEqualTo("okta");
    assertThat(d.toString()).contains("API token").doesNotContain(API_TOKEN);
    assertThat(d.settings().toString()).doesNotContain(API_TOKEN);
  }

  @Test
  void theRateLimitBudgetRunningOutHoldsTheNextRequestUntilTheReset() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("users", "page1"), 0, SERVER_NOW.plusSeconds(3))
            .withHeader("Link", link(wm, "/api/v1/users?after=" + KEN + "&limit=3", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).withQueryParam("after", equalTo(KEN))
        .willReturn(okta("[]")));

    assertThat(singleChain().users(UserQuery.standard()).count()).isEqualTo(3);
    // Held until the reset (3 s after the server's Date, plus the second it falls in), less the
    // moment that passed since the answer; not as a retry, nothing failed.
    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(4)).isGreaterThan(Duration.ofSeconds(3));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }
}
