package io.github.usersync.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.KeycloakDirectory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Changes made in Keycloak between two reads show up exactly in the next read: a renamed user keeps
 * its id, a disabled one reads inactive, a removed membership is gone from both sides, a deleted
 * user is gone; nothing else changes. Uses a realm of its own so the shared one stays as seeded.
 *
 * <p>This is the connector's half of the end-to-end test; once the sync engine exists, the
 * same realm and {@link RealmChanges} drive "full sync into the in-memory target, change Keycloak,
 * assert the next plan".
 */
@ExtendWith(KeycloakFixture.Resolver.class)
class KeycloakChangesIT {
  private static KeycloakFixture keycloak;
  private static SeededRealm realm;

  @BeforeAll
  static void setUp(KeycloakFixture fixture) {
    keycloak = fixture;
    realm = SeededRealm.define("usersync-changes", 120);
    realm.seed(fixture.admin());
  }

  @Test
  void theNextReadShowsExactlyWhatChanged() {
    SeededRealm.User renamed = realm.users().get(1);
    SeededRealm.User disabled = realm.users().get(2);
    SeededRealm.User leaving = realm.users().get(3);
    SeededRealm.User deleted = realm.users().get(4);
    SeededRealm.Group group = realm.group(leaving.groupPaths().get(0));
    assertThat(disabled.enabled()).isTrue();

    try (KeycloakDirectory d = KeycloakDirectory.create(keycloak.settings(realm, SeededRealm.CLIENT).build())) {
      Map<String, DirectoryUser> before = users(d);
      Map<String, Set<String>> membersBefore = members(d);
      assertThat(before).hasSize(120);
      assertThat(membersBefore.get(group.id())).contains(leaving.id());
      assertThat(membersBefore.values().stream().anyMatch(m -> m.contains(deleted.id()))).isTrue();

      RealmChanges changes = new RealmChanges(keycloak.admin(), realm);
      changes.rename(renamed.id(), "renamed.ñandú");
      changes.disable(disabled.id());
      changes.removeMembership(leaving.id(), group.id());
      changes.delete(deleted.id());

      Map<String, DirectoryUser> after = users(d);
      Map<String, Set<String>> membersAfter = members(d);

      Map<String, DirectoryUser> expected = new LinkedHashMap<>(before);
      expected.remove(deleted.id());
      expected.put(renamed.id(), DirectoryUser.builder().from(before.get(renamed.id())).username("renamed.ñandú").build());
      expected.put(disabled.id(), DirectoryUser.builder().from(before.get(disabled.id())).active(false).build());
      assertThat(after).isEqualTo(expected);

      Map<String, Set<String>> expectedMembers = new LinkedHashMap<>();
      membersBefore.forEach((g, m) -> {
        Set<String> copy = new TreeSet<>(m);
        copy.remove(deleted.id());
        if (g.equals(group.id())) {
          copy.remove(leaving.id());
        }
        expectedMembers.put(g, copy);
      });
      assertThat(membersAfter).isEqualTo(expectedMembers);
      assertThat(d.groupsOfUser(leaving.id(), Membership.DIRECT).map(DirectoryGroup::id))
          .doesNotContain(group.id());
      assertThat(d.user(deleted.id(), UserQuery.standard())).isEmpty();
      assertThat(d.user(renamed.id(), UserQuery.standard()).map(DirectoryUser::username)).contains("renamed.ñandú");
    }
  }

  private static Map<String, DirectoryUser> users(KeycloakDirectory d) {
    return d.users(UserQuery.standard()).collect(Collectors.toMap(DirectoryUser::id, u -> u, (a, b) -> a, LinkedHashMap::new));
  }

  private static Map<String, Set<String>> members(KeycloakDirectory d) {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    d.groups().forEach(g -> out.put(g.id(), d.groupMembers(g.id(), Membership.DIRECT)
        .filter(m -> m.type() == GroupMember.Type.USER).map(GroupMember::id)
        .collect(Collectors.toCollection(TreeSet::new))));
    return out;
  }
}
