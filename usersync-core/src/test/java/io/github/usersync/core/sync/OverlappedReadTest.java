package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A full run lists the IdP's users alongside the group and member reads, and managers cost no
 * listing of their own (issue 20, "Overlapped reading").
 */
class OverlappedReadTest {
  /** An in-memory IdP that counts listings and can reverse, break off or hold its reads. */
  static class Directory implements IdpDirectory {
    final InMemoryDirectory d;
    final AtomicInteger listings = new AtomicInteger();
    final AtomicInteger userReads = new AtomicInteger();
    final AtomicInteger managerReads = new AtomicInteger();
    final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstUserListed = new CountDownLatch(1);
    final CountDownLatch listingClosed = new CountDownLatch(1);
    boolean reversed;
    boolean managersOnUsers = true;
    int breakOffAfter = -1;
    final AtomicInteger served = new AtomicInteger();
    /** When set, the listing waits after its first user until this is counted down. */
    @org.jspecify.annotations.Nullable CountDownLatch hold;

    Directory(InMemoryDirectory d) {
      this.d = d;
    }

    @Override public String providerId() { return "overlap-test"; }
    @Override public ConnectionReport checkConnection() { return d.checkConnection(); }

    @Override
    public DirectoryCapabilities capabilities() {
      EnumSet<Capability> c = EnumSet.copyOf(d.capabilities().supported());
      c.remove(Capability.CHANGES);
      if (!managersOnUsers) {
        c.remove(Capability.MANAGER_ON_USER);
      }
      return DirectoryCapabilities.builder().from(d.capabilities()).supported(c).build();
    }

