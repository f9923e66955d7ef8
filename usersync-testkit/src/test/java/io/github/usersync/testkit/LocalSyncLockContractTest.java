package io.github.usersync.testkit;

import io.github.usersync.core.sync.SyncLock;

class LocalSyncLockContractTest extends SyncLockContract {
  @Override
  protected SyncLock createLock() {
    return SyncLock.local();
  }
}
