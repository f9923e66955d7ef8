package io.github.usersync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** How the engine chooses between listing every group's members and asking per user. */
class MembershipReadTest {
  /** Counts the membership reads a sync makes. */
  static final class Counting implements IdpDirectory {
    final InMemoryDirectory d;
    final AtomicInteger byGroup = new AtomicInteger();
    final AtomicInteger byUser = new AtomicInteger();

    Counting(InMemoryDirectory d) {
      this.d = d;
    }

    @Override public String providerId() { return "counting"; }
    @Override public DirectoryCapabilities capabilities() { return d.capabilities(); }
    @Override public Stream<DirectoryUser> users(UserQuery q) { return d.users(q); }
    @Override public Optional<DirectoryUser> user(String id, UserQuery q) { return d.user(id, q); }
    @Override public Stream<DirectoryGroup> groups() { return d.groups(); }
    @Override public ConnectionReport checkConnection() { return d.checkConnection(); }

    @Override
    public Stream<GroupMember> groupMembers(String g, Membership m) {
      byGroup.incrementAndGet();
      return d.groupMembers(g, m);
    }

    @Override
    public Stream<DirectoryGroup> groupsOfUser(String u, Membership m) {
      byUser.incrementAndGet();
      return d.groupsOfUser(u, m);
    }
  }

  private static Counting directory(int users, int groups) {
    InMemoryDirectory d = InMemoryDirectory.create();
    for (int i = 0; i < users; i++) {
      d.putUser(Fixture.user("u" + i, "user" + i));
    }
    for (int g = 0; g < groups; g++) {
      d.putGroup(DirectoryGroup.of("g" + g, "group-" + g));
    }
    d.addMember("g0", GroupMember.user("u0"));
    return new Counting(d);
  }

  private static InMemoryTarget hostWith(int users) {
    InMemoryTarget t = InMemoryTarget.create();
    for (int i = 0; i < users; i++) {
      t.createUser(NewHostUser.builder().username("local" + i).externalId("local-" + i).build());
    }
    return t;
  }

  @Test
  void aFewGroupsAreEnumeratedWhateverTheHostHolds() {
    for (int hostUsers : new int[] {0, 1, 50}) {
      Counting d = directory(40, 12);
      UserSync.builder(d, hostWith(hostUsers)).mapper(new TestMapper())
          .policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build().runFull();
      assertThat(d.byUser).as("per-user reads with %s host users", hostUsers).hasValue(0);
      assertThat(d.byGroup).hasValue(12);
    }
  }

  @Test
  void manyMoreGroupsThanHostUsersAreReadPerUser() {
    Counting d = directory(20, 1500);

    UserSync.builder(d, hostWith(20)).mapper(new TestMapper())
        .policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build().runFull();

    assertThat(d.byGroup).hasValue(0);
    assertThat(d.byUser).hasValue(20);
  }

  @Test
  void thePolicyCanForceEitherWay() {
    Counting d = directory(10, 3);
    UserSync.builder(d, InMemoryTarget.create()).mapper(new TestMapper())
        .policy(SyncPolicy.builder().membershipRead(SyncPolicy.MembershipRead.BY_USER).build()).build().runFull();
    assertThat(d.byUser).hasValue(10);
    assertThat(d.byGroup).hasValue(0);
  }
}
