package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.atlassian.sim.ConfluenceSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimServer.Req;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The remote Confluence target: its version gates, the refusals where Confluence's REST API has no
 * resource, the link records, the long-running delete, and the shape of each request.
 */
class ConfluenceRestTest {
  private final SimState state = new SimState();
  private SimServer server = ConfluenceSim.server(state, "9.4.1");
  private AtlassianTarget target = target();

  private AtlassianTarget target() {
    return ConfluenceTarget.remote(Sims.confluence(server.baseUrl(), null), Sims.options());
  }

  private void version(String v) {
    server.close();
    server = ConfluenceSim.server(state, v);
    target = target();
  }

  @AfterEach
  void stop() {
    target.close();
    server.close();
  }

  private static NewHostUser dana() {
    return NewHostUser.builder().username("dana").email("dana@example.com").displayName("Dana Scully")
        .externalId("idp-dana").build();
  }

  @Test
  void theVersionIsReadOnceFromTheApplinksManifest() {
    target.createUser(dana());
    assertThat(target.users().count()).isEqualTo(1);

    assertThat(server.requests("GET", "/rest/applinks/1.0/manifest")).hasSize(1);
  }

  @Test
  void createSendsTheAdminResourceBodyWithoutNotificationAndKeepsALinkRecord() {
    HostUser u = target.createUser(dana());

    Req create = server.requests("POST", "/confluence/rest/api/admin/user").get(0);
    assertThat(create.header("Authorization")).isEqualTo("Bearer " + ConfluenceSim.TOKEN);
    JsonNode body = create.json();
    assertThat(body.path("userName").asText()).isEqualTo("dana");
    assertThat(body.path("fullName").asText()).isEqualTo("Dana Scully");
    assertThat(body.path("email").asText()).isEqualTo("dana@example.com");
    assertThat(body.path("notifyViaEmail").asBoolean(true)).isFalse();
    assertThat(body.path("password").asText()).hasSize(32);
    Req link = server.requests("POST", "/rest/api/space/USERSYNC/property").get(0);
    assertThat(link.json().path("key").asText()).isEqualTo("usersync.user." + u.key());
    assertThat(link.json().path("value").path("externalId").asText()).isEqualTo("idp-dana");
    assertThat(u.email()).contains("dana@example.com");
    assertThat(u.externalId()).contains("idp-dana");
    assertThat(u.displayName()).contains("Dana Scully");
    assertThat(u.active()).isTrue();
    // The answer's userKey is all the target needs: a new key has no link record to read first,
    // and the account is not read back by key (the one read by username is the check, before the
    // write, that the name is free: no listing ran).
    assertThat(server.requests("GET", "/rest/api/space/USERSYNC/property/usersync.user." + u.key())).isEmpty();
    assertThat(server.requests("GET", "/confluence/rest/api/user")).extracting(r -> r.q("username"))
        .containsExactly("dana");
    assertThat(target.user(u.key())).contains(u);
  }

