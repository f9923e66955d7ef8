package io.github.usersync.keycloak.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * The connector against a real Keycloak server with the seeded realm: users, groups and
 * memberships read exactly as seeded; both grants; the connection check's fixes for missing roles
 * and a wrong secret.
 */
@ExtendWith(KeycloakFixture.Resolver.class)
class KeycloakDirectoryIT {
  private static KeycloakFixture keycloak;
  private static SeededRealm realm;

  @BeforeAll
  static void setUp(KeycloakFixture fixture) {
    keycloak = fixture;
    realm = fixture.realm();
  }

  private static KeycloakDirectory directory(KeycloakSettings settings) {
    return KeycloakDirectory.create(settings);
  }

  @Test
  void listsEveryUserExactlyAsSeededWithAttributes() {
    Map<String, DirectoryUser> listed = new LinkedHashMap<>();
    long requests;
    try (KeycloakDirectory d = directory(keycloak.settings().build())) {
      d.users(UserQuery.builder().addAttributes("attributes.department").build())
          .forEach(u -> assertThat(listed.put(u.id(), u)).as("listed twice: %s", u.id()).isNull());
      requests = d.requestStats().requests();
    }

    assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(
        realm.users().stream().map(SeededRealm.User::id).collect(Collectors.toList()));
    for (SeededRealm.User expected : realm.users()) {
      DirectoryUser u = listed.get(expected.id());
      assertThat(u.username()).isEqualTo(expected.username());
      assertThat(u.email().orElse(null)).as("email of %s", expected.username()).isEqualTo(expected.email());
      assertThat(u.givenName()).contains(expected.firstName());
      assertThat(u.familyName().orElse(null)).isEqualTo(expected.lastName());
      assertThat(u.displayName()).contains(
          expected.lastName() == null ? expected.firstName() : expected.firstName() + " " + expected.lastName());
      assertThat(u.active()).as("active of %s", expected.username()).isEqualTo(expected.enabled());
      assertThat(attributes(u.raw())).as("attributes of %s", expected.username()).isEqualTo(expected.attributes());
    }
    // One token, one count, then the pages of the default size the count bounds, the last one
    // short (or empty): floor(N / pageSize) + 1.
    int pageSize = keycloak.settings().build().pageSize();
    assertThat(requests).isEqualTo(1 + 1 + realm.users().size() / pageSize + 1);
  }

  private static Map<String, List<String>> attributes(JsonNode raw) {
    Map<String, List<String>> out = new TreeMap<>();
    raw.path("attributes").fields().forEachRemaining(e -> {
      List<String> values = new ArrayList<>();
      e.getValue().forEach(v -> values.add(v.asText()));
      out.put(e.getKey(), values);
    });
    return out;
  }

  @Test
  void theBriefListingHasTheStandardFieldsButNoAttributes() {
    try (KeycloakDirectory d = directory(keycloak.settings().pageSize(100).maxConcurrentRequests(1).build())) {
      List<DirectoryUser> users = d.users(UserQuery.standard()).collect(Collectors.toList());
      assertThat(users).hasSize(realm.users().size());
      assertThat(users).allSatisfy(u -> assertThat(u.raw().has("attributes")).isFalse());
      assertThat(users.stream().filter(DirectoryUser::active).count())
          .isEqualTo(realm.users().stream().filter(SeededRealm.User::enabled).count());
      // count + 13 pages of 100 (the 13th, at 1200, is empty and ends the listing) + token
      assertThat(d.requestStats().requests()).isEqualTo(1 + 1 + 13);
    }
  }

  @Test
  void leavesDisabledUsersOutWhenAskedTo() {
    try (KeycloakDirectory d = directory(keycloak.settings().build())) {
      assertThat(d.users(UserQuery.builder().includeDeactivated(false).build()).map(DirectoryUser::id)
          .collect(Collectors.toSet()))
          .isEqualTo(realm.users().stream().filter(SeededRealm.User::enabled).map(SeededRealm.User::id)
              .collect(Collectors.toSet()));
    }
  }

  @Test
  void readsOneUserAndFindsOneByEmail() {
    SeededRealm.User expected = realm.users().get(8);
    try (KeycloakDirectory d = directory(keycloak.settings().build())) {
      DirectoryUser u = d.user(expected.id(), UserQuery.standard()).orElseThrow();
      assertThat(u.username()).isEqualTo(expected.username());
      assertThat(attributes(u.raw())).isEqualTo(expected.attributes());
      assertThat(d.userByEmail(expected.email().toUpperCase(java.util.Locale.ROOT), UserQuery.standard())
          .map(DirectoryUser::id)).contains(expected.id());
      assertThat(d.userByEmail("nobody@example.com", UserQuery.standard())).isEmpty();
      assertThat(d.user("00000000-0000-4000-8000-000000000000", UserQuery.standard())).isEmpty();
    }
  }

