package io.github.usersync.core;

/**
 * A run of the same sync is already in progress (in this JVM, or on another cluster node when the
 * host supplies a cluster lock). Runs never overlap; try again when it has finished.
 */
public class SyncInProgressException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception for the sync named {@code name}. */
  public SyncInProgressException(String name) {
    super("a run of the sync '" + name + "' is already in progress; runs never overlap, so try again"
        + " when it has finished");
  }
}
