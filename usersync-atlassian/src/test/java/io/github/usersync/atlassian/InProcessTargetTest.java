package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.atlassian.bridge.BridgeUser;
import io.github.usersync.atlassian.sim.InMemoryConfluenceBridge;
import io.github.usersync.atlassian.sim.InMemoryJiraBridge;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The in-process targets over the bridge: where data lands, and the rules the target adds. */
class InProcessTargetTest {
  private final InMemoryJiraBridge jira = new InMemoryJiraBridge();
  private final InMemoryConfluenceBridge confluence = new InMemoryConfluenceBridge();

  private static NewHostUser erin() {
    return NewHostUser.builder().username("erin").email("erin@example.com").displayName("Erin")
        .putAttributes("department", "Finance").putAttributes("Cost Center", "CC-7").externalId("idp-erin").build();
  }

  @Test
  void jiraAttributesAreUserPropertiesAndTheLinkIsHiddenFromThem() {
    HostUser u = JiraTarget.inProcess(jira).createUser(erin());

    assertThat(jira.propertySet(u.key()))
        .containsEntry("jira.meta.department", "Finance")
        .containsEntry("jira.meta.Cost Center", "CC-7")
        .containsEntry("usersync.externalId", "idp-erin")
        .doesNotContainKey("jira.meta.usersync.externalId");
    assertThat(u.attributes()).containsOnlyKeys("department", "Cost Center");
    assertThat(u.externalId()).contains("idp-erin");
  }

  @Test
  void removingAJiraAttributeRemovesTheUserProperty() {
    AtlassianTarget t = JiraTarget.inProcess(jira);
    HostUser u = t.createUser(erin());

    t.updateUser(u.key(), HostUserUpdate.builder().addRemoveAttributes("department").build());

    assertThat(jira.propertySet(u.key())).doesNotContainKey("jira.meta.department");
  }

  @Test
  void updatesWriteOnlyWhatDiffers() {
    AtlassianTarget t = JiraTarget.inProcess(jira);
    HostUser u = t.createUser(erin());
    int writes = jira.calls("setString") + jira.calls("updateUser");

    t.updateUser(u.key(), HostUserUpdate.builder().email("erin@example.com").displayName("Erin")
        .putSetAttributes("department", "Finance").build());

    assertThat(jira.calls("setString") + jira.calls("updateUser")).isEqualTo(writes);
  }

