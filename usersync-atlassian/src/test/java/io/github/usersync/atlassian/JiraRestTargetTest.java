package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.atlassian.sim.JiraSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimServer.Req;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The remote Jira target: which API each operation goes to, and the shape of each request. */
class JiraRestTargetTest {
  private final SimState state = new SimState();
  private SimServer server = JiraSim.server(state, "10.3.1");
  private AtlassianTarget target = target(JiraAttributeStore.CROWD_ATTRIBUTES);

  private AtlassianTarget target(JiraAttributeStore store) {
    return JiraTarget.remote(Sims.jira(server.baseUrl(), store), Sims.options());
  }

  @AfterEach
  void stop() {
    target.close();
    server.close();
  }

  private HostUser carol() {
    return target.createUser(NewHostUser.builder().username("carol").email("carol@example.com")
        .displayName("Carol Danvers").putAttributes("department", "Ops").externalId("idp-carol").build());
  }

  @Test
  void createGoesToRestApi2ThenLinkAndAttributesToTheEmbeddedCrowdApi() {
    HostUser u = carol();

    Req create = server.requests("POST", "/rest/api/2/user").get(0);
    assertThat(create.header("Authorization")).isEqualTo("Bearer " + JiraSim.TOKEN);
    JsonNode body = create.json();
    assertThat(body.path("name").asText()).isEqualTo("carol");
    assertThat(body.path("emailAddress").asText()).isEqualTo("carol@example.com");
    assertThat(body.path("displayName").asText()).isEqualTo("Carol Danvers");
    assertThat(body.path("password").asText()).hasSize(32);
    assertThat(body.has("active")).isFalse();
    Req attrs = server.requests("POST", "/rest/usermanagement/1/user/attribute").get(0);
    assertThat(attrs.header("Authorization")).startsWith("Basic ");
    assertThat(attrs.q("username")).isEqualTo("carol");
    assertThat(attrs.json().path("attributes").toString())
        .contains("usersync.externalId").contains("idp-carol").contains("department").contains("Ops");
    assertThat(u.key()).startsWith("JIRAUSER");
    assertThat(u.attributes()).containsEntry("department", "Ops");
  }

  @Test
  void theActiveFlagChangesThroughCrowdNeverThroughRestApi2() {
    HostUser u = carol();
    server.clearLog();

    target.deactivateUser(u.key());

    assertThat(server.requests("PUT", "/rest/api/2/user")).isEmpty();
    Req put = server.requests("PUT", "/rest/usermanagement/1/user").get(0);
    assertThat(put.q("username")).isEqualTo("carol");
    assertThat(put.json().path("active").asBoolean(true)).isFalse();
    assertThat(put.json().path("email").asText()).isEqualTo("carol@example.com");
    assertThat(target.user(u.key()).orElseThrow().active()).isFalse();
  }

  @Test
  void profileChangesAndRenamesUseTheUserKeyWhichARenameKeeps() {
    HostUser u = carol();
    server.clearLog();

    HostUser after = target.updateUser(u.key(), HostUserUpdate.builder()
        .username("carol.d").email("cd@example.com").displayName("Carol D").build());

    List<Req> puts = server.requests("PUT", "/rest/api/2/user");
    assertThat(puts).hasSize(2);
    assertThat(puts).allSatisfy(p -> assertThat(p.q("key")).isEqualTo(u.key()));
    assertThat(puts.get(0).json().path("name").asText()).isEqualTo("carol.d");
    assertThat(puts.get(1).json().path("emailAddress").asText()).isEqualTo("cd@example.com");
    assertThat(puts.get(1).json().path("displayName").asText()).isEqualTo("Carol D");
    assertThat(after.key()).isEqualTo(u.key());
    assertThat(after.username()).isEqualTo("carol.d");
    assertThat(after.externalId()).contains("idp-carol");
  }

