package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, problem 2: a group renamed, moved or deleted in the IdP, or no longer matching the
 * group rules, loses the memberships usersync manages in the old host group after one run, and the
 * report lists the removals with the reason.
 */
class ManagedGroupsTest {
  private static final TargetCapabilities NO_RENAME = TargetCapabilities.builder().keepsManagers(true)
      .keepsPhotos(true).canDeleteGroups(true).build();

  private static List<String> outcomes(SyncReport r, ChangeOutcome.Status status) {
    return r.outcomes().stream().filter(o -> o.status() == status)
        .map(o -> o.change().type() + " " + o.change().subject() + o.change().group().map(g -> " " + g).orElse("")
            + o.change().value().map(v -> " → " + v).orElse(""))
        .sorted().collect(Collectors.toList());
  }

  private static Set<String> members(InMemoryTarget t, String group) {
    return t.groupMembers(group).map(k -> t.user(k).map(HostUser::username).orElse(k)).collect(Collectors.toSet());
  }

  /** "Legal Review" (g-legal) with user1..user9; Engineering and Platform as in the fixture. */
  private static InMemoryDirectory legal() {
    InMemoryDirectory d = directory(12);
    d.putGroup(DirectoryGroup.of("g-legal", "Legal Review"));
    for (int i = 1; i <= 9; i++) {
      d.addMember("g-legal", GroupMember.user("u" + i));
    }
    return d;
  }

  @Test
  void aGroupRenamedInTheIdpIsRenamedInAHostThatCanKeepingItsMembers() {
    InMemoryDirectory d = legal();
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();

    d.putGroup(DirectoryGroup.of("g-legal", "Legal & Compliance"));
    SyncReport r = s.run();

    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(outcomes(r, ChangeOutcome.Status.APPLIED)).containsExactly("RENAME_GROUP Legal Review → Legal & Compliance");
    assertThat(r.outcomes().get(0).change().reason())
        .isEqualTo("group renamed in the IdP from 'Legal Review' to 'Legal & Compliance'");
    assertThat(r.counts().groupsRenamed()).isEqualTo(1);
    assertThat(t.groupNames()).doesNotContain("Legal Review");
    assertThat(members(t, "Legal & Compliance")).hasSize(9);
    assertThat(s.run().outcomes()).isEmpty();
    assertThat(s.runFull().outcomes()).isEmpty();
  }

