package io.github.usersync.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 17, problem 2, against the real server: a group renamed, a group moved under another
 * parent (group names as paths) and a group deleted in Keycloak leave no stale membership in the
 * host after one run, and the report lists each removal with its reason. The host cannot rename
 * groups, so the old groups are emptied and the new ones filled.
 *
 * <p>Admin REST API calls (Keycloak 26 Admin REST API, "Groups"): {@code PUT /groups/{id}} updates
 * a group (its name; subgroups are ignored), {@code POST /groups/{id}/children} with an existing
 * group's representation moves it under that parent ("sets or creates child"), {@code DELETE
 * /groups/{id}} deletes it.
 */
@ExtendWith(KeycloakFixture.Resolver.class)
class KeycloakGroupChangesIT {
  private static KeycloakFixture keycloak;
  private static SeededRealm realm;

  @BeforeAll
  static void setUp(KeycloakFixture fixture) {
    keycloak = fixture;
    realm = SeededRealm.define("usersync-groups", 300);
    realm.seed(fixture.admin());
  }

  @Test
  void aGroupRenamedMovedOrDeletedInKeycloakLeavesNoStaleMembershipAfterOneRun() {
    InMemoryTarget target = InMemoryTarget.builder()
        .capabilities(TargetCapabilities.builder().canRenameGroups(false).build()).build();
    KeycloakSettings settings = keycloak.settings(realm, SeededRealm.CLIENT)
        .groupName(KeycloakSettings.GroupName.PATH).build();
    try (KeycloakDirectory directory = KeycloakDirectory.create(settings)) {
      UserSync sync = UserSync.builder(directory, target)
          .mapper(UserMapping.defaults())
          .policy(SyncPolicy.builder().membership(Membership.DIRECT).maxDestructivePercent(100).build())
          .build();
      SyncReport first = sync.run();
      assertThat(first.success()).as(first.toText()).isTrue();

      SeededRealm.Group renamed = realm.group("/engineering/frontend");
      SeededRealm.Group moved = realm.group("/engineering/mobile/android");
      SeededRealm.Group deleted = realm.group("/engineering/backend/databases");
      Set<String> renamedMembers = hostMembers(target, renamed.path());
      Set<String> movedMembers = hostMembers(target, moved.path());
      Set<String> deletedMembers = hostMembers(target, deleted.path());
      assertThat(renamedMembers).isEqualTo(expectedMembers(renamed)).isNotEmpty();
      assertThat(movedMembers).isEqualTo(expectedMembers(moved)).isNotEmpty();
      assertThat(deletedMembers).isEqualTo(expectedMembers(deleted)).isNotEmpty();

      String base = "/realms/" + KeycloakAdmin.enc(realm.realm()) + "/groups/";
      ObjectNode rename = (ObjectNode) keycloak.admin().get(base + renamed.id());
      rename.put("name", "Frontend & Web");
      rename.remove("subGroups");
      keycloak.admin().put(base + renamed.id(), rename);
      JsonNode android = keycloak.admin().get(base + moved.id());
      keycloak.admin().post(base + realm.group("/sales").id() + "/children", android);
      keycloak.admin().delete(base + deleted.id());

      SyncReport r = sync.run();

      assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.SUCCESS);
      assertThat(hostMembers(target, "/engineering/frontend")).isEmpty();
      assertThat(hostMembers(target, "/engineering/Frontend & Web")).isEqualTo(renamedMembers);
      assertThat(hostMembers(target, "/engineering/mobile/android")).isEmpty();
      assertThat(hostMembers(target, "/sales/android")).isEqualTo(movedMembers);
      assertThat(hostMembers(target, "/engineering/backend/databases")).isEmpty();

      assertThat(removals(r, "/engineering/frontend")).isEqualTo(renamedMembers);
      assertThat(removals(r, "/engineering/mobile/android")).isEqualTo(movedMembers);
      assertThat(removals(r, "/engineering/backend/databases")).isEqualTo(deletedMembers);
      assertThat(reasons(r)).containsExactlyInAnyOrder(
          "group renamed in the IdP from '/engineering/frontend' to '/engineering/Frontend & Web'",
          "group moved in the IdP from '/engineering/mobile/android' to '/sales/android'",
          "group '/engineering/backend/databases' deleted in the IdP");
      assertThat(r.counts().membershipsRemoved())
          .isEqualTo(renamedMembers.size() + movedMembers.size() + deletedMembers.size());
      assertThat(sync.plan().changes()).as("nothing stale is left to plan").isEmpty();
    }
  }

  private static Set<String> expectedMembers(SeededRealm.Group g) {
    Map<String, Set<String>> direct = realm.expectedDirectUserMembers();
    Set<String> enabled = realm.users().stream().filter(SeededRealm.User::enabled).map(SeededRealm.User::id)
        .collect(Collectors.toSet());
    return realm.users().stream()
        .filter(u -> direct.get(g.id()).contains(u.id()) && enabled.contains(u.id()))
        .map(SeededRealm.User::username).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> hostMembers(InMemoryTarget target, String group) {
    return target.groupMembers(group).map(k -> target.user(k).map(HostUser::username).orElse(k))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> removals(SyncReport r, String group) {
    return r.outcomes().stream()
        .filter(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP && o.change().group().orElse("").equals(group))
        .peek(o -> assertThat(o.status()).isEqualTo(ChangeOutcome.Status.APPLIED))
        .map(o -> o.change().subject()).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> reasons(SyncReport r) {
    return r.outcomes().stream().filter(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP)
        .map(o -> o.change().reason()).collect(Collectors.toCollection(HashSet::new));
  }
}