  @Test
  void deleteUsesTheUserKey() {
    HostUser u = carol();
    server.clearLog();

    target.deleteUser(u.key());

    Req delete = server.requests("DELETE", "/rest/api/2/user").get(0);
    assertThat(delete.q("key")).isEqualTo(u.key());
    assertThat(state.user("carol")).isEmpty();
  }

  @Test
  void listingUsesUserListWithItsCursorFromJira103() {
    state.addUsers("u", 5);
    server.clearLog();

    assertThat(target.users().map(HostUser::username).collect(Collectors.toList())).hasSize(5);

    List<Req> pages = server.requests("GET", "/rest/api/2/user/list");
    assertThat(pages).extracting(r -> r.q("cursor")).containsExactly("", "2", "4");
    assertThat(pages).allSatisfy(r -> assertThat(r.q("maxResults")).isEqualTo("2"));
    assertThat(server.requests("GET", "/rest/api/2/user/search")).isEmpty();
    // The link and attributes come from Crowd's own paged listing, not one request per user.
    assertThat(server.requests("GET", "/rest/usermanagement/1/search")).hasSize(3);
    assertThat(server.requests("GET", "/rest/usermanagement/1/user")).isEmpty();
  }

  @Test
  void jira100To102CannotListAllUsersAndSaysSo() {
    server.close();
    server = JiraSim.server(state, "10.1.2");
    target = target(JiraAttributeStore.CROWD_ATTRIBUTES);

    assertThatThrownBy(() -> target.users().count())
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("list users")
        .hasMessageContaining("first 100 results")
        .hasMessageContaining("10.3");
  }

  @Test
  void groupMembersIncludeInactiveUsersWhenReadGroupByGroup() {
    target = JiraTarget.remote(JiraSettings.builder().from(Sims.jira(server.baseUrl(), JiraAttributeStore.CROWD_ATTRIBUTES))
        .membershipCache(java.time.Duration.ZERO).build(), Sims.options());
    HostUser u = carol();
    target.createGroup("team");
    target.addMembership(u.key(), "team");
    target.deactivateUser(u.key());
    server.clearLog();

    assertThat(target.groupMembers("team")).containsExactly(u.key());

    Req members = server.requests("GET", "/rest/api/2/group/member").get(0);
    assertThat(members.q("groupname")).isEqualTo("team");
    assertThat(members.q("includeInactiveUsers")).isEqualTo("true");
  }

  @Test
  void theMembersOfEveryGroupComeFromOneXmlRequestToTheEmbeddedCrowdApi() {
    HostUser u = carol();
    target.createGroup("team");
    target.createGroup("ops");
    target.addMembership(u.key(), "team");
    target.deactivateUser(u.key());
    state.addLocalUser("admin", "ops");
    target.close();
    target = target(JiraAttributeStore.CROWD_ATTRIBUTES);
    assertThat(target.users().count()).isEqualTo(2);
    server.clearLog();

    assertThat(target.groupMembers("team")).containsExactly(u.key());
    assertThat(target.groupMembers("ops")).containsExactly(target.userByUsername("admin").orElseThrow().key());
    assertThat(target.groupMembers("jira-software-users")).containsExactly(u.key());
    assertThat(target.groupMembers("no-such-group")).isEmpty();

    assertThat(server.requests("GET", "/rest/usermanagement/1/group/membership")).hasSize(1);
    assertThat(server.requests("GET", "/rest/usermanagement/1/group/membership").get(0).header("Accept"))
        .isEqualTo("application/xml");
    assertThat(server.requests("GET", "/rest/api/2/group/member")).hasSize(1);
  }

  @Test
  void groupsAndMembershipsGoThroughRestApi2() {
    HostUser u = carol();
    server.clearLog();

    target.createGroup("team");
    target.addMembership(u.key(), "team");
    target.removeMembership(u.key(), "team");

    assertThat(server.requests("POST", "/rest/api/2/group").get(0).json().path("name").asText()).isEqualTo("team");
    Req add = server.requests("POST", "/rest/api/2/group/user").get(0);
    assertThat(add.q("groupname")).isEqualTo("team");
    assertThat(add.json().path("name").asText()).isEqualTo("carol");
    Req remove = server.requests("DELETE", "/rest/api/2/group/user").get(0);
    assertThat(remove.q("groupname")).isEqualTo("team");
    assertThat(remove.q("username")).isEqualTo("carol");
  }

