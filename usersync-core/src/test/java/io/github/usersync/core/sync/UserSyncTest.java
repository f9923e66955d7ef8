package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static io.github.usersync.core.sync.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class UserSyncTest {
  private static List<String> types(SyncReport r, ChangeOutcome.Status status) {
    return r.outcomes().stream().filter(o -> o.status() == status)
        .map(o -> o.change().type() + " " + o.change().subject() + o.change().group().map(g -> " " + g).orElse(""))
        .sorted().collect(Collectors.toList());
  }

  @Test
  void aFirstFullSyncCreatesUsersGroupsAndTransitiveMemberships() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();

    SyncReport r = sync(d, t).build().run();

    assertThat(r.success()).as(r.toText()).isTrue();
    assertThat(r.counts().created()).isEqualTo(3);
    assertThat(r.counts().groupsCreated()).isEqualTo(2);
    // u1 is in Platform directly and in Engineering through Platform; u2, u3 in Engineering.
    assertThat(r.counts().membershipsAdded()).isEqualTo(4);
    HostUser u1 = t.requireUser("user1");
    assertThat(u1.externalId()).contains("u1");
    assertThat(u1.attributes()).containsEntry("department", "R&D");
    assertThat(t.groupsOfUser(u1.key())).containsExactlyInAnyOrder("Engineering", "Platform");
    assertThat(t.groupsOfUser(t.requireUser("user2").key())).containsExactly("Engineering");
  }

  @Test
  void directMembershipPolicyDoesNotInheritFromNestedGroups() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.create();

    sync(d, t).policy(SyncPolicy.builder().membership(Membership.DIRECT).build()).build().run();

    assertThat(t.groupsOfUser(t.requireUser("user1").key())).containsExactly("Platform");
  }

  @Test
  void applyingThenPlanningAgainIsEmpty() {
    InMemoryDirectory d = directory(5);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();

    s.run();
    SyncPlan again = s.plan();

    assertThat(again.changes()).isEmpty();
    assertThat(again.counts().unchanged()).isEqualTo(5);
    assertThat(s.run().counts().changes()).isZero();
  }

  @Test
  void aRenameUpdatesTheLinkedAccountInsteadOfCreatingOne() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    String key = t.requireUser("user2").key();

    d.putUser(user("u2", "user2-renamed"));
    SyncReport r = s.run();

    assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("UPDATE_USER user2");
    ChangeOutcome update = r.outcomes().get(0);
    assertThat(update.change().reason()).isEqualTo("renamed in the IdP");
    assertThat(update.change().attributes()).extracting(Object::toString)
        .contains("username: 'user2' → 'user2-renamed'");
    assertThat(t.requireUser("user2-renamed").key()).isEqualTo(key);
    assertThat(t.userByUsername("user2")).isEmpty();
    assertThat(r.counts().created()).isZero();
  }

  @Test
  void aUserDeactivatedInTheIdpIsDeactivatedAndReactivatedWhenBack() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().maxDestructivePercent(50).build()).build();
    s.run();

    d.putUser(user("u3", "user3", false, "R&D"));
    SyncReport off = s.run();
    assertThat(types(off, ChangeOutcome.Status.APPLIED)).containsExactly("DEACTIVATE_USER user3");
    assertThat(off.outcomes().get(0).change().reason()).isEqualTo("deactivated in the IdP");
    assertThat(t.requireUser("user3").active()).isFalse();

    d.putUser(user("u3", "user3", true, "R&D"));
    SyncReport on = s.run();
    assertThat(types(on, ChangeOutcome.Status.APPLIED)).containsExactly("REACTIVATE_USER user3");
    assertThat(on.counts().reactivated()).isEqualTo(1);
    assertThat(t.requireUser("user3").active()).isTrue();
  }

  @Test
  void aUserGoneFromTheIdpIsDeactivatedOrDeletedOrKeptAsThePolicySays() {
    for (SyncPolicy.MissingUserAction action : SyncPolicy.MissingUserAction.values()) {
      InMemoryDirectory d = directory(20);
      InMemoryTarget t = InMemoryTarget.create();
      UserSync s = sync(d, t).policy(SyncPolicy.builder().missingUsers(action).build()).build();
      s.run();

      d.removeUser("u20");
      SyncReport r = s.run();

      switch (action) {
        case DEACTIVATE:
          assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("DEACTIVATE_USER user20");
          assertThat(t.requireUser("user20").active()).isFalse();
          break;
        case DELETE:
          assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("DELETE_USER user20");
          assertThat(t.userByUsername("user20")).isEmpty();
          break;
        case ANONYMIZE:
          assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("ANONYMIZE_USER user20");
          assertThat(t.userByExternalId("u20").orElseThrow().active()).isFalse();
          assertThat(t.userByUsername("user20")).isEmpty();
          break;
        default:
          assertThat(r.outcomes()).isEmpty();
          assertThat(t.requireUser("user20").active()).isTrue();
      }
    }
  }

  @Test
  void aPageThatFailsMidwayNeverDeactivatesAnyone() {
    InMemoryDirectory d = directory(30);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    d.putUser(user("u31", "user31"));
    d.removeUser("u5");
    d.failUserListingAfter(15);

    SyncReport r = s.runFull();

    assertThat(r.plan().readComplete()).isFalse();
    assertThat(r.cleanupSkipped()).isTrue();
    assertThat(r.cleanupSkippedReason().orElseThrow())
        .contains("the IdP read was incomplete")
        .contains("reading the IdP's users failed after 15 users");
    assertThat(r.counts().deactivated()).isZero();
    assertThat(r.outcomes()).noneMatch(o -> o.status() == ChangeOutcome.Status.APPLIED && o.change().destructive());
    assertThat(t.users().filter(u -> !u.active()).count()).isZero();
    assertThat(r.success()).isFalse();
  }

  @Test
  void anEmptySourceWhileTheHostHasLinkedUsersDeactivatesNobody() {
    InMemoryDirectory d = directory(5);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    for (int i = 1; i <= 5; i++) {
      d.removeUser("u" + i);
    }

    SyncReport r = s.runFull();

    assertThat(r.cleanupSkippedReason().orElseThrow())
        .contains("the IdP returned no users while the host has 5 linked users");
    assertThat(r.outcomes()).allMatch(o -> o.status() == ChangeOutcome.Status.SKIPPED);
    assertThat(t.users().allMatch(HostUser::active)).isTrue();
  }

  @Test
  void overTheDeletionThresholdNothingDestructiveIsAppliedAndTheNumbersAreReported() {
    InMemoryDirectory d = directory(40);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().maxDestructiveChanges(3).maxDestructivePercent(50).build()).build();
    s.run();
    for (int i = 1; i <= 4; i++) {
      d.removeUser("u" + i);
    }
    d.putUser(user("u99", "user99"));

    SyncReport r = s.runFull();

    assertThat(r.cleanupSkippedReason().orElseThrow())
        .contains("would deactivate or delete 4 of 40 host users (10.0%)")
        .contains("over the limit of 3 users or 50.0%");
    assertThat(types(r, ChangeOutcome.Status.SKIPPED)).hasSize(4).allMatch(s2 -> s2.startsWith("DEACTIVATE_USER"));
    assertThat(types(r, ChangeOutcome.Status.APPLIED)).contains("CREATE_USER user99");
    assertThat(t.users().allMatch(HostUser::active)).isTrue();
  }

  @Test
  void thePercentageThresholdAloneAlsoStopsARun() {
    InMemoryDirectory d = directory(10);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build(); // defaults: 500 users or 10 %
    s.run();
    d.removeUser("u9").removeUser("u10");

    SyncReport r = s.runFull();

    assertThat(r.cleanupSkippedReason().orElseThrow()).contains("2 of 10 host users (20.0%)");
    assertThat(r.counts().deactivated()).isZero();
  }

  @Test
  void oneUserTheTargetRejectsFailsAloneAndTheRunGoesOn() {
    InMemoryDirectory d = directory(4);
    InMemoryTarget t = InMemoryTarget.builder().rejecting((op, subject) -> op.equals("create user") && subject.equals("user3")).build();

    SyncReport r = sync(d, t).build().run();

    assertThat(r.counts().created()).isEqualTo(3);
    assertThat(r.counts().failed()).isEqualTo(2); // the user, and its membership that depended on it
    assertThat(types(r, ChangeOutcome.Status.FAILED)).containsExactly("ADD_MEMBERSHIP user3 Engineering", "CREATE_USER user3");
    assertThat(r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.FAILED).map(o -> o.message().orElse("")))
        .anyMatch(m -> m.contains("create user 'user3' failed: refused by the host"))
        .anyMatch(m -> m.contains("was not created earlier in this run"));
    assertThat(r.toText()).contains("FAILED CREATE_USER user3");
    assertThat(t.userByUsername("user4")).isPresent();
  }

  @Test
  void failFastStopsAtTheFirstFailure() {
    InMemoryDirectory d = directory(4);
    InMemoryTarget t = InMemoryTarget.builder().rejecting((op, subject) -> op.equals("create user") && subject.equals("user1")).build();

    SyncReport r = sync(d, t).policy(SyncPolicy.builder().failFast(true).build()).build().run();

    assertThat(r.counts().created()).isZero();
    assertThat(r.outcomes()).filteredOn(o -> o.status() == ChangeOutcome.Status.NOT_APPLIED).isNotEmpty();
  }

  @Test
  void aUserThatCannotBeMappedIsReportedAndNotTreatedAsGone() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    ObjectNode raw = (ObjectNode) user("u2", "user2").raw();
    raw.put("broken", true);
    d.putUser(DirectoryUser.builder().from(user("u2", "user2")).raw(raw).build());

    SyncReport r = s.runFull();

    assertThat(types(r, ChangeOutcome.Status.FAILED)).containsExactly("MAP_USER user2");
    assertThat(r.outcomes().get(0).message()).hasValueSatisfying(m -> assertThat(m).contains("mapping.attributes.department"));
    assertThat(t.requireUser("user2").active()).isTrue();
  }

  @Test
  void aSkippedUserIsReportedWithTheReasonAndLeftAlone() {
    InMemoryDirectory d = directory(2);
    ObjectNode raw = (ObjectNode) user("u2", "user2").raw();
    raw.put("skip", true);
    d.putUser(DirectoryUser.builder().from(user("u2", "user2")).raw(raw).build());
    InMemoryTarget t = InMemoryTarget.create();

    SyncReport r = sync(d, t).build().run();

    assertThat(r.plan().skippedUsers()).containsExactly("user2: the test says skip");
    assertThat(t.userByUsername("user2")).isEmpty();
  }

  @Test
  void hostOnlyGroupsAndUsersAreUntouched() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.create();
    HostUser admin = t.addUnlinkedUser("admin", Optional.empty());
    t.createGroup("jira-administrators");
    t.addMembership(admin.key(), "jira-administrators");
    UserSync s = sync(d, t).build();
    s.run();
    HostUser u1 = t.requireUser("user1");
    t.addMembership(u1.key(), "jira-administrators");
    t.addMembership(admin.key(), "Engineering");

    SyncReport r = s.runFull();

    assertThat(t.groupsOfUser(u1.key())).contains("jira-administrators");
    assertThat(t.groupMembers("jira-administrators")).contains(admin.key(), u1.key());
    assertThat(t.groupsOfUser(admin.key())).contains("Engineering");
    assertThat(r.outcomes()).isEmpty();
    assertThat(t.requireUser("admin").active()).isTrue();
  }

  @Test
  void membershipsLeftInTheIdpAreRemovedFromManagedGroupsOnly() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    t.createGroup("confluence-users");
    t.addMembership(t.requireUser("user3").key(), "confluence-users");

    d.removeMember("g-eng", GroupMember.user("u3"));
    SyncReport r = s.runFull();

    assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("REMOVE_MEMBERSHIP user3 Engineering");
    assertThat(t.groupsOfUser(t.requireUser("user3").key())).containsExactly("confluence-users");
  }

  @Test
  void additionallyManagedHostGroupsAreCleanedToo() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().addAdditionallyManagedGroups("legacy-team").build()).build();
    s.run();
    t.createGroup("legacy-team");
    t.addMembership(t.requireUser("user2").key(), "legacy-team");

    SyncReport r = s.runFull();

    assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("REMOVE_MEMBERSHIP user2 legacy-team");
  }

  @Test
  void anExistingHostUserIsAdoptedByEmail() {
    InMemoryDirectory d = directory(1);
    InMemoryTarget t = InMemoryTarget.create();
    HostUser existing = t.addUnlinkedUser("jdoe", Optional.of("USER1@example.com"));

    SyncReport r = sync(d, t).policy(SyncPolicy.builder().linkUnlinkedBy(SyncPolicy.LinkMatch.EMAIL).build()).build().run();

    assertThat(r.counts().created()).isZero();
    ChangeOutcome adopt = r.outcomes().stream().filter(o -> o.change().type() == ChangeType.UPDATE_USER).findFirst().orElseThrow();
    assertThat(adopt.status()).isEqualTo(ChangeOutcome.Status.APPLIED);
    assertThat(adopt.change().reason()).isEqualTo("adopting the existing host account (matched by email)");
    assertThat(adopt.change().attributes()).extracting(Object::toString)
        .contains("externalId: ∅ → 'u1'", "username: 'jdoe' → 'user1'", "email: 'USER1@example.com' → 'user1@example.com'");
    HostUser adopted = t.requireUser("user1");
    assertThat(adopted.key()).isEqualTo(existing.key());
    assertThat(adopted.externalId()).contains("u1");
    assertThat(t.users().count()).isEqualTo(1);
  }

  @Test
  void byDefaultAnUnlinkedAccountIsAdoptedByUsernameNotByEmail() {
    InMemoryDirectory d = directory(1);
    InMemoryTarget byName = InMemoryTarget.create();
    byName.addUnlinkedUser("USER1", Optional.of("other@example.com"));
    InMemoryTarget byMail = InMemoryTarget.create();
    byMail.addUnlinkedUser("someone", Optional.of("user1@example.com"));

    assertThat(sync(d, byName).build().run().counts().created()).isZero();
    assertThat(byName.requireUser("user1").externalId()).contains("u1");
    assertThat(sync(d, byMail).build().run().counts().created()).isEqualTo(1);
  }

  @Test
  void requiredGroupsScopeTheSyncAndAMemberWhoLeavesIsHandledAsMissing() {
    InMemoryDirectory d = directory(12);
    d.putGroup(DirectoryGroup.of("g-jira", "jira-users"));
    for (int i = 1; i <= 12; i++) {
      d.addMember("g-jira", GroupMember.user("u" + i));
    }
    d.putUser(user("u13", "user13"));
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().addRequiredGroups("JIRA-USERS").build()).build();

    s.run();
    assertThat(t.userByUsername("user13")).isEmpty();
    assertThat(t.users().count()).isEqualTo(12);

    d.removeMember("g-jira", GroupMember.user("u12"));
    SyncReport r = s.run();
    assertThat(types(r, ChangeOutcome.Status.APPLIED)).containsExactly("DEACTIVATE_USER user12");
    assertThat(r.outcomes().get(0).change().reason()).isEqualTo("not in a required group");
  }

  @Test
  void anUnknownRequiredGroupIsAConfigurationErrorNotAMassDeactivation() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();

    UserSync misconfigured = sync(d, t).policy(SyncPolicy.builder().addRequiredGroups("jira-userz").build()).build();

    assertThatThrownBy(misconfigured::run)
        .isInstanceOf(io.github.usersync.core.ConfigurationException.class)
        .hasMessageContaining("policy.requiredGroups: 'jira-userz' is not a group in the IdP");
    assertThat(t.users().allMatch(HostUser::active)).isTrue();
  }

  @Test
  void groupsDroppedByTheMappingAreNeitherCreatedNorManaged() {
    InMemoryDirectory d = directory(2);
    d.putGroup(DirectoryGroup.of("g-x", "drop-secret"));
    d.addMember("g-x", GroupMember.user("u1"));
    InMemoryTarget t = InMemoryTarget.create();

    sync(d, t).build().run();

    assertThat(t.groupNames()).containsExactly("Engineering", "Platform");
  }

  @Test
  void withoutCreateGroupsMissingGroupsAreNotedNotCreated() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.create();
    t.createGroup("Engineering");

    SyncReport r = sync(d, t).policy(SyncPolicy.builder().createGroups(false).build()).build().run();

    assertThat(t.groupNames()).containsExactly("Engineering");
    assertThat(r.plan().notes()).anyMatch(n -> n.contains("group 'Platform' does not exist in the host and createGroups is off"));
  }

  /** Issue 17, problem 7: docs/sync.md says every IdP group the host lacks is created. */
  @Test
  void anIdpGroupWithoutMembersIsCreatedWhenCreateGroupsIsOn() {
    InMemoryDirectory d = directory(2);
    d.putGroup(DirectoryGroup.of("g-aud", "Auditors"));
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();

    SyncReport first = s.run();

    assertThat(types(first, ChangeOutcome.Status.APPLIED)).contains("CREATE_GROUP Auditors");
    assertThat(t.groupNames()).containsExactly("Auditors", "Engineering", "Platform");

    d.putGroup(DirectoryGroup.of("g-rev", "Reviewers"));
    SyncReport incremental = s.run();
    assertThat(incremental.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(types(incremental, ChangeOutcome.Status.APPLIED)).containsExactly("CREATE_GROUP Reviewers");

    InMemoryTarget off = InMemoryTarget.create();
    sync(d, off).policy(SyncPolicy.builder().createGroups(false).build()).build().run();
    assertThat(off.groupNames()).isEmpty();
  }

  @Test
  void aMappingTheTargetCannotKeepFailsBeforeAnythingIsRead() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget confluence = InMemoryTarget.builder()
        .capabilities(TargetCapabilities.builder().allowedAttributes(Set.of("phone", "position")).build()).build();

    assertThatThrownBy(() -> sync(d, confluence).build().run())
        .isInstanceOf(MappingException.class).hasMessageContaining("department");
    assertThat(d.requestStats().requests()).isZero();
  }

  @Test
  void attributesAreClearedWhenTheMappingSaysSo() {
    InMemoryDirectory d = directory(1);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();

    d.putUser(user("u1", "user1", true, ""));
    SyncReport r = s.run();

    assertThat(r.outcomes().get(0).change().attributes()).extracting(Object::toString).containsExactly("department: 'R&D' → ∅");
    assertThat(t.requireUser("user1").attributes()).doesNotContainKey("department");
  }

  @Test
  void theReportSerialisesToJsonWithCountsAndEveryChange() throws Exception {
    InMemoryDirectory d = directory(2);
    SyncReport r = sync(d, InMemoryTarget.create()).build().run();

    JsonNode json = new ObjectMapper().readTree(new ObjectMapper().writeValueAsString(r));

    assertThat(json.path("counts").path("created").asInt()).isEqualTo(2);
    assertThat(json.path("counts").path("groupsCreated").asInt()).isEqualTo(2);
    assertThat(json.path("counts").path("membershipsAdded").asInt()).isEqualTo(3);
    assertThat(json.path("mode").asText()).isEqualTo("FULL");
    assertThat(json.path("cleanupSkipped").asBoolean()).isFalse();
    assertThat(json.path("requests").path("directory").path("requests").asLong()).isPositive();
    assertThat(json.path("changes")).hasSize(7);
    assertThat(json.path("changes").get(0).path("outcome").asText()).isEqualTo("APPLIED");
    assertThat(r.toJson()).contains("\"membershipsAdded\" : 3");
  }

  @Test
  void theListenerSeesPhasesUsersReadAndEveryAppliedChange() {
    InMemoryDirectory d = directory(1500);
    List<String> events = new ArrayList<>();
    long[] lastDone = {0};
    SyncListener l = new SyncListener() {
      @Override
      public void phase(SyncPhase phase) {
        events.add(phase.name());
      }

      @Override
      public void usersRead(long count) {
        events.add("read " + count);
      }

      @Override
      public void changeApplied(ChangeOutcome outcome, long done, long total) {
        lastDone[0] = done;
        assertThat(total).isEqualTo(1500 + 2 + 1501);
      }
    };

    sync(d, InMemoryTarget.create()).listener(l).build().run();

    assertThat(events).containsSubsequence("READ_HOST", "READ_GROUPS", "READ_USERS", "read 1000", "read 1500", "PLAN", "APPLY", "DONE");
    assertThat(lastDone[0]).isEqualTo(3003);
  }

  @Test
  void applyConcurrencyAppliesInParallelWithTheSameResult() {
    InMemoryDirectory d = directory(200);
    InMemoryTarget t = InMemoryTarget.create();

    SyncReport r = sync(d, t).policy(SyncPolicy.builder().applyConcurrency(4).build()).build().run();

    assertThat(r.success()).isTrue();
    assertThat(t.users().count()).isEqualTo(200);
    assertThat(t.membershipCount()).isEqualTo(201);
  }

  @Test
  void managersAreSetWhereTheHostKeepsThem() {
    InMemoryDirectory d = directory(3);
    d.setManager("u2", "u1");
    d.setManager("u3", "u1");
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).mapper(new TestMapper() {
      @Override
      public boolean usesManager() {
        return true; // as a mapping with "manager: true" says
      }
    }).build();

    SyncReport r = s.run();

    assertThat(r.counts().managersSet()).isEqualTo(2);
    assertThat(t.requireUser("user2").managerKey()).contains(t.requireUser("user1").key());
    d.setManager("u3", null);
    assertThat(types(s.run(), ChangeOutcome.Status.APPLIED)).containsExactly("SET_MANAGER user3");
    assertThat(t.requireUser("user3").managerKey()).isEmpty();
  }

  @Test
  void managersAreNotReadOrSetUnlessTheMappingAsks() {
    InMemoryDirectory d = directory(3);
    d.setManager("u2", "u1");
    InMemoryTarget t = InMemoryTarget.create();

    SyncReport r = sync(d, t).build().run();

    assertThat(r.counts().managersSet()).isZero();
    assertThat(t.requireUser("user2").managerKey()).isEmpty();
  }

  @Test
  void twoRunsOfOneSyncNeverOverlap() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    SyncLock.Handle held = SyncLock.local().tryAcquire(s.name()).orElseThrow();
    try {
      assertThatThrownBy(s::run).isInstanceOf(io.github.usersync.core.SyncInProgressException.class)
          .hasMessageContaining("already in progress");
    } finally {
      held.close();
    }
    assertThat(s.run().success()).isTrue();
  }

  @Test
  void aFailingHostReadIsReportedNotThrown() {
    InMemoryDirectory d = directory(2);
    InMemoryTarget broken = InMemoryTarget.create();
    UserSync s = UserSync.builder(d, new io.github.usersync.core.spi.ProvisioningTarget() {
      @Override public String name() { return "broken"; }
      @Override public TargetCapabilities capabilities() { return broken.capabilities(); }
      @Override public java.util.stream.Stream<HostUser> users() {
        throw new io.github.usersync.core.ProvisioningException("list users", "*", "host down", null);
      }
      @Override public java.util.stream.Stream<io.github.usersync.core.model.HostGroup> groups() { return broken.groups(); }
      @Override public java.util.stream.Stream<String> groupMembers(String g) { return broken.groupMembers(g); }
      @Override public HostUser createUser(NewHostUser u) { return broken.createUser(u); }
      @Override public HostUser updateUser(String k, io.github.usersync.core.model.HostUserUpdate u) { return broken.updateUser(k, u); }
      @Override public void deactivateUser(String k) { broken.deactivateUser(k); }
      @Override public void reactivateUser(String k) { broken.reactivateUser(k); }
      @Override public void deleteUser(String k) { broken.deleteUser(k); }
      @Override public void createGroup(String n) { broken.createGroup(n); }
      @Override public void addMembership(String k, String g) { broken.addMembership(k, g); }
      @Override public void removeMembership(String k, String g) { broken.removeMembership(k, g); }
    }).mapper(new TestMapper()).build();

    SyncReport r = s.run();

    assertThat(r.success()).isFalse();
    assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("list users '*' failed: host down"));
    assertThat(r.outcomes()).isEmpty();
  }

}