  @Test
  void theLinkIndexIsBuiltOnceAndRebuiltOnAMissWhenStale() {
    Instant[] now = {Instant.parse("2025-01-01T00:00:00Z")};
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now[0];
      }
    };
    AtlassianTarget t = JiraTarget.inProcess(jira,
        InProcessOptions.builder().clock(clock).linkIndexMaxAge(Duration.ofSeconds(60)).build());
    HostUser u = t.createUser(erin());
    int scans = jira.calls("allUsers");

    assertThat(t.userByExternalId("idp-erin")).map(HostUser::key).contains(u.key());
    assertThat(t.userByExternalId("idp-nobody")).isEmpty();
    assertThat(jira.calls("allUsers")).isEqualTo(scans);

    // Another node of the cluster links a user; a miss rebuilds the index once it is stale.
    BridgeUser other = jira.createUser("frank", "frank@example.com", "Frank");
    jira.setString(other.key(), "usersync.externalId", "idp-frank");
    assertThat(t.userByExternalId("idp-frank")).isEmpty();
    now[0] = now[0].plusSeconds(61);
    assertThat(t.userByExternalId("idp-frank")).map(HostUser::key).contains(other.key());
  }

  @Test
  void aRenameTheHostIgnoresIsReported() {
    AtlassianTarget t = JiraTarget.inProcess(jira);
    HostUser u = t.createUser(erin());
    jira.ignoreRenames();

    assertThatThrownBy(() -> t.updateUser(u.key(), HostUserUpdate.builder().username("erin.b").build()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessageContaining("rename user 'erin' failed")
        .hasMessageContaining("kept the name 'erin'");
  }

  @Test
  void aRenameToATakenNameIsRefusedBeforeTheHostIsAsked() {
    AtlassianTarget t = JiraTarget.inProcess(jira);
    HostUser u = t.createUser(erin());
    jira.createUser("erin.b", null, null);

    assertThatThrownBy(() -> t.updateUser(u.key(), HostUserUpdate.builder().username("erin.b").build()))
        .hasMessageContaining("the username 'erin.b' is taken");
    assertThat(jira.calls("renameUser")).isZero();
  }

  @Test
  void adoptingAnAccountRefusesAnIdpIdLinkedElsewhere() {
    AtlassianTarget t = JiraTarget.inProcess(jira);
    t.createUser(erin());
    BridgeUser local = jira.createUser("local", "local@example.com", "Local");

    assertThatThrownBy(() -> t.updateUser(local.key(), HostUserUpdate.builder().externalId("idp-erin").build()))
        .hasMessageContaining("IdP id idp-erin is already linked to the account 'erin'");
  }

  @Test
  void anUnlinkedAccountWithTheUsernameIsNotTakenOver() {
    jira.createUser("erin", "someone@example.com", "Someone");

    assertThatThrownBy(() -> JiraTarget.inProcess(jira).createUser(erin()))
        .hasMessageContaining("create user 'erin' failed")
        .hasMessageContaining("usersync did not create");
  }

  @Test
  void aNewAccountWhoseLinkCannotBeStoredIsTakenBack() {
    InMemoryJiraBridge failing = new InMemoryJiraBridge() {
      @Override
      public synchronized void setString(String userKey, String key, String value) {
        if (key.equals("usersync.externalId")) {
          throw new IllegalStateException("property set is read-only");
        }
        super.setString(userKey, key, value);
      }
    };

    assertThatThrownBy(() -> JiraTarget.inProcess(failing).createUser(erin()))
        .isInstanceOf(ProvisioningException.class)
        .hasMessage("create user 'erin' failed: IllegalStateException: property set is read-only");
    assertThat(failing.userByUsername("erin")).isEmpty();
  }

  @Test
  void bridgeFailuresNameTheOperationAndUser() {
    InMemoryJiraBridge readOnly = new InMemoryJiraBridge() {
      @Override
      public synchronized void addMember(String userKey, String group) {
        throw new UnsupportedOperationException("the directory is read-only");
      }
    };
    AtlassianTarget t = JiraTarget.inProcess(readOnly);
    HostUser u = t.createUser(erin());
    t.createGroup("team");

    assertThatThrownBy(() -> t.addMembership(u.key(), "team"))
        .isInstanceOf(ProvisioningException.class)
        .hasMessage("add membership 'erin' failed: UnsupportedOperationException: the directory is read-only");
  }

  @Test
  void protectedGroupsAreConfigurable() {
    jira.addLocalUser("admin", "jira-administrators");
    AtlassianTarget guarded = JiraTarget.inProcess(jira);
    HostUser admin = guarded.userByUsername("admin").orElseThrow();
    assertThatThrownBy(() -> guarded.deleteUser(admin.key())).hasMessageContaining("protected group");

    AtlassianTarget open = JiraTarget.inProcess(jira,
        InProcessOptions.builder().protectedGroups(Collections.emptySet()).build());
    open.deleteUser(admin.key());

    assertThat(jira.userByKey(admin.key())).isEmpty();
  }

  @Test
  void confluenceKeepsTheSixProfileFieldsUnder255CharactersAndTheLinkBeside() {
    AtlassianTarget t = ConfluenceTarget.inProcess(confluence);
    HostUser u = t.createUser(NewHostUser.builder().username("gina").email("gina@example.com")
        .putAttributes("phone", "+47 22 00 00 00").putAttributes("location", "Oslo").externalId("idp-gina").build());

    assertThat(confluence.details(u.key()))
        .containsEntry("phone", "+47 22 00 00 00").containsEntry("location", "Oslo")
        .containsEntry("usersync.externalId", "idp-gina");
    assertThat(u.attributes()).containsOnlyKeys("phone", "location");
    assertThat(t.capabilities().allowedAttributes()).contains(
        new java.util.TreeSet<>(java.util.Arrays.asList("phone", "im", "website", "position", "department", "location")));
    String tooLong = new String(new char[255]).replace('\0', 'x');
    assertThatThrownBy(() -> t.updateUser(u.key(), HostUserUpdate.builder().putSetAttributes("position", tooLong).build()))
        .hasMessageContaining("has 255 characters; confluence keeps values under 255 characters");
    assertThatThrownBy(() -> t.updateUser(u.key(), HostUserUpdate.builder().putSetAttributes("costCenter", "x").build()))
        .hasMessageContaining("does not keep the attribute 'costCenter'");
    assertThat(confluence.calls("setStringProperty")).isEqualTo(3);
  }

  @Test
  void confluenceInProcessRenamesAndRefusesUpperCase() {
    AtlassianTarget t = ConfluenceTarget.inProcess(confluence);
    HostUser u = t.createUser(NewHostUser.builder().username("hal").externalId("idp-hal").build());

    assertThat(t.updateUser(u.key(), HostUserUpdate.builder().username("hal9000").build()).username()).isEqualTo("hal9000");
    assertThatThrownBy(() -> t.updateUser(u.key(), HostUserUpdate.builder().username("HAL").build()))
        .hasMessageContaining("must be lower case");
  }
}
