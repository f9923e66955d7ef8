package io.github.usersync.core;

import io.github.usersync.core.sync.SyncLock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A run of the same sync is already in progress (in this JVM, in another process, or on another
 * cluster node, depending on the {@link SyncLock}). Runs never overlap; try again when it has
 * finished. Names the holder where the lock can tell.
 */
public class SyncInProgressException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final String syncName;
  private final transient SyncLock.@Nullable Holder holder;

  /** Creates the exception for the sync named {@code name}, holder unknown. */
  public SyncInProgressException(String name) {
    this(name, null, Duration.ZERO);
  }

  /**
   * Creates the exception for the sync named {@code name}, held by {@code holder} (null when
   * unknown) after waiting {@code waited} for it.
   */
  public SyncInProgressException(String name, SyncLock.@Nullable Holder holder, Duration waited) {
    super("a run of the sync '" + name + "' is already in progress"
        + (holder == null ? "" : " (" + holder.describe() + ")")
        + (waited.isZero() ? "" : "; waited " + text(waited) + " for it to finish")
        + "; runs never overlap, so try again when it has finished");
    this.syncName = name;
    this.holder = holder;
  }

  /** The sync's name. */
  public String syncName() {
    return syncName;
  }

  /** Who holds the lock, where the lock could tell. */
  public Optional<SyncLock.Holder> holder() {
    return Optional.ofNullable(holder);
  }

  private static String text(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.getSeconds() + "s" : d.toMillis() + "ms";
  }
}
