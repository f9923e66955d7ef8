package io.github.usersync.jdbc;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.testkit.RunJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Run in a second JVM: waits for the file {@code args[3]}, then runs a sync named {@code args[2]}
 * under the JDBC lock of the database at {@code args[0]} (waiting up to {@code args[4]} ms),
 * journalled in {@code args[1]}. Exits 4 when the lock refused the run.
 */
final class LockedSyncMain {
  private LockedSyncMain() {}

  public static void main(String[] args) throws InterruptedException {
    SyncLock lock = JdbcSyncLock.create(new UrlDataSource(args[0]))
        .waitingUpTo(Duration.ofMillis(Long.parseLong(args[4])));
    System.out.println("ready");
    Path go = Path.of(args[3]);
    while (!Files.exists(go)) {
      Thread.sleep(10);
    }
    try {
      System.out.println("created " + RunJournal.at(Path.of(args[1])).runSync(lock, args[2], 60).counts().created());
    } catch (SyncInProgressException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(4);
    }
  }
}
