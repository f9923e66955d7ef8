package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.model.TargetCapabilities;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 17, problem 3: a photo removed in the IdP is removed in the host, and {@code syncUser}
 * refreshes the photo when the mapping asks for photos.
 */
class PhotosTest {
  private static final TestMapper PHOTOS = new TestMapper() {
    @Override
    public boolean usesPhoto() {
      return true; // as a mapping with "photo: true" says
    }
  };

  private static Photo photo(String text) {
    return Photo.of(text.getBytes(StandardCharsets.UTF_8), "image/png");
  }

  private static List<String> applied(SyncReport r) {
    return r.outcomes().stream().filter(o -> o.status() == ChangeOutcome.Status.APPLIED)
        .map(o -> o.change().type() + " " + o.change().subject() + " " + o.change().reason())
        .sorted().collect(Collectors.toList());
  }

  @Test
  void aPhotoRemovedInTheIdpIsRemovedInTheHost() {
    InMemoryDirectory d = directory(3);
    d.setPhoto("u1", photo("one")).setPhoto("u2", photo("two"));
    InMemoryTarget t = InMemoryTarget.create();
    SyncStateStore store = SyncStateStore.inMemory();
    UserSync s = sync(d, t).mapper(PHOTOS).stateStore(store).build();
    assertThat(s.run().counts().photosSet()).isEqualTo(2);
    assertThat(store.load(s.name()).orElseThrow().photos()).containsOnlyKeys("u1", "u2");

    d.setPhoto("u2", null);
    SyncReport r = s.runFull();

    assertThat(applied(r)).containsExactly("SET_PHOTO user2 photo removed in the IdP");
    assertThat(r.counts().photosRemoved()).isEqualTo(1);
    assertThat(t.requireUser("user2").photoFingerprint()).isEmpty();
    assertThat(t.requireUser("user1").photoFingerprint()).contains(photo("one").fingerprint());
    assertThat(store.load(s.name()).orElseThrow().photos()).containsOnlyKeys("u1");
    assertThat(s.runFull().outcomes()).isEmpty();
  }

  @Test
  void whereTheHostKeepsNoFingerprintTheStateSaysWhichPhotoUsersyncSet() {
    InMemoryDirectory d = directory(3);
    d.setPhoto("u1", photo("one"));
    InMemoryTarget memory = InMemoryTarget.create();
    AtomicInteger sets = new AtomicInteger();
    ForwardingTarget jira = new ForwardingTarget(memory) {
      @Override
      public Stream<HostUser> users() {
        return super.users().map(u -> HostUser.builder().from(u).photoFingerprint(java.util.Optional.empty()).build());
      }

      @Override
      public void setPhoto(String key, Photo p) {
        sets.incrementAndGet();
        super.setPhoto(key, p);
      }
    };
    UserSync s = UserSync.builder(d, jira).mapper(PHOTOS).name("no-fingerprint").build();

    s.runFull();
    assertThat(s.runFull().outcomes()).as("not set again on every run").isEmpty();
    assertThat(sets).hasValue(1);

    d.setPhoto("u1", null);
    SyncReport r = s.runFull();
    assertThat(applied(r)).containsExactly("SET_PHOTO user1 photo removed in the IdP");
    assertThat(memory.requireUser("user1").photoFingerprint()).isEmpty();
  }

  @Test
  void aHostThatCannotRemovePhotosSaysSoOnce() {
    InMemoryDirectory d = directory(2);
    d.setPhoto("u1", photo("one"));
    InMemoryTarget t = InMemoryTarget.builder()
        .capabilities(TargetCapabilities.builder().keepsPhotos(true).build()).build();
    UserSync s = sync(d, t).mapper(PHOTOS).build();
    s.run();

    d.setPhoto("u1", null);
    SyncReport r = s.runFull();

    assertThat(r.status()).isEqualTo(SyncReport.Status.SUCCESS);
    assertThat(r.outcomes()).singleElement().satisfies(o -> {
      assertThat(o.status()).isEqualTo(ChangeOutcome.Status.SKIPPED);
      assertThat(o.message().orElseThrow()).contains("memory cannot remove photos");
    });
    assertThat(s.runFull().outcomes()).isEmpty();
  }

  @Test
  void syncUserRefreshesThePhotoWhenTheMappingAsks() {
    InMemoryDirectory d = directory(3);
    d.setPhoto("u2", photo("v1"));
    InMemoryTarget t = InMemoryTarget.create();
    UserSync s = sync(d, t).mapper(PHOTOS).build();

    UserSyncResult created = s.syncUser("u2");
    assertThat(created.status()).isEqualTo(UserSyncResult.Status.CREATED);
    assertThat(created.user().orElseThrow().photoFingerprint()).contains(photo("v1").fingerprint());

    d.setPhoto("u2", photo("v2"));
    UserSyncResult updated = s.syncUser("u2");
    assertThat(updated.status()).isEqualTo(UserSyncResult.Status.UPDATED);
    assertThat(applied(updated.report())).containsExactly("SET_PHOTO user2 photo changed in the IdP");
    assertThat(t.requireUser("user2").photoFingerprint()).contains(photo("v2").fingerprint());

    d.setPhoto("u2", null);
    assertThat(applied(s.syncUser("u2").report())).containsExactly("SET_PHOTO user2 photo removed in the IdP");
    assertThat(t.requireUser("user2").photoFingerprint()).isEmpty();
    assertThat(s.syncUser("u2").status()).isEqualTo(UserSyncResult.Status.UNCHANGED);
  }
}
