package io.github.usersync.examples;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.SyncScheduler;
import io.github.usersync.core.sync.UserSync;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A sync on a Quartz cron schedule, with a manual "sync now"; runs never overlap, and where the IdP
 * can list changes, scheduled runs after the first read only the changes.
 */
public final class ScheduledSyncExample {
  private ScheduledSyncExample() {}

  /** Runs the example. */
  public static void main(String[] args) throws Exception {
    run(System.out);
  }

  static List<SyncReport> run(PrintStream out) throws Exception {
    InMemoryDirectory idp = InMemoryDirectory.create();
    idp.putUser(DirectoryUser.builder().id("u1").username("grace@example.com").active(true).build());
    UserSync sync = UserSync.builder(idp, InMemoryTarget.create()).name("scheduled-example").build();

    List<SyncReport> reports = new CopyOnWriteArrayList<>();
    CountDownLatch twoRuns = new CountDownLatch(2);
    // every second here; in a host something like "0 0/15 * * * ?" (every 15 minutes)
    try (SyncScheduler scheduler = SyncScheduler.builder(sync, "* * * * * ?")
        .onReport(r -> {
          reports.add(r);
          out.println(r.mode() + " run: " + r.counts());
          twoRuns.countDown();
        })
        .build()
        .start()) {
      scheduler.syncNow().get(30, TimeUnit.SECONDS); // an admin's "sync now" button, waited for
      idp.putUser(DirectoryUser.builder().id("u2").username("hopper@example.com").active(true).build());
      twoRuns.await(30, TimeUnit.SECONDS);
    } // close() waits for a run in progress
    return reports;
  }
}
