package io.github.usersync.keycloak;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.keycloak.KeycloakStubs.ADMIN;
import static io.github.usersync.keycloak.KeycloakStubs.ANNA;
import static io.github.usersync.keycloak.KeycloakStubs.BJORN;
import static io.github.usersync.keycloak.KeycloakStubs.CHLOE;
import static io.github.usersync.keycloak.KeycloakStubs.ENGINEERING;
import static io.github.usersync.keycloak.KeycloakStubs.FIX;
import static io.github.usersync.keycloak.KeycloakStubs.MISSING;
import static io.github.usersync.keycloak.KeycloakStubs.SALES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.github.usersync.core.ChangeCursorExpiredException;
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
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Incremental reads from a realm's admin events. Wire format from the Admin REST API reference
 * (https://www.keycloak.org/docs-api/latest/rest-api/index.html, "Get admin events": {@code
 * resourceTypes} repeated, {@code dateFrom} in epoch ms, {@code direction}, {@code first}/{@code
 * max}; AdminEventRepresentation with {@code representation} as a JSON string; RealmEventsConfig
 * with {@code adminEventsEnabled}) and the paths and representations a Keycloak 26.7.3 server
 * wrote (this project's IdP fact sheet). Fixtures {@code admin-events_page1..3} (pages of three):
 * an event older than the cursor, a user deleted, a membership removed, the same removal again, a
 * user disabled, a membership added, a group renamed, and an update of a user the realm no longer
 * has.
 */
class KeycloakAdminEventsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final Instant T0 = Instant.ofEpochMilli(1764756000000L);
  private final KeycloakStubs stubs = new KeycloakStubs(wm);

  private KeycloakDirectory directory() {
    return stubs.directory(stubs.settings().pageSize(3).build());
  }

  private static String from() {
    return Long.toString(T0.minus(Duration.ofMinutes(1)).toEpochMilli());
  }

  private void stubEventPages() {
    for (int i = 0; i < 3; i++) {
      wm.stubFor(get(urlPathEqualTo(ADMIN + "/admin-events")).withQueryParam("dateFrom", equalTo(from()))
          .withQueryParam("first", equalTo(Integer.toString(i * 3)))
          .willReturn(okJson(FIX.json("admin-events", "page" + (i + 1)))));
    }
  }

  @Test
  void readsDeletionsDisabledUsersMembershipsAndRenamesOncePerEventInOrder() throws Exception {
    stubs.token().adminEventsOn();
    stubEventPages();
    // The first page is throttled once by a proxy in front of Keycloak.
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/admin-events")).withQueryParam("first", equalTo("0"))
        .inScenario("proxy").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7")).willSetStateTo("open"));
    ObjectNode chloe = (ObjectNode) new ObjectMapper().readTree(FIX.json("user", "anna"));
    chloe.put("id", CHLOE).put("username", "chloe").put("enabled", false);
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + CHLOE)).willReturn(okJson(chloe.toString())));
    stubs.error(get(urlPathEqualTo(ADMIN + "/users/" + MISSING)), 404, "error_usernotfound");
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + SALES)).willReturn(okJson(
        "{\"id\":\"" + SALES + "\",\"name\":\"Sales & Marketing\",\"path\":\"/Sales & Marketing\",\"subGroupCount\":0,"
            + "\"subGroups\":[],\"attributes\":{},\"realmRoles\":[],\"clientRoles\":{},\"access\":{\"view\":true}}")));

    try (KeycloakDirectory d = directory()) {
      DirectoryChanges changes = d.changesSince(EventLogChanges.cursorAt("keycloak", T0, T0), UserQuery.standard());

      assertThat(changes.removedUserIds()).containsExactly(BJORN, MISSING);
      assertThat(changes.changedUsers()).extracting(DirectoryUser::id).containsExactly(CHLOE);
      assertThat(changes.changedUsers().get(0).active()).isFalse();
      assertThat(changes.membershipChanges()).containsExactly(
          MembershipChange.of(ENGINEERING, GroupMember.user(ANNA), false),
          MembershipChange.of(SALES, GroupMember.user(CHLOE), true));
      assertThat(changes.changedGroups()).extracting(DirectoryGroup::name).containsExactly("Sales & Marketing");
      assertThat(EventLogChanges.after(changes.nextCursor(), "keycloak", Duration.ofMinutes(1)).since())
          .isEqualTo(T0.plusMillis(6000));
    }
    assertThat(stubs.sleeper.waits).contains(Duration.ofSeconds(7));
    wm.verify(getRequestedFor(urlPathEqualTo(ADMIN + "/admin-events"))
        .withQueryParam("resourceTypes", equalTo("USER"))
        .withQueryParam("resourceTypes", equalTo("GROUP_MEMBERSHIP"))
        .withQueryParam("direction", equalTo("asc"))
        .withQueryParam("max", equalTo("3")));
  }

  @Test
  void aRealmWithoutAdminEventsOrWithoutViewEventsRunsFullSyncsAndTheCheckSaysHowToFixIt() {
    stubs.token();
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/events/config")).willReturn(okJson(FIX.json("events-config", "admin-off"))));
    ChangeCursor cursor = EventLogChanges.cursorAt("keycloak", T0, T0);
    try (KeycloakDirectory d = directory()) {
      assertThatThrownBy(() -> d.changesSince(cursor, UserQuery.standard()))
          .isInstanceOf(ChangeCursorExpiredException.class).hasMessageContaining("Save events");
      assertThatThrownBy(() -> d.startChangeTracking(UserQuery.standard()))
          .isInstanceOf(ChangeCursorExpiredException.class);
      ConnectionReport report = d.checkConnection();
      EndpointCheck config = report.checks().stream().filter(c -> c.name().equals("events config")).findFirst().orElseThrow();
      // Admin events off is a warning, not a failure: runs work (every one a full sync).
      assertThat(config.status()).isEqualTo(EndpointCheck.Status.WARNING);
      assertThat(config.problem()).hasValueSatisfying(p -> assertThat(p).contains("Save events"));
      assertThat(config.toText()).contains("WARNING");
    }
    stubs.error(get(urlPathEqualTo(ADMIN + "/events/config")), 403, "error_forbidden");
    stubs.error(get(urlPathEqualTo(ADMIN + "/admin-events")), 403, "error_forbidden");
    try (KeycloakDirectory d = directory()) {
      assertThatThrownBy(() -> d.changesSince(cursor, UserQuery.standard()))
          .isInstanceOf(ChangeCursorExpiredException.class).hasMessageContaining("view-events");
      EndpointCheck events = d.checkConnection().checks().stream().filter(c -> c.name().equals("admin events"))
          .findFirst().orElseThrow();
      assertThat(events.fix()).hasValueSatisfying(f -> assertThat(f).contains("view-events"));
    }
  }
}
