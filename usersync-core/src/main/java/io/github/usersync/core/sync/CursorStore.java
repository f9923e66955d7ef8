package io.github.usersync.core.sync;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a host keeps a sync's {@link SyncState} (its change cursor) between runs: a plugin
 * setting, a database row, a file. The in-memory store forgets on restart, which only costs one
 * full run.
 */
public interface CursorStore {
  /** The stored state of the sync named {@code syncName}. */
  Optional<SyncState> load(String syncName);

  /** Stores the state of the sync named {@code syncName}. */
  void save(String syncName, SyncState state);

  /** A store in memory. */
  static CursorStore inMemory() {
    Map<String, SyncState> states = new ConcurrentHashMap<>();
    return new CursorStore() {
      @Override
      public Optional<SyncState> load(String syncName) {
        return Optional.ofNullable(states.get(syncName));
      }

      @Override
      public void save(String syncName, SyncState state) {
        states.put(syncName, state);
      }
    };
  }
}
