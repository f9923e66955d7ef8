package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.atlassian.sim.ConfluenceSim;
import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.JiraSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a membership change costs once the target has listed the host's users, as the engine does
 * at the start of every full run: one write, on Jira, Crowd and Confluence; "already a member" and
 * "not a member" answers are success.
 */
class MembershipRequestsTest {
  private final SimState state = new SimState();
  private SimServer server = CrowdSim.server(state);
  private AtlassianTarget target = CrowdTarget.remote(Sims.crowd(server.baseUrl()), Sims.options());

  private void use(String product) {
    target.close();
    server.close();
    switch (product) {
      case "jira":
        server = JiraSim.server(state, "10.3.1");
        target = JiraTarget.remote(Sims.jira(server.baseUrl(), JiraAttributeStore.CROWD_ATTRIBUTES), Sims.options());
        break;
      case "confluence":
        server = ConfluenceSim.server(state, "9.4.1");
        target = ConfluenceTarget.remote(Sims.confluence(server.baseUrl(), null), Sims.options());
        break;
      default:
        server = CrowdSim.server(state);
        target = CrowdTarget.remote(Sims.crowd(server.baseUrl()), Sims.options());
    }
  }

  @AfterEach
  void stop() {
    target.close();
    server.close();
  }

  /** Creates alice, a group, and lists the users as a full run does; returns alice as listed. */
  private HostUser listedAlice() {
    target.createGroup("staff");
    target.createUser(NewHostUser.builder().username("alice").email("alice@example.com")
        .displayName("Alice Liddell").externalId("idp-alice").build());
    target.flush();
    return listAndFind("alice");
  }

  private HostUser listAndFind(String name) {
    List<HostUser> listed = target.users().collect(Collectors.toList());
    server.clearLog();
    return listed.stream().filter(u -> u.username().equals(name)).findFirst().orElseThrow();
  }

  private List<String> sent() {
    return server.requests().stream().map(r -> r.method + " " + r.path).collect(Collectors.toList());
  }

  private void addingAndRemovingCostOneRequestEach(String product) {
    use(product);
    HostUser alice = listedAlice();

    target.addMembership(alice.key(), "staff");
    assertThat(sent()).as("add on %s", product).hasSize(1);
    assertThat(state.memberNames("staff")).contains("alice");

    server.clearLog();
    target.removeMembership(alice.key(), "staff");
    assertThat(sent()).as("remove on %s", product).hasSize(1);
    assertThat(state.memberNames("staff")).doesNotContain("alice");
  }

  @Test
  void jiraAddsAndRemovesAMembershipInOneRequest() {
    addingAndRemovingCostOneRequestEach("jira");
  }

  @Test
  void crowdAddsAndRemovesAMembershipInOneRequest() {
    addingAndRemovingCostOneRequestEach("crowd");
  }

  @Test
  void confluenceAddsAndRemovesAMembershipInOneRequest() {
    addingAndRemovingCostOneRequestEach("confluence");
  }

  private void alreadyAsWantedIsSuccess(String product) {
    use(product);
    HostUser alice = listedAlice();
    target.addMembership(alice.key(), "staff");
    server.clearLog();

    target.addMembership(alice.key(), "staff");
    assertThat(sent()).as("second add on %s", product).hasSize(1);
    assertThat(state.memberNames("staff")).containsOnlyOnce("alice");

    target.removeMembership(alice.key(), "staff");
    server.clearLog();
    target.removeMembership(alice.key(), "staff");
    assertThat(sent()).as("second remove on %s", product).hasSize(1);
    assertThat(state.memberNames("staff")).doesNotContain("alice");
  }

  @Test
  void jiraTakesAlreadyAMemberAndNotAMemberAsSuccess() {
    alreadyAsWantedIsSuccess("jira");
  }

  @Test
  void crowdTakesAlreadyAMemberAndNotAMemberAsSuccess() {
    alreadyAsWantedIsSuccess("crowd");
  }

  @Test
  void confluenceTakesAlreadyAMemberAndNotAMemberAsSuccess() {
    alreadyAsWantedIsSuccess("confluence");
  }

  @Test
  void withoutAListingTheUserIsReadOnceThenWritten() {
    use("jira");
    HostUser alice = listedAlice();
    target.flush(); // the run ended: the next one reads what it needs

    target.addMembership(alice.key(), "staff");

    assertThat(sent()).last().isEqualTo("POST /rest/api/2/group/user");
    assertThat(sent()).filteredOn(s -> s.startsWith("POST")).hasSize(1);
    assertThat(state.memberNames("staff")).contains("alice");
  }

  @Test
  void aGroupThatDoesNotExistFailsNamingTheHostsAnswer() {
    for (String product : List.of("jira", "crowd")) {
      use(product);
      HostUser alice = listedAlice();
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> target.addMembership(alice.key(), "nowhere"))
          .as(product)
          .isInstanceOf(io.github.usersync.core.ProvisioningException.class)
          .hasMessageContaining("add membership")
          .hasMessageContaining("nowhere");
    }
  }

  @Test
  void aUserChangedElsewhereSinceTheListingIsReadAfreshAfterTheFailedWrite() {
    use("jira");
    HostUser alice = listedAlice();
    // Deleted in Jira by another node after the listing: the write fails, the next change reads.
    try (AtlassianTarget other = JiraTarget.remote(
        Sims.jira(server.baseUrl(), JiraAttributeStore.CROWD_ATTRIBUTES), Sims.options())) {
      other.deleteUser(alice.key());
    }
    server.clearLog();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> target.addMembership(alice.key(), "staff"))
        .isInstanceOf(io.github.usersync.core.ProvisioningException.class);
    server.clearLog();

    target.removeMembership(alice.key(), "staff");

    assertThat(sent()).first().matches(s -> s.startsWith("GET "), "a read first");
  }
}
