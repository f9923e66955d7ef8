package io.github.usersync.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateJson;
import io.github.usersync.core.sync.SyncStateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Keeps sync states in a small JSON file (one {@link SyncStateJson} document per sync name), written atomically. */
final class FileStateStore implements SyncStateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;

  FileStateStore(Path path) {
    this.path = path;
  }

  @Override
  public synchronized Optional<SyncState> load(String syncName) {
    JsonNode s = read().path(syncName);
    if (!s.isObject()) {
      return Optional.empty();
    }
    return Optional.of(SyncStateJson.read(s.toString()));
  }

  @Override
  public synchronized void save(String syncName, SyncState state) {
    ObjectNode root = read().deepCopy();
    try {
      root.set(syncName, JSON.readTree(SyncStateJson.write(state)));
      Path dir = path.toAbsolutePath().getParent();
      Path tmp = Files.createTempFile(dir, "." + path.getFileName(), ".tmp");
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sync state " + path + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode read() {
    if (!Files.exists(path)) {
      return JSON.createObjectNode();
    }
    try {
      JsonNode n = JSON.readTree(path.toFile());
      if (n instanceof ObjectNode) {
        return (ObjectNode) n;
      }
    } catch (IOException e) {
      // reported below
    }
    throw new ConfigurationException("state", "the sync state file " + path
        + " cannot be read; delete it (the next run is then a full one)");
  }
}