  @Test
  void listsEveryGroupByNameAndByPath() {
    Map<String, String> expectedNames = new TreeMap<>();
    Map<String, String> expectedPaths = new TreeMap<>();
    realm.groups().forEach(g -> {
      expectedNames.put(g.id(), g.name());
      expectedPaths.put(g.id(), g.path());
    });
    try (KeycloakDirectory byName = directory(keycloak.settings().build());
        KeycloakDirectory byPath = directory(keycloak.settings().groupName(KeycloakSettings.GroupName.PATH).build())) {
      List<DirectoryGroup> named = byName.groups().collect(Collectors.toList());
      assertThat(named).hasSize(20);
      assertThat(namesById(named)).isEqualTo(expectedNames);
      assertThat(namesById(byPath.groups().collect(Collectors.toList()))).isEqualTo(expectedPaths);
    }
  }

  @Test
  void directMembersOfEveryGroupAreExactlyTheSeededUsersAndSubgroups() {
    Map<String, Set<String>> users = realm.expectedDirectUserMembers();
    Map<String, Set<String>> subgroups = realm.expectedSubgroups();
    try (KeycloakDirectory d = directory(keycloak.settings().pageSize(50).build())) {
      for (SeededRealm.Group g : realm.groups()) {
        List<GroupMember> members = d.groupMembers(g.id(), Membership.DIRECT).collect(Collectors.toList());
        assertThat(members).as("members of %s", g.path()).doesNotHaveDuplicates();
        assertThat(ids(members, GroupMember.Type.USER)).as("user members of %s", g.path()).isEqualTo(users.get(g.id()));
        assertThat(ids(members, GroupMember.Type.GROUP)).as("subgroups of %s", g.path()).isEqualTo(subgroups.get(g.id()));
      }
    }
  }

  @Test
  void transitiveMembersAreTheUsersOfTheWholeSubtree() {
    Map<String, Set<String>> users = realm.expectedDirectUserMembers();
    try (KeycloakDirectory d = directory(keycloak.settings().build())) {
      for (String path : List.of("/engineering", "/sales", "/sales/americas", "/hr")) {
        SeededRealm.Group g = realm.group(path);
        Set<String> subtree = realm.expectedSubtree(g.id());
        Set<String> expectedUsers = new TreeSet<>();
        subtree.forEach(s -> expectedUsers.addAll(users.get(s)));
        Set<String> expectedGroups = new TreeSet<>(subtree);
        expectedGroups.remove(g.id());

        List<GroupMember> members = d.groupMembers(g.id(), Membership.TRANSITIVE).collect(Collectors.toList());
        assertThat(members).as("transitive members of %s", path).doesNotHaveDuplicates();
        assertThat(ids(members, GroupMember.Type.USER)).as("transitive users of %s", path).isEqualTo(expectedUsers);
        assertThat(ids(members, GroupMember.Type.GROUP)).as("groups below %s", path).isEqualTo(expectedGroups);
      }
      // Keycloak lists direct members only: /engineering's direct users are not its subtree's.
      SeededRealm.Group eng = realm.group("/engineering");
      assertThat(ids(d.groupMembers(eng.id(), Membership.DIRECT).collect(Collectors.toList()), GroupMember.Type.USER))
          .isEqualTo(users.get(eng.id()))
          .isNotEqualTo(ids(d.groupMembers(eng.id(), Membership.TRANSITIVE).collect(Collectors.toList()), GroupMember.Type.USER));
    }
  }

  @Test
  void aUsersGroupsDirectAndWithTheirAncestors() {
    try (KeycloakDirectory d = directory(keycloak.settings().groupName(KeycloakSettings.GroupName.PATH).build())) {
      // Every 37th user: covers no group, one leaf, a parent and a middle group, unicode names.
      for (int i = 0; i < realm.users().size(); i += 37) {
        SeededRealm.User u = realm.users().get(i);
        assertThat(d.groupsOfUser(u.id(), Membership.DIRECT).map(DirectoryGroup::name).collect(Collectors.toSet()))
            .as("groups of %s", u.username()).isEqualTo(new TreeSet<>(u.groupPaths()));
        assertThat(d.groupsOfUser(u.id(), Membership.TRANSITIVE).map(DirectoryGroup::name).collect(Collectors.toList()))
            .as("groups of %s with ancestors", u.username())
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(realm.expectedTransitiveGroupPaths(u));
      }
    }
  }

