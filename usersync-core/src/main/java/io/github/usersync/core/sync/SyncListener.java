package io.github.usersync.core.sync;

/**
 * Receives progress, e.g. to drive a progress bar. Called from the thread running the sync (or an
 * apply worker); implementations must be quick and thread-safe.
 */
public interface SyncListener {
  /** A new phase began. */
  default void phase(SyncPhase phase) {}

  /** Users read from the IdP so far (called every 1,000 users and at the end). */
  default void usersRead(long count) {}

  /** The plan is ready; {@code changes} will be applied. */
  default void planned(SyncPlan plan) {}

  /** One change was applied (or failed): {@code done} of {@code total}. */
  default void changeApplied(ChangeOutcome outcome, long done, long total) {}

  /** The run finished. */
  default void finished(SyncReport report) {}

  /** A listener that ignores everything. */
  static SyncListener none() {
    return new SyncListener() {};
  }
}
