package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.CAROL;
import static io.github.usersync.entra.Graph.DAVE;
import static io.github.usersync.entra.Graph.DEVICE;
import static io.github.usersync.entra.Graph.ENGINEERING;
import static io.github.usersync.entra.Graph.GROUPS_SKIPTOKEN_2;
import static io.github.usersync.entra.Graph.NOBODY;
import static io.github.usersync.entra.Graph.PLATFORM;
import static io.github.usersync.entra.Graph.SALES;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraGroupsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private EntraDirectory directory() {
    Graph.stubToken(wm);
    return Graph.open(Graph.settings(wm).build());
  }

  @Test
  void listsGroupsAcrossPagesWithOnlyTheirIdNameAndDescription() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$skiptoken", absent())
        .willReturn(ok("groups", "page1", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$skiptoken", equalTo(GROUPS_SKIPTOKEN_2))
        .willReturn(ok("groups", "page2", wm)));

    List<DirectoryGroup> groups = directory().groups().collect(Collectors.toList());

    assertThat(groups).extracting(DirectoryGroup::id).containsExactly(ENGINEERING, PLATFORM, SALES);
    assertThat(groups.get(1).name()).isEqualTo("Engineering / Platform");
    assertThat(groups.get(0).description()).contains("Everyone who builds the product");
    assertThat(groups.get(2).description()).isEmpty();
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/groups"))
        .withQueryParam("$select", equalTo("id,displayName,description"))
        .withQueryParam("$top", equalTo("999")));
  }

  @Test
  void directMembersAreTypedByTheirODataTypeWithNestedGroupsAsGroups() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/members"))
        .willReturn(ok("members", "engineering", wm)));

    List<GroupMember> members =
        directory().groupMembers(ENGINEERING, Membership.DIRECT).collect(Collectors.toList());

    assertThat(members).containsExactly(
        GroupMember.user(ALICE),
        GroupMember.user(CAROL),
        GroupMember.group(PLATFORM),
        GroupMember.of(DEVICE, GroupMember.Type.OTHER));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/members"))
        .withQueryParam("$select", equalTo("id"))
        .withQueryParam("$top", equalTo("999")));
  }

  @Test
  void transitiveMembersComeFromGraphsTransitiveMembersIncludingTheNestedGroupsUsers() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/transitiveMembers"))
        .willReturn(ok("members", "engineering-transitive", wm)));

    List<GroupMember> members =
        directory().groupMembers(ENGINEERING, Membership.TRANSITIVE).collect(Collectors.toList());

    assertThat(members)
        .contains(GroupMember.user(DAVE), GroupMember.group(PLATFORM), GroupMember.user(ALICE))
        .hasSize(5);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/transitiveMembers")));
  }

  @Test
  void anUnknownGroupHasNoMembersButA404OnALaterPageIsAnError() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + NOBODY + "/members"))
        .willReturn(json(404, "error", "not-found", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + SALES + "/members")).withQueryParam("$skiptoken", absent())
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"value\":[{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"u1\"}],"
                + "\"@odata.nextLink\":\"" + wm.baseUrl() + "/v1.0/groups/" + SALES
                + "/members?$select=id&$top=999&$skiptoken=X2\"}")));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + SALES + "/members")).withQueryParam("$skiptoken", equalTo("X2"))
        .willReturn(json(404, "error", "not-found", wm)));
    EntraDirectory d = directory();

    assertThat(d.groupMembers(NOBODY, Membership.DIRECT)).isEmpty();
    assertThatThrownBy(() -> d.groupMembers(SALES, Membership.DIRECT).count())
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("/members");
  }

  @Test
  void aUsersGroupsAreOnlyTheGroupsOfMemberOfReadWithoutAnEventuallyConsistentQuery() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + DAVE + "/memberOf"))
        .willReturn(ok("member-of", "dave", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + DAVE + "/transitiveMemberOf"))
        .willReturn(ok("member-of", "dave-transitive", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/memberOf"))
        .willReturn(ok("member-of", "alice", wm)));
    EntraDirectory d = directory();

    assertThat(d.groupsOfUser(DAVE, Membership.DIRECT).map(DirectoryGroup::id))
        .as("the administrative unit is left out")
        .containsExactly(PLATFORM);
    assertThat(d.groupsOfUser(DAVE, Membership.TRANSITIVE).map(DirectoryGroup::name))
        .containsExactly("Engineering / Platform", "Engineering");
    assertThat(d.groupsOfUser(ALICE, Membership.DIRECT).map(DirectoryGroup::id))
        .as("the directory role is left out")
        .containsExactly(ENGINEERING);
    for (String rel : new String[] {"memberOf", "transitiveMemberOf"}) {
      wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/" + DAVE + "/" + rel))
          .withoutHeader("ConsistencyLevel")
          .withQueryParam("$count", absent())
          .withQueryParam("$select", equalTo("id,displayName,description"))
          .withQueryParam("$top", equalTo("999")));
    }
  }

  @Test
  void aUserThatIsGoneBelongsToNoGroup() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + NOBODY + "/memberOf"))
        .willReturn(json(404, "error", "not-found", wm)));

    assertThat(directory().groupsOfUser(NOBODY, Membership.DIRECT)).isEmpty();
  }

  @Test
  void a403OnGroupsAsksForGroupMemberReadAll() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/transitiveMembers"))
        .willReturn(json(403, "error", "forbidden", wm)));

    assertThatThrownBy(() -> directory().groupMembers(ENGINEERING, Membership.TRANSITIVE).count())
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("GroupMember.Read.All")
        .hasMessageContaining("Application permissions");
  }

  @Test
  void a403OnAUsersGroupsNamesBothPermissionsAndDirectoryReadAll() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/memberOf"))
        .willReturn(json(403, "error", "forbidden", wm)));

    assertThatThrownBy(() -> directory().groupsOfUser(ALICE, Membership.DIRECT).count())
        .isInstanceOf(PermissionDeniedException.class)
        .hasMessageContaining("GroupMember.Read.All together with User.Read.All")
        .hasMessageContaining("Directory.Read.All");
  }
}
