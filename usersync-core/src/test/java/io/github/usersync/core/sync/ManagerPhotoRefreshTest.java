package io.github.usersync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.Photo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: with {@link SyncPolicy#managerRefreshRuns()} or {@link SyncPolicy#photoRefreshRuns()}
 * above 1, a full run reads managers or photos (which the listing does not carry) for new and
 * pending users and for one share of the others, a different share each full run, and keeps what the host has for the rest: nothing is
 * cleared or changed for a user it did not read, and a change in the IdP arrives within that many
 * full runs.
 */
class ManagerPhotoRefreshTest {
  private static final int USERS = 200;
  private static final UserMapping MAPPING =
      UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").photo(true).build();

  /** Lists users without managers (as Graph does) and records whose managers and photos are read. */
  static class Recording extends ManagersTest.ManagerEndpoint {
    final List<String> managersAsked = Collections.synchronizedList(new ArrayList<>());
    final List<String> photosAsked = Collections.synchronizedList(new ArrayList<>());
    final List<Boolean> listingsAskedForManagers = Collections.synchronizedList(new ArrayList<>());

    Recording(InMemoryDirectory d) {
      super(d);
    }

    @Override
    public java.util.stream.Stream<io.github.usersync.core.model.DirectoryUser> users(
        io.github.usersync.core.spi.UserQuery query) {
      listingsAskedForManagers.add(query.managers());
      return super.users(query);
    }

    @Override
    public Map<String, Optional<String>> managerIds(List<String> ids) {
      return record(ids, managersAsked, d::managerId);
    }

    @Override
    public Map<String, Optional<String>> photoFingerprints(List<String> ids) {
      return record(ids, photosAsked, d::photoFingerprint);
    }

    private static Map<String, Optional<String>> record(List<String> ids, List<String> asked,
        java.util.function.Function<String, Optional<String>> read) {
      asked.addAll(ids);
      Map<String, Optional<String>> out = new java.util.HashMap<>();
      ids.forEach(id -> out.put(id, read.apply(id)));
      return out;
    }

    @Override
    public Optional<Photo> photo(String userId) {
      return d.photo(userId);
    }

    @Override
    public Optional<String> photoFingerprint(String userId) {
      throw new AssertionError("read in bulk only");
    }

    void clear() {
      managersAsked.clear();
      photosAsked.clear();
    }
  }

  /** As {@link Recording}, with more capabilities of the underlying directory (its change feed, ...). */
  static final class With extends Recording {
    private final java.util.EnumSet<io.github.usersync.core.model.Capability> more;

    With(InMemoryDirectory d, io.github.usersync.core.model.Capability... more) {
      super(d);
      this.more = java.util.EnumSet.copyOf(java.util.Arrays.asList(more));
    }

    @Override
    public io.github.usersync.core.model.DirectoryCapabilities capabilities() {
      java.util.EnumSet<io.github.usersync.core.model.Capability> c =
          java.util.EnumSet.copyOf(super.capabilities().supported());
      c.addAll(more);
      return io.github.usersync.core.model.DirectoryCapabilities.builder().from(super.capabilities()).supported(c)
          .build();
    }

    @Override
    public io.github.usersync.core.model.ChangeCursor startChangeTracking(io.github.usersync.core.spi.UserQuery q) {
      return d.startChangeTracking(q);
    }

    @Override
    public io.github.usersync.core.model.DirectoryChanges changesSince(io.github.usersync.core.model.ChangeCursor c,
        io.github.usersync.core.spi.UserQuery q) {
      return d.changesSince(c, q);
    }
  }

  private static InMemoryDirectory directory() {
    InMemoryDirectory idp = Fixture.directory(USERS);
    for (int i = 2; i <= USERS; i++) {
      idp.setManager("u" + i, "u1");
    }
    for (int i = 1; i <= USERS; i += 3) {
      idp.setPhoto("u" + i, photo("photo " + i));
    }
    return idp;
  }

  private static Photo photo(String text) {
    return Photo.of(text.getBytes(StandardCharsets.UTF_8), "image/png");
  }

  private static UserSync sync(Recording idp, InMemoryTarget host, SyncStateStore store, int runs) {
    return UserSync.builder(idp, host).mapper(MAPPING).stateStore(store).name("spread")
        .policy(spread(runs, runs)).build();
  }

  private static SyncPolicy spread(int managerRuns, int photoRuns) {
    return SyncPolicy.builder().managerRefreshRuns(managerRuns).photoRefreshRuns(photoRuns).build();
  }

  @Test
  void aFullRunRereadsOneShareAndTheSharesCoverEveryUserOnceOverNRuns() {
    InMemoryDirectory idp = directory();
    Recording directory = new Recording(idp);
    InMemoryTarget host = InMemoryTarget.create();
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync sync = sync(directory, host, store, 4);

    SyncReport first = sync.run();
    assertThat(directory.managersAsked).as("a first sync: every user is new to the host").hasSize(USERS);
    assertThat(directory.photosAsked).hasSize(USERS);
    assertThat(first.counts().managersSet()).isEqualTo(USERS - 1);
    assertThat(first.counts().photosSet()).isEqualTo(67);
    assertThat(store.load("spread").orElseThrow().fullRuns()).isEqualTo(1);

    Set<String> managersSeen = new HashSet<>();
    Set<String> photosSeen = new HashSet<>();
    for (int run = 2; run <= 5; run++) {
      int share = (run - 1) % 4 + 1; // full run number run-1, counted from 0
      directory.clear();
      SyncReport r = sync.run();
      assertThat(r.plan().changes()).as("run %d of an unchanged directory plans nothing", run).isEmpty();
      assertThat(directory.photosAsked).as("run %d reads one share, about a quarter", run)
          .hasSizeBetween(USERS / 8, USERS / 2);
      // u1 has no manager, and its host account neither a manager nor a managerEmail: kept as none
      // outside its share, like the others.
      assertThat(directory.managersAsked).containsExactlyInAnyOrderElementsOf(directory.photosAsked);
      for (String id : directory.photosAsked) {
        assertThat(photosSeen.add(id)).as("%s read twice in 4 runs", id).isTrue();
      }
      managersSeen.addAll(directory.managersAsked);
      assertThat(r.plan().notes()).anySatisfy(n -> assertThat(n)
          .startsWith("managers were re-read").contains("share " + share + " of 4 of the others (managerRefreshRuns 4)")
          .contains((USERS - directory.managersAsked.size()) + " were kept"));
      assertThat(r.plan().notes()).anySatisfy(n -> assertThat(n)
          .startsWith("photos were re-checked").contains("share " + share + " of 4 of the others (photoRefreshRuns 4)")
          .contains((USERS - directory.photosAsked.size()) + " were kept"));
    }
    assertThat(managersSeen).as("every user re-read once in 4 full runs").hasSize(USERS);
    assertThat(directory.listingsAskedForManagers).as("only the first sync needs every user's manager")
        .containsExactly(true, false, false, false, false);
    assertThat(photosSeen).hasSize(USERS);
    assertThat(host.requireUser("user7").attributes()).as("kept, not cleared").containsEntry("managerEmail",
        "user1@example.com");
    assertThat(store.load("spread").orElseThrow().fullRuns()).isEqualTo(5);
  }

  @Test
  void changesArriveWithinNRunsAndNewAndPendingUsersAreAlwaysRead() {
    InMemoryDirectory idp = directory();
    Recording directory = new Recording(idp);
    InMemoryTarget host = InMemoryTarget.create();
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync sync = sync(directory, host, store, 3);
    sync.run();

    idp.setManager("u8", "u2");
    idp.setPhoto("u10", photo("a new photo")); // u10 had one (1 + 3·3)
    idp.setPhoto("u4", null);                  // u4 had one too
    idp.putUser(Fixture.user("u999", "user999"));
    idp.setManager("u999", "u1");
    idp.addMember("g-eng", io.github.usersync.core.model.GroupMember.user("u999"));

    boolean managerArrived = false;
    boolean photoArrived = false;
    boolean photoRemoved = false;
    for (int run = 1; run <= 3; run++) {
      directory.clear();
      SyncReport r = sync.run();
      if (run == 1) {
        assertThat(directory.managersAsked).as("a user new to the host is read in the run that creates it")
            .contains("u999");
        assertThat(host.requireUser("user999").attributes()).containsEntry("managerEmail", "user1@example.com");
      }
      boolean u8 = directory.managersAsked.contains("u8");
      assertThat(r.counts().managersSet()).as("run %d", run).isEqualTo((u8 ? 1 : 0) + (run == 1 ? 1 : 0));
      assertThat(host.requireUser("user8").attributes().get("managerEmail"))
          .isEqualTo(u8 || managerArrived ? "user2@example.com" : "user1@example.com");
      managerArrived |= u8;
      photoArrived |= directory.photosAsked.contains("u10");
      photoRemoved |= directory.photosAsked.contains("u4");
      assertThat(r.counts().photosRemoved()).isEqualTo(directory.photosAsked.contains("u4") ? 1 : 0);
    }
    assertThat(managerArrived).as("the manager change arrived within 3 full runs").isTrue();
    assertThat(photoArrived && photoRemoved).isTrue();
    assertThat(host.requireUser("user4").photoFingerprint()).isEmpty();
    assertThat(host.requireUser("user10").photoFingerprint()).isEqualTo(idp.photoFingerprint("u10"));
  }

  @Test
  void aPendingUserIsReadOutsideItsShare() {
    InMemoryDirectory idp = directory();
    Recording directory = new Recording(idp);
    InMemoryTarget host = InMemoryTarget.create();
    SyncStateStore store = SyncStateStore.inMemory();
    sync(directory, host, store, 3).run(); // full run 0: every user is new
    // A user of share 0, which full runs 1 and 2 do not re-read.
    String id = java.util.stream.IntStream.rangeClosed(2, USERS).mapToObj(i -> "u" + i)
        .filter(u -> io.github.usersync.core.sync.internal.Source.shareOf(u, 3) == 0).findFirst().orElseThrow();
    String username = "user" + id.substring(1);
    idp.putUser(io.github.usersync.core.model.DirectoryUser.builder().from(Fixture.user(id, username))
        .displayName("Renamed " + username).build());
    idp.setManager(id, "u2");
    ForwardingTarget failing = new ForwardingTarget(host) {
      @Override
      public io.github.usersync.core.model.HostUser updateUser(String k,
          io.github.usersync.core.model.HostUserUpdate u) {
        throw new io.github.usersync.core.ProvisioningException("update user", k, "the host is busy", null);
      }
    };
    directory.clear();
    UserSync.builder(directory, failing).mapper(MAPPING).stateStore(store).name("spread")
        .policy(spread(3, 3)).build().run();
    assertThat(directory.managersAsked).as("share 1 of 3 does not hold %s", id).doesNotContain(id);
    assertThat(store.load("spread").orElseThrow().pending()).containsKey(id);

    directory.clear();
    SyncReport r = sync(directory, host, store, 3).run(); // full run 2: share 2 does not hold it either
    assertThat(directory.managersAsked).as("pending, so read").contains(id);
    assertThat(directory.photosAsked).contains(id);
    assertThat(host.requireUser(username).attributes()).containsEntry("managerEmail", "user2@example.com");
    assertThat(r.counts().managersSet()).isEqualTo(1);
  }

  @Test
  void byDefaultEveryManagerIsReadEveryFullRunAndPhotosInEightShares() {
    Recording directory = new Recording(directory());
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, host).mapper(MAPPING).stateStore(SyncStateStore.inMemory()).build();
    sync.run();
    assertThat(directory.photosAsked).as("a first sync reads every photo").hasSize(USERS);
    Set<String> photosSeen = new HashSet<>();
    for (int run = 2; run <= 9; run++) {
      directory.clear();
      SyncReport r = sync.run();
      assertThat(r.plan().changes()).isEmpty();
      assertThat(directory.managersAsked).hasSize(USERS);
      assertThat(directory.photosAsked).as("run %d re-checks about an eighth of the photos", run)
          .hasSizeBetween(USERS / 16, USERS / 4);
      photosSeen.addAll(directory.photosAsked);
      assertThat(r.plan().notes()).noneMatch(n -> n.contains("managerRefreshRuns"))
          .anyMatch(n -> n.contains("of 8 of the others (photoRefreshRuns 8)"));
    }
    assertThat(photosSeen).as("every photo re-checked within 8 full runs").hasSize(USERS);
    assertThat(directory.listingsAskedForManagers).as("every full run lists users with their managers")
        .containsOnly(true).hasSize(9);
  }

  @Test
  void managersAndPhotosSpreadIndependently() {
    Recording directory = new Recording(directory());
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, host).mapper(MAPPING).stateStore(SyncStateStore.inMemory())
        .policy(spread(5, 1)).build();
    sync.run();
    directory.clear();
    SyncReport r = sync.run();
    assertThat(directory.photosAsked).as("photoRefreshRuns 1: every photo").hasSize(USERS);
    assertThat(directory.managersAsked).as("managerRefreshRuns 5: a fifth, and u1 (no manager)")
        .hasSizeBetween(USERS / 10, USERS / 3);
    assertThat(r.plan().notes()).anyMatch(n -> n.contains("(managerRefreshRuns 5)"))
        .noneMatch(n -> n.contains("photoRefreshRuns"));
    assertThat(directory.listingsAskedForManagers).containsExactly(true, false);
  }

  @Test
  void byDefaultManagersAreSpreadOnlyWhereIncrementalRunsBringTheirChanges() {
    // An IdP with a change feed (Entra's delta carries manager@delta), incremental runs on (the
    // default): full runs re-read one share of 16 of the managers.
    With feed = new With(directory(), io.github.usersync.core.model.Capability.CHANGES,
        io.github.usersync.core.model.Capability.CHANGES_REPORT_MANAGERS);
    UserSync sync = UserSync.builder(feed, InMemoryTarget.create()).mapper(MAPPING)
        .stateStore(SyncStateStore.inMemory()).build();
    sync.runFull();
    assertThat(feed.managersAsked).hasSize(USERS);
    feed.clear();
    SyncReport r = sync.runFull();
    assertThat(feed.managersAsked).as("a sixteenth, and u1 (no manager)").hasSizeBetween(2, USERS / 8);
    assertThat(r.plan().notes()).anyMatch(n -> n.contains("of 16 of the others (managerRefreshRuns 16)"));
    assertThat(feed.listingsAskedForManagers).containsExactly(true, false);

    // The same IdP synchronised by full runs only: every manager every run.
    With fullOnly = new With(directory(), io.github.usersync.core.model.Capability.CHANGES,
        io.github.usersync.core.model.Capability.CHANGES_REPORT_MANAGERS);
    UserSync full = UserSync.builder(fullOnly, InMemoryTarget.create()).mapper(MAPPING)
        .stateStore(SyncStateStore.inMemory()).policy(SyncPolicy.builder().incremental(false).build()).build();
    full.runFull();
    fullOnly.clear();
    full.runFull();
    assertThat(fullOnly.managersAsked).hasSize(USERS);
    assertThat(fullOnly.listingsAskedForManagers).containsExactly(true, true);

    // A change feed that does not report managers: every manager every full run.
    With silent = new With(directory(), io.github.usersync.core.model.Capability.CHANGES);
    UserSync quiet = UserSync.builder(silent, InMemoryTarget.create()).mapper(MAPPING)
        .stateStore(SyncStateStore.inMemory()).build();
    quiet.runFull();
    silent.clear();
    quiet.runFull();
    assertThat(silent.managersAsked).hasSize(USERS);

    // Set explicitly, it holds whatever the schedule.
    With set = new With(directory(), io.github.usersync.core.model.Capability.CHANGES);
    UserSync explicit = UserSync.builder(set, InMemoryTarget.create()).mapper(MAPPING)
        .stateStore(SyncStateStore.inMemory()).policy(SyncPolicy.builder().managerRefreshRuns(1).build()).build();
    explicit.runFull();
    set.clear();
    explicit.runFull();
    assertThat(set.managersAsked).hasSize(USERS);
  }

  @Test
  void whereTheListingAnswersManagersAndPhotosNothingIsSpread() {
    // Google: managers from the users' relations, photo etags on the listed users.
    With listing = new With(directory(), io.github.usersync.core.model.Capability.CHANGES,
        io.github.usersync.core.model.Capability.MANAGER_FROM_LISTING,
        io.github.usersync.core.model.Capability.PHOTO_FINGERPRINT_FROM_LISTING);
    UserSync sync = UserSync.builder(listing, InMemoryTarget.create()).mapper(MAPPING)
        .stateStore(SyncStateStore.inMemory()).policy(spread(4, 4)).build();
    sync.runFull();
    listing.clear();
    SyncReport r = sync.runFull();
    assertThat(listing.managersAsked).hasSize(USERS);
    assertThat(listing.photosAsked).hasSize(USERS);
    assertThat(r.plan().notes()).noneMatch(n -> n.contains("RefreshRuns"));
    assertThat(listing.listingsAskedForManagers).containsExactly(true, true);
  }

  @Test
  void sequentialIdsFallEvenlyIntoShares() {
    int[] counts = new int[16];
    for (int i = 0; i < 20_000; i++) {
      counts[io.github.usersync.core.sync.internal.Source.shareOf(
          "6e7b768e-07e2-4810-8459-" + String.format(java.util.Locale.ROOT, "%012x", i), 16)]++;
    }
    // 1,250 each on average; String.hashCode alone gives 842 to 1,657 for these ids.
    assertThat(java.util.Arrays.stream(counts).boxed()).allSatisfy(c -> assertThat(c).isBetween(1_150, 1_350));
  }

  @Test
  void aUserWithoutAManagerInTheHostIsReadOnlyWhereTheHostShowsAManagersFields() {
    InMemoryDirectory idp = directory();
    // u7's manager is deactivated, so not provisioned: the host has no manager for user7 but has
    // its managerEmail, taken from the IdP's record of that manager.
    idp.putUser(Fixture.user("u900", "user900", false, "none"));
    idp.setManager("u7", "u900");
    Recording directory = new Recording(idp);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = sync(directory, host, SyncStateStore.inMemory(), 50);
    sync.run();
    assertThat(host.requireUser("user7").managerKey()).isEmpty();
    assertThat(host.requireUser("user7").attributes()).containsEntry("managerEmail", "user900@example.com");
    assertThat(host.requireUser("user1").managerKey()).isEmpty();
    assertThat(host.requireUser("user1").attributes()).doesNotContainKey("managerEmail");

    for (int run = 2; run <= 4; run++) {
      directory.clear();
      SyncReport r = sync.run();
      assertThat(r.plan().changes()).isEmpty();
      assertThat(directory.managersAsked).as("run %d: user7 may have a manager the host lacks", run).contains("u7");
      if (io.github.usersync.core.sync.internal.Source.shareOf("u1", 50) != (run - 1) % 50) {
        assertThat(directory.managersAsked).as("run %d: u1 has none, and nothing on the host says otherwise", run)
            .doesNotContain("u1");
      }
    }
    assertThat(host.requireUser("user7").attributes()).as("kept, not cleared").containsEntry("managerEmail",
        "user900@example.com");

    // Managers as links only: nothing on the host tells "none" from "a manager not provisioned yet".
    Recording links = new Recording(directory());
    UserSync linksOnly = UserSync.builder(links, InMemoryTarget.create())
        .mapper(UserMapping.defaults().toBuilder().manager(true).build()).stateStore(SyncStateStore.inMemory())
        .policy(spread(50, 50)).build();
    linksOnly.run();
    links.clear();
    linksOnly.run();
    assertThat(links.managersAsked).contains("u1");
  }

  @Test
  void zeroRunsIsRefused() {
    assertThatThrownBy(() -> SyncPolicy.builder().managerRefreshRuns(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("managerRefreshRuns must be at least 1");
    assertThatThrownBy(() -> SyncPolicy.builder().photoRefreshRuns(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("photoRefreshRuns must be at least 1");
  }
}
