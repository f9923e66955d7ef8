package io.github.usersync.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class on this JVM's class path, for tests that need another process
 * (two runs on one lock, a process killed while it holds a lock or writes a file). Its stdout and
 * stderr are collected line by line; closing it kills it.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;

  private ChildJvm(Process process) {
    this.process = process;
    this.reader = new Thread(this::read, "child-jvm-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code main} with {@code args} in a new JVM, in the current working directory. */
  public static ChildJvm start(Class<?> main, String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        main.getName()));
    command.addAll(List.of(args));
    try {
      return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start a second JVM: " + e.getMessage(), e);
    }
  }

  /** The process. */
  public Process process() {
    return process;
  }

  /** The process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * Waits up to {@code timeout} for an output line containing {@code text}.
   *
   * @throws AssertionError when none came (the message holds the output so far)
   */
  public String awaitLine(String text, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lines) {
      while (true) {
        Optional<String> line = lines.stream().filter(l -> l.contains(text)).findFirst();
        if (line.isPresent()) {
          return line.get();
        }
        long left = deadline - System.nanoTime();
        if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
          throw new AssertionError("the child JVM printed no line containing '" + text + "'"
              + (process.isAlive() ? "" : " and exited") + "; its output:\n" + output());
        }
        TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
      }
    }
  }

  /**
   * Waits up to {@code timeout} for the process to exit and returns its exit code.
   *
   * @throws AssertionError when it is still running (the message holds the output so far)
   */
  public int exitCode(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the child JVM did not exit within " + timeout + "; its output:\n" + output());
    }
    reader.join(TimeUnit.SECONDS.toMillis(10));
    return process.exitValue();
  }

  /** Everything the process printed so far (stdout and stderr). */
  public String output() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** Kills the process (as a crash or {@code kill -9} would) and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  private void read() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        synchronized (lines) {
          lines.add(line);
          lines.notifyAll();
        }
      }
    } catch (IOException e) {
      // the process is gone
    } finally {
      synchronized (lines) {
        lines.notifyAll();
      }
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
