package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimServer.Req;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The remote Crowd target: the requests it sends for each operation, and what it makes of answers. */
class CrowdTargetTest {
  private static final String AUTH =
      "Basic " + Base64.getEncoder().encodeToString("usersync:app-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8));

  private final SimState state = new SimState();
  private final SimServer server = CrowdSim.server(state);
  private final AtlassianTarget target = CrowdTarget.remote(Sims.crowd(server.baseUrl()), Sims.options());

  @AfterEach
  void stop() {
    target.close();
    server.close();
  }

  private HostUser alice() {
    return target.createUser(NewHostUser.builder()
        .username("alice").email("alice@example.com").displayName("Alice Liddell")
        .putAttributes("department", "R&D").externalId("idp-1").build());
  }

  @Test
  void createSendsOneUserWithPasswordNamesAttributesAndLinkAsCrowdDocumentsIt() {
    HostUser u = alice();

    List<Req> posts = server.requests("POST", "/rest/usermanagement/1/user");
    assertThat(posts).hasSize(1);
    Req post = posts.get(0);
    assertThat(post.header("Authorization")).isEqualTo(AUTH);
    assertThat(post.header("Accept")).isEqualTo("application/json");
    assertThat(post.header("Content-Type")).isEqualTo("application/json");
    JsonNode body = post.json();
    assertThat(body.path("name").asText()).isEqualTo("alice");
    assertThat(body.path("first-name").asText()).isEqualTo("Alice");
    assertThat(body.path("last-name").asText()).isEqualTo("Liddell");
    assertThat(body.path("display-name").asText()).isEqualTo("Alice Liddell");
    assertThat(body.path("email").asText()).isEqualTo("alice@example.com");
    assertThat(body.path("active").asBoolean()).isTrue();
    assertThat(body.path("password").path("value").asText()).hasSize(32);
    assertThat(body.path("attributes").path("attributes").toString())
        .contains("\"name\":\"department\",\"values\":[\"R&D\"]")
        .contains("\"name\":\"usersync.externalId\",\"values\":[\"idp-1\"]");
    assertThat(u.key()).startsWith("32769:");
    assertThat(u.externalId()).contains("idp-1");
    assertThat(u.attributes()).containsExactly(Map.entry("department", "R&D"));
    // Everything went in the one POST: nothing was written afterwards.
    assertThat(server.requests().stream().filter(r -> !r.method.equals("GET") && !r.path.endsWith("/search")))
        .hasSize(1);
    // Crowd answers the create with the new user and its key (CWD-3976): the one read of the user
    // is the check that the username is free (no listing ran), none comes after the write.
    assertThat(server.requests("GET", "/rest/usermanagement/1/user")).hasSize(1);
  }

  @Test
  void aCrowdThatAnswersACreateWithoutTheUserIsReadOnceForItsKey() {
    SimState oldState = new SimState();
    try (SimServer old = CrowdSim.serverAnsweringCreatesWithoutUser(oldState);
        AtlassianTarget oldTarget = CrowdTarget.remote(Sims.crowd(old.baseUrl()), Sims.options())) {
      HostUser u = oldTarget.createUser(NewHostUser.builder()
          .username("alice").email("alice@example.com").displayName("Alice Liddell")
          .putAttributes("department", "R&D").externalId("idp-1").build());

      assertThat(u.key()).isEqualTo(oldState.user("alice").orElseThrow().crowdKey());
      assertThat(u.externalId()).contains("idp-1");
      assertThat(u.attributes()).containsExactly(Map.entry("department", "R&D"));
      // The username check, then the read for the key.
      assertThat(old.requests("GET", "/rest/usermanagement/1/user")).hasSize(2);
    }
  }

  @Test
  void aUserCreatedFromCrowdsAnswerIsFoundByItsKeyAfterARenameInCrowd() {
    HostUser u = alice();
    state.rename(state.user("alice").orElseThrow(), "alice.renamed");
    target.flush();

    HostUser found = target.user(u.key()).orElseThrow();
    assertThat(found.username()).isEqualTo("alice.renamed");
    assertThat(found.externalId()).contains("idp-1");
    assertThat(target.userByExternalId("idp-1")).map(HostUser::key).contains(u.key());
  }

  @Test
  void lookupsByLinkAndEmailAreOneSearchWithTheDocumentedXmlRestriction() {
    HostUser u = alice();
    server.clearLog();

    assertThat(target.userByExternalId("idp-1")).map(HostUser::key).contains(u.key());
    assertThat(target.usersByEmail("ALICE@example.com").map(HostUser::key)).containsExactly(u.key());

    List<Req> searches = server.requests("POST", "/search");
    assertThat(searches).hasSize(2);
    assertThat(searches.get(0).q("entity-type")).isEqualTo("user");
    assertThat(searches.get(0).q("expand")).isEqualTo("user,attributes");
    assertThat(searches.get(0).header("Content-Type")).isEqualTo("application/xml");
    assertThat(searches.get(0).body)
        .contains("<property-search-restriction><property><name>usersync.externalId</name><type>STRING</type>")
        .contains("<match-mode>EXACTLY_MATCHES</match-mode><value>idp-1</value>");
    assertThat(searches.get(1).body).contains("<name>email</name>").contains("<value>ALICE@example.com</value>");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void deactivationSendsTheWholeUserBackBecauseCrowdsPutReplacesEveryField() {
    HostUser u = alice();
    server.clearLog();

    target.deactivateUser(u.key());

    Req put = server.requests("PUT", "/rest/usermanagement/1/user").get(0);
    assertThat(put.q("username")).isEqualTo("alice");
    JsonNode body = put.json();
    assertThat(body.path("active").asBoolean(true)).isFalse();
    assertThat(body.path("email").asText()).isEqualTo("alice@example.com");
    assertThat(body.path("first-name").asText()).isEqualTo("Alice");
    assertThat(body.path("display-name").asText()).isEqualTo("Alice Liddell");
    assertThat(state.user("alice").orElseThrow().active()).isFalse();
    assertThat(target.user(u.key()).orElseThrow().email()).contains("alice@example.com");
  }

  @Test
  void deleteAddressesTheUserByNameAndIsIdempotent() {
    HostUser u = alice();
    server.clearLog();

    target.deleteUser(u.key());
    target.deleteUser(u.key());

    List<Req> deletes = server.requests("DELETE", "/rest/usermanagement/1/user");
    assertThat(deletes).hasSize(1);
    assertThat(deletes.get(0).q("username")).isEqualTo("alice");
    assertThat(state.user("alice")).isEmpty();
  }

  @Test
  void renameUsesTheRenameResourceAndKeepsKeyAndLink() {
    HostUser u = alice();
    server.clearLog();

    HostUser renamed = target.updateUser(u.key(), HostUserUpdate.builder().username("alice.l").build());

    Req rename = server.requests("POST", "/user/rename").get(0);
    assertThat(rename.q("username")).isEqualTo("alice");
    assertThat(rename.json().path("new-name").asText()).isEqualTo("alice.l");
    assertThat(renamed.key()).isEqualTo(u.key());
    assertThat(renamed.externalId()).contains("idp-1");
  }

  @Test
  void attributesAreSetInOneRequestAndRemovedOneByOne() {
    HostUser u = alice();
    server.clearLog();

    target.updateUser(u.key(), HostUserUpdate.builder()
        .putSetAttributes("costCenter", "CC-1").putSetAttributes("site", "Oslo")
        .addRemoveAttributes("department").build());

    Req post = server.requests("POST", "/user/attribute").get(0);
    assertThat(post.q("username")).isEqualTo("alice");
    assertThat(post.json().path("attributes")).hasSize(2);
    Req delete = server.requests("DELETE", "/user/attribute").get(0);
    assertThat(delete.q("attributename")).isEqualTo("department");
    assertThat(state.user("alice").orElseThrow().attributes())
        .containsEntry("costCenter", "CC-1").containsEntry("site", "Oslo").doesNotContainKey("department");
  }

  @Test
  void crowdsOwnAttributesAreNotReportedAsUserAttributes() {
    HostUser u = alice();
    SimState.SimUser sim = state.user("alice").orElseThrow();
    sim.putAttribute("requiresPasswordChange", "false");
    sim.putAttribute("invalidPasswordAttempts", "0");
    sim.putAttribute("login.count", "3");

    assertThat(target.user(u.key()).orElseThrow().attributes()).containsOnlyKeys("department");
  }

  @Test
  void listingPagesThroughUsersAndGroupsWithStartIndexAndMaxResults() {
    state.addUsers("user", 5);
    server.clearLog();

    assertThat(target.users().map(HostUser::username).collect(Collectors.toList()))
        .containsExactly("user0", "user1", "user2", "user3", "user4");

    List<Req> pages = server.requests("GET", "/search");
    assertThat(pages).extracting(r -> r.q("start-index")).containsExactly("0", "2", "4");
    assertThat(pages).allSatisfy(r -> {
      assertThat(r.q("max-results")).isEqualTo("2");
      assertThat(r.q("expand")).isEqualTo("user,attributes");
    });
  }

  @Test
  void groupsAndMembershipsUseTheDirectMembershipResources() {
    HostUser u = alice();
    target.createGroup("team");
    target.createGroup("team");
    server.clearLog();

    target.addMembership(u.key(), "team");
    target.addMembership(u.key(), "team");
    target.removeMembership(u.key(), "team");

    // No read before the write: the second add is answered 409 (already a member), which is success.
    List<Req> adds = server.requests("POST", "/user/group/direct");
    assertThat(adds).hasSize(2);
    assertThat(adds.get(0).q("username")).isEqualTo("alice");
    assertThat(adds.get(0).json().path("name").asText()).isEqualTo("team");
    Req remove = server.requests("DELETE", "/user/group/direct").get(0);
    assertThat(remove.q("username")).isEqualTo("alice");
    assertThat(remove.q("groupname")).isEqualTo("team");
    assertThat(state.memberNames("team")).isEmpty();
  }

  @Test
  void theMembersOfEveryGroupComeFromOneXmlRequestAndFollowTheTargetsOwnChanges() {
    HostUser u = alice();
    state.addLocalUser("bob", "team");
    target.createGroup("empty");
    assertThat(target.users().count()).isEqualTo(2);
    server.clearLog();

    assertThat(target.groupMembers("team")).containsExactly(target.userByUsername("bob").orElseThrow().key());
    target.addMembership(u.key(), "team");
    assertThat(target.groupMembers("team")).hasSize(2);
    target.removeMembership(u.key(), "team");
    assertThat(target.groupMembers("TEAM")).hasSize(1);
    assertThat(target.groupMembers("empty")).isEmpty();

    assertThat(server.requests("GET", "/group/membership")).hasSize(1);
    assertThat(server.requests("GET", "/group/user/direct")).isEmpty();
  }

  @Test
  void withoutTheMembershipCacheEachGroupIsListedPageByPage() {
    target.close();
    AtlassianTarget direct = CrowdTarget.remote(
        CrowdSettings.builder().from(Sims.crowd(server.baseUrl())).membershipCache(java.time.Duration.ZERO).build(),
        Sims.options());
    for (int i = 0; i < 5; i++) {
      state.addLocalUser("m" + i, "team");
    }

    assertThat(direct.groupMembers("team")).hasSize(5);

    List<Req> pages = server.requests("GET", "/group/user/direct");
    assertThat(pages).extracting(r -> r.q("start-index")).containsExactly("0", "2", "4");
    assertThat(pages).allSatisfy(r -> assertThat(r.q("expand")).isEqualTo("user"));
    assertThat(server.requests("GET", "/group/membership")).isEmpty();
  }

  @Test
  void protectedGroupsAreNeverChangedAndTheirMembersNeverDeactivated() {
    state.addLocalUser("admin", "crowd-administrators");
    HostUser u = alice();
    HostUser admin = target.userByUsername("admin").orElseThrow();

    assertThatThrownBy(() -> target.addMembership(u.key(), "crowd-administrators"))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("add membership 'alice'")
        .hasMessageContaining("'crowd-administrators' is protected");
    assertThatThrownBy(() -> target.removeMembership(admin.key(), "CROWD-ADMINISTRATORS"))
        .hasMessageContaining("is protected");
    assertThatThrownBy(() -> target.deactivateUser(admin.key()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("deactivate user 'admin'")
        .hasMessageContaining("member of the protected group 'crowd-administrators'");
    assertThatThrownBy(() -> target.deleteUser(admin.key())).hasMessageContaining("protected group");
    assertThat(state.user("admin").orElseThrow().active()).isTrue();
    assertThat(server.requests("PUT", "/rest/usermanagement/1/user")).isEmpty();
  }

  @Test
  void membershipsAreReadFromTheXmlOnlyResourceWithAnXmlAcceptHeader() {
    state.addLocalUser("admin", "crowd-administrators");
    alice();
    target.createGroup("team");
    target.addMembership(target.userByUsername("alice").orElseThrow().key(), "team");

    ConnectionReport report = target.checkConnection();

    assertThat(report.ok()).as(report.toText()).isTrue();
    Req membership = server.requests("GET", "/group/membership").get(0);
    assertThat(membership.header("Accept")).isEqualTo("application/xml");
  }

  @Test
  void aFailedConnectionCheckNamesTheFix() {
    server.failNext("GET", "/search", 1, 403,
        "{\"reason\":\"APPLICATION_PERMISSION_DENIED\",\"message\":\"Client with address \\\"10.0.0.9\\\" is forbidden\"}");

    ConnectionReport report = target.checkConnection();

    assertThat(report.ok()).isFalse();
    assertThat(report.toText()).contains("HTTP 403").contains("Remote addresses").contains("SKIPPED");
    assertThat(target.requestStats().failures()).isPositive();
  }
}
