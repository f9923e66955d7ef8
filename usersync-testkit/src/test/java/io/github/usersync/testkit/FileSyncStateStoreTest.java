package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file store adds to the contract: its file format, crash safety, files it never overwrites. */
class FileSyncStateStoreTest {
  @TempDir Path dir;

  private List<String> tempFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).collect(Collectors.toList());
    }
  }

  @Test
  void otherSyncsAndDocumentsOfUsersync01AreKept() throws Exception {
    Path file = dir.resolve("state.json");
    String legacy = "{\"cursor\":{\"provider\":\"okta\",\"value\":\"2026-12-01T00:00:00Z\",\"createdAt\":\"2026-12-01T00:00:00Z\"},"
        + "\"lastFullSync\":\"2026-12-01T00:00:00Z\"}";
    Files.writeString(file, "{\"old\":" + legacy + "}");
    SyncStateStore store = SyncStateStore.file(file);

    store.save("new", SyncStateStoreContract.sampleState("n", 1));

    ObjectMapper json = new ObjectMapper();
    assertThat(json.readTree(file.toFile()).get("old")).isEqualTo(json.readTree(legacy));
    assertThat(store.load("old").orElseThrow().cursor().orElseThrow().provider()).isEqualTo("okta");
    assertThat(store.load("new")).contains(SyncStateStoreContract.sampleState("n", 1));
  }

  @Test
  void aFileThatIsNotAStateIsReportedAndNeverOverwritten() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(file, "{ not json");
    SyncStateStore store = SyncStateStore.file(file);

    assertThatThrownBy(() -> store.load("x")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining(file.toString()).hasMessageContaining("never overwritten");
    assertThatThrownBy(() -> store.save("x", SyncState.empty())).isInstanceOf(ConfigurationException.class);
    assertThat(Files.readString(file)).isEqualTo("{ not json");
    assertThat(tempFiles()).isEmpty();
  }

  @Test
  void aStateThatCannotBeWrittenFailsNamingTheFile() throws Exception {
    Files.writeString(dir.resolve("a-file"), "x");
    Path file = dir.resolve("a-file").resolve("state.json");

    assertThatThrownBy(() -> SyncStateStore.file(file).save("x", SyncState.empty()))
        .isInstanceOf(UsersyncException.class)
        .hasMessageContaining("cannot write the sync state to " + file);
  }

  @Test
  void aKilledSaveLeavesTheOldOrTheNewStateAndTheNextSaveCleansUp() throws Exception {
    Path file = dir.resolve("state.json");
    SyncState a = SyncStateStoreContract.sampleState("a", 2_000);
    SyncState b = SyncStateStoreContract.sampleState("b", 2_000);
    try (ChildJvm child = ChildJvm.start(ChildMains.SaveLoop.class, file.toString())) {
      child.awaitLine("saved 3", Duration.ofSeconds(180));
      child.kill();
    }

    SyncStateStore store = SyncStateStore.file(file);
    assertThat(store.load("crash").orElseThrow()).isIn(a, b);

    store.save("after", SyncState.empty());
    assertThat(tempFiles()).isEmpty();
    assertThat(store.load("crash").orElseThrow()).isIn(a, b);
  }

  @Test
  void aTempFileOfAKilledSaveIsDeletedByTheNextSave() throws Exception {
    Path file = dir.resolve("state.json");
    Files.writeString(dir.resolve(".state.json.1234567.tmp"), "{\"half\": ");
    Files.writeString(dir.resolve("unrelated.tmp"), "keep");

    SyncStateStore.file(file).save("x", SyncState.empty());

    assertThat(tempFiles()).containsExactly("unrelated.tmp");
  }
}
