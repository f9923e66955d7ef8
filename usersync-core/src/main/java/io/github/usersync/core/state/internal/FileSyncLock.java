package io.github.usersync.core.state.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.sync.SyncLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * {@link SyncLock#file}: an OS lock ({@link FileChannel#tryLock}) on {@code usersync-<name>.lock},
 * holding the holder's pid, host and start time as JSON.
 *
 * <p>The OS lock covers one byte far past the content, so the content stays readable where locks
 * are mandatory (Windows), and the OS releases it when the process dies. The JVM keeps locks per
 * process, not per channel, so holdings of this JVM are also kept in a table: a second tryLock from
 * this JVM would throw instead of answering "held".
 */
public final class FileSyncLock implements SyncLock {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LOCK_POSITION = 1L << 30;
  private static final Map<Path, Object> HELD_IN_THIS_JVM = new ConcurrentHashMap<>();

  private final Path directory;

  private FileSyncLock(Path directory) {
    this.directory = directory.toAbsolutePath().normalize();
  }

  /** Lock files in {@code directory}. */
  public static FileSyncLock in(Path directory) {
    return new FileSyncLock(directory);
  }

  /** The lock file of the sync {@code name}. */
  public Path fileOf(String name) {
    return directory.resolve("usersync-" + FileNames.encode(name) + ".lock");
  }

  @Override
  public Optional<Handle> tryAcquire(String name) {
    Path path = fileOf(name);
    Object token = new Object();
    if (HELD_IN_THIS_JVM.putIfAbsent(path, token) != null) {
      return Optional.empty();
    }
    // Ready before locking, so the holder's line follows the lock as closely as it can.
    ByteBuffer content = ByteBuffer.wrap(json(Holder.thisProcess(Instant.now())));
    FileChannel channel = null;
    try {
      Files.createDirectories(directory);
      channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock(LOCK_POSITION, 1, false);
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        HELD_IN_THIS_JVM.remove(path, token);
        return Optional.empty();
      }
      channel.truncate(0);
      for (long at = 0; content.hasRemaining(); ) {
        at += channel.write(content, at);
      }
      channel.force(false);
      return Optional.of(new FileHandle(path, token, channel, lock, fileKey(path)));
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      HELD_IN_THIS_JVM.remove(path, token);
      throw new UsersyncException("cannot take the lock file " + path + ": " + e.getMessage()
          + "; check that its directory exists and this process may write it", e);
    }
  }

  @Override
  public Optional<Holder> holder(String name) {
    Path path = fileOf(name);
    byte[] content;
    try {
      content = Files.readAllBytes(path);
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Holder> holder = parse(content);
    // A killed process leaves its line behind (the OS freed the lock): not a holder any more.
    if (!HELD_IN_THIS_JVM.containsKey(path) && holder.isPresent() && holder.get().pid().isPresent()
        && ProcessIdentity.isDeadProcess(holder.get().host(), holder.get().pid().getAsLong())) {
      return Optional.empty();
    }
    return holder;
  }

  @Override
  public String toString() {
    return "SyncLock.file(" + directory + ")";
  }

  private static byte[] json(Holder holder) {
    ObjectNode n = JSON.createObjectNode();
    holder.pid().ifPresent(p -> n.put("pid", p));
    n.put("host", holder.host());
    n.put("since", holder.since().toString());
    return (n.toString() + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static Optional<Holder> parse(byte[] content) {
    try {
      JsonNode n = JSON.readTree(content);
      if (n == null || !n.path("host").isTextual() || !n.path("since").isTextual()) {
        return Optional.empty();
      }
      Holder.Builder b = Holder.builder().host(n.path("host").asText()).since(Instant.parse(n.path("since").asText()));
      if (n.path("pid").canConvertToLong()) {
        b.pid(n.path("pid").asLong());
      }
      return Optional.of(b.build());
    } catch (IOException | RuntimeException e) {
      // Empty (just released, or being written) or not ours: the holder is unknown.
      return Optional.empty();
    }
  }

  private static @Nullable Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing more to release
      }
    }
  }

  /** A held file lock. */
  private static final class FileHandle implements Handle {
    private final Path path;
    private final Object token;
    private final FileChannel channel;
    private final FileLock lock;
    private final @Nullable Object fileKey;
    private final AtomicBoolean open = new AtomicBoolean(true);

    FileHandle(Path path, Object token, FileChannel channel, FileLock lock, @Nullable Object fileKey) {
      this.path = path;
      this.token = token;
      this.channel = channel;
      this.lock = lock;
      this.fileKey = fileKey;
    }

    @Override
    public void close() {
      if (!open.compareAndSet(true, false)) {
        return;
      }
      try {
        channel.truncate(0);
        lock.release();
      } catch (IOException e) {
        // Closing the channel below releases the lock too.
      } finally {
        closeQuietly(channel);
        HELD_IN_THIS_JVM.remove(path, token);
      }
    }

    @Override
    public boolean isHeld() {
      if (!open.get() || !lock.isValid()) {
        return false;
      }
      // A lock file deleted or replaced while held no longer keeps other processes out.
      try {
        return fileKey == null || Objects.equals(fileKey, fileKey(path));
      } catch (NoSuchFileException e) {
        return false;
      } catch (IOException e) {
        return true;
      }
    }

    @Override
    public String toString() {
      return "lock " + path + (open.get() ? " (held)" : " (released)");
    }
  }
}
