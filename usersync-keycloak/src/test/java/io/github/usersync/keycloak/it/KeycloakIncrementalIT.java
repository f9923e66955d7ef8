package io.github.usersync.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Incremental runs against the real server from the realm's admin events: after a full run, a
 * user deleted and a membership removed in Keycloak reach the host in the next (incremental) run,
 * and a run with nothing new plans nothing. The realm saves admin events with representations
 * (set through the realm representation), and the client's service account has view-events.
 */
@ExtendWith(KeycloakFixture.Resolver.class)
class KeycloakIncrementalIT {
  private static KeycloakFixture keycloak;
  private static SeededRealm realm;

  @BeforeAll
  static void setUp(KeycloakFixture fixture) {
    keycloak = fixture;
    realm = SeededRealm.define("usersync-incremental", 60);
    realm.seed(fixture.admin());
    realm.enableAdminEvents(fixture.admin());
  }

  @Test
  void aDeletedUserAndARemovedMembershipReachTheHostInAnIncrementalRun() {
    InMemoryTarget host = InMemoryTarget.create();
    KeycloakSettings settings = keycloak.settings(realm, SeededRealm.CLIENT)
        .groupName(KeycloakSettings.GroupName.PATH).build();
    SeededRealm.User deleted = realm.users().stream().filter(SeededRealm.User::enabled).skip(1).findFirst().orElseThrow();
    SeededRealm.User leaving = realm.users().stream().filter(u -> u.enabled() && !u.groupPaths().isEmpty()
        && !u.id().equals(deleted.id())).findFirst().orElseThrow();
    String group = leaving.groupPaths().get(0);
    try (KeycloakDirectory directory = KeycloakDirectory.create(settings)) {
      UserSync sync = UserSync.builder(directory, host)
          .policy(SyncPolicy.builder().membership(Membership.DIRECT).maxDestructivePercent(100).build())
          .name("keycloak-incremental")
          .build();

      SyncReport full = sync.run();
      assertThat(full.mode()).isEqualTo(SyncMode.FULL);
      assertThat(full.success()).as(full.toText()).isTrue();
      assertThat(full.plan().notes()).noneSatisfy(n -> assertThat(n).contains("change tracking"));
      assertThat(host.userByExternalId(deleted.id())).hasValueSatisfying(u -> assertThat(u.active()).isTrue());
      assertThat(host.groupsOfUser(host.userByExternalId(leaving.id()).orElseThrow().key())).contains(group);

      RealmChanges changes = new RealmChanges(keycloak.admin(), realm);
      changes.delete(deleted.id());
      changes.removeMembership(leaving.id(), realm.group(group).id());

      SyncReport incremental = sync.run();

      assertThat(incremental.mode()).isEqualTo(SyncMode.INCREMENTAL);
      assertThat(incremental.success()).as(incremental.toText()).isTrue();
      List<Change> planned = incremental.plan().changes().stream().map(ChangeOutcome::change).collect(Collectors.toList());
      assertThat(planned).anySatisfy(c -> {
        assertThat(c.type()).isEqualTo(ChangeType.DEACTIVATE_USER);
        assertThat(c.externalId()).contains(deleted.id());
      });
      assertThat(planned).anySatisfy(c -> {
        assertThat(c.type()).isEqualTo(ChangeType.REMOVE_MEMBERSHIP);
        assertThat(c.externalId()).contains(leaving.id());
        assertThat(c.group()).contains(group);
      });
      assertThat(host.userByExternalId(deleted.id())).hasValueSatisfying(u -> assertThat(u.active()).isFalse());
      assertThat(host.groupsOfUser(host.userByExternalId(leaving.id()).orElseThrow().key())).doesNotContain(group);
      System.out.println("keycloak incremental run (1 user deleted, 1 membership removed): " + incremental.directoryRequests());

      SyncReport quiet = sync.run();

      assertThat(quiet.mode()).isEqualTo(SyncMode.INCREMENTAL);
      assertThat(quiet.plan().changes()).as(quiet.toText()).isEmpty();
      System.out.println("keycloak no-change incremental run: " + quiet.directoryRequests()
          + " (full run: " + full.directoryRequests() + ")");
    }
  }
}