    @Override
    public Stream<DirectoryUser> users(UserQuery q) {
      listings.incrementAndGet();
      calls.add("users");
      List<DirectoryUser> all = d.users(q).map(this::asListed).collect(Collectors.toList());
      if (reversed) {
        Collections.reverse(all);
      }
      served.set(0);
      return all.stream().peek(u -> {
        firstUserListed.countDown();
        CountDownLatch h = hold;
        if (served.get() == 1 && h != null) {
          try {
            h.await(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        if (served.getAndIncrement() >= breakOffAfter && breakOffAfter >= 0) {
          throw new UsersyncException("GET test://users failed (simulated): the listing broke off");
        }
      }).onClose(listingClosed::countDown);
    }

    @Override
    public Optional<DirectoryUser> user(String id, UserQuery q) {
      userReads.incrementAndGet();
      return d.user(id, q).map(this::asListed);
    }

    @Override
    public Stream<DirectoryGroup> groups() {
      calls.add("groups");
      return d.groups();
    }

    @Override
    public Stream<GroupMember> groupMembers(String g, Membership m) {
      calls.add("members");
      return d.groupMembers(g, m);
    }

    @Override
    public Optional<String> managerId(String userId) {
      managerReads.incrementAndGet();
      return d.managerId(userId);
    }

    private DirectoryUser asListed(DirectoryUser u) {
      return managersOnUsers ? u : DirectoryUser.builder().from(u).managerId(Optional.empty()).build();
    }
  }

  @Test
  void usersAreListedWhileTheGroupMembersAreRead() {
    // Each member read waits until the user listing has yielded a user. Read one after the other
    // (groups and members first, users after), the member reads would time out and fail.
    Directory idp = new Directory(directory(30)) {
      @Override
      public Stream<GroupMember> groupMembers(String g, Membership m) {
        try {
          if (!firstUserListed.await(20, TimeUnit.SECONDS)) {
            throw new UsersyncException("GET test://groups/" + g + "/members: the users were not listed meanwhile");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UsersyncException("interrupted", e);
        }
        return super.groupMembers(g, m);
      }
    };
    InMemoryTarget host = InMemoryTarget.create();

    SyncReport r = UserSync.builder(idp, host).mapper(new TestMapper()).build().run();

    assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(r.counts().created()).isEqualTo(30);
    assertThat(host.membershipCount()).isEqualTo(31); // 29 in Engineering, u1 in Platform and Engineering
    assertThat(idp.listings).hasValue(1);
  }

  @Test
  void managersAndPhotoFingerprintsAreReadWhileTheGroupMembersAreRead() {
    // Each member read waits until a manager share and a photo share were read. Were they read when
    // the plan takes the users (after the groups), the member reads would time out and fail.
    CountDownLatch managersRead = new CountDownLatch(1);
    CountDownLatch photosRead = new CountDownLatch(1);
    InMemoryDirectory d = directory(45);
    for (int i = 2; i <= 45; i++) {
      d.setManager("u" + i, "u1");
    }
    d.setPhoto("u7", io.github.usersync.core.model.Photo.of(new byte[] {1, 2, 3}, "image/png"));
    CountDownLatch groupsAsked = new CountDownLatch(1);
    Directory idp = new Directory(d) {
      @Override
      public Stream<DirectoryGroup> groups() {
        groupsAsked.countDown(); // the run is past its host read: the listing may go on
        return super.groups();
      }

      @Override
      public Stream<GroupMember> groupMembers(String g, Membership m) {
        try {
          if (!managersRead.await(20, TimeUnit.SECONDS) || !photosRead.await(20, TimeUnit.SECONDS)) {
            throw new UsersyncException("GET test://groups/" + g + "/members: no manager or photo read meanwhile");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new UsersyncException("interrupted", e);
        }
        return super.groupMembers(g, m);
      }

      @Override
      public java.util.Map<String, Optional<String>> managerIds(List<String> ids) {
        java.util.Map<String, Optional<String>> out = super.managerIds(ids);
        managersRead.countDown();
        return out;
      }

      @Override
      public java.util.Map<String, Optional<String>> photoFingerprints(List<String> ids) {
        java.util.Map<String, Optional<String>> out = new java.util.HashMap<>();
        ids.forEach(id -> out.put(id, d.photoFingerprint(id)));
        photosRead.countDown();
        return out;
      }

      @Override
      public Optional<io.github.usersync.core.model.Photo> photo(String id) {
        return d.photo(id);
      }
    };
    idp.managersOnUsers = false;
    idp.hold = groupsAsked; // 45 users in memory would all be listed before the run could watch the listing
    InMemoryTarget host = InMemoryTarget.create();

    SyncReport r = UserSync.builder(idp, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").photo(true).build())
        .policy(SyncPolicy.builder().readConcurrency(4).build()).build().run();

    assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(r.counts().managersSet()).isEqualTo(44);
    assertThat(r.counts().photosSet()).isEqualTo(1);
    assertThat(host.requireUser("user9").attributes()).containsEntry("managerEmail", "user1@example.com");
    assertThat(idp.managerReads).as("each manager read once (through the bulk default)").hasValue(45);
  }

  @Test
  void withAReadConcurrencyOfOneTheUsersAreListedAfterTheGroups() {
    Directory idp = new Directory(directory(30));
    InMemoryTarget host = InMemoryTarget.create();

    SyncReport r = UserSync.builder(idp, host).mapper(new TestMapper())
        .policy(SyncPolicy.builder().readConcurrency(1).build()).build().run();

    assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(idp.calls).containsExactly("groups", "members", "members", "users");
    assertThat(host.membershipCount()).isEqualTo(31);
  }

  @Test
  void aUserListedBeforeTheirManagerIsMappedOnceTheManagerIsListedWithoutASecondListing() {
    InMemoryDirectory d = directory(6);
    // Listed u6..u1: u4's and u2's managers come before them, u3's and u5's after; u1's is not in the IdP.
    d.setManager("u4", "u6").setManager("u2", "u5").setManager("u3", "u1").setManager("u5", "u1")
        .setManager("u1", "nobody");
    Directory idp = new Directory(d);
    idp.reversed = true;
    InMemoryTarget host = InMemoryTarget.create();

    SyncReport r = UserSync.builder(idp, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build()).build().run();

    assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(managerEmails(host)).containsExactly("user1=", "user2=user5@example.com", "user3=user1@example.com",
        "user4=user6@example.com", "user5=user1@example.com", "user6=");
    assertThat(host.requireUser("user3").managerKey()).contains(host.requireUser("user1").key());
    assertThat(idp.listings).as("one listing of the users").hasValue(1);
    assertThat(idp.userReads).as("no user read on its own").hasValue(0);
  }

  @Test
  void whereListedUsersLackTheirManagerItIsReadOncePerUserAndTheUsersListedOnce() {
    InMemoryDirectory d = directory(6);
    d.setManager("u4", "u6").setManager("u2", "u5").setManager("u3", "u1");
    Directory idp = new Directory(d);
    idp.reversed = true;
    idp.managersOnUsers = false;
    InMemoryTarget host = InMemoryTarget.create();

    SyncReport r = UserSync.builder(idp, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build()).build().run();

    assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(managerEmails(host)).containsExactly("user1=", "user2=user5@example.com", "user3=user1@example.com",
        "user4=user6@example.com", "user5=", "user6=");
    assertThat(r.counts().managersSet()).isEqualTo(3);
    assertThat(idp.listings).hasValue(1);
    assertThat(idp.managerReads).as("one manager read per user, shared by mapping and SET_MANAGER").hasValue(6);
  }

  @Test
  void aListingThatBreaksOffLeavesOutTheUsersStillWaitingForTheirManagerAndRemovesNobody() {
    InMemoryDirectory d = directory(6);
    d.setManager("u3", "u1");
    Directory idp = new Directory(d);
    idp.reversed = true;
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(idp, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build()).build();
    assertThat(sync.runFull().success()).isTrue();
    d.putUser(DirectoryUser.builder().from(d.user("u3", UserQuery.standard()).orElseThrow())
        .displayName("Renamed Three").build());
    d.putUser(DirectoryUser.builder().from(d.user("u4", UserQuery.standard()).orElseThrow())
        .displayName("Renamed Four").build());
    idp.breakOffAfter = 5; // u6..u2 listed; u1, u3's manager, not

    SyncReport r = sync.runFull();

    assertThat(r.status()).as(r.toText()).isEqualTo(SyncReport.Status.INCOMPLETE);
    assertThat(r.counts().updated()).as("u4 is planned; u3 waited for u1, which never came").isEqualTo(1);
    assertThat(host.requireUser("user4").displayName()).contains("Renamed Four");
    assertThat(host.requireUser("user3").displayName()).isNotEqualTo(Optional.of("Renamed Three"));
    assertThat(host.requireUser("user3").attributes()).containsEntry("managerEmail", "user1@example.com");
    assertThat(r.counts().deactivated()).isZero();
    assertThat(host.users().filter(HostUser::active).count()).isEqualTo(6);
    assertThat(r.plan().cleanupSkippedReason()).hasValueSatisfying(why -> assertThat(why).contains("1 users listed before it were not planned: their manager was not listed yet"));
  }

  @Test
  void aHostThatCannotBeReadStopsTheUserListing() {
    Directory idp = new Directory(directory(500));
    CountDownLatch hold = new CountDownLatch(1);
    idp.hold = hold;
    ForwardingTarget host = new ForwardingTarget(InMemoryTarget.create()) {
      @Override
      public Stream<HostUser> users() {
        try {
          idp.firstUserListed.await(20, TimeUnit.SECONDS); // fails once the listing is under way
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new UsersyncException("GET host://users failed (simulated)");
      }
    };
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      SyncReport failed = UserSync.builder(idp, host).mapper(new TestMapper()).executor(pool).build().run();
      hold.countDown();

      assertThat(failed.status()).isEqualTo(SyncReport.Status.FAILED);
      assertThat(failed.outcomes()).isEmpty();
      assertThat(idp.listings).hasValue(1);
      assertThat(awaitClosed(idp)).as("the listing read ahead is closed").isTrue();
      assertThat(idp.served.get()).as("it stopped after the user it was reading").isLessThan(500);
    } finally {
      hold.countDown();
      pool.shutdownNow();
    }
  }

  private static boolean awaitClosed(Directory idp) {
    try {
      return idp.listingClosed.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static List<String> managerEmails(InMemoryTarget host) {
    return host.users().map(u -> u.username() + "=" + u.attributes().getOrDefault("managerEmail", ""))
        .sorted().collect(Collectors.toList());
  }
}
