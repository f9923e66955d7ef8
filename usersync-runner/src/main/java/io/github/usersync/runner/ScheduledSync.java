package io.github.usersync.runner;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.sync.SyncScheduler;
import java.util.List;

/**
 * A config's sync running on its schedule ({@link ConfigRunner#schedule}): the scheduler, with the
 * source, the target and the sync's lock held open until {@link #close()}.
 */
public final class ScheduledSync implements AutoCloseable {
  private final SyncScheduler scheduler;
  private final List<AutoCloseable> resources;

  ScheduledSync(SyncScheduler scheduler, List<AutoCloseable> resources) {
    this.scheduler = scheduler;
    this.resources = resources;
  }

  /** The scheduler: next run, "sync now", the last report. */
  public SyncScheduler scheduler() {
    return scheduler;
  }

  /** Stops the schedule, waits for a run in progress, then closes the target (writing it), the source and the lock. */
  @Override
  public void close() {
    UsersyncException failure = null;
    try {
      scheduler.close();
    } finally {
      for (AutoCloseable r : resources) {
        try {
          r.close();
        } catch (Exception e) {
          if (failure == null) {
            failure = e instanceof UsersyncException ? (UsersyncException) e
                : new UsersyncException("closing the scheduled sync failed: " + e.getMessage(), e);
          } else {
            failure.addSuppressed(e);
          }
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