  @Test
  void whereTheHostCannotRenameTheOldGroupLosesItsManagedMembersInOneRun() {
    InMemoryDirectory d = legal();
    InMemoryTarget t = InMemoryTarget.builder().capabilities(NO_RENAME).build();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build();
    s.run();
    HostUser local = t.addUnlinkedUser("auditor", Optional.empty());
    t.addMembership(local.key(), "Legal Review");

    d.putGroup(DirectoryGroup.of("g-legal", "Legal & Compliance"));
    SyncReport r = s.run();

    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(r.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(members(t, "Legal Review")).containsExactly("auditor");
    assertThat(members(t, "Legal & Compliance")).hasSize(9);
    List<ChangeOutcome> removals = r.outcomes().stream()
        .filter(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP).collect(Collectors.toList());
    assertThat(removals).hasSize(9).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(ChangeOutcome.Status.APPLIED);
      assertThat(o.change().group()).contains("Legal Review");
      assertThat(o.change().reason()).isEqualTo("group renamed in the IdP from 'Legal Review' to 'Legal & Compliance'");
      assertThat(o.change().destructive()).isTrue();
    });
    assertThat(r.toJson()).contains("\"reason\" : \"group renamed in the IdP from 'Legal Review' to 'Legal & Compliance'\"");
    assertThat(r.counts().groupsCreated()).isEqualTo(1);
    assertThat(r.counts().membershipsAdded()).isEqualTo(9);
    assertThat(s.run().outcomes()).isEmpty();
  }

  @Test
  void aGroupMovedInPathModeLosesItsMembersFromTheOldPath() {
    InMemoryDirectory d = directory(6);
    d.putGroup(DirectoryGroup.of("g-r", "/Legal/Review"));
    for (int i = 1; i <= 5; i++) {
      d.addMember("g-r", GroupMember.user("u" + i));
    }
    InMemoryTarget t = InMemoryTarget.builder().capabilities(NO_RENAME).build();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build();
    s.run();

    d.putGroup(DirectoryGroup.of("g-r", "/Compliance/Review"));
    SyncReport r = s.runFull();

    assertThat(members(t, "/Legal/Review")).isEmpty();
    assertThat(members(t, "/Compliance/Review")).hasSize(5);
    assertThat(outcomes(r, ChangeOutcome.Status.APPLIED)).filteredOn(x -> x.startsWith("REMOVE_MEMBERSHIP")).hasSize(5);
    assertThat(r.outcomes()).filteredOn(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP)
        .allSatisfy(o -> assertThat(o.change().reason())
            .isEqualTo("group moved in the IdP from '/Legal/Review' to '/Compliance/Review'"));
  }

  @Test
  void aGroupDeletedInTheIdpLosesItsManagedMembersAndIsKeptByDefault() {
    InMemoryDirectory d = legal();
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build();
    s.run();

    d.removeGroup("g-legal");
    SyncReport r = s.run();

    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(members(t, "Legal Review")).isEmpty();
    assertThat(t.groupNames()).contains("Legal Review");
    assertThat(r.counts().membershipsRemoved()).isEqualTo(9);
    assertThat(r.outcomes()).filteredOn(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP)
        .allSatisfy(o -> assertThat(o.change().reason()).isEqualTo("group 'Legal Review' deleted in the IdP"));
    assertThat(s.run().outcomes()).isEmpty();
  }

  @Test
  void anEmptiedGroupUsersyncCreatedIsDeletedWhenThePolicySays() {
    InMemoryDirectory d = legal();
    InMemoryTarget t = InMemoryTarget.create();
    t.createGroup("Platform"); // exists before usersync: never deleted
    UserSync s = sync(d, t).policy(SyncPolicy.builder().deleteEmptiedGroups(true).maxDestructivePercent(100).build()).build();
    s.run();

    d.removeGroup("g-legal");
    d.removeGroup("g-plat");
    SyncReport r = s.run();

    assertThat(outcomes(r, ChangeOutcome.Status.APPLIED)).contains("DELETE_GROUP Legal Review");
    assertThat(r.counts().groupsDeleted()).isEqualTo(1);
    assertThat(t.groupNames()).doesNotContain("Legal Review").contains("Platform");
    assertThat(members(t, "Platform")).isEmpty();
  }

  @Test
  void aGroupNoLongerMatchingTheGroupRulesLosesItsManagedMembers() {
    InMemoryDirectory d = legal();
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build();
    s.run();

    d.putGroup(DirectoryGroup.of("g-legal", "drop-legal")); // the test mapping drops drop-* groups
    SyncReport r = s.runFull();

    assertThat(members(t, "Legal Review")).isEmpty();
    assertThat(r.outcomes()).filteredOn(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP).hasSize(9)
        .allSatisfy(o -> assertThat(o.change().reason())
            .isEqualTo("group 'Legal Review' no longer matches the mapping's group rules"));
  }

  @Test
  void removalsOfARetiredGroupCountTowardTheThresholdsAndAreDoneOnceAllowed() {
    InMemoryDirectory d = legal();
    InMemoryTarget t = InMemoryTarget.builder().capabilities(NO_RENAME).build();
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync s = sync(d, t).stateStore(store).policy(SyncPolicy.builder().maxDestructiveChanges(5).build()).build();
    s.run();

    d.removeGroup("g-legal");
    SyncReport held = s.run();

    assertThat(held.status()).isEqualTo(SyncReport.Status.GUARD_HELD);
    assertThat(held.cleanupSkippedReason().orElseThrow())
        .contains("deactivate or delete 0 host users and remove 9 memberships or groups whose IdP group left")
        .contains("over the limit of 5 changes");
    assertThat(members(t, "Legal Review")).hasSize(9);
    assertThat(store.load(s.name()).orElseThrow().retiredGroups()).containsKey("Legal Review");

    UserSync allowed = UserSync.builder(d, t).mapper(new TestMapper()).name(s.name()).stateStore(store)
        .policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build();
    SyncReport done = allowed.run();

    assertThat(done.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(done.counts().membershipsRemoved()).isEqualTo(9);
    assertThat(members(t, "Legal Review")).isEmpty();
    assertThat(store.load(s.name()).orElseThrow().retiredGroups()).isEmpty();
  }

  @Test
  void managedGroupsAreRememberedByIdpIdWithWhetherUsersyncCreatedThem() {
    InMemoryDirectory d = legal();
    d.putGroup(DirectoryGroup.of("g-empty", "Auditors"));
    InMemoryTarget t = InMemoryTarget.create();
    t.createGroup("Platform");
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync s = sync(d, t).stateStore(store).build();

    s.run();

    assertThat(store.load(s.name()).orElseThrow().managedGroups()).containsOnly(
        java.util.Map.entry("g-eng", SyncState.ManagedGroup.of("Engineering", true)),
        java.util.Map.entry("g-plat", SyncState.ManagedGroup.of("Platform", false)),
        java.util.Map.entry("g-legal", SyncState.ManagedGroup.of("Legal Review", true)),
        java.util.Map.entry("g-empty", SyncState.ManagedGroup.of("Auditors", true)));
  }

  @Test
  void aRemovalThatFailedIsTriedAgainNextRun() {
    InMemoryDirectory d = legal();
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
    InMemoryTarget memory = InMemoryTarget.builder().capabilities(NO_RENAME).build();
    ForwardingTarget t = new ForwardingTarget(memory) {
      @Override
      public void removeMembership(String key, String group) {
        if (down.get() && memory.user(key).map(u -> u.username().equals("user3")).orElse(false)) {
          throw new io.github.usersync.core.ProvisioningException("remove membership", "user3", "503", null);
        }
        super.removeMembership(key, group);
      }
    };
    UserSync s = UserSync.builder(d, t).mapper(new TestMapper()).name("retry-removal")
        .policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build();
    s.run();
    d.removeGroup("g-legal");

    assertThat(s.run().counts().failed()).isEqualTo(1);
    down.set(false);
    SyncReport r = s.run();

    assertThat(outcomes(r, ChangeOutcome.Status.APPLIED)).containsExactly("REMOVE_MEMBERSHIP user3 Legal Review");
    assertThat(members(memory, "Legal Review")).isEmpty();
  }
}