  @Test
  void profileFieldsAreRefusedBeforeAnythingChangesNamingTheInProcessBridge() {
    assertThatThrownBy(() -> target.createUser(NewHostUser.builder().from(dana()).putAttributes("phone", "+47 1").build()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageStartingWith("create user 'dana' failed: ")
        .hasMessageContaining("cannot write profile fields (phone)")
        .hasMessageContaining("CONFSERVER-98183")
        .hasMessageContaining("ConfluenceTarget.inProcess")
        .hasMessageContaining("UserDetailsManager.setStringProperty");
    assertThat(state.userCount()).isZero();

    HostUser u = target.createUser(dana());
    assertThatThrownBy(() -> target.updateUser(u.key(), HostUserUpdate.builder().putSetAttributes("department", "X-Files").build()))
        .hasMessageStartingWith("update user 'dana' failed: ")
        .hasMessageContaining("ConfluenceBridge");
    assertThatThrownBy(() -> target.updateUser(u.key(), HostUserUpdate.builder().putSetAttributes("manager", "x").build()))
        .hasMessageContaining("cannot write profile fields (manager)")
        .hasMessageContaining("keeps only the profile fields department, im, location, phone, position, website");
  }

  @Test
  void renamesAreReportedNotRecreated() {
    HostUser u = target.createUser(dana());
    assertThat(target.capabilities().canRenameUsers()).isFalse();

    assertThatThrownBy(() -> target.updateUser(u.key(), HostUserUpdate.builder().username("dana.s").build()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("rename user 'dana' failed")
        .hasMessageContaining("was not recreated");
    assertThat(state.userCount()).isEqualTo(1);
    assertThat(server.requests("POST", "/rest/api/admin/user")).hasSize(1);
  }

  @Test
  void usernamesMustBeLowerCase() {
    assertThatThrownBy(() -> target.createUser(NewHostUser.builder().from(dana()).username("Dana").build()))
        .hasMessageContaining("must be lower case")
        .hasMessageContaining("'dana'");
    assertThat(server.requests("POST", "/rest/api/admin/user")).isEmpty();
  }

  @Test
  void deleteWaitsForTheLongRunningTask() {
    HostUser u = target.createUser(dana());
    server.clearLog();

    target.deleteUser(u.key());

    assertThat(server.requests("DELETE", "/rest/api/admin/user/dana")).hasSize(1);
    assertThat(server.requests("GET", "/rest/api/longtask/task-1")).hasSize(2);
    assertThat(server.requests("DELETE", "/rest/api/space/USERSYNC/property/usersync.user." + u.key())).hasSize(1);
    assertThat(state.userCount()).isZero();
    assertThat(target.user(u.key())).isEmpty();
  }

  @Test
  void disableAndEnableUseTheAdminResourcesAndTheLinkRecordKeepsTheState() {
    HostUser u = target.createUser(dana());

    target.deactivateUser(u.key());

    assertThat(server.requests("PUT", "/rest/api/admin/user/dana/disable")).hasSize(1);
    assertThat(target.user(u.key()).orElseThrow().active()).isFalse();
    target.reactivateUser(u.key());
    assertThat(server.requests("PUT", "/rest/api/admin/user/dana/enable")).hasSize(1);
    assertThat(target.user(u.key()).orElseThrow().active()).isTrue();
  }

  @Test
  void membershipsUseTheUserGroupResource() {
    HostUser u = target.createUser(dana());
    target.createGroup("x-files");
    target.addMembership(u.key(), "x-files");

    assertThat(server.requests("POST", "/rest/api/admin/group").get(0).json().path("name").asText()).isEqualTo("x-files");
    assertThat(server.requests("PUT", "/rest/api/user/dana/group/x-files")).hasSize(1);
    assertThat(target.groupMembers("x-files")).containsExactly(u.key());
    assertThat(target.groupsOfUser(u.key())).contains("x-files", "confluence-users");
  }

  // ------------------------------------------------------------------ version gates

  @Test
  void confluence719CanReadButRefusesEveryChangeNamingTheVersion() {
    state.addLocalUser("fox", "confluence-users");
    version("7.19.20");
    HostUser fox = target.userByUsername("fox").orElseThrow();

    assertThat(target.groups().count()).isEqualTo(1);
    assertThat(target.groupMembers("confluence-users")).containsExactly(fox.key());
    assertThatThrownBy(() -> target.users().count())
        .hasMessageContaining("Confluence 7.19.20 has no REST resource to list all users")
        .hasMessageContaining("Confluence 8.4");
    assertThatThrownBy(() -> target.createUser(dana()))
        .hasMessageContaining("create user 'dana' failed: Confluence 7.19.20 has no REST resource to create users");
    assertThatThrownBy(() -> target.deactivateUser(fox.key()))
        .hasMessageContaining("deactivate user 'fox' failed: Confluence 7.19.20 has no REST resource to disable users")
        .hasMessageContaining("arrived in Confluence 8.0");
    assertThatThrownBy(() -> target.createGroup("x-files"))
        .hasMessageContaining("create group 'x-files' failed: Confluence 7.19.20 has no REST resource to create groups");
    assertThatThrownBy(() -> target.deleteUser(fox.key())).hasMessageContaining("to delete users");
    assertThat(server.requests().stream().filter(r -> !r.method.equals("GET"))).isEmpty();
  }

  @Test
  void confluence80ManagesGroupsMembershipsAndActivationButCannotCreateOrListUsers() {
    state.addLocalUser("fox", "confluence-users");
    version("8.0.4");
    HostUser fox = target.userByUsername("fox").orElseThrow();
    // The link of an existing account can be kept even here.
    target.updateUser(fox.key(), HostUserUpdate.builder().externalId("idp-fox").build());

    target.createGroup("x-files");
    target.addMembership(fox.key(), "x-files");
    target.deactivateUser(fox.key());

    assertThat(state.memberNames("x-files")).containsExactly("fox");
    assertThat(state.user("fox").orElseThrow().active()).isFalse();
    assertThat(target.userByExternalId("idp-fox")).map(HostUser::key).contains(fox.key());
    assertThatThrownBy(() -> target.createUser(dana()))
        .hasMessageContaining("Confluence 8.0.4 has no REST resource to create users; it arrived in Confluence 8.4");
    assertThatThrownBy(() -> target.users().count()).hasMessageContaining("list all users");
  }

  @Test
  void confluence84CreatesAndListsButCannotUpdateProfiles() {
    version("8.4.5");
    HostUser u = target.createUser(dana());

    assertThat(target.users().map(HostUser::username)).containsExactly("dana");
    assertThatThrownBy(() -> target.updateUser(u.key(), HostUserUpdate.builder().displayName("D. Scully").build()))
        .hasMessageContaining("update user 'dana' failed: Confluence 8.4.5 has no REST resource to change a"
            + " user's email or full name; it arrived in Confluence 9.4");
  }

  @Test
  void confluence94UpdatesEmailAndFullName() {
    HostUser u = target.createUser(dana());

    HostUser after = target.updateUser(u.key(), HostUserUpdate.builder()
        .email("scully@fbi.example").displayName("D. Scully").build());

    Req put = server.requests("PUT", "/rest/api/admin/user/dana").get(0);
    assertThat(put.json().path("email").asText()).isEqualTo("scully@fbi.example");
    assertThat(put.json().path("fullName").asText()).isEqualTo("D. Scully");
    assertThat(after.displayName()).contains("D. Scully");
    assertThat(after.email()).contains("scully@fbi.example");
    assertThat(target.usersByEmail("SCULLY@fbi.example").map(HostUser::key)).containsExactly(u.key());
  }

  @Test
  void capabilitiesFollowTheVersionOnceItIsKnown() {
    target.users().forEach(u -> { });
    assertThat(target.capabilities().canDeleteUsers()).isTrue();
    assertThat(target.capabilities().canRenameUsers()).isFalse();
    assertThat(target.capabilities().readOnlyFields()).isEmpty();
    version("7.19.20");
    // Asking for the capabilities alone reads nothing (building a sync makes no request) ...
    assertThat(target.capabilities().readOnlyFields()).isEmpty();
    assertThat(server.requests()).isEmpty();
    // ... the version is read by the first listing or the connection check.
    target.checkConnection();
    assertThat(target.capabilities().canDeleteUsers()).isFalse();
    assertThat(target.capabilities().canCreateGroups()).isFalse();
    assertThat(target.capabilities().readOnlyFields()).containsExactlyInAnyOrder("displayName", "email");
    assertThat(target.capabilities().allowedAttributes()).hasValueSatisfying(a -> assertThat(a).isEmpty());
  }

  @Test
  void theConnectionCheckProbesVersionSignInGroupsAndTheLinkSpace() {
    io.github.usersync.core.model.ConnectionReport report = target.checkConnection();

    assertThat(report.ok()).as(report.toText()).isTrue();
    assertThat(report.checks()).extracting(c -> c.name())
        .containsExactly("read version", "sign in", "list users", "read user", "list groups of user",
            "list groups", "read group", "list group members", "list links", "read link");
  }

  @Test
  void adoptingAnAccountAndChangingItsEmailInOneUpdateKeepsTheNewLink() {
    state.addLocalUser("fox", "confluence-users");
    HostUser fox = target.userByUsername("fox").orElseThrow();

    HostUser after = target.updateUser(fox.key(), HostUserUpdate.builder()
        .externalId("idp-fox").email("mulder@fbi.example").build());

    assertThat(after.externalId()).contains("idp-fox");
    assertThat(after.email()).contains("mulder@fbi.example");
    assertThat(target.userByExternalId("idp-fox")).map(HostUser::key).contains(fox.key());
  }

  @Test
  void aConfiguredVersionSkipsTheManifest() {
    target.close();
    target = ConfluenceTarget.remote(Sims.confluence(server.baseUrl(), "8.0.1"), Sims.options());

    assertThatThrownBy(() -> target.createUser(dana())).hasMessageContaining("Confluence 8.0.1 has no REST resource");
    assertThat(server.requests("GET", "/rest/applinks/1.0/manifest")).isEmpty();
  }
}
