package io.github.usersync.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigRunnerTest {
  @TempDir Path dir;
  private final String key = UUID.randomUUID().toString();
  private InMemoryDirectory idp;
  private Path config;

  @BeforeEach
  void setUp() throws IOException {
    idp = InMemoryDirectory.create();
    for (int i = 1; i <= 3; i++) {
      idp.putUser(DirectoryUser.builder().id("u" + i).username("user" + i + "@example.com").active(true).build());
    }
    SharedDirectoryProvider.DIRECTORIES.put(key, idp);
    config = dir.resolve("usersync.yaml");
    Files.writeString(config, String.join("\n",
        "name: runner-test",
        "source: { provider: shared-memory, settings: { directory: " + key + " } }",
        "target: { type: json-file, path: host.json }",
        "schedule: { cron: \"* * * * * ?\", zone: UTC }",
        ""));
  }

  @AfterEach
  void tearDown() {
    SharedDirectoryProvider.DIRECTORIES.remove(key);
  }

  @Test
  void aConfigFileRunsInOneLineAndKeepsItsStateAndHostFile() throws IOException {
    SyncReport first = ConfigRunner.fromFile(config).runOnce();
    assertThat(first.success()).isTrue();
    assertThat(first.counts().created()).isEqualTo(3);
    assertThat(Files.readString(dir.resolve("host.json"))).contains("user3@example.com");
    assertThat(dir.resolve(".runner-test.usersync-state.json")).exists();

    idp.putUser(DirectoryUser.builder().id("u4").username("user4@example.com").active(true).build());
    SyncReport dry = ConfigRunner.fromFile(config).dryRun();
    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.counts().created()).isEqualTo(1);
    assertThat(Files.readString(dir.resolve("host.json"))).doesNotContain("user4@example.com");

    SyncReport full = ConfigRunner.fromFile(config).runFull();
    assertThat(full.mode()).isEqualTo(SyncMode.FULL);
    assertThat(full.counts().created()).isEqualTo(1);
    assertThat(ConfigRunner.fromFile(config).check()).hasSize(2).allMatch(r -> r.ok());
  }

  @Test
  void aSecondRunnerOfTheSameSyncIsRefusedWhileTheFirstHoldsTheLock() {
    ConfigRunner runner = ConfigRunner.fromFile(config);
    SyncLock lock = runner.lock();
    try (SyncLock.Handle held = lock.acquire("runner-test", Duration.ZERO)) {
      assertThatThrownBy(runner::runOnce).isInstanceOf(SyncInProgressException.class)
          .hasMessageContaining("runner-test");
      assertThat(runner.dryRun().success()).as("a dry run takes no lock").isTrue();
    }
    assertThat(runner.runOnce().success()).isTrue();
  }

  @Test
  void theScheduleRunsUntilClosedAndHoldsTheLock() throws Exception {
    ConfigRunner runner = ConfigRunner.fromFile(config);
    try (ScheduledSync scheduled = runner.schedule(r -> { })) {
      SyncReport now = scheduled.scheduler().syncNow().get();
      assertThat(now.success()).isTrue();
      assertThat(runner.lock().holder("runner-test")).isPresent();
    }
    assertThat(runner.lock().holder("runner-test")).isEmpty();
    assertThat(Files.readString(dir.resolve("host.json"))).contains("user1@example.com");
  }

  @Test
  void aScheduleNeedsACron() throws IOException {
    Files.writeString(config, Files.readString(config).replace("schedule: { cron: \"* * * * * ?\", zone: UTC }", ""));
    assertThatThrownBy(() -> ConfigRunner.fromFile(config).schedule(r -> { }))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("schedule.cron");
  }
}