  @Test
  void theConnectionCheckPassesForTheServiceAccount() {
    try (KeycloakDirectory d = directory(keycloak.settings().build())) {
      ConnectionReport report = d.checkConnection();
      assertThat(report.ok()).as(report.toText()).isTrue();
      assertThat(report.checks()).extracting(EndpointCheck::name).containsExactly(
          "token", "count users", "list users", "read user", "user's groups", "list groups",
          "read group", "subgroups", "group members", "events config", "admin events");
      // This realm saves no admin events: the check passes, noting that every run is a full sync
      // until 'Save events' is turned on (incremental runs read them).
      assertThat(report.checks()).filteredOn(c -> c.name().equals("events config")).singleElement()
          .satisfies(c -> {
            assertThat(c.status()).isEqualTo(EndpointCheck.Status.WARNING);
            assertThat(c.problem()).hasValueSatisfying(p -> assertThat(p).contains("Save events"));
          });
    }
  }

  @Test
  void thePasswordGrantOnAdminCliReadsTheSameRealm() {
    try (KeycloakDirectory d = directory(keycloak.adminSettings().build())) {
      ConnectionReport report = d.checkConnection();
      assertThat(report.ok()).as(report.toText()).isTrue();
      assertThat(report.checks().get(0).endpoint()).endsWith("/realms/master/protocol/openid-connect/token");
      assertThat(d.users(UserQuery.standard()).count()).isEqualTo(realm.users().size());
      assertThat(d.groups().count()).isEqualTo(20);
    }
  }

  @Test
  void aServiceAccountWithoutRolesGetsTheRoleToGrant() {
    try (KeycloakDirectory d = directory(keycloak.settings(realm, SeededRealm.NO_ROLES_CLIENT).build())) {
      ConnectionReport report = d.checkConnection();

      assertThat(report.ok()).isFalse();
      assertThat(check(report, "token").status()).isEqualTo(EndpointCheck.Status.OK);
      for (String name : List.of("count users", "list users", "read user", "user's groups", "list groups")) {
        EndpointCheck c = check(report, name);
        assertThat(c.status()).as(report.toText()).isEqualTo(EndpointCheck.Status.FAILED);
        assertThat(c.httpStatus()).hasValue(403);
        assertThat(c.fix()).hasValueSatisfying(f -> assertThat(f)
            .contains("service account of client '" + SeededRealm.NO_ROLES_CLIENT + "'")
            .contains("view-users")
            .contains("realm '" + realm.realm() + "'"));
      }
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count()).isInstanceOf(PermissionDeniedException.class);
    }
  }

  @Test
  void queryRolesWithoutViewUsersAreCaughtNotReadAsAnEmptyRealm() {
    try (KeycloakDirectory d = directory(keycloak.settings(realm, SeededRealm.QUERY_ONLY_CLIENT).build())) {
      ConnectionReport report = d.checkConnection();

      assertThat(check(report, "count users").status()).isEqualTo(EndpointCheck.Status.OK);
      EndpointCheck list = check(report, "list users");
      assertThat(list.status()).as(report.toText()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(list.problem()).hasValueSatisfying(p -> assertThat(p).contains("listed no users although the realm has 1200"));
      assertThat(list.fix()).hasValueSatisfying(f -> assertThat(f).contains("view-users"));
      assertThat(check(report, "list groups").status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(PermissionDeniedException.class)
          .hasMessageContaining("view-users");
      assertThatThrownBy(() -> d.groups().count()).isInstanceOf(PermissionDeniedException.class);
    }
  }

  @Test
  void aWrongSecretFailsTheTokenAndSkipsTheRest() {
    try (KeycloakDirectory d = directory(keycloak.settings().clientSecret(Secret.of("not-the-secret")).build())) {
      ConnectionReport report = d.checkConnection();

      EndpointCheck token = check(report, "token");
      assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(token.httpStatus()).hasValue(401);
      assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("check clientId 'usersync' and clientSecret"));
      assertThat(report.checks().subList(1, report.checks().size()))
          .allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(AuthenticationFailedException.class)
          .hasMessageNotContaining("not-the-secret");
    }
  }

  @Test
  void anUnknownRealmSaysSo() {
    try (KeycloakDirectory d = directory(keycloak.adminSettings().realm("no-such-realm").build())) {
      ConnectionReport report = d.checkConnection();
      assertThat(check(report, "list users").fix())
          .hasValueSatisfying(f -> assertThat(f).contains("Realm 'no-such-realm' does not exist"));
    }
  }

  private static Map<String, String> namesById(List<DirectoryGroup> groups) {
    Map<String, String> out = new TreeMap<>();
    groups.forEach(g -> assertThat(out.put(g.id(), g.name())).as("listed twice: %s", g.id()).isNull());
    return out;
  }

  private static EndpointCheck check(ConnectionReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check " + name + " in\n" + report.toText()));
  }

  private static Set<String> ids(List<GroupMember> members, GroupMember.Type type) {
    return members.stream().filter(m -> m.type() == type).map(GroupMember::id)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
