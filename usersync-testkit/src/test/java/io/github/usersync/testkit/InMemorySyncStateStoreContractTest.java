package io.github.usersync.testkit;

import io.github.usersync.core.sync.SyncStateStore;

class InMemorySyncStateStoreContractTest extends SyncStateStoreContract {
  @Override
  protected SyncStateStore createStore() {
    return SyncStateStore.inMemory();
  }
}
