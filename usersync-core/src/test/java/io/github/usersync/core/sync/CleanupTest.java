package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static io.github.usersync.core.sync.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.testing.MovableClock;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 25 through the engine and the in-memory host: anonymize and its reversal, memberships
 * stripped from cleaned-up users (with keepGroups, never protected groups), held changes listed,
 * approved (minus the users who came back) and refused after expiry.
 */
class CleanupTest {
  private static SyncPolicy.Builder lenient() {
    return SyncPolicy.builder().maxDestructivePercent(100);
  }

  private static Set<String> groupsOf(InMemoryTarget t, String username) {
    return t.groupsOfUser(t.requireUser(username).key());
  }

  private static HostUser linked(InMemoryTarget t, String id) {
    return t.userByExternalId(id).orElseThrow();
  }

  private static List<String> applied(SyncReport r) {
    return r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.APPLIED)
        .map(o -> o.change().type() + " " + o.change().subject() + o.change().group().map(g -> " " + g).orElse(""))
        .sorted().collect(Collectors.toList());
  }

  // ------------------------------------------------------------------ anonymize

  @Test
  void aUserWhoLeavesIsAnonymizedAndGetsTheOriginalValuesBackWhenReturning() {
    InMemoryDirectory d = directory(5);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(lenient().missingUsers(SyncPolicy.MissingUserAction.ANONYMIZE)
        .anonymizeEmailDomain("gone.example.org").build()).build();
    s.run();
    assertThat(linked(t, "u3").attributes()).containsEntry("department", "R&D");

    d.removeUser("u3");
    SyncReport gone = s.runFull();

    HostUser anon = linked(t, "u3");
    String alias = anon.username();
    assertThat(alias).matches("user-[0-9a-f]{12}");
    assertThat(anon.email()).contains(alias + "@gone.example.org");
    assertThat(anon.displayName()).contains(alias);
    assertThat(anon.attributes()).doesNotContainKey("department");
    assertThat(anon.active()).isFalse();
    assertThat(anon.externalId()).contains("u3");
    assertThat(gone.counts().anonymized()).isEqualTo(1);
    ChangeOutcome o = gone.outcomes().stream().filter(x -> x.change().type() == ChangeType.ANONYMIZE_USER)
        .findFirst().orElseThrow();
    assertThat(o.status()).isEqualTo(ChangeOutcome.Status.APPLIED);
    assertThat(o.change().reason()).isEqualTo("not in the IdP");
    assertThat(o.change().subject()).isEqualTo("user3");
    assertThat(o.change().attributes()).extracting(AttributeChange::name)
        .containsExactly("username", "email", "displayName", "department");
    assertThat(gone.toText()).contains("anonymized");

    // Stable: the next run plans nothing for the anonymized account.
    assertThat(s.runFull().outcomes()).isEmpty();

    d.putUser(user("u3", "user3"));
    d.addMember("g-eng", GroupMember.user("u3"));
    SyncReport back = s.runFull();

    HostUser restored = linked(t, "u3");
    assertThat(restored.key()).isEqualTo(anon.key());
    assertThat(restored.username()).isEqualTo("user3");
    assertThat(restored.email()).contains("user3@example.com");
    assertThat(restored.displayName()).contains("User user3");
    assertThat(restored.attributes()).containsEntry("department", "R&D");
    assertThat(restored.active()).isTrue();
    assertThat(applied(back)).contains("UPDATE_USER " + alias, "REACTIVATE_USER user3");
  }

  @Test
  void anonymizeIsAConfigurationErrorWhereTheHostCannotRename() {
    InMemoryTarget t = InMemoryTarget.builder().name("confluence")
        .capabilities(TargetCapabilities.builder().canRenameUsers(false).build()).build();
    SyncPolicy anonymize = SyncPolicy.builder().missingUsers(SyncPolicy.MissingUserAction.ANONYMIZE).build();

    assertThatThrownBy(() -> sync(directory(2), t).policy(anonymize).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("policy.missingUsers")
        .hasMessageContaining("anonymize needs a host that can rename users, and confluence cannot");
    InMemoryTarget readOnlyEmail = InMemoryTarget.builder()
        .capabilities(TargetCapabilities.builder().addReadOnlyFields("email").build()).build();
    assertThatThrownBy(() -> sync(directory(2), readOnlyEmail).policy(anonymize).build())
        .hasMessageContaining("change the email of an existing account");
  }

  // ------------------------------------------------------------------ strip memberships

  /** user1..user6; host-local groups besides the IdP's; user2 is an administrator. */
  private static InMemoryTarget hostWithLocalGroups(UserSync s) {
    InMemoryTarget t = (InMemoryTarget) s.target;
    s.run();
    for (String g : List.of("local-wiki", "keep-me", "team-red", "jira-administrators")) {
      t.createGroup(g);
    }
    for (String u : List.of("user2", "user3", "user4")) {
      for (String g : List.of("local-wiki", "keep-me", "team-red")) {
        t.addMembership(t.requireUser(u).key(), g);
      }
    }
    t.addMembership(t.requireUser("user2").key(), "jira-administrators");
    return t;
  }

  private static SyncPolicy.Builder strip() {
    return SyncPolicy.builder().maxDestructivePercent(100).stripMembershipsOnCleanup(true)
        .addKeepGroups("KEEP-ME", "team-.*");
  }

  @Test
  void cleanedUpUsersLoseTheirMembershipsExceptKeptAndProtectedGroups() {
    InMemoryDirectory d = directory(6);
    InMemoryTarget t = InMemoryTarget.builder().capabilities(TargetCapabilities.builder()
        .addProtectedGroups("jira-administrators").build()).build();
    UserSync s = sync(d, t).policy(strip().build()).build();
    hostWithLocalGroups(s);

    d.removeUser("u2");
    d.removeUser("u3");
    SyncReport r = s.runFull();

    assertThat(t.requireUser("user3").active()).isFalse();
    assertThat(groupsOf(t, "user3")).containsExactlyInAnyOrder("keep-me", "team-red");
    // An administrator is never cleaned up: account and every membership stay.
    assertThat(t.requireUser("user2").active()).isTrue();
    assertThat(groupsOf(t, "user2"))
        .containsExactlyInAnyOrder("Engineering", "local-wiki", "keep-me", "team-red", "jira-administrators");
    List<ChangeOutcome> removals = r.outcomes().stream()
        .filter(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP).collect(Collectors.toList());
    assertThat(removals).extracting(o -> o.change().group().orElse(""))
        .containsExactlyInAnyOrder("Engineering", "local-wiki");
    assertThat(removals).allSatisfy(o -> {
      assertThat(o.status()).isEqualTo(ChangeOutcome.Status.APPLIED);
      assertThat(o.change().destructive()).isTrue();
      assertThat(o.change().reason()).isEqualTo("cleanup: user3 is deactivated (not in the IdP), and"
          + " stripMembershipsOnCleanup removes the memberships of cleaned-up users (keepGroups and protected"
          + " groups excepted)");
    });
    assertThat(s.runFull().outcomes()).isEmpty();
  }

  @Test
  void usersCleanedUpInEarlierRunsLoseTheirMembershipsToo() {
    InMemoryDirectory d = directory(6);
    InMemoryTarget t = InMemoryTarget.create();
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync before = sync(d, t).name("same").stateStore(store).policy(lenient().build()).build();
    hostWithLocalGroups(before);
    d.removeUser("u4");
    before.runFull();
    assertThat(t.requireUser("user4").active()).isFalse();
    assertThat(groupsOf(t, "user4")).contains("Engineering", "local-wiki");

    UserSync after = sync(d, t).name("same").stateStore(store).policy(strip().build()).build();
    SyncReport r = after.runFull();

    assertThat(groupsOf(t, "user4")).containsExactlyInAnyOrder("keep-me", "team-red");
    assertThat(r.outcomes()).filteredOn(o -> o.change().type() == ChangeType.REMOVE_MEMBERSHIP)
        .allSatisfy(o -> assertThat(o.change().reason()).startsWith("cleanup: user4 is deactivated, and"));
  }

  @Test
  void aUserDeactivatedInTheIdpLosesManagedAndLocalMembershipsWithoutDuplicates() {
    InMemoryDirectory d = directory(6);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(strip().build()).build();
    hostWithLocalGroups(s);

    d.putUser(user("u4", "user4", false, "R&D"));
    SyncReport r = s.runFull();

    assertThat(groupsOf(t, "user4")).containsExactlyInAnyOrder("keep-me", "team-red");
    assertThat(applied(r)).containsExactlyInAnyOrder("DEACTIVATE_USER user4",
        "REMOVE_MEMBERSHIP user4 Engineering", "REMOVE_MEMBERSHIP user4 local-wiki");
  }

  @Test
  void strippedMembershipsCountTowardTheThresholds() {
    InMemoryDirectory d = directory(6);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(strip().maxDestructiveChanges(2).build()).build();
    hostWithLocalGroups(s);

    d.removeUser("u3");
    SyncReport r = s.runFull();

    assertThat(r.status()).isEqualTo(SyncReport.Status.GUARD_HELD);
    assertThat(r.cleanupSkippedReason().orElse("")).contains("deactivate or delete 1 host users and remove 2"
        + " memberships or groups whose IdP group left or whose user is cleaned up: 3 destructive changes");
    assertThat(groupsOf(t, "user3")).contains("Engineering", "local-wiki");
  }

  @Test
  void aBadKeepGroupsExpressionIsRefusedWhenThePolicyIsBuilt() {
    assertThatThrownBy(() -> SyncPolicy.builder().addKeepGroups("team-[red").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keepGroups: 'team-[red' is not a valid regular expression");
  }

  // ------------------------------------------------------------------ held changes


  @Test
  void aHeldRunApprovedAppliesExactlyTheHeldChangesMinusTheUsersWhoReturned() {
    InMemoryDirectory d = directory(20);
    InMemoryTarget t = InMemoryTarget.create();
    MovableClock clock = new MovableClock(Instant.parse("2026-12-03T06:00:00Z"));
    UserSync s = sync(d, t).clock(clock).policy(SyncPolicy.builder().stripMembershipsOnCleanup(true).build()).build();
    s.run();
    assertThat(s.heldChanges()).isEmpty();

    d.removeUser("u5").removeUser("u6").removeUser("u7");
    SyncReport held = s.runFull();

    assertThat(held.status()).isEqualTo(SyncReport.Status.GUARD_HELD);
    HeldChanges h = s.heldChanges().orElseThrow();
    assertThat(h.heldAt()).isEqualTo(clock.instant());
    assertThat(h.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofDays(7)));
    assertThat(h.reason()).contains("deactivate or delete 3 host users");
    assertThat(h.changes()).extracting(e -> e.change().type() + " " + e.change().subject())
        .containsExactlyInAnyOrder("DEACTIVATE_USER user5", "DEACTIVATE_USER user6", "DEACTIVATE_USER user7",
            "REMOVE_MEMBERSHIP user5", "REMOVE_MEMBERSHIP user6", "REMOVE_MEMBERSHIP user7");
    assertThat(h.changes()).allSatisfy(e -> assertThat(e.cleanup()).isTrue());
    assertThat(held.plan().notes()).anyMatch(n -> n.contains("held as run " + h.runId()));

    // Meanwhile user6 comes back, and user8 leaves: only what was held is applied, minus user6.
    d.putUser(user("u6", "user6"));
    d.addMember("g-eng", GroupMember.user("u6"));
    d.removeUser("u8");
    clock.advance(Duration.ofHours(2));
    SyncReport approved = s.approve(h.runId());

    assertThat(approved.mode()).isEqualTo(SyncMode.APPROVAL);
    assertThat(approved.committed()).isTrue();
    assertThat(applied(approved)).containsExactlyInAnyOrder("DEACTIVATE_USER user5", "DEACTIVATE_USER user7",
        "REMOVE_MEMBERSHIP user5 Engineering", "REMOVE_MEMBERSHIP user7 Engineering");
    assertThat(approved.outcomes()).filteredOn(o -> o.change().subject().equals("user6")).hasSize(2)
        .allSatisfy(o -> {
          assertThat(o.status()).isEqualTo(ChangeOutcome.Status.SKIPPED);
          assertThat(o.message().orElse("")).isEqualTo("not applied: user6 is back in the IdP (active) since this"
              + " change was held; the next run updates the account instead");
        });
    assertThat(t.requireUser("user5").active()).isFalse();
    assertThat(t.requireUser("user6").active()).isTrue();
    assertThat(groupsOf(t, "user6")).contains("Engineering");
    assertThat(t.requireUser("user8").active()).isTrue();
    assertThat(s.heldChanges()).isEmpty();

    assertThatThrownBy(() -> s.approve(h.runId()))
        .isInstanceOf(UsersyncException.class)
        .hasMessageContaining("has no held changes to approve");
  }

  @Test
  void anApprovalAfterExpiryIsRefusedWithAClearMessage() {
    InMemoryDirectory d = directory(20);
    InMemoryTarget t = InMemoryTarget.create();
    MovableClock clock = new MovableClock(Instant.parse("2026-12-03T06:00:00Z"));
    UserSync s = sync(d, t).clock(clock).policy(SyncPolicy.builder()
        .heldChangesExpireAfter(Duration.ofDays(2)).build()).build();
    s.run();
    d.removeUser("u5").removeUser("u6").removeUser("u7");
    s.runFull();
    HeldChanges h = s.heldChanges().orElseThrow();

    assertThatThrownBy(() -> s.approve("20260101-000000-0000"))
        .isInstanceOf(UsersyncException.class)
        .hasMessageContaining("holds no changes of run 20260101-000000-0000: the held changes are those of run "
            + h.runId());
    clock.advance(Duration.ofDays(2));
    assertThatThrownBy(() -> s.approve(h.runId()))
        .isInstanceOf(UsersyncException.class)
        .hasMessage("the changes held by run " + h.runId() + " of the sync '" + s.name() + "' expired at"
            + " 2026-12-05T06:00:00Z (heldChangesExpireAfter: PT48H) and cannot be approved any more; run the"
            + " sync again: it plans them afresh from the IdP and holds them again for approval if they are"
            + " still over the thresholds");
    assertThat(t.requireUser("user5").active()).isTrue();
    assertThat(s.heldChanges()).contains(h);
  }

  @Test
  void aLaterRunThatPassesTheThresholdsClearsTheHeldChanges() {
    InMemoryDirectory d = directory(20);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    d.removeUser("u5").removeUser("u6").removeUser("u7");
    s.runFull();
    assertThat(s.heldChanges()).isPresent();

    d.putUser(user("u6", "user6")).putUser(user("u7", "user7"));
    SyncReport r = s.runFull();

    assertThat(r.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(t.requireUser("user5").active()).isFalse();
    assertThat(s.heldChanges()).isEmpty();
  }

  @Test
  void heldAnonymizationsAreComputedAgainWhenApproved() {
    InMemoryDirectory d = directory(20);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().missingUsers(SyncPolicy.MissingUserAction.ANONYMIZE).build())
        .build();
    s.run();
    d.removeUser("u5").removeUser("u6").removeUser("u7");
    s.runFull();

    SyncReport r = s.approve();

    assertThat(r.counts().anonymized()).isEqualTo(3);
    assertThat(linked(t, "u5").username()).matches("user-[0-9a-f]{12}");
    assertThat(linked(t, "u5").active()).isFalse();
    assertThat(s.runFull().outcomes()).isEmpty();
  }
}
