package io.github.usersync.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.runner.internal.UserFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A host kept in a readable JSON file: {@code users} (each with {@code id} — the IdP link —
 * {@code username}, {@code email}, {@code displayName}, {@code active}, {@code attributes},
 * {@code groups} by name, and {@code manager} by username) and {@code groups} (each with {@code
 * name}). For trying usersync without a real host, and for tests.
 *
 * <p>The state is held in memory and written at most every few seconds and on {@link #close()},
 * always atomically: the whole file is written to a temporary file beside it, forced to disk, then
 * renamed over the old one, so a crash leaves either the old file or the new one, never half of
 * one; a temporary file a killed run left is removed when the file is next opened. The file must be
 * exactly one JSON document, each key once per object; a file that cannot be read is reported and
 * never overwritten.
 */
public final class JsonFileTarget implements ProvisioningTarget {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(JsonFileTarget.class);

  private final Path path;
  private final InMemoryTarget state;
  private final Duration flushInterval;
  private long lastFlush = System.nanoTime();
  private boolean dirty;
  // A test hook: runs between writing the temporary file and renaming it.
  @Nullable Runnable beforeRename;

  private JsonFileTarget(Path path, InMemoryTarget state, Duration flushInterval) {
    this.path = path;
    this.state = state;
    this.flushInterval = flushInterval;
  }

  /**
   * Opens the file (an absent file is an empty host, created on the first write).
   *
   * @throws ConfigurationException naming the path when the file exists but is not a host file
   */
  public static JsonFileTarget open(Path path) {
    return open(path, Duration.ofSeconds(5));
  }

  /** Opens the file, writing changes at most every {@code flushInterval}. */
  public static JsonFileTarget open(Path path, Duration flushInterval) {
    InMemoryTarget state = InMemoryTarget.builder().name("json-file").build();
    if (Files.exists(path)) {
      load(path, state);
    }
    UserFiles.removeLeftovers(path); // only once the file has been read: a run killed mid-write
    return new JsonFileTarget(path, state, flushInterval);
  }

  private static void load(Path path, InMemoryTarget state) {
    JsonNode root = UserFiles.parse(UserFiles.JSON, path, "JSON", (what, cause) -> corrupt(path, what, cause));
    if (root == null || !root.isObject() || (root.has("users") && !root.get("users").isArray())
        || (root.has("groups") && !root.get("groups").isArray())) {
      throw corrupt(path, "is not a host file: expected {\"users\": [...], \"groups\": [...]}", null);
    }
    for (JsonNode g : root.path("groups")) {
      String name = g.path("name").asText("");
      if (name.isEmpty()) {
        throw corrupt(path, "has a group without a name", null);
      }
      state.createGroup(name);
    }
    Map<String, String> managerOf = new HashMap<>();
    Map<String, String> keyByUsername = new HashMap<>();
    int n = 0;
    for (JsonNode u : root.path("users")) {
      n++;
      String username = u.path("username").asText("");
      if (username.isEmpty()) {
        throw corrupt(path, "has a user without a username (user " + n + ")", null);
      }
      Optional<String> id = text(u, "id");
      Map<String, String> attributes = new LinkedHashMap<>();
      u.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
      String key = id.map(x -> "id:" + x).orElse("local:" + username);
      try {
        state.restoreUser(HostUser.builder().key(key).username(username).email(text(u, "email"))
            .displayName(text(u, "displayName")).active(u.path("active").asBoolean(true))
            .attributes(attributes).externalId(id).photoFingerprint(text(u, "photoFingerprint")).build());
      } catch (ProvisioningException e) {
        throw corrupt(path, "lists the user '" + username + "' (or its id) twice", e);
      }
      keyByUsername.put(username, key);
      text(u, "manager").ifPresent(m -> managerOf.put(key, m));
      for (JsonNode group : u.path("groups")) {
        String g = group.asText();
        state.createGroup(g);
        state.addMembership(key, g);
      }
    }
    managerOf.forEach((key, manager) -> {
      String managerKey = keyByUsername.get(manager);
      if (managerKey != null) {
        state.setManager(key, Optional.of(managerKey));
      }
    });
  }

  private static ConfigurationException corrupt(Path path, String what, @Nullable Throwable cause) {
    return new ConfigurationException("target.path", "the host file " + path + " " + what
        + "; fix it or move it away (usersync never overwrites a file it cannot read)", cause);
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
  }

  /** The file. */
  public Path path() {
    return path;
  }

  /**
   * Probes what a sync needs of the file: that it can be read (an absent file is an empty host),
   * and that its directory takes a new file, since every write goes to a temporary file beside it
   * that is then renamed over it. The write probe creates and deletes such a file.
   */
  @Override
  public ConnectionReport checkConnection() {
    Path file = path.toAbsolutePath();
    Path dir = file.getParent();
    EndpointCheck read = Files.notExists(file)
        ? ok("read host file", file + " (absent: an empty host, created on the first write)")
        : Files.isReadable(file) && Files.isRegularFile(file)
            ? ok("read host file", file.toString())
            : failed("read host file", file.toString(), "the file cannot be read",
                "Give the user running usersync read permission on " + file + ", or point target.path"
                    + " at another file.");
    EndpointCheck write;
    if (dir == null || !Files.isDirectory(dir)) {
      write = failed("write host file", String.valueOf(dir), "the directory does not exist",
          "Create the directory " + dir + ", or point target.path into one that exists.");
    } else if (Files.exists(file) && !Files.isWritable(file)) {
      write = failed("write host file", file.toString(), "the file is read-only",
          "Give the user running usersync write permission on " + file + ".");
    } else {
      write = probeWrite(dir);
    }
    return ConnectionReport.builder().provider(name()).addChecks(read, write).build();
  }

  private EndpointCheck probeWrite(Path dir) {
    try {
      Path probe = Files.createTempFile(dir, "." + path.getFileName(), ".check");
      Files.delete(probe);
      return ok("write host file", dir + " (a temporary file beside the host file)");
    } catch (IOException | RuntimeException e) {
      return failed("write host file", dir.toString(), "a file cannot be created in the directory ("
          + e.getClass().getSimpleName() + ": " + e.getMessage() + ")",
          "Give the user running usersync write permission on " + dir + ": each write creates a"
              + " temporary file there and renames it over the host file.");
    }
  }

  private static EndpointCheck ok(String name, String endpoint) {
    return EndpointCheck.builder().name(name).endpoint(endpoint).status(EndpointCheck.Status.OK).build();
  }

  private static EndpointCheck failed(String name, String endpoint, String problem, String fix) {
    return EndpointCheck.builder().name(name).endpoint(endpoint).status(EndpointCheck.Status.FAILED)
        .problem(problem).fix(fix).build();
  }

  /**
   * Writes the file now if anything changed; usersync calls it after applying a run's changes,
   * before it commits its state.
   *
   * @throws UncheckedIOException when the file cannot be written (the run then commits nothing)
   */
  @Override
  public synchronized void flush() {
    if (!dirty) {
      return;
    }
    write();
    dirty = false;
    lastFlush = System.nanoTime();
  }

  private void write() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode users = root.putArray("users");
    Map<String, String> usernameByKey = new HashMap<>();
    state.users().forEach(u -> usernameByKey.put(u.key(), u.username()));
    Map<String, Set<String>> groupsOf = new HashMap<>();
    state.groups().map(HostGroup::name).forEach(g ->
        state.groupMembers(g).forEach(k -> groupsOf.computeIfAbsent(k, x -> new TreeSet<>()).add(g)));
    state.users().sorted((a, b) -> a.username().compareToIgnoreCase(b.username())).forEach(u -> {
      ObjectNode n = users.addObject();
      u.externalId().ifPresent(x -> n.put("id", x));
      n.put("username", u.username());
      u.email().ifPresent(e -> n.put("email", e));
      u.displayName().ifPresent(d -> n.put("displayName", d));
      n.put("active", u.active());
      ObjectNode attributes = n.putObject("attributes");
      new java.util.TreeMap<>(u.attributes()).forEach(attributes::put);
      ArrayNode groups = n.putArray("groups");
      groupsOf.getOrDefault(u.key(), Set.of()).forEach(groups::add);
      u.managerKey().map(usernameByKey::get).ifPresent(m -> n.put("manager", m));
      u.photoFingerprint().ifPresent(p -> n.put("photoFingerprint", p));
    });
    ArrayNode groups = root.putArray("groups");
    state.groups().map(HostGroup::name).sorted().forEach(g -> groups.addObject().put("name", g));
    Path dir = path.toAbsolutePath().getParent();
    try {
      if (dir != null) {
        Files.createDirectories(dir);
      }
      Path tmp = UserFiles.temporaryBeside(path);
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
          JSON.writeValue(new NonClosing(out), root);
          ch.force(true);
        }
        Runnable hook = beforeRename;
        if (hook != null) {
          hook.run();
        }
        try {
          Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the host file " + path + ": " + e.getMessage(), e);
    }
  }

  private synchronized void changed() {
    dirty = true;
    if (System.nanoTime() - lastFlush > flushInterval.toNanos()) {
      try {
        flush();
      } catch (UncheckedIOException e) {
        // The change is held in memory; the flush after the run reports the failure and the run
        // commits nothing. Try again after the interval, not on every change.
        lastFlush = System.nanoTime();
        LOG.warn("{}; trying again later", e.getMessage());
      }
    }
  }

  @Override
  public String name() {
    return "json-file";
  }

  @Override
  public TargetCapabilities capabilities() {
    return state.capabilities();
  }

  @Override
  public Stream<HostUser> users() {
    return state.users();
  }

  @Override
  public Stream<HostGroup> groups() {
    return state.groups();
  }

  @Override
  public Stream<String> groupMembers(String groupName) {
    return state.groupMembers(groupName);
  }

  @Override
  public Optional<HostUser> user(String key) {
    return state.user(key);
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    return state.userByExternalId(externalId);
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return state.userByUsername(username);
  }

  @Override
  public Set<String> groupsOfUser(String userKey) {
    return state.groupsOfUser(userKey);
  }

  @Override
  public HostUser createUser(NewHostUser user) {
    HostUser u = state.createUser(user);
    changed();
    return u;
  }

  @Override
  public HostUser updateUser(String key, HostUserUpdate update) {
    HostUser u = state.updateUser(key, update);
    changed();
    return u;
  }

  @Override
  public void deactivateUser(String key) {
    state.deactivateUser(key);
    changed();
  }

  @Override
  public void reactivateUser(String key) {
    state.reactivateUser(key);
    changed();
  }

  @Override
  public void deleteUser(String key) {
    state.deleteUser(key);
    changed();
  }

  @Override
  public void createGroup(String name) {
    state.createGroup(name);
    changed();
  }

  @Override
  public void renameGroup(String oldName, String newName) {
    state.renameGroup(oldName, newName);
    changed();
  }

  @Override
  public void deleteGroup(String name) {
    state.deleteGroup(name);
    changed();
  }

  @Override
  public void addMembership(String userKey, String groupName) {
    state.addMembership(userKey, groupName);
    changed();
  }

  @Override
  public void removeMembership(String userKey, String groupName) {
    state.removeMembership(userKey, groupName);
    changed();
  }

  @Override
  public void setManager(String userKey, Optional<String> managerKey) {
    state.setManager(userKey, managerKey);
    changed();
  }

  @Override
  public void setPhoto(String userKey, Photo photo) {
    state.setPhoto(userKey, photo);
    changed();
  }

  @Override
  public void removePhoto(String userKey) {
    state.removePhoto(userKey);
    changed();
  }

  /** Writes pending changes. */
  @Override
  public void close() {
    flush();
  }

  @Override
  public String toString() {
    return "JsonFileTarget[" + path + "]";
  }

  /** Keeps Jackson from closing the channel before it is forced to disk. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
