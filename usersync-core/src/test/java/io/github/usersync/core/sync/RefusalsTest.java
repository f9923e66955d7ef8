package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static io.github.usersync.core.sync.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, problem 4: what the target never does (protected groups, renames it cannot make,
 * fields it cannot write) is left out and reported once as skipped with the way out; a change the
 * host refuses for good is remembered and planned again only when the user's data changes. Such
 * runs succeed, and a run with nothing new plans nothing.
 */
class RefusalsTest {
  private static final TargetCapabilities JIRA_LIKE = TargetCapabilities.builder()
      .keepsManagers(true).addProtectedGroups("jira-administrators").build();

  private static List<String> skipped(SyncReport r) {
    return r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.SKIPPED)
        .map(o -> o.change().type() + " " + o.change().subject() + o.change().group().map(g -> " " + g).orElse(""))
        .sorted().collect(Collectors.toList());
  }

  @Test
  void anIdpGroupNamedLikeAProtectedHostGroupIsLeftOutOnceNotFailedOnEveryRun() {
    InMemoryDirectory d = directory(4);
    d.putGroup(DirectoryGroup.of("g-adm", "jira-administrators"));
    d.addMember("g-adm", GroupMember.user("u1"));
    d.addMember("g-adm", GroupMember.user("u2"));
    InMemoryTarget t = InMemoryTarget.builder().capabilities(JIRA_LIKE).build();
    HostUser admin = t.addUnlinkedUser("admin", Optional.empty());
    t.createGroup("jira-administrators");
    t.addMembership(admin.key(), "jira-administrators");
    UserSync s = sync(d, t).build();

    SyncReport first = s.run();

    assertThat(first.status()).as(first.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(skipped(first)).containsExactly("ADD_MEMBERSHIP user1 jira-administrators",
        "ADD_MEMBERSHIP user2 jira-administrators");
    assertThat(first.outcomes()).filteredOn(o -> o.status() == ChangeOutcome.Status.SKIPPED)
        .allSatisfy(o -> assertThat(o.message().orElseThrow())
            .startsWith("left out: 'jira-administrators' is a protected group of memory")
            .contains("by hand").contains("group rules"));
    assertThat(first.toText()).contains("SKIPPED ADD_MEMBERSHIP user1 → jira-administrators");
    assertThat(t.groupMembers("jira-administrators")).containsExactly(admin.key());

    SyncReport second = s.run();
    assertThat(second.outcomes()).isEmpty();
    assertThat(second.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(s.runFull().outcomes()).as("a full run with nothing new plans nothing").isEmpty();

    d.addMember("g-adm", GroupMember.user("u3"));
    assertThat(skipped(s.run())).containsExactly("ADD_MEMBERSHIP user3 jira-administrators");
  }

  @Test
  void aDeactivatedIdpUserWhoIsAHostAdministratorIsNotDeactivated() {
    InMemoryDirectory d = directory(10);
    InMemoryTarget t = InMemoryTarget.builder().capabilities(JIRA_LIKE).build();
    UserSync s = sync(d, t).build();
    s.run();
    t.createGroup("jira-administrators");
    t.addMembership(t.requireUser("user4").key(), "jira-administrators");

    d.putUser(user("u4", "user4", false, "R&D"));
    SyncReport r = s.run();

    assertThat(r.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(skipped(r)).containsExactly("DEACTIVATE_USER user4");
    assertThat(r.outcomes().get(0).message().orElseThrow())
        .contains("user4 is a member of a protected group of memory").contains("remove the account from the group");
    assertThat(t.requireUser("user4").active()).isTrue();
    assertThat(s.run().outcomes()).isEmpty();
    assertThat(s.runFull().outcomes()).isEmpty();
  }

  @Test
  void protectedGroupsAreConfigurableInThePolicy() {
    InMemoryDirectory d = directory(3);
    d.putGroup(DirectoryGroup.of("g-ops", "ops-admins"));
    d.addMember("g-ops", GroupMember.user("u1"));
    InMemoryTarget t = InMemoryTarget.create();
    t.createGroup("ops-admins");

    SyncReport r = sync(d, t).policy(SyncPolicy.builder().addProtectedGroups("OPS-ADMINS").build()).build().run();

    assertThat(skipped(r)).containsExactly("ADD_MEMBERSHIP user1 ops-admins");
    assertThat(t.groupMembers("ops-admins")).isEmpty();
  }

  @Test
  void aRenameTheHostCannotMakeIsLeftOutOnceAndTheRestApplies() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.builder()
        .capabilities(TargetCapabilities.builder().canRenameUsers(false).build()).build();
    UserSync s = sync(d, t).build();
    s.run();

    d.putUser(DirectoryUser.builder().from(user("u2", "user2-new", true, "Legal")).build());
    SyncReport r = s.run();

    assertThat(r.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(skipped(r)).containsExactly("UPDATE_USER user2");
    ChangeOutcome rename = r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.SKIPPED)
        .findFirst().orElseThrow();
    assertThat(rename.change().attributes()).extracting(Object::toString).containsExactly("username: 'user2' → 'user2-new'");
    assertThat(rename.message().orElseThrow()).contains("memory cannot rename users")
        .contains("keeps it linked by its IdP id");
    HostUser u2 = t.requireUser("user2");
    assertThat(u2.attributes()).containsEntry("department", "Legal");
    assertThat(u2.email()).contains("user2-new@example.com");
    assertThat(s.run().outcomes()).isEmpty();

    d.putUser(DirectoryUser.builder().from(user("u2", "user2-newer", true, "Legal")).build());
    assertThat(skipped(s.run())).as("the data changed: reported again").containsExactly("UPDATE_USER user2");
  }

  @Test
  void aFieldTheHostCannotWriteIsLeftOut() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.builder()
        .capabilities(TargetCapabilities.builder().addReadOnlyFields("displayName").build()).build();
    UserSync s = sync(d, t).build();
    s.run();

    d.putUser(DirectoryUser.builder().from(user("u1", "user1", true, "Sales")).displayName("Renamed One").build());
    SyncReport r = s.run();

    assertThat(skipped(r)).containsExactly("UPDATE_USER user1");
    assertThat(r.outcomes()).filteredOn(o -> o.status() == ChangeOutcome.Status.APPLIED)
        .singleElement().satisfies(o -> assertThat(o.change().attributes()).extracting(Object::toString)
            .containsExactly("department: 'R&D' → 'Sales'"));
    assertThat(t.requireUser("user1").displayName()).contains("User user1");
    assertThat(s.run().outcomes()).isEmpty();
  }

  @Test
  void aChangeTheHostRefusesForGoodIsReportedOnceAndPlannedAgainWhenTheDataChanges() {
    InMemoryDirectory d = directory(4);
    InMemoryTarget t = InMemoryTarget.builder()
        .refusingPermanently((op, subject) -> op.equals("create user") && subject.contains("+")).build();
    d.putUser(user("u3", "user+3"));
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync s = sync(d, t).stateStore(store).build();

    SyncReport first = s.run();

    assertThat(first.status()).as(first.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(skipped(first)).containsExactly("ADD_MEMBERSHIP user+3 Engineering", "CREATE_USER user+3");
    assertThat(first.outcomes()).filteredOn(o -> o.change().type() == ChangeType.CREATE_USER
            && o.status() == ChangeOutcome.Status.SKIPPED)
        .singleElement().satisfies(o -> assertThat(o.message().orElseThrow())
            .contains("create user 'user+3' refused: refused by the host for good")
            .contains("does not try again until user+3's data in the IdP changes"));
    assertThat(store.load(s.name()).orElseThrow().refusals()).containsOnlyKeys("u3");
    assertThat(store.load(s.name()).orElseThrow().pending()).isEmpty();

    SyncReport second = s.run();
    assertThat(second.outcomes()).isEmpty();
    SyncReport full = s.runFull();
    assertThat(full.outcomes()).isEmpty();
    assertThat(full.plan().notes()).anyMatch(n -> n.contains("changes the host refused for good in earlier runs are left out"));

    d.putUser(user("u3", "user+3", true, "Legal"));
    SyncReport changed = s.run();
    assertThat(skipped(changed)).contains("CREATE_USER user+3");

    d.putUser(user("u3", "user3"));
    SyncReport fixed = s.run();
    assertThat(fixed.counts().created()).isEqualTo(1);
    assertThat(store.load(s.name()).orElseThrow().refusals()).isEmpty();
  }
}
