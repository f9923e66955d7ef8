package io.github.usersync.testkit;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.spi.IdpDirectory;
import java.util.Set;

class InMemoryDirectoryContractTest extends IdpDirectoryContract {
  @Override
  protected IdpDirectory createDirectory() {
    InMemoryDirectory d = InMemoryDirectory.create();
    for (int i = 1; i <= 250; i++) {
      d.putUser(DirectoryUser.builder().id("u" + i).username("user" + i + "@example.com")
          .email("user" + i + "@example.com").displayName("Zoë Nº" + i).active(i % 10 != 0).build());
    }
    d.putGroup(DirectoryGroup.of("g1", "Engineering"));
    d.putGroup(DirectoryGroup.of("g2", "Engineering / Platform"));
    d.addMember("g1", GroupMember.user("u1")).addMember("g1", GroupMember.user("u2"))
        .addMember("g1", GroupMember.group("g2"));
    d.addMember("g2", GroupMember.user("u3"));
    return d;
  }

  @Override
  protected ExpectedDirectory expected() {
    ExpectedDirectory.Builder b = ExpectedDirectory.builder();
    for (int i = 1; i <= 250; i++) {
      b.addUserIds("u" + i);
    }
    return b.addSampleUserIds("u1", "u10", "u250")
        .addGroupIds("g1", "g2")
        .putDirectUserMembers("g1", Set.of("u1", "u2"))
        .putDirectUserMembers("g2", Set.of("u3"))
        .missingUserId("nobody")
        .addEndpointNames("memory")
        .build();
  }
}
