package io.github.usersync.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncPlan;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * End to end against the real server: a full sync of a seeded realm (1,000 users, nested groups,
 * unicode names, attributes) into the in-memory target gives exactly the realm's enabled users,
 * groups and direct memberships; after Keycloak changes (a rename, a disabled user, a removed
 * membership, a deleted user) the next plan is exactly those four changes.
 */
@ExtendWith(KeycloakFixture.Resolver.class)
class KeycloakSyncIT {
  private static KeycloakFixture keycloak;
  private static SeededRealm realm;

  @BeforeAll
  static void setUp(KeycloakFixture fixture) {
    keycloak = fixture;
    realm = SeededRealm.define("usersync-sync", 1000);
    realm.seed(fixture.admin());
  }

  @Test
  void aFullSyncGivesTheRealmExactlyAndTheNextPlanIsExactlyWhatChanged() {
    InMemoryTarget target = InMemoryTarget.create();
    KeycloakSettings settings = keycloak.settings(realm, SeededRealm.CLIENT)
        .groupName(KeycloakSettings.GroupName.PATH).build();
    try (KeycloakDirectory directory = KeycloakDirectory.create(settings)) {
      UserSync sync = UserSync.builder(directory, target)
          .mapper(UserMapping.defaults().toBuilder().attribute("department", "attributes.department").build())
          .policy(SyncPolicy.builder().membership(Membership.DIRECT).build())
          .build();

      SyncReport first = sync.run();

      assertThat(first.success()).as(first.toText()).isTrue();
      List<SeededRealm.User> enabled = realm.users().stream().filter(SeededRealm.User::enabled).collect(Collectors.toList());
      assertThat(first.counts().created()).isEqualTo(enabled.size());
      Map<String, String> usernameByKey = new HashMap<>();
      target.users().forEach(u -> usernameByKey.put(u.key(), u.username()));
      assertThat(new TreeSet<>(usernameByKey.values()))
          .isEqualTo(enabled.stream().map(SeededRealm.User::username).collect(Collectors.toCollection(TreeSet::new)));
      for (SeededRealm.User u : enabled) {
        HostUser h = target.userByExternalId(u.id()).orElseThrow();
        assertThat(h.username()).isEqualTo(u.username());
        assertThat(h.email()).isEqualTo(java.util.Optional.ofNullable(u.email()));
        assertThat(h.attributes()).containsEntry("department", u.attributes().get("department").get(0));
        assertThat(h.active()).isTrue();
      }
      Map<String, Set<String>> expected = new TreeMap<>();
      for (SeededRealm.User u : enabled) {
        for (String path : u.groupPaths()) {
          expected.computeIfAbsent(path, p -> new TreeSet<>()).add(u.username());
        }
      }
      Map<String, Set<String>> actual = new TreeMap<>();
      for (String g : target.groupNames()) {
        Set<String> members = target.groupMembers(g).map(usernameByKey::get).collect(Collectors.toCollection(TreeSet::new));
        if (!members.isEmpty()) {
          actual.put(g, members);
        }
      }
      assertThat(actual).isEqualTo(expected);
      assertThat(first.counts().membershipsAdded()).isEqualTo(expected.values().stream().mapToInt(Set::size).sum());
      assertThat(sync.plan().changes()).as("a second plan with no change in Keycloak").isEmpty();

      SeededRealm.User renamed = enabledWithGroups(enabled, 0);
      SeededRealm.User disabled = enabledWithGroups(enabled, 1);
      SeededRealm.User leaving = enabledWithGroups(enabled, 2);
      SeededRealm.User deleted = enabledWithGroups(enabled, 3);
      String leftGroup = leaving.groupPaths().get(0);
      RealmChanges changes = new RealmChanges(keycloak.admin(), realm);
      changes.rename(renamed.id(), "renamed.ñandú");
      changes.disable(disabled.id());
      changes.removeMembership(leaving.id(), realm.group(leftGroup).id());
      changes.delete(deleted.id());

      SyncPlan next = sync.plan();

      assertThat(next.changes()).extracting(o -> o.change().toString().replaceAll(" \\[.*]", "") + " " + o.status())
          .containsExactlyInAnyOrder(
              "UPDATE_USER " + renamed.username() + " (renamed in the IdP) NOT_APPLIED",
              "DEACTIVATE_USER " + disabled.username() + " (deactivated in the IdP) NOT_APPLIED",
              "REMOVE_MEMBERSHIP " + leaving.username() + " → " + leftGroup + " (no longer a member in the IdP) NOT_APPLIED",
              "DEACTIVATE_USER " + deleted.username() + " (not in the IdP) NOT_APPLIED");
      ChangeOutcome rename = next.changes().stream()
          .filter(o -> o.change().type() == io.github.usersync.core.sync.ChangeType.UPDATE_USER).findFirst().orElseThrow();
      assertThat(rename.change().attributes()).extracting(Object::toString)
          .containsExactly("username: '" + renamed.username() + "' → 'renamed.ñandú'");

      SyncReport applied = sync.run();
      assertThat(applied.counts().updated()).isEqualTo(1);
      assertThat(applied.counts().deactivated()).isEqualTo(2);
      assertThat(applied.counts().membershipsRemoved()).isEqualTo(1);
      assertThat(target.userByExternalId(renamed.id()).map(HostUser::username)).contains("renamed.ñandú");
      assertThat(sync.plan().changes()).isEmpty();
    }
  }

  private static SeededRealm.User enabledWithGroups(List<SeededRealm.User> enabled, int n) {
    return enabled.stream().filter(u -> !u.groupPaths().isEmpty()).skip(n * 7L).findFirst().orElseThrow();
  }
}
