package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static io.github.usersync.core.sync.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class IncrementalAndSingleUserTest {
  private static List<String> applied(SyncReport r) {
    return r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.APPLIED)
        .map(o -> o.change().type() + " " + o.change().subject() + o.change().group().map(g -> " " + g).orElse(""))
        .sorted().collect(Collectors.toList());
  }

  @Test
  void afterAFullRunScheduledRunsReadOnlyTheChanges() {
    InMemoryDirectory d = directory(50);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    assertThat(s.run().mode()).isEqualTo(SyncMode.FULL);

    d.putUser(user("u7", "user7", true, "Sales"));
    d.putUser(user("u51", "user51"));
    d.addMember("g-plat", GroupMember.user("u51"));
    d.removeMember("g-eng", GroupMember.user("u9"));
    d.removeUser("u50");
    long before = d.requestStats().requests();
    SyncReport r = s.run();

    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(applied(r)).containsExactly(
        "ADD_MEMBERSHIP user51 Engineering", "ADD_MEMBERSHIP user51 Platform",
        "CREATE_USER user51", "DEACTIVATE_USER user50",
        "REMOVE_MEMBERSHIP user9 Engineering", "UPDATE_USER user7");
    assertThat(t.requireUser("user7").attributes()).containsEntry("department", "Sales");
    // far fewer reads than listing 50 users again
    assertThat(d.requestStats().requests() - before).isLessThan(15);
    assertThat(s.run().outcomes()).isEmpty();
  }

  @Test
  void untrackedMembershipsAreReReadByEnumeratingGroups() {
    InMemoryDirectory d = directory(20);
    IdpDirectory okta = new Untracked(d);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = UserSync.builder(okta, t).mapper(new TestMapper()).name("untracked").build();
    s.run();

    d.removeMember("g-eng", GroupMember.user("u3"));
    d.addMember("g-plat", GroupMember.user("u4"));
    SyncReport r = s.run();

    assertThat(r.error()).isEmpty();
    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(applied(r)).containsExactly("ADD_MEMBERSHIP user4 Platform", "REMOVE_MEMBERSHIP user3 Engineering");
  }

  @Test
  void anExpiredCursorFallsBackToAFullRunAndSaysSo() {
    InMemoryDirectory d = directory(20);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.run();
    d.putUser(user("u21", "user21"));
    d.expireCursors();

    SyncReport r = s.run();

    assertThat(r.mode()).isEqualTo(SyncMode.FULL);
    assertThat(r.plan().notes()).anyMatch(n -> n.contains("stored change cursor is no longer accepted") && n.contains("ran a full sync instead"));
    assertThat(applied(r)).contains("CREATE_USER user21");
    assertThat(s.run().mode()).isEqualTo(SyncMode.INCREMENTAL);
  }

  @Test
  void aFullRunIsMadeWhenTheLastOneIsOlderThanTheInterval() {
    InMemoryDirectory d = directory(5);
    InMemoryTarget t = InMemoryTarget.create();
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync s = sync(d, t).stateStore(store)
        .policy(SyncPolicy.builder().fullSyncInterval(java.time.Duration.ZERO).build()).build();
    s.run();

    assertThat(s.run().mode()).isEqualTo(SyncMode.FULL);
    assertThat(store.load(s.name()).flatMap(SyncState::lastFullSync)).isPresent();
  }

  @Test
  void syncUserRefreshesOneUserAtLogin() {
    InMemoryDirectory d = directory(30);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();

    UserSyncResult created = s.syncUser("u2");
    assertThat(created.status()).isEqualTo(UserSyncResult.Status.CREATED);
    assertThat(created.allowed()).isTrue();
    assertThat(created.user().map(HostUser::username)).contains("user2");
    assertThat(t.groupsOfUser(created.user().orElseThrow().key())).containsExactly("Engineering");
    assertThat(t.users().count()).isEqualTo(1);

    d.putUser(user("u2", "user2", true, "Legal"));
    d.removeMember("g-eng", GroupMember.user("u2"));
    d.addMember("g-plat", GroupMember.user("u2"));
    UserSyncResult updated = s.syncUser("u2");
    assertThat(updated.status()).isEqualTo(UserSyncResult.Status.UPDATED);
    assertThat(applied(updated.report())).containsExactly("ADD_MEMBERSHIP user2 Platform",
        "CREATE_GROUP Platform", "UPDATE_USER user2");
    // transitive: Platform is nested in Engineering, so user2 stays in Engineering too
    assertThat(t.groupsOfUser(t.requireUser("user2").key())).containsExactlyInAnyOrder("Platform", "Engineering");

    assertThat(s.syncUser("u2").status()).isEqualTo(UserSyncResult.Status.UNCHANGED);
  }

  @Test
  void syncUserDeactivatesAUserTheIdpNoLongerKnows() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    s.syncUser("u3");

    d.removeUser("u3");
    UserSyncResult r = s.syncUser("u3");

    assertThat(r.status()).isEqualTo(UserSyncResult.Status.DEACTIVATED);
    assertThat(r.allowed()).isFalse();
    assertThat(t.requireUser("user3").active()).isFalse();
    assertThat(s.syncUser("nobody").status()).isEqualTo(UserSyncResult.Status.REFUSED);
  }

  @Test
  void syncUserRefusesAnInactiveOrOutOfScopeUser() {
    InMemoryDirectory d = directory(3);
    d.putGroup(DirectoryGroup.of("g-j", "jira-users"));
    d.addMember("g-j", GroupMember.user("u1"));
    d.putUser(user("u2", "user2", false, "R&D"));
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().addRequiredGroups("jira-users").build()).build();

    UserSyncResult out = s.syncUser("u3");
    assertThat(out.status()).isEqualTo(UserSyncResult.Status.REFUSED);
    assertThat(out.reason()).hasValueSatisfying(m -> assertThat(m).contains("user3 is not in a required group (jira-users)"));

    d.addMember("g-j", GroupMember.user("u2"));
    UserSyncResult inactive = s.syncUser("u2");
    assertThat(inactive.status()).isEqualTo(UserSyncResult.Status.REFUSED);
    assertThat(inactive.reason()).contains("user2 is inactive in the IdP");
    assertThat(t.users().count()).isZero();

    assertThat(s.syncUser("u1").status()).isEqualTo(UserSyncResult.Status.CREATED);
  }

  @Test
  void jitFromClaimsCreatesThenUpdatesAUser() {
    InMemoryDirectory d = InMemoryDirectory.create();
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).build();
    Map<String, Object> claims = Map.of("sub", "00u-jane", "email", "jane@example.com",
        "preferred_username", "jane", "name", "Jane Doe", "department", "R&D",
        "groups", List.of("Engineering", "drop-me"));

    UserSyncResult first = s.provisionFromClaims(claims);
    assertThat(first.status()).isEqualTo(UserSyncResult.Status.CREATED);
    HostUser jane = first.user().orElseThrow();
    assertThat(jane.username()).isEqualTo("jane");
    assertThat(jane.displayName()).contains("Jane Doe");
    assertThat(jane.externalId()).contains("00u-jane");
    assertThat(jane.attributes()).containsEntry("department", "R&D");
    assertThat(t.groupsOfUser(jane.key())).containsExactly("Engineering");

    Map<String, Object> later = Map.of("sub", "00u-jane", "email", "jane.doe@example.com",
        "preferred_username", "jane", "name", "Jane Doe", "department", "Legal", "groups", "Engineering,Platform");
    UserSyncResult second = s.provisionFromClaims(later);
    assertThat(second.status()).isEqualTo(UserSyncResult.Status.UPDATED);
    HostUser updated = second.user().orElseThrow();
    assertThat(updated.key()).isEqualTo(jane.key());
    assertThat(updated.email()).contains("jane.doe@example.com");
    assertThat(updated.attributes()).containsEntry("department", "Legal");
    assertThat(t.groupsOfUser(jane.key())).containsExactlyInAnyOrder("Engineering", "Platform");
    assertThat(s.provisionFromClaims(later).status()).isEqualTo(UserSyncResult.Status.UNCHANGED);
  }

  @Test
  void jitRefusesClaimsWithoutASubjectOrOutOfScope() {
    InMemoryDirectory d = InMemoryDirectory.create();
    d.putGroup(DirectoryGroup.of("jira-users", "jira-users"));
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().addRequiredGroups("jira-users").build()).build();

    UserSyncResult noSub = s.provisionFromClaims(Map.of("email", "x@example.com"));
    assertThat(noSub.status()).isEqualTo(UserSyncResult.Status.FAILED);
    assertThat(noSub.reason()).hasValueSatisfying(m -> assertThat(m).contains("no 'sub' claim"));

    UserSyncResult out = s.provisionFromClaims(Map.of("sub", "1", "email", "x@example.com", "groups", List.of("other")));
    assertThat(out.status()).isEqualTo(UserSyncResult.Status.REFUSED);
    assertThat(t.users().count()).isZero();

    assertThat(s.provisionFromClaims(Map.of("sub", "1", "email", "x@example.com", "groups", List.of("jira-users"))).allowed()).isTrue();
  }

  @Test
  void jitCanEnrichTheClaimsFromTheIdp() {
    InMemoryDirectory d = directory(3);
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).claimsMapping(ClaimsMapping.builder().enrichment(ClaimsMapping.Enrichment.BY_EMAIL).build()).build();

    UserSyncResult r = s.provisionFromClaims(Map.of("sub", "ignored", "email", "user1@example.com"));

    assertThat(r.status()).isEqualTo(UserSyncResult.Status.CREATED);
    HostUser u = r.user().orElseThrow();
    assertThat(u.externalId()).contains("u1");
    assertThat(t.groupsOfUser(u.key())).containsExactlyInAnyOrder("Engineering", "Platform");
  }

  /** A directory that reports changes like Okta does: users only, memberships not tracked. */
  static final class Untracked implements IdpDirectory {
    private final InMemoryDirectory d;

    Untracked(InMemoryDirectory d) {
      this.d = d;
    }

    @Override public String providerId() { return "untracked"; }
    @Override public DirectoryCapabilities capabilities() { return d.capabilities(); }
    @Override public Stream<DirectoryUser> users(UserQuery q) { return d.users(q); }
    @Override public Optional<DirectoryUser> user(String id, UserQuery q) { return d.user(id, q); }
    @Override public Stream<DirectoryGroup> groups() { return d.groups(); }
    @Override public Stream<GroupMember> groupMembers(String g, Membership m) { return d.groupMembers(g, m); }
    @Override public Stream<DirectoryGroup> groupsOfUser(String u, Membership m) { return d.groupsOfUser(u, m); }
    @Override public ChangeCursor startChangeTracking(UserQuery q) { return d.startChangeTracking(q); }
    @Override public Optional<String> managerId(String u) { return d.managerId(u); }
    @Override public ConnectionReport checkConnection() { return d.checkConnection(); }

    @Override
    public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery q) {
      DirectoryChanges c = d.changesSince(cursor, q);
      return DirectoryChanges.builder().from(c).membershipChanges(List.of()).membershipsTracked(false).build();
    }
  }
}
