package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.atlassian.sim.ConfluenceSim;
import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.InMemoryConfluenceBridge;
import io.github.usersync.atlassian.sim.InMemoryJiraBridge;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What each Atlassian target declares it will never do (docs/sync.md, "Refusals by design"), so
 * the planner leaves it out once instead of the target refusing it per user and per run; and a
 * mapping that writes what remote Confluence can never write fails when the sync is built.
 */
class AtlassianCapabilitiesTest {
  private final List<SimServer> servers = new ArrayList<>();

  @AfterEach
  void stop() {
    servers.forEach(SimServer::close);
  }

  private SimServer confluence(String version) {
    SimServer s = ConfluenceSim.server(new SimState(), version);
    servers.add(s);
    return s;
  }

  private static void neverRenamesOrDeletesGroupsNorKeepsPhotos(TargetCapabilities c) {
    assertThat(c.canRenameGroups()).isFalse();
    assertThat(c.canDeleteGroups()).isFalse();
    assertThat(c.canRemovePhotos()).isFalse();
    assertThat(c.keepsPhotos()).isFalse();
  }

  @Test
  void jiraProtectsItsAdministratorsGroupsOnBothFaces() {
    TargetCapabilities inProcess = JiraTarget.inProcess(new InMemoryJiraBridge()).capabilities();

    assertThat(inProcess.protectedGroups()).containsExactlyInAnyOrder("jira-administrators", "jira-system-administrators");
    assertThat(inProcess.protects("JIRA-Administrators")).isTrue();
    // The application-access group is what a sync usually manages, not an administrators group.
    assertThat(inProcess.protects("jira-software-users")).isFalse();
    assertThat(inProcess.canRenameUsers()).isTrue();
    assertThat(inProcess.allowedAttributes()).isEmpty();
    neverRenamesOrDeletesGroupsNorKeepsPhotos(inProcess);
  }

  @Test
  void crowdProtectsCrowdAdministrators() {
    SimServer server = CrowdSim.server(new SimState());
    servers.add(server);
    TargetCapabilities c = CrowdTarget.remote(Sims.crowd(server.baseUrl()), Sims.options()).capabilities();

    assertThat(c.protectedGroups()).containsExactly("crowd-administrators");
    assertThat(c.canRenameUsers()).isTrue();
    neverRenamesOrDeletesGroupsNorKeepsPhotos(c);
  }

  @Test
  void inProcessConfluenceKeepsTheSixProfileFieldsAndRenames() {
    TargetCapabilities c = ConfluenceTarget.inProcess(new InMemoryConfluenceBridge()).capabilities();

    assertThat(c.protectedGroups()).containsExactly("confluence-administrators");
    assertThat(c.allowedAttributes()).hasValueSatisfying(a ->
        assertThat(a).containsExactlyInAnyOrder("phone", "im", "website", "position", "department", "location"));
    assertThat(c.canRenameUsers()).isTrue();
    neverRenamesOrDeletesGroupsNorKeepsPhotos(c);
  }

  @Test
  void remoteConfluenceRenamesNobodyWritesNoAttributeAndBefore94CannotChangeNameOrEmail() {
    AtlassianTarget old = ConfluenceTarget.remote(Sims.confluence(confluence("8.5.4").baseUrl(), null), Sims.options());
    old.users().forEach(u -> { }); // the version is read with the first listing
    TargetCapabilities c = old.capabilities();

    assertThat(c.protectedGroups()).containsExactly("confluence-administrators");
    assertThat(c.canRenameUsers()).isFalse();
    assertThat(c.allowedAttributes()).hasValue(java.util.Set.of());
    assertThat(c.readOnlyFields()).containsExactlyInAnyOrder("displayName", "email");
    neverRenamesOrDeletesGroupsNorKeepsPhotos(c);

    AtlassianTarget current = ConfluenceTarget.remote(Sims.confluence(confluence("9.4.1").baseUrl(), null), Sims.options());
    current.users().forEach(u -> { });
    assertThat(current.capabilities().readOnlyFields()).isEmpty();
  }

  private static InMemoryDirectory directory() {
    InMemoryDirectory d = InMemoryDirectory.create(10, Clock.systemUTC());
    d.putUser(DirectoryUser.builder().id("u1").username("jane").email("jane@example.com").displayName("Jane Doe")
        .active(true).build());
    return d;
  }

  /**
   * Issue 19, problem 4: a mapping to remote Confluence's profile fields was refused once per user
   * and run (114 identical messages, every create refused); now building the sync fails, naming
   * every such field and the in-process bridge, without a request to Confluence.
   */
  @Test
  void aMappingToProfileFieldsOfRemoteConfluenceFailsWhenTheSyncIsBuilt() {
    SimServer server = confluence("9.4.1");
    AtlassianTarget remote = ConfluenceTarget.remote(Sims.confluence(server.baseUrl(), null), Sims.options());
    UserMapping mapping = UserMapping.builder().attribute("phone", "profile.mobilePhone")
        .attribute("department", "profile.department").build();

    assertThatThrownBy(() -> UserSync.builder(directory(), remote).mapper(mapping).build())
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("mapping.attributes: the target does not accept the attributes 'phone', 'department'")
        .hasMessageContaining("CONFSERVER-98183")
        .hasMessageContaining("ConfluenceTarget.inProcess with a ConfluenceBridge");
    assertThat(server.requests()).isEmpty();

    // The same mapping onto in-process Confluence is fine.
    UserSync.builder(directory(), ConfluenceTarget.inProcess(new InMemoryConfluenceBridge())).mapper(mapping).build();
  }

  /**
   * A protected group is left out by the planner and reported once as skipped; the run succeeds
   * (the target used to refuse the membership at apply time, on every run).
   */
  @Test
  void jirasAdministratorsGroupIsLeftOutOnceAndTheRunSucceeds() {
    InMemoryDirectory d = directory();
    d.putGroup(DirectoryGroup.of("g-admins", "jira-administrators"));
    d.addMember("g-admins", GroupMember.user("u1"));
    InMemoryJiraBridge bridge = new InMemoryJiraBridge();
    bridge.createGroup("jira-administrators");
    AtlassianTarget jira = JiraTarget.inProcess(bridge);
    UserSync sync = UserSync.builder(d, jira).mapper(UserMapping.defaults()).build();

    SyncReport first = sync.run();

    assertThat(first.status()).as(first.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(first.outcomes()).filteredOn(o -> o.status() == ChangeOutcome.Status.SKIPPED)
        .singleElement().satisfies(o -> {
          assertThat(o.change().type()).isEqualTo(ChangeType.ADD_MEMBERSHIP);
          assertThat(o.message()).hasValueSatisfying(m -> assertThat(m).contains("protected group"));
        });
    assertThat(jira.groupMembers("jira-administrators")).isEmpty();
    assertThat(jira.userByUsername("jane")).isPresent();

    SyncReport second = sync.run();
    assertThat(second.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(second.outcomes()).noneMatch(o -> o.status() == ChangeOutcome.Status.SKIPPED);
  }
}
