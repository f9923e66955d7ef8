package io.github.usersync.testkit;

import io.github.usersync.core.sync.SyncLock;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FileSyncLockContractTest extends SyncLockContract {
  @TempDir Path dir;

  @Override
  protected SyncLock createLock() {
    return SyncLock.file(dir.resolve("locks"));
  }
}
