package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.BOB;
import static io.github.usersync.entra.Graph.CAROL;
import static io.github.usersync.entra.Graph.DESIGN;
import static io.github.usersync.entra.Graph.ENGINEERING;
import static io.github.usersync.entra.Graph.FRANK;
import static io.github.usersync.entra.Graph.GRACE;
import static io.github.usersync.entra.Graph.HENRY;
import static io.github.usersync.entra.Graph.SALES;
import static io.github.usersync.entra.Graph.STANDARD_SELECT;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.spi.UserQuery;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraDeltaTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private static final String USERS_LATEST =
      "/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-latest";
  private static final String GROUPS_LATEST =
      "/v1.0/groups/delta?$deltatoken=sZwAFZibx-LQOdZIo1hHhmmDhHzCY0Hs6snoIHJCSIfCHdqKdWNZ2VX3-latest";
  private static final String USERS_ROUND2 =
      "/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-round2";
  private static final String GROUPS_ROUND2 =
      "/v1.0/groups/delta?$deltatoken=sZwAFZibx-LQOdZIo1hHhmmDhHzCY0Hs6snoIHJCSIfCHdqKdWNZ2VX3-round2";
  private static final String USERS_NEXT =
      "/v1.0/users/delta?$skiptoken=pqwSUjGYvb3jQpbwVAwEL7yuI3dU1LecfkkfLPtnIjsXoYQp_dpA3cNJWc";

  private EntraDirectory directory() {
    Graph.stubToken(wm);
    return Graph.open(Graph.settings(wm).build());
  }

  private void stubLatest() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/delta")).withQueryParam("$deltaToken", equalTo("latest"))
        .willReturn(ok("users-delta", "latest", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/delta")).withQueryParam("$deltaToken", equalTo("latest"))
        .willReturn(ok("groups-delta", "latest", wm)));
  }

  private void stubChanges() {
    wm.stubFor(get(urlEqualTo(USERS_LATEST)).willReturn(ok("users-delta", "changes-page1", wm)));
    wm.stubFor(get(urlEqualTo(USERS_NEXT)).willReturn(ok("users-delta", "changes-page2", wm)));
    wm.stubFor(get(urlEqualTo(GROUPS_LATEST)).willReturn(ok("groups-delta", "changes", wm)));
  }

  @Test
  void startingAsksForTheLatestDeltaLinksOfUsersWithManagerAndGroupsWithMembers() {
    stubLatest();

    ChangeCursor cursor = directory().startChangeTracking(UserQuery.builder().addAttributes("department").build());

    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/delta"))
        .withQueryParam("$select", equalTo(STANDARD_SELECT + ",department,manager"))
        .withQueryParam("$deltaToken", equalTo("latest")));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/groups/delta"))
        .withQueryParam("$select", equalTo("displayName,description,members"))
        .withQueryParam("$deltaToken", equalTo("latest")));
    assertThat(cursor.provider()).isEqualTo("entra");
    JsonNode value = Graph.tree(cursor.value());
    assertThat(value.path("users").asText()).isEqualTo(wm.baseUrl() + USERS_LATEST);
    assertThat(value.path("groups").asText()).isEqualTo(wm.baseUrl() + GROUPS_LATEST);
  }

  @Test
  void aDeltaRoundReportsChangedAndRemovedUsersGroupsAndMemberships() {
    stubLatest();
    stubChanges();
    EntraDirectory d = directory();
    ChangeCursor start = d.startChangeTracking(UserQuery.standard());

    DirectoryChanges changes = d.changesSince(start, UserQuery.standard());

    assertThat(changes.changedUsers()).extracting(DirectoryUser::id).containsExactly(ALICE, HENRY);
    DirectoryUser alice = changes.changedUsers().get(0);
    assertThat(alice.displayName()).contains("Alice Wong-Li");
    assertThat(alice.managerId()).as("from manager@delta").contains(BOB);
    assertThat(changes.removedUserIds()).as("soft-deleted and deleted").containsExactly(FRANK, GRACE);
    assertThat(changes.changedGroups()).extracting(DirectoryGroup::id).containsExactly(ENGINEERING, DESIGN);
    assertThat(changes.removedGroupIds()).containsExactly(SALES);
    assertThat(changes.membershipChanges()).containsExactly(
        MembershipChange.of(ENGINEERING, GroupMember.user(HENRY), true),
        MembershipChange.of(ENGINEERING, GroupMember.user(CAROL), false),
        MembershipChange.of(DESIGN, GroupMember.user(ALICE), true));
    assertThat(changes.membershipsTracked()).isTrue();
    JsonNode next = Graph.tree(changes.nextCursor().value());
    assertThat(next.path("users").asText()).isEqualTo(wm.baseUrl() + USERS_ROUND2);
    assertThat(next.path("groups").asText()).isEqualTo(wm.baseUrl() + GROUPS_ROUND2);
  }

  @Test
  void deltaLinksAreFollowedExactlyWithNoQueryParametersAdded() {
    stubLatest();
    stubChanges();
    EntraDirectory d = directory();

    d.changesSince(d.startChangeTracking(UserQuery.standard()), UserQuery.standard());

    wm.verify(1, getRequestedFor(urlEqualTo(USERS_LATEST)));
    wm.verify(1, getRequestedFor(urlEqualTo(USERS_NEXT)));
    wm.verify(1, getRequestedFor(urlEqualTo(GROUPS_LATEST)));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/delta"))
        .withQueryParam("$deltatoken", equalTo(
            "oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-latest"))
        .withQueryParam("$select", absent()));
  }

  @Test
  void an410GoneMeansTheCursorExpiredAndAFullSyncIsNeeded() {
    stubLatest();
    wm.stubFor(get(urlEqualTo(USERS_LATEST)).willReturn(json(410, "error", "resync-required", wm)
        .withHeader("Location", wm.baseUrl() + "/v1.0/users/delta?$deltatoken=")));
    EntraDirectory d = directory();
    ChangeCursor start = d.startChangeTracking(UserQuery.standard());

    assertThatThrownBy(() -> d.changesSince(start, UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("full sync is needed")
        .hasMessageContaining("HTTP 410");
  }

  @Test
  void syncStateNotFoundMeansTheCursorExpiredToo() {
    stubLatest();
    wm.stubFor(get(urlEqualTo(USERS_LATEST)).willReturn(ok("users-delta", "changes-page1", wm)));
    wm.stubFor(get(urlEqualTo(USERS_NEXT)).willReturn(ok("users-delta", "changes-page2", wm)));
    wm.stubFor(get(urlEqualTo(GROUPS_LATEST)).willReturn(json(400, "error", "sync-state-not-found", wm)));
    EntraDirectory d = directory();
    ChangeCursor start = d.startChangeTracking(UserQuery.standard());

    assertThatThrownBy(() -> d.changesSince(start, UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("syncStateNotFound")
        .hasMessageContaining("full sync");
  }

  @Test
  void aCursorOfAnotherProviderOrNotWrittenByThisConnectorIsExpired() {
    EntraDirectory d = directory();

    assertThatThrownBy(() -> d.changesSince(ChangeCursor.of("okta", "2024-01-01T00:00:00Z", Instant.now()), UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("'okta'");
    assertThatThrownBy(() -> d.changesSince(ChangeCursor.of("entra", "not json", Instant.now()), UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("full sync");
  }

  @Test
  void aCursorTakenAgainstAnotherGraphUrlIsExpiredAndNotFollowed() {
    String value = "{\"v\":1,\"users\":\"https://graph.microsoft.us/v1.0/users/delta?$deltatoken=a\","
        + "\"groups\":\"https://graph.microsoft.us/v1.0/groups/delta?$deltatoken=b\","
        + "\"userFields\":[\"id\",\"userPrincipalName\",\"mail\",\"givenName\",\"surname\",\"displayName\",\"accountEnabled\"]}";

    assertThatThrownBy(() -> directory().changesSince(ChangeCursor.of("entra", value, Instant.now()), UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("https://graph.microsoft.us/v1.0/users/delta")
        .hasMessageContaining("full sync");
  }

  @Test
  void aMappingThatNowReadsMoreAttributesNeedsAFullSync() {
    stubLatest();
    EntraDirectory d = directory();
    ChangeCursor start = d.startChangeTracking(UserQuery.standard());

    assertThatThrownBy(() -> d.changesSince(start, UserQuery.builder().addAttributes("department").build()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("(department)");
    wm.verify(0, getRequestedFor(urlEqualTo(USERS_LATEST)));
  }

  @Test
  void aRoundThatEndsWithoutADeltaLinkIsIncompleteAndUnused() {
    stubLatest();
    wm.stubFor(get(urlEqualTo(USERS_LATEST)).willReturn(ok("users-delta", "changes-page2", wm)));
    wm.stubFor(get(urlEqualTo(GROUPS_LATEST)).willReturn(ok("groups-delta", "no-link", wm)));
    EntraDirectory d = directory();
    ChangeCursor start = d.startChangeTracking(UserQuery.standard());

    assertThatThrownBy(() -> d.changesSince(start, UserQuery.standard()))
        .isInstanceOf(DirectoryException.class)
        .isNotInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("ended without an @odata.deltaLink");
  }
}
