package io.github.usersync.testkit;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Runs sync engines under a {@link SyncLock} and writes when each run's apply phase starts and
 * ends to a journal file, so a test can check that no two runs applied at once, whether they ran in
 * threads of one JVM or in separate processes (appends of one short line are atomic on local file
 * systems). Each run syncs generated users from an in-memory directory into a target of its own
 * that takes a few milliseconds per change, so an apply phase lasts long enough for a broken lock
 * to let another run in.
 */
public final class RunJournal {
  private static final int REFUSED = 4;
  private final Path file;

  private RunJournal(Path file) {
    this.file = file;
  }

  /** A journal in {@code file} (created on the first run). */
  public static RunJournal at(Path file) {
    return new RunJournal(file);
  }

  /** The journal file. */
  public Path file() {
    return file;
  }

  /**
   * One full run of the sync {@code syncName} with {@code users} users, taking {@code lock} as
   * {@link UserSync} does.
   *
   * @throws io.github.usersync.core.SyncInProgressException when the lock refuses the run
   */
  public SyncReport runSync(SyncLock lock, String syncName, int users) {
    InMemoryDirectory directory = InMemoryDirectory.create();
    for (int i = 0; i < users; i++) {
      directory.putUser(DirectoryUser.builder().id("u" + i).username("user" + i).email("user" + i + "@example.com")
          .displayName("User " + i).active(true).build());
    }
    InMemoryTarget target = InMemoryTarget.builder().rejecting((operation, subject) -> {
      pause();
      return false;
    }).build();
    String run = ProcessHandle.current().pid() + "/" + Thread.currentThread().getName() + "/"
        + UUID.randomUUID().toString().substring(0, 8);
    UserSync sync = UserSync.builder(directory, target)
        .name(syncName)
        .mapper(UserMapping.defaults())
        .policy(SyncPolicy.builder().applyConcurrency(1).build())
        .lock(lock)
        .listener(new SyncListener() {
          private boolean applying;

          @Override
          public void phase(SyncPhase phase) {
            if (phase == SyncPhase.APPLY) {
              applying = true;
              append("start " + run);
            } else if (phase == SyncPhase.DONE && applying) {
              append("end " + run);
            }
          }
        })
        .build();
    return sync.run();
  }

  /**
   * Races two runs of the sync {@code syncName} in two new JVMs: each runs {@code main}, which
   * passes its arguments and its lock to {@link #runInChild}, with this journal, a start signal,
   * the sync name, the lock wait and then {@code extraArgs}. Both start their run at the same
   * moment.
   *
   * @return how many of the two the lock refused (0 or 1: each refused one named the other's pid)
   * @throws AssertionError when a process failed or a refusal did not name the other process
   */
  public int raceTwoProcesses(Class<?> main, String syncName, Duration lockWait, String... extraArgs)
      throws IOException, InterruptedException {
    Duration timeout = Duration.ofSeconds(180);
    Path go = file.resolveSibling(file.getFileName() + ".go");
    List<String> args = new ArrayList<>(List.of(file.toString(), go.toString(), syncName, Long.toString(lockWait.toMillis())));
    args.addAll(List.of(extraArgs));
    List<ChildJvm> children = new ArrayList<>();
    int refused = 0;
    try {
      for (int i = 0; i < 2; i++) {
        children.add(ChildJvm.start(main, args.toArray(new String[0])));
      }
      for (ChildJvm c : children) {
        c.awaitLine("ready", timeout);
      }
      Files.createFile(go);
      for (ChildJvm c : children) {
        int code = c.exitCode(timeout);
        long other = children.get(1 - children.indexOf(c)).pid();
        if (code == REFUSED && c.output().contains("already in progress (pid " + other + " on host ")) {
          refused++;
        } else if (code != 0 || !c.output().contains("created ")) {
          throw new AssertionError("a run in a second JVM failed (exit " + code + "):\n" + c.output());
        }
      }
    } finally {
      children.forEach(ChildJvm::close);
    }
    return refused;
  }

  /**
   * The main of a JVM started by {@link #raceTwoProcesses}: waits for the start signal, runs the
   * sync under {@code lock} (waiting as told), prints {@code created N}, or {@code refused: …} and
   * exits 4 when the lock refused the run.
   */
  public static void runInChild(String[] args, SyncLock lock) throws InterruptedException {
    System.out.println("ready");
    Path go = Path.of(args[1]);
    while (!Files.exists(go)) {
      Thread.sleep(10);
    }
    try {
      SyncReport report = at(Path.of(args[0])).runSync(lock.waitingUpTo(Duration.ofMillis(Long.parseLong(args[3]))), args[2], 60);
      System.out.println("created " + report.counts().created());
    } catch (SyncInProgressException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(REFUSED);
    }
  }

  /**
   * The number of apply phases journalled.
   *
   * @throws AssertionError when two overlapped (a start before the previous run's end); the message
   *     holds the journal
   */
  public int applyWindows() throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return 0;
    }
    String open = null;
    int windows = 0;
    for (String line : lines) {
      if (line.startsWith("start ") && open == null) {
        open = line.substring("start ".length());
      } else if (line.equals("end " + open)) {
        open = null;
        windows++;
      } else {
        throw new AssertionError("two runs applied at once; journal:\n" + String.join("\n", lines));
      }
    }
    if (open != null) {
      throw new AssertionError("a run never finished applying; journal:\n" + String.join("\n", lines));
    }
    return windows;
  }

  private void append(String line) {
    try {
      Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run journal " + file, e);
    }
  }

  private static void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
