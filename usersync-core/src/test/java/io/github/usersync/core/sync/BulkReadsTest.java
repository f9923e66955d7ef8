package io.github.usersync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.UserQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 20: the engine reads managers, photo fingerprints and photos of many users through the
 * bulk methods ({@code managerIds}, {@code photoFingerprints}, {@code photos}) in shares, and a
 * user a bulk read left out fails alone.
 */
class BulkReadsTest {
  /** Lists users without managers (as Graph does); records the bulk calls; leaves out some users. */
  static final class Bulk extends ManagersTest.ManagerEndpoint {
    final List<Integer> managerShares = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> fingerprintShares = Collections.synchronizedList(new ArrayList<>());
    final List<Integer> photoShares = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger singleReads = new AtomicInteger();
    final List<String> photosAlone = Collections.synchronizedList(new ArrayList<>());
    final List<UserQuery> queries = Collections.synchronizedList(new ArrayList<>());

    Bulk(InMemoryDirectory d) {
      super(d);
    }

    @Override
    public Stream<DirectoryUser> users(UserQuery q) {
      queries.add(q);
      return super.users(q);
    }

    @Override
    public Optional<String> photoFingerprint(String userId) {
      singleReads.incrementAndGet();
      return d.photoFingerprint(userId);
    }

    @Override
    public Optional<Photo> photo(String userId) {
      photosAlone.add(userId);
      return d.photo(userId);
    }

    @Override
    public Map<String, Optional<String>> managerIds(List<String> ids) {
      managerShares.add(ids.size());
      Map<String, Optional<String>> out = new java.util.HashMap<>();
      ids.forEach(id -> out.put(id, d.managerId(id)));
      return out;
    }

    @Override
    public Map<String, Optional<String>> photoFingerprints(List<String> ids) {
      fingerprintShares.add(ids.size());
      Map<String, Optional<String>> out = new java.util.HashMap<>();
      ids.stream().filter(id -> !id.equals("u3")).forEach(id -> out.put(id, d.photoFingerprint(id)));
      return out; // u3's read "failed": left out
    }

    @Override
    public Map<String, Optional<Photo>> photos(List<String> ids) {
      photoShares.add(ids.size());
      Map<String, Optional<Photo>> out = new java.util.HashMap<>();
      ids.stream().filter(id -> !id.equals("u5")).forEach(id -> out.put(id, d.photo(id)));
      return out; // u5's download "failed": left out
    }
  }

  @Test
  void managersAndPhotosAreReadInSharesAndAUserLeftOutFailsAlone() {
    InMemoryDirectory idp = Fixture.directory(45);
    for (int i = 2; i <= 45; i++) {
      idp.setManager("u" + i, "u1");
    }
    for (int i = 1; i <= 9; i += 2) {
      idp.setPhoto("u" + i, Photo.of(("photo " + i).getBytes(StandardCharsets.UTF_8), "image/png"));
    }
    Bulk directory = new Bulk(idp);
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory, host)
        .mapper(UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").photo(true).build())
        .build();

    SyncReport r = sync.run();

    assertThat(directory.managerCalls).as("no per-user manager read").hasValue(0);
    assertThat(directory.singleReads).as("no per-user fingerprint read").hasValue(0);
    assertThat(directory.managerShares).as("45 users in shares of at least 20").containsExactlyInAnyOrder(20, 20, 5);
    assertThat(directory.fingerprintShares).containsExactlyInAnyOrder(20, 20, 5);
    assertThat(directory.photoShares).as("the 4 changed photos u3 is not among").containsExactly(4);
    assertThat(directory.photosAlone).as("u5, left out of the bulk download").containsExactly("u5");
    assertThat(host.requireUser("user7").attributes()).containsEntry("managerEmail", "user1@example.com");
    assertThat(r.counts().managersSet()).isEqualTo(44);
    assertThat(host.requireUser("user5").photoFingerprint()).isPresent();
    assertThat(host.requireUser("user3").photoFingerprint()).as("left as it is this run").isEmpty();
    assertThat(r.counts().photosSet()).isEqualTo(4);
    assertThat(directory.queries).as("the sync's listing asks for managers").anyMatch(UserQuery::managers);
  }
}
