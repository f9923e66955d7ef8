package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.sync.SyncLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file lock adds to the contract: holder info in the file, the OS freeing a killed holder's lock, processes. */
class FileSyncLockTest {
  private static final Duration START = Duration.ofSeconds(120);
  @TempDir Path dir;

  @Test
  void theLockFileNamesTheHolder() throws Exception {
    SyncLock lock = SyncLock.file(dir);
    try (SyncLock.Handle h = lock.acquire("okta to jira")) {
      JsonNode content = new ObjectMapper().readTree(dir.resolve("usersync-okta%20to%20jira.lock").toFile());
      assertThat(content.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
      assertThat(content.path("host").asText()).isNotBlank();
      SyncLock.Holder holder = lock.holder("okta to jira").orElseThrow();
      assertThat(holder.since().toString()).isEqualTo(content.path("since").asText());
      assertThat(holder.describe()).startsWith("pid " + ProcessHandle.current().pid() + " on host ");
    }
    assertThat(Files.readString(dir.resolve("usersync-okta%20to%20jira.lock"))).isEmpty();
  }

  @Test
  void aLockFileDeletedWhileHeldNoLongerHolds() throws Exception {
    try (SyncLock.Handle h = SyncLock.file(dir).acquire("deleted")) {
      Files.delete(dir.resolve("usersync-deleted.lock"));
      assertThat(h.isHeld()).isFalse();
    }
  }

  @Test
  void aHolderInAnotherProcessIsNamedAndItsDeathFreesTheLock() throws Exception {
    SyncLock lock = SyncLock.file(dir);
    try (ChildJvm child = ChildJvm.start(ChildMains.HoldFileLock.class, dir.toString(), "nightly")) {
      child.awaitLine("held", START);

      assertThat(lock.tryAcquire("nightly")).isEmpty();
      assertThat(lock.holder("nightly").orElseThrow().pid()).hasValue(child.pid());

      child.kill();
      // The OS released the dead process's lock; its line in the file no longer counts.
      assertThat(lock.holder("nightly")).isEmpty();
      try (SyncLock.Handle h = lock.acquire("nightly")) {
        assertThat(lock.holder("nightly").orElseThrow().pid()).hasValue(ProcessHandle.current().pid());
      }
    }
  }

  @Test
  void twoEnginesInTwoProcessesNeverApplyAtOnce() throws Exception {
    RunJournal journal = RunJournal.at(dir.resolve("journal.txt"));

    int refused = journal.raceTwoProcesses(ChildMains.LockedSync.class, "two-processes", Duration.ofSeconds(120),
        dir.resolve("locks").toString());

    assertThat(refused).isZero();
    assertThat(journal.applyWindows()).isEqualTo(2);
  }

  @Test
  void withoutWaitingTheSecondProcessIsRefusedOrRunsAfterTheFirst() throws Exception {
    RunJournal journal = RunJournal.at(dir.resolve("journal.txt"));

    int refused = journal.raceTwoProcesses(ChildMains.LockedSync.class, "no-wait", Duration.ZERO,
        dir.resolve("locks").toString());

    assertThat(journal.applyWindows()).isEqualTo(2 - refused);
  }
}
