package io.github.usersync.jdbc;

import io.github.usersync.testkit.RunJournal;

/** A racer of {@link RunJournal#raceTwoProcesses} on the JDBC lock of the database at {@code args[4]}. */
final class LockedSyncMain {
  private LockedSyncMain() {}

  public static void main(String[] args) throws InterruptedException {
    RunJournal.runInChild(args, JdbcSyncLock.create(new UrlDataSource(args[4])));
  }
}
