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

/**
 * Keeps sync states in a small JSON file (one {@link SyncStateJson} document per sync name), written
 * atomically (a temporary file beside it, renamed over it; one a killed run left is removed when the
 * store is created) and read strictly.
 */
final class FileStateStore implements SyncStateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Path path;

  FileStateStore(Path path) {
    this.path = path;
    UserFiles.removeLeftovers(path);
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
      Path tmp = UserFiles.temporaryBeside(path);
      try {
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sync state " + path + ": " + e.getMessage(), e);
    }
  }

  private ObjectNode read() {
    if (!Files.exists(path)) {
      return JSON.createObjectNode();
    }
    UserFiles.Failure fail = (what, cause) -> new ConfigurationException("state", "the sync state file "
        + path + " " + what + "; delete it (the next run is then a full one)", cause);
    JsonNode n = UserFiles.parse(UserFiles.JSON, path, "JSON", fail);
    if (n instanceof ObjectNode) {
      return (ObjectNode) n;
    }
    throw fail.of("does not hold a JSON object", null);
  }
}
