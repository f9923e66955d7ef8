package io.github.usersync.core.state.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateJson;
import io.github.usersync.core.sync.SyncStateStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * {@link SyncStateStore#file}: one JSON file holding a {@link SyncStateJson} document per sync
 * name. A save rewrites the file atomically (a temporary file in the same directory, forced to
 * disk, then renamed over it, and the directory forced), under an OS lock on {@code <file>.lock}
 * so that processes saving different syncs into one file do not lose each other's saves. A
 * temporary file left by a killed save is deleted by the next save.
 */
public final class FileSyncStateStore implements SyncStateStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<Path, Object> SAVING_IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path file;
  private final Path lockFile;
  private final String tempPrefix;

  private FileSyncStateStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
    Path name = this.file.getFileName();
    if (name == null) {
      throw new ConfigurationException("state", "'" + file + "' is not a file path");
    }
    this.lockFile = this.file.resolveSibling(name + ".lock");
    this.tempPrefix = "." + name + ".";
  }

  /** A store in {@code file}. */
  public static FileSyncStateStore at(Path file) {
    return new FileSyncStateStore(file);
  }

  @Override
  public Optional<SyncState> load(String syncName) {
    JsonNode state = readAll().get(syncName);
    if (state == null || state.isNull()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SyncStateJson.read(state.toString()));
    } catch (ConfigurationException e) {
      throw new ConfigurationException("state", "in " + file + ", the state of the sync '" + syncName
          + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String syncName, SyncState state) {
    JsonNode document;
    try {
      document = JSON.readTree(SyncStateJson.write(state));
    } catch (IOException e) {
      throw new IllegalStateException("a sync state document is not JSON: " + e.getMessage(), e);
    }
    Path dir = directory();
    synchronized (SAVING_IN_THIS_JVM.computeIfAbsent(lockFile, k -> new Object())) {
      Path temp = null;
      try {
        Files.createDirectories(dir);
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock ignored = lockChannel.lock()) {
          deleteTempFiles();
          ObjectNode all = readAll();
          all.set(syncName, document);
          temp = Files.createTempFile(dir, tempPrefix, ".tmp");
          writeAndForce(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(all));
          Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          temp = null;
          forceDirectory(dir);
        }
      } catch (IOException e) {
        throw new UsersyncException("cannot write the sync state to " + file + ": " + e
            + "; check that the directory exists, is writable and has space. The previous state is kept.", e);
      } finally {
        if (temp != null) {
          try {
            Files.deleteIfExists(temp);
          } catch (IOException e) {
            // the next save deletes it
          }
        }
      }
    }
  }

  /** The temporary files in the state file's directory, which only a save in progress or a killed one leaves. */
  public List<Path> tempFiles() throws IOException {
    List<Path> out = new java.util.ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory(),
        // "." + name + digits + ".tmp" is how usersync 0.1 named them.
        p -> p.getFileName().toString().startsWith(tempPrefix.substring(0, tempPrefix.length() - 1))
            && p.getFileName().toString().endsWith(".tmp"))) {
      files.forEach(out::add);
    } catch (NoSuchFileException e) {
      // no directory, no files
    }
    return out;
  }

  @Override
  public String toString() {
    return "SyncStateStore.file(" + file + ")";
  }

  private Path directory() {
    Path dir = file.getParent();
    return dir == null ? Path.of(".").toAbsolutePath() : dir;
  }

  private void deleteTempFiles() throws IOException {
    // Called under the OS lock: no other save is writing, so every temp file is a killed save's.
    for (Path p : tempFiles()) {
      Files.deleteIfExists(p);
    }
  }

  private ObjectNode readAll() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return JSON.createObjectNode();
    } catch (IOException e) {
      throw new UsersyncException("cannot read the sync state file " + file + ": " + e
          + "; check that this process may read it", e);
    }
    @Nullable JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (IOException e) {
      root = null;
    }
    if (root instanceof ObjectNode) {
      return (ObjectNode) root;
    }
    throw new ConfigurationException("state", "the sync state file " + file + " is not a usersync state"
        + " (not a JSON object); it is never overwritten: fix or delete it (the next run is then a full"
        + " one, and groups usersync managed before are forgotten)");
  }

  private static void writeAndForce(Path path, byte[] bytes) throws IOException {
    try (FileChannel out = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer b = ByteBuffer.wrap(bytes);
      while (b.hasRemaining()) {
        out.write(b);
      }
      out.force(true);
    }
  }

  private static void forceDirectory(Path dir) {
    // Makes the rename durable on POSIX file systems; directories cannot be opened on Windows.
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort
    }
  }
}
