package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static io.github.usersync.core.sync.Fixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConnectionFailedException;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, problem 1 (the cursor moved past changes that failed) and the commit rule: the state is
 * written once, after apply, from the outcomes; users whose changes did not reach the host are
 * pending and re-read first; a host that cannot save fails the run and nothing is committed.
 */
class CommitRuleTest {
  private static List<String> applied(SyncReport r) {
    return r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.APPLIED)
        .map(o -> o.change().type() + " " + o.change().subject() + o.change().group().map(g -> " " + g).orElse(""))
        .sorted().collect(Collectors.toList());
  }

  /** Counts saves; can fail them. */
  static final class CountingStore implements SyncStateStore {
    final SyncStateStore store = SyncStateStore.inMemory();
    final AtomicInteger saves = new AtomicInteger();

    @Override
    public Optional<SyncState> load(String name) {
      return store.load(name);
    }

    @Override
    public void save(String name, SyncState state) {
      saves.incrementAndGet();
      store.save(name, state);
    }
  }

  @Test
  void aUserWhoseCreateFailedIsPendingAndCreatedByTheNextIncrementalRun() {
    InMemoryDirectory d = directory(30);
    AtomicBoolean down = new AtomicBoolean();
    InMemoryTarget t = InMemoryTarget.builder()
        .rejecting((op, subject) -> down.get() && subject.startsWith("user3")).build();
    CountingStore store = new CountingStore();
    UserSync s = sync(d, t).stateStore(store).build();
    s.run();
    d.putUser(user("u31", "user31"));
    d.addMember("g-eng", GroupMember.user("u31"));
    d.putUser(user("u32", "user32"));
    down.set(true);

    SyncReport failed = s.run();

    assertThat(failed.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(failed.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(failed.success()).isFalse();
    assertThat(failed.counts().failed()).isEqualTo(3); // two creates, one membership
    SyncState state = store.load(s.name()).orElseThrow();
    assertThat(state.pending()).containsOnlyKeys("u31", "u32");
    assertThat(state.pending()).hasEntrySatisfying("u31", p -> assertThat(p.reason()).contains("CREATE_USER user31").contains("refused by the host"));

    // Still down: the pending users are re-read and fail again; the run is not a success.
    SyncReport again = s.run();
    assertThat(again.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(again.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(again.plan().usersRead()).isEqualTo(2);

    down.set(false);
    SyncReport healed = s.run();
    assertThat(healed.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(healed.status()).as(healed.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(applied(healed)).containsExactly("ADD_MEMBERSHIP user31 Engineering", "CREATE_USER user31",
        "CREATE_USER user32");
    assertThat(store.load(s.name()).orElseThrow().pending()).isEmpty();
    assertThat(s.run().outcomes()).isEmpty();
    assertThat(store.saves).as("one save per run").hasValue(4 + 1);
  }

  @Test
  void aRunCarriesTheStateExtensionsOfOthersForward() {
    InMemoryDirectory d = directory(5);
    CountingStore store = new CountingStore();
    UserSync s = sync(d, InMemoryTarget.create()).stateStore(store).build();
    store.save(s.name(), SyncState.builder().putExtensions("scim", "{\"users\":[]}").build());

    s.run();
    s.run();

    SyncState after = store.load(s.name()).orElseThrow();
    assertThat(after.lastFullSync()).isPresent();
    assertThat(after.extensions()).containsEntry("scim", "{\"users\":[]}");
  }

  @Test
  void aDisplayNameUpdateTheHostFailedIsRetriedUntilItReachesTheHost() {
    InMemoryDirectory d = directory(5);
    AtomicBoolean down = new AtomicBoolean(true);
    InMemoryTarget t = InMemoryTarget.builder().rejecting((op, subject) -> down.get() && op.equals("update user")).build();
    UserSync s = sync(d, t).build();
    s.run();
    d.putUser(io.github.usersync.core.model.DirectoryUser.builder().from(user("u2", "user2"))
        .displayName("Second User").build());

    assertThat(s.run().counts().failed()).isEqualTo(1);
    assertThat(s.run().counts().failed()).as("re-planned from the pending set, not forgotten").isEqualTo(1);
    down.set(false);

    SyncReport r = s.run();

    assertThat(applied(r)).containsExactly("UPDATE_USER user2");
    assertThat(t.requireUser("user2").displayName()).contains("Second User");
  }

  @Test
  void whenTheTargetGoesDownMidRunEveryFailedUserIsCreatedLater() {
    InMemoryDirectory d = directory(150);
    AtomicInteger creates = new AtomicInteger();
    AtomicBoolean healthy = new AtomicBoolean(false);
    InMemoryTarget t = InMemoryTarget.builder().rejecting((op, subject) ->
        op.equals("create user") && !healthy.get() && creates.incrementAndGet() > 38).build();
    UserSync s = sync(d, t).build();

    SyncReport first = s.run();
    assertThat(first.counts().created()).isEqualTo(38);
    assertThat(first.counts().failed()).isGreaterThanOrEqualTo(112);
    healthy.set(true);

    SyncReport second = s.run();

    assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(second.counts().created()).isEqualTo(112);
    assertThat(second.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(t.users().count()).isEqualTo(150);
    assertThat(t.membershipCount()).isEqualTo(151);
  }

  @Test
  void aHostThatCannotSaveFailsTheRunAndNothingIsCommitted() {
    InMemoryDirectory d = directory(10);
    AtomicBoolean broken = new AtomicBoolean(true);
    InMemoryTarget memory = InMemoryTarget.create();
    ForwardingTarget t = new ForwardingTarget(memory) {
      @Override
      public void flush() {
        if (broken.get()) {
          throw new UncheckedIOException("cannot write the host file /ro/host.json: Permission denied",
              new java.io.IOException("Permission denied"));
        }
      }
    };
    CountingStore store = new CountingStore();
    UserSync s = UserSync.builder(d, t).mapper(new TestMapper()).stateStore(store).name("unsaved").build();

    SyncReport r = s.run();

    assertThat(r.success()).isFalse();
    assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(r.committed()).isFalse();
    assertThat(r.error()).hasValueSatisfying(e -> assertThat(e)
        .contains("the host could not save this run's changes: cannot write the host file /ro/host.json")
        .contains("nothing was committed"));
    assertThat(r.toText()).contains(": failed").contains("Error: the host could not save");
    assertThat(store.load("unsaved")).isEmpty();
    assertThat(store.saves).hasValue(0);

    broken.set(false);
    SyncReport next = s.run();
    assertThat(next.mode()).as("no cursor was committed: full again").isEqualTo(SyncMode.FULL);
    assertThat(next.committed()).isTrue();
    assertThat(store.load("unsaved").orElseThrow().cursor()).isPresent();
  }

  @Test
  void aCrashDuringApplyCommitsNothingAndTheNextRunConverges() {
    InMemoryDirectory d = directory(20);
    InMemoryTarget t = InMemoryTarget.create();
    CountingStore store = new CountingStore();
    AtomicInteger applied = new AtomicInteger();
    SyncListener crashing = new SyncListener() {
      @Override
      public void changeApplied(ChangeOutcome outcome, long done, long total) {
        if (applied.incrementAndGet() == 10) {
          throw new IllegalStateException("the JVM died here");
        }
      }
    };
    UserSync crashes = sync(d, t).stateStore(store).listener(crashing).build();
    assertThatThrownBy(crashes::run).hasMessageContaining("the JVM died here");
    assertThat(store.saves).hasValue(0);

    UserSync s = UserSync.builder(d, t).mapper(new TestMapper()).stateStore(store).name(crashes.name()).build();
    SyncReport r = s.run();

    assertThat(r.mode()).isEqualTo(SyncMode.FULL);
    assertThat(r.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(t.users().count()).isEqualTo(20);
    assertThat(t.membershipCount()).isEqualTo(21);
    assertThat(s.plan().changes()).isEmpty();
  }

  @Test
  void aRunThatLostItsLockCommitsNothing() {
    InMemoryDirectory d = directory(10);
    AtomicBoolean held = new AtomicBoolean(true);
    SyncLock lease = name -> Optional.of(new SyncLock.Handle() {
      @Override
      public void close() {}

      @Override
      public boolean isHeld() {
        return held.get();
      }
    });
    SyncListener takenOver = new SyncListener() {
      @Override
      public void changeApplied(ChangeOutcome outcome, long done, long total) {
        held.set(false); // another node took the lease over while this run applied
      }
    };
    CountingStore store = new CountingStore();
    UserSync s = sync(d, InMemoryTarget.create()).lock(lease).listener(takenOver).stateStore(store).build();

    SyncReport r = s.run();

    assertThat(r.status()).isEqualTo(SyncReport.Status.FAILED);
    assertThat(r.committed()).isFalse();
    assertThat(r.error()).hasValueSatisfying(e -> assertThat(e).contains("the run lost its lock")
        .contains("nothing was committed"));
    assertThat(store.saves).hasValue(0);

    SyncReport next = s.run();
    assertThat(next.error()).hasValueSatisfying(e -> assertThat(e).contains("nothing was applied or committed"));
    assertThat(next.counts().changes()).isZero();
  }

  @Test
  void aReadThatBreaksOffDoesNotMoveTheCursorNorTheLastFullRun() {
    InMemoryDirectory d = directory(30);
    InMemoryTarget t = InMemoryTarget.create();
    CountingStore store = new CountingStore();
    UserSync s = sync(d, t).stateStore(store).build();
    s.run();
    SyncState before = store.load(s.name()).orElseThrow();
    d.failUserListingAfter(15);

    SyncReport r = s.runFull();

    assertThat(r.status()).isEqualTo(SyncReport.Status.INCOMPLETE);
    assertThat(r.committed()).isTrue();
    SyncState after = store.load(s.name()).orElseThrow();
    assertThat(after.cursor()).isEqualTo(before.cursor());
    assertThat(after.lastFullSync()).isEqualTo(before.lastFullSync());
    assertThat(r.plan().notes()).anyMatch(n -> n.contains("the change cursor did not move"));
  }

  @Test
  void aGuardHeldRunIsNotASuccessAndItsUsersStayPending() {
    InMemoryDirectory d = directory(40);
    InMemoryTarget t = InMemoryTarget.create();
    CountingStore store = new CountingStore();
    UserSync s = sync(d, t).stateStore(store)
        .policy(SyncPolicy.builder().maxDestructiveChanges(3).maxDestructivePercent(50).build()).build();
    s.run();
    for (int i = 1; i <= 4; i++) {
      d.removeUser("u" + i);
    }

    SyncReport held = s.run();

    assertThat(held.status()).isEqualTo(SyncReport.Status.GUARD_HELD);
    assertThat(held.success()).isFalse();
    assertThat(held.toJson()).contains("\"status\" : \"guard-held\"").contains("\"success\" : false");
    assertThat(store.load(s.name()).orElseThrow().pending()).containsOnlyKeys("u1", "u2", "u3", "u4");

    // Re-planned from the pending set by the next incremental run: still held.
    SyncReport again = s.run();
    assertThat(again.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(again.status()).isEqualTo(SyncReport.Status.GUARD_HELD);
    assertThat(again.counts().skipped()).isEqualTo(4);
  }

  @Test
  void aFailedGroupsReadStillCreatesAndUpdatesUsersButHoldsCleanupBack() {
    InMemoryDirectory d = directory(10);
    InMemoryTarget t = InMemoryTarget.create();
    CountingStore store = new CountingStore();
    UserSync s = sync(d, t).stateStore(store).policy(SyncPolicy.builder().maxDestructivePercent(50).build()).build();
    s.run();
    SyncState before = store.load(s.name()).orElseThrow();
    d.putUser(user("u11", "user11"));
    d.addMember("g-eng", GroupMember.user("u11"));
    d.putUser(user("u3", "user3", true, "Legal"));
    d.removeUser("u4");
    d.removeMember("g-eng", GroupMember.user("u5"));
    d.failGroupReads(new ConnectionFailedException("memory", "GET memory://groups",
        ConnectionFailedException.Problem.CONNECTION_RESET, "memory", 0, "Simulated.", null));

    SyncReport r = s.runFull();

    assertThat(r.status()).isEqualTo(SyncReport.Status.INCOMPLETE);
    assertThat(applied(r)).containsExactly("CREATE_USER user11", "UPDATE_USER user3");
    assertThat(r.cleanupSkippedReason().orElseThrow()).contains("reading the IdP's groups failed");
    assertThat(r.plan().notes()).anyMatch(n -> n.startsWith("memberships were not synchronised"));
    assertThat(t.requireUser("user4").active()).isTrue();
    assertThat(t.groupsOfUser(t.requireUser("user5").key())).contains("Engineering");
    assertThat(store.load(s.name()).orElseThrow().cursor()).isEqualTo(before.cursor());

    d.failGroupReads(null);
    SyncReport healed = s.run();
    assertThat(healed.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(applied(healed)).contains("ADD_MEMBERSHIP user11 Engineering", "DEACTIVATE_USER user4",
        "REMOVE_MEMBERSHIP user5 Engineering");
  }

  @Test
  void withRequiredGroupsAndNoGroupsReadNewUsersAreNotCreated() {
    InMemoryDirectory d = directory(3);
    d.putGroup(io.github.usersync.core.model.DirectoryGroup.of("g-j", "jira-users"));
    d.addMember("g-j", GroupMember.user("u1"));
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).policy(SyncPolicy.builder().addRequiredGroups("jira-users").build()).build();
    s.run();
    d.putUser(user("u1", "user1", true, "Sales"));
    d.failGroupReads(new ConnectionFailedException("memory", "GET memory://groups",
        ConnectionFailedException.Problem.CONNECTION_RESET, "memory", 0, "Simulated.", null));

    SyncReport r = s.runFull();

    assertThat(applied(r)).containsExactly("UPDATE_USER user1");
    assertThat(r.plan().notes()).anyMatch(n -> n.contains("2 users new to the host were not created"));
    assertThat(t.users().map(HostUser::username).collect(Collectors.toList())).containsExactly("user1");
  }

  @Test
  void theReportSaysHowTheRunEnded() {
    InMemoryDirectory d = directory(2);
    SyncReport ok = sync(d, InMemoryTarget.create()).build().run();
    assertThat(ok.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(ok.status().id()).isEqualTo("success");
    assertThat(ok.committed()).isTrue();
    assertThat(ok.toJson()).contains("\"status\" : \"success\"").contains("\"committed\" : true");

    SyncReport dry = sync(d, InMemoryTarget.create()).build().dryRun();
    assertThat(dry.committed()).isFalse();

    List<SyncReport.Status> ids = new ArrayList<>(List.of(SyncReport.Status.values()));
    assertThat(ids).extracting(SyncReport.Status::id).containsExactly("success", "guard-held", "incomplete", "failed");
  }
}
