package io.github.usersync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.EnumSet;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Managers where the IdP lists users without them (as Graph does) and has a manager endpoint. */
class ManagersTest {
  /** Lists users without their manager; answers managerId per user, counting the calls. */
  static class ManagerEndpoint implements IdpDirectory {
    final InMemoryDirectory d;
    final AtomicInteger managerCalls = new AtomicInteger();

    ManagerEndpoint(InMemoryDirectory d) {
      this.d = d;
    }

    @Override public String providerId() { return "manager-endpoint"; }
    @Override public ConnectionReport checkConnection() { return d.checkConnection(); }
    @Override public Stream<io.github.usersync.core.model.DirectoryGroup> groups() { return d.groups(); }

    @Override
    public Stream<io.github.usersync.core.model.GroupMember> groupMembers(String g, io.github.usersync.core.model.Membership m) {
      return d.groupMembers(g, m);
    }

    @Override
    public Stream<io.github.usersync.core.model.DirectoryGroup> groupsOfUser(String u, io.github.usersync.core.model.Membership m) {
      return d.groupsOfUser(u, m);
    }

    @Override
    public DirectoryCapabilities capabilities() {
      EnumSet<Capability> c = EnumSet.copyOf(d.capabilities().supported());
      c.remove(Capability.MANAGER_ON_USER);
      c.remove(Capability.MANAGER_FROM_LISTING); // as Entra: a read per user
      c.remove(Capability.PHOTO_FINGERPRINT_FROM_LISTING);
      c.remove(Capability.CHANGES);
      c.remove(Capability.CHANGES_REPORT_MANAGERS);
      return DirectoryCapabilities.builder().from(d.capabilities()).supported(c).build();
    }

    @Override
    public Stream<DirectoryUser> users(UserQuery q) {
      return d.users(q).map(u -> DirectoryUser.builder().from(u).managerId(Optional.empty()).build());
    }

    @Override
    public Optional<DirectoryUser> user(String id, UserQuery q) {
      return d.user(id, q).map(u -> DirectoryUser.builder().from(u).managerId(Optional.empty()).build());
    }

    @Override
    public Optional<String> managerId(String userId) {
      managerCalls.incrementAndGet();
      return d.managerId(userId);
    }
  }

  @Test
  void managerFieldsAreMappedAndManagersSetWithOneManagerReadPerUser() {
    InMemoryDirectory idp = Fixture.directory(5);
    idp.setManager("u2", "u1").setManager("u3", "u1").setManager("u4", "u2");
    ManagerEndpoint directory = new ManagerEndpoint(idp);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build())
        .build();

    SyncReport report = sync.run();

    assertThat(report.success()).as(report.toText()).isTrue();
    assertThat(host.requireUser("user2").attributes()).containsEntry("managerEmail", "user1@example.com");
    assertThat(host.requireUser("user4").attributes()).containsEntry("managerEmail", "user2@example.com");
    assertThat(host.requireUser("user1").attributes()).doesNotContainKey("managerEmail");
    assertThat(host.requireUser("user3").managerKey()).contains(host.requireUser("user1").key());
    assertThat(report.counts().managersSet()).isEqualTo(3);
    assertThat(directory.managerCalls).as("one manager read per user, shared by mapping and SET_MANAGER").hasValue(5);
  }

  @Test
  void anIncrementalRunReadsOnlyTheChangedUsersManagers() {
    InMemoryDirectory idp = Fixture.directory(50);
    idp.setManager("u2", "u1");
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(idp, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build())
        .build();
    sync.run();
    idp.setManager("u3", "u2");
    long before = idp.requestStats().requests();

    SyncReport r = sync.run();

    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(host.requireUser("user3").attributes()).containsEntry("managerEmail", "user2@example.com");
    assertThat(idp.requestStats().requests() - before).as("requests of the incremental run").isLessThan(10);
  }

  @Test
  void syncUserReadsTheOneManager() {
    InMemoryDirectory idp = Fixture.directory(3);
    idp.setManager("u2", "u1");
    ManagerEndpoint directory = new ManagerEndpoint(idp);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build())
        .build();

    UserSyncResult r = sync.syncUser("u2");

    assertThat(r.user().orElseThrow().attributes()).containsEntry("managerEmail", "user1@example.com");
    assertThat(directory.managerCalls).as("mapping and SET_MANAGER share one read").hasValue(1);
  }

  @Test
  void syncUserAsksForAMissingManagerOnce() {
    ManagerEndpoint directory = new ManagerEndpoint(Fixture.directory(3));
    UserSync sync = UserSync.builder(directory, InMemoryTarget.create())
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build())
        .build();

    UserSyncResult r = sync.syncUser("u2");

    assertThat(r.user().orElseThrow().attributes()).doesNotContainKey("managerEmail");
    assertThat(directory.managerCalls).as("'none' is remembered for the run (issue 20)").hasValue(1);
  }
}
