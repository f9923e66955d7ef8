package io.github.usersync.core.sync;

import io.github.usersync.core.state.internal.FileSyncStateStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a host keeps each sync's {@link SyncState} (the engine's memory) between runs: a file for
 * the CLI, a database row for a clustered host, a plugin setting.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>{@link #save} is atomic: after a crash, {@link #load} returns either the state before the
 *       save or the state saved, never a mix or a truncated document.
 *   <li>States of different sync names are independent.
 *   <li>{@link SyncStateJson} turns a state into one JSON document and back, so a store may keep
 *       just a string per sync name.
 * </ul>
 *
 * The in-memory store forgets on restart: the next run is then a full one and groups usersync
 * managed before are no longer known to it. {@link #file(Path)} keeps states in a file (the CLI);
 * {@code JdbcSyncStateStore} in {@code usersync-jdbc} in a database table (clustered hosts). The
 * contract is tested by the testkit's {@code SyncStateStoreContract}.
 */
public interface SyncStateStore {
  /** The stored state of the sync named {@code syncName}; empty before its first committed run. */
  Optional<SyncState> load(String syncName);

  /** Replaces the stored state of the sync named {@code syncName}, atomically. */
  void save(String syncName, SyncState state);

  /**
   * A store in one JSON file, holding a {@link SyncStateJson} document per sync name. Each save
   * rewrites the file atomically (a temporary file beside it, forced to disk, renamed over it), so
   * a crash leaves the state before or after the save; a temporary file a killed save left behind
   * is deleted by the next save. Saves from several processes into one file are serialised by an
   * OS lock on {@code <file>.lock}. A file that is not such a document is reported, never
   * overwritten.
   */
  static SyncStateStore file(Path file) {
    return FileSyncStateStore.at(file);
  }

  /** A store in memory. */
  static SyncStateStore inMemory() {
    Map<String, SyncState> states = new ConcurrentHashMap<>();
    return new SyncStateStore() {
      @Override
      public Optional<SyncState> load(String syncName) {
        return Optional.ofNullable(states.get(syncName));
      }

      @Override
      public void save(String syncName, SyncState state) {
        states.put(syncName, state);
      }

      @Override
      public String toString() {
        return "SyncStateStore.inMemory()";
      }
    };
  }
}
