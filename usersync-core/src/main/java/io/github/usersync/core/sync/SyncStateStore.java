package io.github.usersync.core.sync;

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
 * managed before are no longer known to it.
 */
public interface SyncStateStore {
  /** The stored state of the sync named {@code syncName}; empty before its first committed run. */
  Optional<SyncState> load(String syncName);

  /** Replaces the stored state of the sync named {@code syncName}, atomically. */
  void save(String syncName, SyncState state);

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
