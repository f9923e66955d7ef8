package io.github.usersync.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.testkit.MutableClock;
import io.github.usersync.testkit.RunJournal;
import io.github.usersync.testkit.SyncLockContract;
import io.github.usersync.testkit.SyncStateStoreContract;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the JDBC store and lock add to the contracts, run on each database by a subclass. */
abstract class JdbcStoreAndLockTest {
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  @TempDir Path dir;

  /** The JDBC URL of the database under test, reachable from another JVM. */
  abstract String url();

  /** The type name the database reports for a column of long text. */
  abstract String textTypeName();

  DataSource dataSource() {
    return new UrlDataSource(url());
  }

  private String name(String base) {
    return base + "-" + run;
  }

  @Test
  void anExpiredLeaseIsTakenOverAndItsHolderLearnsItLostIt() throws Exception {
    MutableClock clock = new MutableClock(Instant.now());
    JdbcSyncLock a = JdbcSyncLock.builder(dataSource()).leaseTime(Duration.ofSeconds(10))
        .renewEvery(Duration.ofMillis(50)).clock(clock).build();
    MutableClock later = new MutableClock(clock.instant().plusSeconds(60));
    JdbcSyncLock b = JdbcSyncLock.builder(dataSource()).leaseTime(Duration.ofSeconds(10)).clock(later).build();

    try (SyncLock.Handle first = a.acquire(name("takeover"))) {
      assertThat(first.isHeld()).isTrue();
      assertThat(b.holder(name("takeover"))).as("an expired lease has no holder").isEmpty();

      try (SyncLock.Handle second = b.acquire(name("takeover"))) {
        assertThat(second.isHeld()).isTrue();
        // a's renewer finds the row no longer its own
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (first.isHeld() && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(first.isHeld()).isFalse();
        first.close();
        assertThat(second.isHeld()).as("closing the lost lease must not release the new one").isTrue();
        assertThat(a.tryAcquire(name("takeover"))).isEmpty();
      }
    }
  }

  @Test
  void aLeaseNotRenewedInTimeIsNoLongerHeld() {
    MutableClock clock = new MutableClock(Instant.now());
    JdbcSyncLock lock = JdbcSyncLock.builder(dataSource()).leaseTime(Duration.ofSeconds(10))
        .renewEvery(Duration.ofSeconds(9)).clock(clock).build();
    try (SyncLock.Handle h = lock.acquire(name("unrenewed"))) {
      clock.advance(Duration.ofSeconds(9));
      assertThat(h.isHeld()).isTrue();
      clock.advance(Duration.ofSeconds(2));
      assertThat(h.isHeld()).isFalse();
    }
  }

  @Test
  void aRunLongerThanTheLeaseKeepsItByRenewing() throws Exception {
    JdbcSyncLock lock = JdbcSyncLock.builder(dataSource()).leaseTime(Duration.ofSeconds(1))
        .renewEvery(Duration.ofMillis(100)).build();
    try (SyncLock.Handle h = lock.acquire(name("renewed"))) {
      Thread.sleep(2_500);
      assertThat(h.isHeld()).isTrue();
      assertThat(JdbcSyncLock.create(dataSource()).tryAcquire(name("renewed"))).isEmpty();
      assertThat(lock.holder(name("renewed")).orElseThrow().expires().orElseThrow()).isAfter(Instant.now());
    }
  }

  @Test
  void tablesAreCreatedOnFirstUseWithThePrefixAndLongText() throws Exception {
    String prefix = "t" + run + "_";
    JdbcSyncStateStore store = JdbcSyncStateStore.builder(dataSource()).tablePrefix(prefix).build();
    JdbcSyncLock lock = JdbcSyncLock.builder(dataSource()).tablePrefix(prefix).build();
    assertThat(store.tableName()).isEqualTo(prefix + "sync_state");
    assertThat(lock.tableName()).isEqualTo(prefix + "sync_lock");

    store.save("x", SyncState.empty());
    lock.acquire("x").close();

    assertThat(columnType(prefix + "sync_state", "state_json")).isEqualToIgnoringCase(textTypeName());
    assertThat(JdbcSyncStateStore.create(dataSource()).load("x")).as("another prefix, other tables").isEmpty();
  }

  @Test
  void concurrentFirstUseCreatesTheTablesOnce() throws Exception {
    String prefix = "c" + run + "_";
    int nodes = 4;
    CyclicBarrier start = new CyclicBarrier(nodes);
    List<CompletableFuture<Void>> all = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      String sync = "node-" + i;
      all.add(CompletableFuture.runAsync(() -> {
        try {
          start.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        JdbcSyncStateStore.builder(dataSource()).tablePrefix(prefix).build().save(sync, SyncState.empty());
        JdbcSyncLock.builder(dataSource()).tablePrefix(prefix).build().acquire(sync).close();
      }));
    }
    CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(120, TimeUnit.SECONDS);
    JdbcSyncStateStore store = JdbcSyncStateStore.builder(dataSource()).tablePrefix(prefix).build();
    for (int i = 0; i < nodes; i++) {
      assertThat(store.load("node-" + i)).contains(SyncState.empty());
    }
  }

  @Test
  void connectionsGoBackInTheirAutoCommitMode() {
    DataSource manual = new UrlDataSource(url(), false);
    JdbcSyncStateStore store = JdbcSyncStateStore.create(manual);

    store.save(name("manual-commit"), SyncState.empty());

    assertThat(JdbcSyncStateStore.create(dataSource()).load(name("manual-commit"))).contains(SyncState.empty());
  }

  @Test
  void badPrefixesAndNamesAreRefused() {
    assertThatThrownBy(() -> JdbcSyncStateStore.builder(dataSource()).tablePrefix("x; DROP TABLE y; --"))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("tablePrefix");
    assertThatThrownBy(() -> JdbcSyncLock.create(dataSource()).tryAcquire("n".repeat(201)))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("at most 200 characters");
  }

  @Test
  void twoEnginesInTwoProcessesNeverApplyAtOnce() throws Exception {
    RunJournal journal = RunJournal.at(dir.resolve("journal.txt"));

    int refused = journal.raceTwoProcesses(LockedSyncMain.class, name("processes"), Duration.ofSeconds(120), url());

    assertThat(refused).isZero();
    assertThat(journal.applyWindows()).isEqualTo(2);
  }

  @Test
  void withoutWaitingTheSecondProcessIsRefusedNamingTheFirst() throws Exception {
    RunJournal journal = RunJournal.at(dir.resolve("journal.txt"));

    int refused = journal.raceTwoProcesses(LockedSyncMain.class, name("no-wait"), Duration.ZERO, url());

    assertThat(journal.applyWindows()).isEqualTo(2 - refused);
  }

  /** The state store contract on this database. */
  @Nested
  class StateStoreContract extends SyncStateStoreContract {
    @Override
    protected SyncStateStore createStore() {
      return JdbcSyncStateStore.create(dataSource());
    }

    @Override
    protected SyncStateStore reopen(SyncStateStore store) {
      return createStore();
    }
  }

  /** The lock contract on this database. */
  @Nested
  class LockContract extends SyncLockContract {
    @Override
    protected SyncLock createLock() {
      return JdbcSyncLock.create(dataSource());
    }
  }

  private String columnType(String table, String column) throws SQLException {
    try (Connection c = dataSource().getConnection()) {
      for (String t : List.of(table, table.toUpperCase(Locale.ROOT), table.toLowerCase(Locale.ROOT))) {
        try (ResultSet r = c.getMetaData().getColumns(null, null, t, null)) {
          while (r.next()) {
            if (r.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
              return r.getString("TYPE_NAME");
            }
          }
        }
      }
    }
    throw new AssertionError("no column " + column + " in " + table);
  }
}