  @Test
  void entityPropertiesHoldAttributesAsJsonStringsWhenChosen() {
    target = target(JiraAttributeStore.ENTITY_PROPERTIES);
    HostUser u = carol();

    Req put = server.requests("PUT", "/rest/api/2/user/properties/department").get(0);
    assertThat(put.q("userKey")).isEqualTo(u.key());
    assertThat(put.body).isEqualTo("\"Ops\"");
    assertThat(state.user("carol").orElseThrow().entityProperties()).containsEntry("department", "\"Ops\"");
    // The link stays a Crowd attribute, and the attribute is not written there too.
    assertThat(state.user("carol").orElseThrow().attributes())
        .containsEntry("usersync.externalId", "idp-carol").doesNotContainKey("department");
    assertThat(target.user(u.key()).orElseThrow().attributes()).containsEntry("department", "Ops");

    target.updateUser(u.key(), HostUserUpdate.builder().addRemoveAttributes("department").build());
    assertThat(server.requests("DELETE", "/rest/api/2/user/properties/department")).hasSize(1);
    assertThat(state.user("carol").orElseThrow().entityProperties()).isEmpty();
  }

  @Test
  void theConnectionCheckProbesRestApi2AndTheEmbeddedCrowdApi() {
    io.github.usersync.core.model.ConnectionReport report = target.checkConnection();

    assertThat(report.ok()).as(report.toText()).isTrue();
    assertThat(report.checks()).extracting(c -> c.name()).containsExactly(
        "read server info", "sign in to REST API 2", "administer users", "list users", "read user",
        "list group members", "embedded Crowd: sign in and list users", "embedded Crowd: search users",
        "embedded Crowd: read user", "embedded Crowd: read user by key", "embedded Crowd: list groups of user",
        "embedded Crowd: list groups", "embedded Crowd: read group", "embedded Crowd: list group members",
        "embedded Crowd: list memberships");
    assertThat(server.requests("POST", "/rest/usermanagement/1/search")).as("the XML search is probed")
        .isNotEmpty();
    server.failNext("GET", "/rest/usermanagement/1/search", 1, 401, "{\"reason\":\"APPLICATION_ACCESS_DENIED\",\"message\":\"Application failed to authenticate\"}");
    server.failNext("GET", "/rest/usermanagement/1/search", 1, 401, "{\"reason\":\"APPLICATION_ACCESS_DENIED\",\"message\":\"Application failed to authenticate\"}");
    assertThat(target.checkConnection().toText()).contains("crowdApplicationPassword").contains("Jira user server");
  }

  @Test
  void theConnectionCheckSaysWhenTheUserMayNotAdministerJira() {
    server.failNext("GET", "/rest/api/2/mypermissions", 1, 200,
        "{\"permissions\":{\"ADMINISTER\":{\"id\":\"0\",\"key\":\"ADMINISTER\",\"type\":\"GLOBAL\","
            + "\"havePermission\":false}}}");

    io.github.usersync.core.model.ConnectionReport report = target.checkConnection();

    assertThat(report.ok()).isFalse();
    assertThat(report.toText()).contains("administer users").contains("Jira Administrators global permission");
  }

  @Test
  void jiraAdministratorsIsProtectedByDefault() {
    state.addLocalUser("admin", "jira-administrators");
    HostUser u = carol();

    assertThatThrownBy(() -> target.addMembership(u.key(), "jira-administrators"))
        .hasMessageContaining("'jira-administrators' is protected");
    HostUser admin = target.userByUsername("admin").orElseThrow();
    assertThatThrownBy(() -> target.deactivateUser(admin.key()))
        .hasMessageContaining("protected group 'jira-administrators'");
    assertThat(server.requests("POST", "/rest/api/2/group/user")).isEmpty();
  }
}
