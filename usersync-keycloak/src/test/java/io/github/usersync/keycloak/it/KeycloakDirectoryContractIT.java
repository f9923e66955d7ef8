package io.github.usersync.keycloak.it;

import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The test kit's directory contract against the real Keycloak server and the seeded realm. */
@ExtendWith(KeycloakFixture.Resolver.class)
class KeycloakDirectoryContractIT extends IdpDirectoryContract {
  private static KeycloakFixture keycloak;

  @BeforeAll
  static void setUp(KeycloakFixture fixture) {
    keycloak = fixture;
  }

  @Override
  protected IdpDirectory createDirectory() {
    return KeycloakDirectory.create(keycloak.settings().build());
  }

  @Override
  protected ExpectedDirectory expected() {
    SeededRealm realm = keycloak.realm();
    return ExpectedDirectory.builder()
        .userIds(realm.users().stream().map(SeededRealm.User::id).collect(Collectors.toList()))
        .addSampleUserIds(realm.users().get(0).id(), realm.users().get(9).id(), realm.users().get(22).id(),
            realm.users().get(realm.users().size() - 1).id())
        .groupIds(realm.groups().stream().map(SeededRealm.Group::id).collect(Collectors.toList()))
        .directUserMembers(realm.expectedDirectUserMembers())
        .missingUserId("00000000-0000-4000-8000-000000000000")
        .addEndpointNames(
            "token", "count users", "list users", "read user", "user's groups", "list groups",
            "read group", "subgroups", "group members")
        .build();
  }
}
