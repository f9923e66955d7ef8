package io.github.usersync.testkit;

import io.github.usersync.core.sync.SyncStateStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSyncStateStoreContractTest extends SyncStateStoreContract {
  @TempDir Path dir;

  @Override
  protected SyncStateStore createStore() {
    return SyncStateStore.file(dir.resolve("state").resolve("usersync-state.json"));
  }

  @Override
  protected SyncStateStore reopen(SyncStateStore store) {
    return createStore();
  }
}
