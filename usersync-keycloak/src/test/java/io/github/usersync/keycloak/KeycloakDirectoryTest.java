package io.github.usersync.keycloak;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.keycloak.KeycloakStubs.ADMIN;
import static io.github.usersync.keycloak.KeycloakStubs.ANNA;
import static io.github.usersync.keycloak.KeycloakStubs.BACKEND;
import static io.github.usersync.keycloak.KeycloakStubs.BEARER;
import static io.github.usersync.keycloak.KeycloakStubs.BJORN;
import static io.github.usersync.keycloak.KeycloakStubs.CHLOE;
import static io.github.usersync.keycloak.KeycloakStubs.CLIENT_SECRET;
import static io.github.usersync.keycloak.KeycloakStubs.DATABASES;
import static io.github.usersync.keycloak.KeycloakStubs.DMITRI;
import static io.github.usersync.keycloak.KeycloakStubs.ENGINEERING;
import static io.github.usersync.keycloak.KeycloakStubs.EVA;
import static io.github.usersync.keycloak.KeycloakStubs.FIX;
import static io.github.usersync.keycloak.KeycloakStubs.FRONTEND;
import static io.github.usersync.keycloak.KeycloakStubs.MISSING;
import static io.github.usersync.keycloak.KeycloakStubs.SALES;
import static io.github.usersync.keycloak.KeycloakStubs.TOKEN;
import static io.github.usersync.keycloak.KeycloakStubs.usersPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeycloakDirectoryTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final KeycloakStubs stubs = new KeycloakStubs(wm);

  /** A GET of {@code pathAndQuery}'s path carrying its query parameters, in any order. */
  private static com.github.tomakehurst.wiremock.matching.RequestPatternBuilder q(String pathAndQuery) {
    int at = pathAndQuery.indexOf('?');
    com.github.tomakehurst.wiremock.matching.RequestPatternBuilder b =
        getRequestedFor(urlPathEqualTo(pathAndQuery.substring(0, at)));
    for (String pair : pathAndQuery.substring(at + 1).split("&")) {
      String[] kv = pair.split("=", 2);
      b.withQueryParam(kv[0], equalTo(kv[1]));
    }
    return b;
  }

  private static List<String> ids(List<DirectoryUser> users) {
    return users.stream().map(DirectoryUser::id).collect(Collectors.toList());
  }

  // ------------------------------------------------------------------ users

  @Test
  void listsUsersAcrossThreePagesInOrderWithTheBriefRepresentation() {
    stubs.token().users();

    List<DirectoryUser> users;
    try (KeycloakDirectory d = stubs.directory()) {
      users = d.users(UserQuery.standard()).collect(Collectors.toList());
    }

    assertThat(ids(users)).containsExactly(ANNA, BJORN, CHLOE, DMITRI, EVA);
    wm.verify(1, getRequestedFor(urlPathEqualTo(ADMIN + "/users/count")).withHeader("Authorization", equalTo(BEARER)));
    for (int first : new int[] {0, 2, 4}) {
      wm.verify(1, q(ADMIN + "/users?first=" + first + "&max=2&briefRepresentation=true")
          .withHeader("Authorization", equalTo(BEARER)));
    }
    wm.verify(3, getRequestedFor(urlPathEqualTo(ADMIN + "/users")));
    wm.verify(1, postRequestedFor(urlEqualTo(TOKEN))
        .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
        .withRequestBody(containing("grant_type=client_credentials"))
        .withRequestBody(containing("client_id=usersync"))
        .withRequestBody(containing("client_secret=" + CLIENT_SECRET)));
  }

  @Test
  void mapsTheStandardFieldsAndKeepsTheJsonAsRaw() {
    stubs.token().users();

    List<DirectoryUser> users;
    try (KeycloakDirectory d = stubs.directory()) {
      users = d.users(UserQuery.standard()).collect(Collectors.toList());
    }

    DirectoryUser anna = users.get(0);
    assertThat(anna.username()).isEqualTo("anna.schröder");
    assertThat(anna.email()).contains("anna.schroeder@example.com");
    assertThat(anna.givenName()).contains("Anna");
    assertThat(anna.familyName()).contains("Schröder");
    assertThat(anna.displayName()).contains("Anna Schröder");
    assertThat(anna.active()).isTrue();
    assertThat(anna.managerId()).isEmpty();
    assertThat(anna.raw().path("createdTimestamp").asLong()).isEqualTo(1700000000001L);
    DirectoryUser bjorn = users.get(1);
    assertThat(bjorn.email()).isEmpty();
    assertThat(bjorn.familyName()).isEmpty();
    assertThat(bjorn.displayName()).contains("Björn");
    assertThat(users.get(2).active()).as("chloé is disabled").isFalse();
    assertThat(users.get(3).displayName()).contains("Иванов");
  }

  @Test
  void asksForTheFullRepresentationWhenTheQueryReadsAttributes() {
    stubs.token().userCount(2);
    wm.stubFor(usersPage(0).withQueryParam("briefRepresentation", equalTo("false"))
        .willReturn(okJson(FIX.json("users", "fullpage1"))));
    wm.stubFor(usersPage(2).withQueryParam("briefRepresentation", equalTo("false")).willReturn(okJson("[]")));

    List<DirectoryUser> users;
    try (KeycloakDirectory d = stubs.directory()) {
      users = d.users(UserQuery.builder().addAttributes("attributes.department").build())
          .collect(Collectors.toList());
    }

    assertThat(ids(users)).containsExactly(ANNA, BJORN);
    assertThat(users.get(0).raw().path("attributes").path("department").get(0).asText()).isEqualTo("Engineering");
    assertThat(users.get(0).raw().path("attributes").path("phone")).hasSize(2);
    assertThat(users.get(1).raw().path("requiredActions").get(0).asText()).isEqualTo("UPDATE_PASSWORD");
    wm.verify(2, getRequestedFor(urlPathEqualTo(ADMIN + "/users")).withQueryParam("briefRepresentation", equalTo("false")));
  }

  @Test
  void fieldsOfTheBriefRepresentationDoNotNeedTheFullOne() {
    stubs.token().users();

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.users(UserQuery.builder().addAttributes("createdTimestamp", "emailVerified").build()).count())
          .isEqualTo(5);
    }

    wm.verify(3, getRequestedFor(urlPathEqualTo(ADMIN + "/users")).withQueryParam("briefRepresentation", equalTo("true")));
  }

  @Test
  void leavesDisabledUsersOutWhenAskedToWithoutAServerFilter() {
    stubs.token().users();

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.users(UserQuery.builder().includeDeactivated(false).build()).map(DirectoryUser::id))
          .containsExactly(ANNA, BJORN, DMITRI, EVA);
    }
    // A server-side enabled=true would bring in service-account users.
    wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/users")).withQueryParam("enabled", com.github.tomakehurst.wiremock.client.WireMock.matching(".*")));
  }

  @Test
  void keepsReadingWhenTheRealmGrewAfterTheCount() {
    stubs.token().userCount(3).page(0, "page1").page(2, "page2").page(4, "page3");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.users(UserQuery.standard()).map(DirectoryUser::id))
          .containsExactly(ANNA, BJORN, CHLOE, DMITRI, EVA);
    }
    wm.verify(3, getRequestedFor(urlPathEqualTo(ADMIN + "/users")));
  }

  @Test
  void aCountThatIsAMultipleOfThePageEndsOnAnEmptyPage() {
    stubs.token().userCount(4).page(0, "page1").page(2, "page2");
    wm.stubFor(usersPage(4).willReturn(okJson("[]")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.users(UserQuery.standard()).count()).isEqualTo(4);
    }
    wm.verify(3, getRequestedFor(urlPathEqualTo(ADMIN + "/users")));
  }

  @Test
  void readsPageByPageWithOneRequestInFlight() {
    stubs.token().users();

    try (KeycloakDirectory d = stubs.directory(stubs.settings().maxConcurrentRequests(1).build())) {
      assertThat(d.users(UserQuery.standard()).map(DirectoryUser::id))
          .containsExactly(ANNA, BJORN, CHLOE, DMITRI, EVA);
    }
  }

  @Test
  void requestsNothingUntilTheStreamIsRead() {
    stubs.token().users();

    try (KeycloakDirectory d = stubs.directory()) {
      d.users(UserQuery.standard());
      d.groupsOfUser(BJORN, Membership.TRANSITIVE);
    }

    assertThat(wm.getAllServeEvents()).isEmpty();
  }

  @Test
  void anEmptyListingDespiteACountIsAPermissionProblemNotAnEmptyRealm() {
    stubs.token().userCount(5);
    wm.stubFor(usersPage(0).willReturn(okJson("[]")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("listed no users although the realm has 5")
          .hasMessageContaining("service account of client 'usersync'")
          .hasMessageContaining("view-users");
    }
  }

  @Test
  void anEmptyRealmListsNoUsers() {
    stubs.token().userCount(0);
    wm.stubFor(usersPage(0).willReturn(okJson("[]")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.users(UserQuery.standard())).isEmpty();
    }
  }

  @Test
  void aPageThatFailsMidwayIsThrownAfterTheEarlierPages() {
    stubs.token().userCount(5).page(0, "page1").page(4, "page3");
    wm.stubFor(usersPage(2).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"unknown_error\"}")));

    try (KeycloakDirectory d = stubs.directory()) {
      Iterator<DirectoryUser> it = d.users(UserQuery.standard()).iterator();
      assertThat(it.next().id()).isEqualTo(ANNA);
      assertThat(it.next().id()).isEqualTo(BJORN);
      assertThatThrownBy(it::hasNext)
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("GET " + wm.baseUrl() + ADMIN + "/users answered HTTP 500");
    }
    wm.verify(3, getRequestedFor(urlPathEqualTo(ADMIN + "/users")).withQueryParam("first", equalTo("2")));
  }

  @Test
  void aServerThatIgnoresFirstIsAnErrorNotAnEndlessListing() {
    stubs.token().userCount(1);
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users")).willReturn(okJson(FIX.json("users", "page1"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + BACKEND + "/members"))
        .willReturn(okJson(FIX.json("members", "backendpage1"))));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(DirectoryException.class)
          .hasMessageContaining("answered the same page for two offsets");
      assertThatThrownBy(() -> d.groupMembers(BACKEND, Membership.DIRECT).count())
          .isInstanceOf(DirectoryException.class)
          .hasMessageContaining("answered the same page for two offsets");
    }
  }

  @Test
  void aMalformedPageIsAnError() {
    stubs.token().userCount(5).page(0, "page1");
    wm.stubFor(usersPage(2).willReturn(aResponse().withStatus(200).withBody("[{\"id\":\"x\",")));
    wm.stubFor(usersPage(4).willReturn(okJson("[]")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(DirectoryException.class)
          .hasMessageContaining("not valid JSON");
    }
  }

  @Test
  void aPageThatIsNotAnArrayIsAnError() {
    stubs.token().userCount(1);
    wm.stubFor(usersPage(0).willReturn(okJson("{\"users\":[]}")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(DirectoryException.class)
          .hasMessageContaining("not a JSON array");
    }
  }

  @Test
  void retriesAThrottledPageAfterRetryAfter() {
    stubs.token().userCount(5).page(0, "page1").page(4, "page3");
    wm.stubFor(usersPage(2).inScenario("t").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3"))
        .willSetStateTo("ok"));
    wm.stubFor(usersPage(2).inScenario("t").whenScenarioStateIs("ok")
        .willReturn(okJson(FIX.json("users", "page2"))));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.users(UserQuery.standard()).count()).isEqualTo(5);
      assertThat(d.requestStats().throttled()).isEqualTo(1);
      assertThat(d.requestStats().retries()).isEqualTo(1);
    }
    assertThat(stubs.sleeper.waits).containsExactly(Duration.ofSeconds(3));
  }

  @Test
  void retriesA503ThenSucceeds() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + ANNA)).inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + ANNA)).inScenario("s").whenScenarioStateIs("ok")
        .willReturn(okJson(FIX.json("user", "anna"))));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.user(ANNA, UserQuery.standard()).map(DirectoryUser::username)).contains("anna.schröder");
    }
    assertThat(stubs.sleeper.waits).hasSize(1);
  }

  @Test
  void readsOneUserAndAnUnknownIdAsEmpty() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + ANNA)).willReturn(okJson(FIX.json("user", "anna"))));
    stubs.error(get(urlPathEqualTo(ADMIN + "/users/" + MISSING)), 404, "error_usernotfound");

    try (KeycloakDirectory d = stubs.directory()) {
      DirectoryUser anna = d.user(ANNA, UserQuery.standard()).orElseThrow();
      assertThat(anna.raw().path("attributes").path("phone").get(1).asText()).isEqualTo("+49 170 5678");
      assertThat(d.user(MISSING, UserQuery.standard())).isEmpty();
    }
  }

  @Test
  void encodesIdsAsOnePathSegment() {
    stubs.token();
    wm.stubFor(get(urlEqualTo(ADMIN + "/users/a%2F..%2Fb%3Fx")).willReturn(okJson(FIX.json("user", "anna"))));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.user("a/../b?x", UserQuery.standard())).isPresent();
    }
  }

  @Test
  void findsAUserByEmailIgnoringCase() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users"))
        .withQueryParam("email", equalTo("Anna.Schroeder@Example.com"))
        .withQueryParam("exact", equalTo("true"))
        .willReturn(okJson(FIX.json("users", "page1"))));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.userByEmail("Anna.Schroeder@Example.com", UserQuery.standard()).map(DirectoryUser::id))
          .contains(ANNA);
    }
  }

  // ------------------------------------------------------------------ auth and errors

  @Test
  void fetchesANewTokenOnceAfterA401ThenReportsTheFix() {
    stubs.token().userCount(5);
    stubs.error(usersPage(0), 401, "error_unauthorized");

    try (KeycloakDirectory d = stubs.directory(stubs.settings().maxConcurrentRequests(1).build())) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("refused the access token from realm 'acme'")
          .hasMessageNotContaining(CLIENT_SECRET);
    }
    wm.verify(2, postRequestedFor(urlEqualTo(TOKEN)));
    wm.verify(2, getRequestedFor(urlPathEqualTo(ADMIN + "/users")));
  }

  @Test
  void aRejectedClientSecretSaysWhatToCheck() {
    stubs.error(post(TOKEN), 401, "token_invalidclient");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.user(ANNA, UserQuery.standard()))
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessageContaining("unauthorized_client")
          .hasMessageContaining("check clientId 'usersync' and clientSecret")
          .hasMessageNotContaining(CLIENT_SECRET);
    }
  }

  @Test
  void aForbiddenCallNamesTheMissingRole() {
    stubs.token();
    stubs.error(get(urlPathEqualTo(ADMIN + "/users/" + ANNA)), 403, "error_forbidden");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.user(ANNA, UserQuery.standard()))
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("Clients > usersync > Service accounts roles")
          .hasMessageContaining("realm-management > view-users");
    }
  }

  @Test
  void anUnknownRealmSaysToCheckTheRealmSetting() {
    stubs.token().userCount(0);
    stubs.error(get(urlPathEqualTo(ADMIN + "/users/count")), 404, "error_realmnotfound");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("Realm 'acme' does not exist");
    }
  }

  @Test
  void theLegacyAuthContextPathPrefixesTokenAndAdminCalls() {
    wm.stubFor(post("/auth" + TOKEN).willReturn(okJson(FIX.json("token", "ok"))));
    wm.stubFor(get(urlPathEqualTo("/auth" + ADMIN + "/users/count")).willReturn(okJson("1")));
    wm.stubFor(get(urlPathEqualTo("/auth" + ADMIN + "/users")).withQueryParam("first", equalTo("0"))
        .willReturn(okJson(FIX.json("users", "page3"))));

    try (KeycloakDirectory d = stubs.directory(
        stubs.settings().baseUrl(URI.create(wm.baseUrl() + "/auth/")).build())) {
      assertThat(d.users(UserQuery.standard()).map(DirectoryUser::id)).containsExactly(EVA);
    }
    wm.verify(1, postRequestedFor(urlEqualTo("/auth" + TOKEN)));
  }

  @Test
  void withoutTheAuthContextPathALegacyServerSaysToAddIt() {
    stubs.error(post(TOKEN), 404, "error_nomethod");

    try (KeycloakDirectory d = stubs.directory()) {
      ConnectionReport report = d.checkConnection();
      EndpointCheck token = report.checks().get(0);
      assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("legacy /auth context path"));
    }
  }

  @Test
  void thePasswordGrantUsesAdminCliInTheMasterRealm() {
    wm.stubFor(post("/realms/master/protocol/openid-connect/token").willReturn(okJson(FIX.json("token", "ok"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + ANNA)).willReturn(okJson(FIX.json("user", "anna"))));
    KeycloakSettings settings = KeycloakSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .realm("acme")
        .grantType(KeycloakSettings.GrantType.PASSWORD)
        .username("admin")
        .password(Secret.of("adm1n-passw0rd"))
        .build();

    try (KeycloakDirectory d = stubs.directory(settings)) {
      assertThat(d.user(ANNA, UserQuery.standard())).isPresent();
    }
    wm.verify(postRequestedFor(urlEqualTo("/realms/master/protocol/openid-connect/token"))
        .withRequestBody(containing("grant_type=password"))
        .withRequestBody(containing("client_id=admin-cli"))
        .withRequestBody(containing("username=admin"))
        .withRequestBody(containing("password=adm1n-passw0rd"))
        .withRequestBody(absentOrNot("client_secret")));
    wm.verify(getRequestedFor(urlPathEqualTo(ADMIN + "/users/" + ANNA)).withHeader("Authorization", equalTo(BEARER)));
  }

  private static com.github.tomakehurst.wiremock.matching.StringValuePattern absentOrNot(String field) {
    return com.github.tomakehurst.wiremock.client.WireMock.notContaining(field);
  }

  @Test
  void aWrongPasswordSaysWhichUserAndRealm() {
    stubs.error(post("/realms/master/protocol/openid-connect/token"), 401, "token_invalidgrant");
    KeycloakSettings settings = KeycloakSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .realm("acme")
        .grantType(KeycloakSettings.GrantType.PASSWORD)
        .username("admin")
        .password(Secret.of("wrong-passw0rd"))
        .build();

    try (KeycloakDirectory d = stubs.directory(settings)) {
      assertThatThrownBy(() -> d.user(ANNA, UserQuery.standard()))
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessageContaining("Keycloak rejected user 'admin' in realm 'master'")
          .hasMessageNotContaining("wrong-passw0rd");
    }
  }

  // ------------------------------------------------------------------ connection check

  /** Stubs every probe of the connection check to answer as a healthy realm does. */
  private void healthyProbes() {
    stubs.token().userCount(5).adminEventsOn();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users")).withQueryParam("max", equalTo("1"))
        .willReturn(okJson(FIX.json("users", "page3"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + EVA)).willReturn(okJson(FIX.json("user", "anna"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + EVA + "/groups")).willReturn(okJson("[]")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups")).withQueryParam("max", equalTo("1"))
        .willReturn(okJson(FIX.json("groups", "topfirst"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING)).willReturn(okJson(FIX.json("group", "engineering"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING + "/children")).willReturn(okJson("[]")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING + "/members")).willReturn(okJson("[]")));
  }

  @Test
  void theConnectionCheckProbesEveryEndpointInOrder() {
    healthyProbes();

    try (KeycloakDirectory d = stubs.directory()) {
      ConnectionReport report = d.checkConnection();
      assertThat(report.ok()).as(report.toText()).isTrue();
      assertThat(report.checks()).extracting(EndpointCheck::name).containsExactly(
          "token", "count users", "list users", "read user", "user's groups", "list groups",
          "read group", "subgroups", "group members", "events config", "admin events");
      assertThat(report.checks().get(0).endpoint()).isEqualTo("POST " + wm.baseUrl() + TOKEN);
      assertThat(report.checks().get(3).endpoint()).isEqualTo("GET " + wm.baseUrl() + ADMIN + "/users/" + EVA);
    }
    wm.verify(getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING + "/members"))
        .withHeader("Authorization", equalTo(BEARER)));
  }

  @Test
  void aMissingRoleFailsEachProbeWithTheRoleToGrant() {
    healthyProbes();
    stubs.error(get(urlPathEqualTo(ADMIN + "/users")), 403, "error_forbidden");
    stubs.error(get(urlPathEqualTo(ADMIN + "/groups")), 403, "error_forbidden");
    stubs.error(get(urlPathEqualTo(ADMIN + "/groups/count")), 403, "error_forbidden");

    try (KeycloakDirectory d = stubs.directory()) {
      ConnectionReport report = d.checkConnection();

      assertThat(report.ok()).isFalse();
      assertThat(report.checks()).filteredOn(c -> c.name().equals("list users") || c.name().equals("list groups"))
          .hasSize(2)
          .allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(EndpointCheck.Status.FAILED);
            assertThat(c.httpStatus()).hasValue(403);
            assertThat(c.problem()).hasValueSatisfying(p -> assertThat(p).contains("HTTP 403 Forbidden"));
            assertThat(c.fix()).hasValueSatisfying(f -> assertThat(f)
                .contains("Grant the service account of client 'usersync' the client role view-users of"
                    + " realm-management in realm 'acme'"));
          });
      assertThat(report.toText()).contains("fix:").doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void aMasterRealmAdminIsToldAboutTheRealmClientInMaster() {
    wm.stubFor(post("/realms/master/protocol/openid-connect/token").willReturn(okJson(FIX.json("token", "ok"))));
    stubs.error(get(urlPathEqualTo(ADMIN + "/users/count")), 403, "error_forbidden");
    KeycloakSettings settings = KeycloakSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .realm("acme")
        .grantType(KeycloakSettings.GrantType.PASSWORD)
        .username("ops")
        .password(Secret.of("0ps-passw0rd"))
        .build();

    try (KeycloakDirectory d = stubs.directory(settings)) {
      EndpointCheck count = d.checkConnection().checks().get(1);
      assertThat(count.fix()).hasValueSatisfying(f -> assertThat(f)
          .contains("user 'ops' (master realm) the role view-users of client 'acme-realm' in the master realm"));
    }
  }

  @Test
  void queryRolesWithoutViewUsersFailTheListingProbe() {
    healthyProbes();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users")).withQueryParam("max", equalTo("1")).willReturn(okJson("[]")));

    try (KeycloakDirectory d = stubs.directory()) {
      ConnectionReport report = d.checkConnection();
      EndpointCheck list = report.checks().get(2);
      assertThat(list.name()).isEqualTo("list users");
      assertThat(list.status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(list.problem()).hasValueSatisfying(p -> assertThat(p).contains("listed no users although the realm has 5"));
      assertThat(list.fix()).hasValueSatisfying(f -> assertThat(f).contains("view-users"));
    }
  }

  @Test
  void aRejectedSecretFailsTheTokenAndSkipsTheRest() {
    stubs.error(post(TOKEN), 401, "token_invalidclient");

    try (KeycloakDirectory d = stubs.directory()) {
      ConnectionReport report = d.checkConnection();
      EndpointCheck token = report.checks().get(0);
      assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(token.httpStatus()).hasValue(401);
      assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f)
          .contains("check clientId 'usersync' and clientSecret against Clients > usersync > Credentials in realm 'acme'"));
      assertThat(report.checks().subList(1, report.checks().size()))
          .allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
      assertThat(report.toText()).doesNotContain(CLIENT_SECRET);
    }
  }

  @Test
  void aClientWithoutServiceAccountIsToldToEnableIt() {
    stubs.error(post(TOKEN), 401, "token_noserviceaccount");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.checkConnection().checks().get(0).fix()).hasValueSatisfying(f -> assertThat(f)
          .contains("turn on 'Client authentication' and 'Service accounts roles'"));
    }
  }

  @Test
  void anUnknownTokenRealmSaysToCheckTheRealm() {
    stubs.error(post(TOKEN), 404, "token_realmnotfound");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.checkConnection().checks().get(0).fix()).hasValueSatisfying(f -> assertThat(f)
          .contains("realm 'acme' does not exist on " + wm.baseUrl()));
    }
  }

  @Test
  void anUnreachableServerGetsTheToolkitsSentence() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (KeycloakDirectory d = stubs.directory(stubs.settings().baseUrl(URI.create("http://127.0.0.1:" + port)).build())) {
      EndpointCheck token = d.checkConnection().checks().get(0);
      assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(token.problem()).hasValueSatisfying(p -> assertThat(p).contains("127.0.0.1:" + port).contains("refused"));
      assertThat(token.fix()).isPresent();
    }
  }

  // ------------------------------------------------------------------ groups

  @Test
  void walksTheGroupTreeThroughChildrenDepthFirst() {
    stubs.token().groups();

    try (KeycloakDirectory d = stubs.directory()) {
      List<DirectoryGroup> groups = d.groups().collect(Collectors.toList());
      assertThat(groups).extracting(DirectoryGroup::id)
          .containsExactly(ENGINEERING, BACKEND, DATABASES, FRONTEND, SALES);
      assertThat(groups).extracting(DirectoryGroup::name)
          .containsExactly("engineering", "backend", "databases", "frontend", "sales");
      assertThat(groups.get(0).description()).contains("Everyone who builds");
      assertThat(groups.get(0).raw().path("attributes").path("costCenter").get(0).asText()).isEqualTo("4711");
    }
    wm.verify(1, q(ADMIN + "/groups?first=0&max=2&briefRepresentation=false&subGroupsCount=true"));
    wm.verify(1, q(ADMIN + "/groups/" + ENGINEERING + "/children?first=0&max=2&briefRepresentation=false&subGroupsCount=true"));
    // The top-level page was full, so the next (empty) one is read too; only an empty first page
    // is compared with the count.
    wm.verify(1, q(ADMIN + "/groups?first=2&max=2&briefRepresentation=false&subGroupsCount=true"));
    wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/count")));
    // subGroupCount 0: no call for sales, frontend or databases.
    wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + SALES + "/children")));
    wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + DATABASES + "/children")));
  }

  @Test
  void namesGroupsByTheirFullPathWhenSetTo() {
    stubs.token().groups();

    try (KeycloakDirectory d = stubs.directory(stubs.settings().groupName(KeycloakSettings.GroupName.PATH).build())) {
      assertThat(d.groups().map(DirectoryGroup::name))
          .containsExactly("/engineering", "/engineering/backend", "/engineering/backend/databases",
              "/engineering/frontend", "/sales");
    }
  }

  @Test
  void readsTheInlineTreeOfServersBeforeKeycloak23() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups")).withQueryParam("first", equalTo("0"))
        .willReturn(okJson(FIX.json("groups", "legacytree"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups")).withQueryParam("first", equalTo("2")).willReturn(okJson("[]")));
    // No /children on such servers: it answers 404.
    stubs.error(get(urlPathEqualTo(ADMIN + "/groups/" + SALES + "/children")), 404, "error_nomethod");
    stubs.error(get(urlPathEqualTo(ADMIN + "/groups/" + FRONTEND + "/children")), 404, "error_nomethod");
    stubs.error(get(urlPathEqualTo(ADMIN + "/groups/" + DATABASES + "/children")), 404, "error_nomethod");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.groups().map(DirectoryGroup::id))
          .containsExactly(ENGINEERING, BACKEND, DATABASES, FRONTEND, SALES);
    }
    wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING + "/children")));
  }

  @Test
  void anEmptyGroupListingDespiteACountIsAPermissionProblem() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups")).willReturn(okJson("[]")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/count")).withQueryParam("top", equalTo("true"))
        .willReturn(okJson("{\"count\":7}")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThatThrownBy(() -> d.groups().count())
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("listed no groups although the realm has 7")
          .hasMessageContaining("view-users");
    }
  }

  @Test
  void directMembersArePagedAndIncludeSubgroups() {
    stubs.token()
        .members(BACKEND, 0, "backendpage1")
        .members(BACKEND, 2, "backendpage2")
        .members(BACKEND, 4, "backendpage3")
        .children(BACKEND, "childrenbackend");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.groupMembers(BACKEND, Membership.DIRECT))
          .containsExactly(GroupMember.user(ANNA), GroupMember.user(BJORN), GroupMember.user(CHLOE),
              GroupMember.user(DMITRI), GroupMember.user(EVA), GroupMember.group(DATABASES));
    }
    for (int first : new int[] {0, 2, 4}) {
      wm.verify(1, q(ADMIN + "/groups/" + BACKEND + "/members?first=" + first
          + "&max=2&briefRepresentation=true"));
    }
  }

  @Test
  void membersOfLeafGroupsAskForNoSubgroups() {
    // GroupRepresentation.subGroupCount (Keycloak 23+, with subGroupsCount=true; Keycloak Admin
    // REST API) says which groups have subgroups: only those are asked for their children.
    stubs.token().groups()
        .members(ENGINEERING, 0, "databases")
        .members(BACKEND, 0, "backendpage1")
        .members(BACKEND, 2, "backendpage2")
        .members(BACKEND, 4, "backendpage3")
        .members(DATABASES, 0, "databases")
        .noMembers(FRONTEND)
        .noMembers(SALES);

    try (KeycloakDirectory d = stubs.directory()) {
      List<String> ids = d.groups().map(DirectoryGroup::id).collect(Collectors.toList());
      wm.resetRequests();
      for (String id : ids) {
        assertThat(d.groupMembers(id, Membership.DIRECT).count()).isNotNegative();
      }
      assertThat(d.groupMembers(BACKEND, Membership.DIRECT)).contains(GroupMember.group(DATABASES));
    }
    wm.verify(2, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING + "/children")));
    wm.verify(2, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + BACKEND + "/children")));
    for (String leaf : new String[] {DATABASES, FRONTEND, SALES}) {
      wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + leaf + "/children")));
    }
  }

  @Test
  void transitiveMembersWalkTheSubgroupsAndListEachUserOnce() {
    stubs.token()
        .members(ENGINEERING, 0, "databases") // björn directly in engineering too
        .children(ENGINEERING, "childrenengineering")
        .members(BACKEND, 0, "backendpage1")
        .members(BACKEND, 2, "backendpage2")
        .members(BACKEND, 4, "backendpage3")
        .children(BACKEND, "childrenbackend")
        .members(DATABASES, 0, "databases")
        .noChildren(DATABASES)
        .noMembers(FRONTEND)
        .noChildren(FRONTEND);

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.groupMembers(ENGINEERING, Membership.TRANSITIVE))
          .containsExactly(GroupMember.user(BJORN), GroupMember.group(BACKEND), GroupMember.user(ANNA),
              GroupMember.user(CHLOE), GroupMember.user(DMITRI), GroupMember.user(EVA),
              GroupMember.group(DATABASES), GroupMember.group(FRONTEND));
    }
  }

  @Test
  void membersOfAGroupThatIsGoneAreEmpty() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + MISSING + "/members"))
        .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"Could not find group by id\"}")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + MISSING + "/children"))
        .willReturn(aResponse().withStatus(404).withBody("{\"error\":\"Could not find group by id\"}")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.groupMembers(MISSING, Membership.DIRECT)).isEmpty();
    }
  }

  @Test
  void aUsersDirectGroupsAndTheirAncestors() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + BJORN + "/groups")).withQueryParam("first", equalTo("0"))
        .willReturn(okJson(FIX.json("usergroups", "bjorn"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + BJORN + "/groups")).withQueryParam("first", equalTo("2"))
        .willReturn(okJson("[]")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING)).willReturn(okJson(FIX.json("group", "engineering"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + BACKEND)).willReturn(okJson(FIX.json("group", "backend"))));

    try (KeycloakDirectory d = stubs.directory(stubs.settings().groupName(KeycloakSettings.GroupName.PATH).build())) {
      assertThat(d.groupsOfUser(BJORN, Membership.DIRECT).map(DirectoryGroup::name))
          .containsExactly("/engineering/backend/databases", "/engineering/backend");
      assertThat(d.groupsOfUser(BJORN, Membership.TRANSITIVE).map(DirectoryGroup::name))
          .containsExactly("/engineering/backend/databases", "/engineering/backend", "/engineering");
    }
    wm.verify(q(ADMIN + "/users/" + BJORN + "/groups?first=0&max=2&briefRepresentation=false"));
    // backend is among the direct groups, so only engineering is read.
    wm.verify(0, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + BACKEND)));
    wm.verify(1, getRequestedFor(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING)));
  }

  @Test
  void ancestorsByPathOnServersWithoutParentId() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + BJORN + "/groups")).willReturn(okJson(
        "[{\"id\":\"" + DATABASES + "\",\"name\":\"databases\",\"path\":\"/engineering/backend/databases\",\"subGroups\":[]}]")));
    wm.stubFor(get(urlEqualTo(ADMIN + "/group-by-path/engineering/backend")).willReturn(okJson(
        "{\"id\":\"" + BACKEND + "\",\"name\":\"backend\",\"path\":\"/engineering/backend\",\"subGroups\":[]}")));
    wm.stubFor(get(urlEqualTo(ADMIN + "/group-by-path/engineering")).willReturn(okJson(
        "{\"id\":\"" + ENGINEERING + "\",\"name\":\"engineering\",\"path\":\"/engineering\",\"subGroups\":[]}")));

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.groupsOfUser(BJORN, Membership.TRANSITIVE).map(DirectoryGroup::id))
          .containsExactly(DATABASES, BACKEND, ENGINEERING);
    }
  }

  @Test
  void groupsOfAnUnknownUserAreEmpty() {
    stubs.token();
    stubs.error(get(urlPathEqualTo(ADMIN + "/users/" + MISSING + "/groups")), 404, "error_usernotfound");

    try (KeycloakDirectory d = stubs.directory()) {
      assertThat(d.groupsOfUser(MISSING, Membership.DIRECT)).isEmpty();
    }
  }

  @Test
  void declaresWhatItSupports() {
    try (KeycloakDirectory d = stubs.directory(stubs.settings().pageSize(250).maxConcurrentRequests(3).build())) {
      assertThat(d.providerId()).isEqualTo("keycloak");
      assertThat(d.capabilities().userPageSize()).isEqualTo(250);
      assertThat(d.capabilities().maxConcurrentRequests()).isEqualTo(3);
      assertThat(d.capabilities().supported()).containsExactlyInAnyOrder(
          io.github.usersync.core.model.Capability.GROUPS,
          io.github.usersync.core.model.Capability.GROUP_MEMBERS,
          io.github.usersync.core.model.Capability.USER_GROUPS,
          io.github.usersync.core.model.Capability.NESTED_GROUPS,
          io.github.usersync.core.model.Capability.FIND_USER_BY_EMAIL,
          io.github.usersync.core.model.Capability.CHANGES);
      assertThatThrownBy(() -> d.managerId(ANNA)).isInstanceOf(DirectoryException.class);
      assertThat(d.toString()).doesNotContain(CLIENT_SECRET);
    }
  }
}
