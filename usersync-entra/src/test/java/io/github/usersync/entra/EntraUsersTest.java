package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.ALL_USERS;
import static io.github.usersync.entra.Graph.BEARER;
import static io.github.usersync.entra.Graph.CAROL;
import static io.github.usersync.entra.Graph.CLIENT_SECRET;
import static io.github.usersync.entra.Graph.DAVE;
import static io.github.usersync.entra.Graph.ERIN;
import static io.github.usersync.entra.Graph.FRANK;
import static io.github.usersync.entra.Graph.NOBODY;
import static io.github.usersync.entra.Graph.STANDARD_SELECT;
import static io.github.usersync.entra.Graph.TOKEN_PATH;
import static io.github.usersync.entra.Graph.USERS_SKIPTOKEN_2;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.UserQuery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraUsersTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final Graph.RecordingSleeper sleeper = new Graph.RecordingSleeper();

  private EntraDirectory directory() {
    Graph.stubToken(wm);
    return Graph.open(Graph.settings(wm).build(), sleeper);
  }

  @Test
  void listsUsersAcrossThreePagesFollowingEachNextLinkAsIs() {
    Graph.stubUserPages(wm);

    List<DirectoryUser> users =
        directory().users(UserQuery.standard()).collect(Collectors.toList());

    assertThat(users).extracting(DirectoryUser::id).containsExactlyElementsOf(ALL_USERS);
    wm.verify(3, getRequestedFor(urlPathEqualTo("/v1.0/users")));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$select", equalTo(STANDARD_SELECT))
        .withQueryParam("$top", equalTo("999"))
        .withQueryParam("$skiptoken", absent())
        .withHeader("Authorization", equalTo(BEARER)));
    // The next link is followed exactly: its own $select/$top/$skiptoken, nothing re-added.
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$skiptoken", equalTo(USERS_SKIPTOKEN_2))
        .withQueryParam("$select", equalTo(STANDARD_SELECT))
        .withQueryParam("$top", equalTo("999"))
        .withHeader("Authorization", equalTo(BEARER)));
    wm.verify(1, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  @Test
  void mapsGraphPropertiesToTheStandardFieldsAndKeepsTheRawJson() {
    Graph.stubUserPages(wm);

    Map<String, DirectoryUser> byId =
        directory().users(UserQuery.standard())
            .collect(Collectors.toMap(DirectoryUser::id, Function.identity()));

    DirectoryUser alice = Objects.requireNonNull(byId.get(ALICE));
    assertThat(alice.username()).isEqualTo("alice@contoso.onmicrosoft.com");
    assertThat(alice.email()).contains("alice@contoso.com");
    assertThat(alice.givenName()).contains("Alice");
    assertThat(alice.familyName()).contains("Wong");
    assertThat(alice.displayName()).contains("Alice Wong");
    assertThat(alice.active()).isTrue();
    assertThat(alice.managerId()).isEmpty();
    assertThat(alice.raw().path("userPrincipalName").asText()).isEqualTo("alice@contoso.onmicrosoft.com");
    assertThat(Objects.requireNonNull(byId.get(CAROL)).email()).as("mail null: no fallback").isEmpty();
    assertThat(Objects.requireNonNull(byId.get(CAROL)).familyName()).contains("Núñez");
    assertThat(Objects.requireNonNull(byId.get(FRANK)).active()).as("accountEnabled false").isFalse();
  }

  @Test
  void aGuestsExtUserPrincipalNameReachesTheMappingUnchanged() {
    Graph.stubUserPages(wm);

    DirectoryUser erin =
        directory().users(UserQuery.standard()).filter(u -> u.id().equals(ERIN)).findFirst().orElseThrow();

    assertThat(erin.username()).isEqualTo("erin_fabrikam.com#EXT#@contoso.onmicrosoft.com");
    assertThat(erin.email()).contains("erin@fabrikam.com");
    assertThat(erin.givenName()).isEmpty();
  }

  @Test
  void selectsTheStandardPropertiesPlusTheTopLevelPropertyOfEachAttributeTheQueryReads() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(ok("users", "with-attributes", wm)));
    UserQuery query = UserQuery.builder()
        .addAttributes("onPremisesExtensionAttributes.extensionAttribute1", "department", "manager.id")
        .build();

    DirectoryUser alice = directory().users(query).findFirst().orElseThrow();

    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$select", equalTo(STANDARD_SELECT + ",department,onPremisesExtensionAttributes")));
    assertThat(alice.raw().path("onPremisesExtensionAttributes").path("extensionAttribute1").asText())
        .isEqualTo("CC-4711");
    assertThat(alice.raw().path("department").asText()).isEqualTo("Research & Development");
  }

  @Test
  void leavesOutDeactivatedUsersWithAFilterWhenTheQuerySaysSo() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$filter", equalTo("accountEnabled eq true"))
        .willReturn(ok("users", "page3", wm)));

    assertThat(directory().users(UserQuery.builder().includeDeactivated(false).build()).count())
        .isEqualTo(2);

    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$filter", equalTo("accountEnabled eq true")));
  }

  @Test
  void anAttributeGraphDoesNotKnowFailsNamingIt() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(json(400, "error", "unknown-property", wm)));
    UserQuery query = UserQuery.builder().addAttributes("costCentre").build();

    assertThatThrownBy(() -> directory().users(query).count())
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("Request_BadRequest")
        .hasMessageContaining("The mapping reads the user attribute 'costCentre', which is not a"
            + " Microsoft Graph user property")
        .hasMessageContaining("request id 7e5d7b3a-4f2e-4b6c-9a1d-000000000400");
  }

  @Test
  void anAttributePathThatCannotNameAPropertyIsAConfigurationError() {
    UserQuery query = UserQuery.builder().addAttributes("@odata.type").build();

    assertThatThrownBy(() -> directory().users(query))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'@odata.type'");
  }

  @Test
  void readsOneUserAndReadsAnUnknownIdAsEmpty() {
    Graph.stubSingleUsers(wm);

    assertThat(directory().user(DAVE, UserQuery.standard()))
        .map(DirectoryUser::displayName)
        .contains(java.util.Optional.of("Dave O'Brien"));
    assertThat(directory().user(NOBODY, UserQuery.standard())).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/" + DAVE))
        .withQueryParam("$select", equalTo(STANDARD_SELECT)));
  }

  @Test
  void findsAUserByEmailWithAQuoteDoubledInTheODataLiteral() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$filter", equalTo("mail eq 'dave.o''brien@contoso.com'"))
        .willReturn(ok("users", "by-email", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$filter", equalTo("mail eq 'nobody@contoso.com'"))
        .willReturn(ok("users", "by-email-none", wm)));

    assertThat(directory().userByEmail("dave.o'brien@contoso.com", UserQuery.standard()))
        .map(DirectoryUser::id).contains(DAVE);
    assertThat(directory().userByEmail("nobody@contoso.com", UserQuery.standard())).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$filter", equalTo("mail eq 'dave.o''brien@contoso.com'"))
        .withQueryParam("$select", equalTo(STANDARD_SELECT))
        .withQueryParam("$top", equalTo("2")));
  }

  @Test
  void anEmailTwoUsersShareIsAnErrorRatherThanAGuess() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(ok("users", "by-email-twice", wm)));

    assertThatThrownBy(() -> directory().userByEmail("shared@contoso.com", UserQuery.standard()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("more than one user has the email address shared@contoso.com");
  }

  @Test
  void waitsWhatRetryAfterSaysOn429ThenGoesOn() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("throttle").whenScenarioStateIs(STARTED)
        .willReturn(json(429, "error", "throttled", wm).withHeader("Retry-After", "7"))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("throttle").whenScenarioStateIs("ok")
        .willReturn(ok("users", "page3", wm)));
    EntraDirectory d = directory();

    assertThat(d.users(UserQuery.standard()).count()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    assertThat(d.requestStats().throttled()).isEqualTo(1);
    assertThat(d.requestStats().throttleWait()).isEqualTo(Duration.ofSeconds(7));
    wm.verify(2, getRequestedFor(urlPathEqualTo("/v1.0/users")));
  }

  @Test
  void a503WithRetryAfterAndGraphsActivityLimitCodeAreThrottlingToo() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("busy").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503).withHeader("Retry-After", "2"))
        .willSetStateTo("limited"));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("busy").whenScenarioStateIs("limited")
        .willReturn(json(400, "error", "activity-limit", wm).withHeader("Retry-After", "4"))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("busy").whenScenarioStateIs("ok")
        .willReturn(ok("users", "page3", wm)));
    EntraDirectory d = directory();

    assertThat(d.users(UserQuery.standard()).count()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    assertThat(d.requestStats().throttled()).isEqualTo(2);
  }

  @Test
  void aPageThatFailsHalfWayIsThrownFromTheStreamAfterTheUsersBeforeIt() {
    Graph.stubUserPages(wm);
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$skiptoken", equalTo(USERS_SKIPTOKEN_2))
        .willReturn(json(500, "error", "internal", wm)));
    Iterator<DirectoryUser> it = directory().users(UserQuery.standard()).iterator();
    List<String> read = new ArrayList<>();

    assertThatThrownBy(() -> it.forEachRemaining(u -> read.add(u.id())))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 500")
        .hasMessageContaining("generalException");
    assertThat(read).hasSize(3);
    assertThat(sleeper.waits).as("5xx retried with backoff before giving up").hasSize(5);
  }

  @Test
  void aPageThatIsNotJsonIsAnErrorNamingTheEndpoint() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/html")
            .withBody("<html><body>Proxy login</body></html>")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("/v1.0/users")
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void aPageWithoutAValueArrayIsAnError() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"@odata.context\":\"x\",\"value\":{}}")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("without a 'value' array");
  }

  @Test
  void aNextLinkToAnotherHostIsNotFollowedWithTheToken() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"value\":[],\"@odata.nextLink\":\"https://graph.example.net/v1.0/users?$skiptoken=x\"}")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("https://graph.example.net/v1.0/users")
        .hasMessageContaining("not followed");
  }

  @Test
  void aNextLinkThatLoopsIsStoppedNotFollowedForever() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"value\":[],\"@odata.nextLink\":\"" + wm.baseUrl() + "/v1.0/users?$skiptoken=same\"}")));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("a second time");
  }

  @Test
  void a401FetchesANewTokenOnceAndRetries() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("expired").whenScenarioStateIs(STARTED)
        .willReturn(json(401, "error", "unauthenticated", wm))
        .willSetStateTo("ok"));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).inScenario("expired").whenScenarioStateIs("ok")
        .willReturn(ok("users", "page3", wm)));

    assertThat(directory().users(UserQuery.standard()).count()).isEqualTo(2);
    wm.verify(2, postRequestedFor(urlPathEqualTo(TOKEN_PATH)));
  }

  @Test
  void a403SaysWhichApplicationPermissionToGrant() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).willReturn(json(403, "error", "forbidden", wm)));

    assertThatThrownBy(() -> directory().users(UserQuery.standard()).count())
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("Authorization_RequestDenied")
        .hasMessageContaining("User.Read.All")
        .hasMessageContaining("grant admin consent");
  }

  @Test
  void theSecretIsInNoMessageAndNoToString() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":\"Request_BadRequest\",\"message\":\"echo " + CLIENT_SECRET + "\"}}")));
    EntraDirectory d = directory();

    assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(CLIENT_SECRET).contains("****"));
    assertThat(d.settings().toString()).doesNotContain(CLIENT_SECRET);
    assertThat(d.toString()).doesNotContain(CLIENT_SECRET);
  }
}
