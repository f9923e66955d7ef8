package io.github.usersync.keycloak.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Starts the Keycloak server distribution that the build unpacked ({@code
 * org.keycloak:keycloak-quarkus-dist}, see the module's pom) as a child process on 127.0.0.1, for
 * the integration tests and the benchmarks.
 *
 * <p>It runs {@code bin/kc.sh start-dev} on free loopback ports with a bootstrap admin ({@code
 * KC_BOOTSTRAP_ADMIN_USERNAME}/{@code _PASSWORD}, a random password), {@code --cache=local}, the
 * health endpoints on the management port, and an in-memory database ({@code dev-mem}) unless a
 * persistent one ({@code dev-file} in the distribution's {@code data/} folder) is asked for. It
 * waits until {@code /health/ready} answers 200. Server output goes to a log file whose tail is
 * put in the exception when start-up fails. {@link #close()} stops the process (and a JVM shutdown
 * hook does, should a test run end without closing it).
 *
 * <p>The JVM is the one running the tests ({@code java.home}), unless system property {@code
 * usersync.keycloak.javaHome} or environment variable {@code USERSYNC_KEYCLOAK_JAVA_HOME} names
 * another; Keycloak 26 runs on Java 17, 21 and 25.
 */
public final class KeycloakTestServer implements AutoCloseable {
  /** The bootstrap admin's user name in the master realm. */
  public static final String ADMIN_USER = "admin";

  private final Process process;
  private final Path home;
  private final Path log;
  private final int httpPort;
  private final int managementPort;
  private final String adminPassword;
  private final Thread shutdownHook;
  private final Duration startup;

  private KeycloakTestServer(
      Process process, Path home, Path log, int httpPort, int managementPort, String adminPassword,
      Thread shutdownHook, Duration startup) {
    this.process = process;
    this.home = home;
    this.log = log;
    this.httpPort = httpPort;
    this.managementPort = managementPort;
    this.adminPassword = adminPassword;
    this.shutdownHook = shutdownHook;
    this.startup = startup;
  }

  /** Options for {@link #start(Options)}. */
  public static final class Options {
    @Nullable Path home;
    @Nullable Path log;
    boolean persistentDatabase;
    Duration timeout = Duration.ofSeconds(300);
    @Nullable String javaOptsAppend;

    /** The unpacked distribution (the folder holding {@code bin/kc.sh}); else {@link #findHome()}. */
    public Options home(Path home) {
      this.home = home;
      return this;
    }

    /**
     * Where the server's output goes; else system property {@code usersync.keycloak.log} (the
     * build sets {@code target/keycloak.log}), else {@code keycloak.log} beside the distribution.
     */
    public Options log(Path log) {
      this.log = log;
      return this;
    }

    /**
     * Keeps the database between starts ({@code dev-file} under the distribution's {@code data/}),
     * e.g. so a benchmark seeds its realm once; default an in-memory database.
     */
    public Options persistentDatabase(boolean persistent) {
      this.persistentDatabase = persistent;
      return this;
    }

    /** How long to wait for readiness (default 300 s: a first start also builds the server). */
    public Options timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** Extra JVM options for the server ({@code JAVA_OPTS_APPEND}). */
    public Options javaOptsAppend(String opts) {
      this.javaOptsAppend = opts;
      return this;
    }
  }

  /** New default options. */
  public static Options options() {
    return new Options();
  }

  /** Starts a server with default options. */
  public static KeycloakTestServer start() {
    return start(options());
  }

  /**
   * Starts a server and waits until it is ready.
   *
   * @throws IllegalStateException with the log's tail when it does not become ready in time
   */
  public static KeycloakTestServer start(Options options) {
    Path home = options.home != null ? options.home : findHome();
    Path kc = home.resolve("bin").resolve("kc.sh");
    if (!Files.isRegularFile(kc)) {
      throw new IllegalStateException("no Keycloak distribution at " + home + " (no bin/kc.sh)");
    }
    String configuredLog = System.getProperty("usersync.keycloak.log");
    Path log = options.log != null
        ? options.log
        : configuredLog != null && !configuredLog.isEmpty()
            ? Paths.get(configuredLog)
            : home.getParent().resolve("keycloak.log");
    String javaHome = javaHome();
    int httpPort = freePort();
    int managementPort = freePort();
    while (managementPort == httpPort) {
      managementPort = freePort();
    }
    String password = "it-" + UUID.randomUUID();
    List<String> command = new ArrayList<>(Arrays.asList(
        "bash", kc.toString(), "start-dev",
        "--http-host=127.0.0.1",
        "--http-port=" + httpPort,
        "--http-management-port=" + managementPort,
        "--health-enabled=true",
        "--cache=local",
        "--hostname-strict=false",
        "--db=" + (options.persistentDatabase ? "dev-file" : "dev-mem")));
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(home.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("KC_") || k.startsWith("KEYCLOAK_") || k.equals("JAVA_OPTS"));
    env.put("JAVA_HOME", javaHome);
    env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
    env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", password);
    if (options.javaOptsAppend != null) {
      env.put("JAVA_OPTS_APPEND", options.javaOptsAppend);
    }
    long started = System.nanoTime();
    Process process;
    try {
      Files.createDirectories(log.getParent());
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + kc, e);
    }
    Thread hook = new Thread(() -> stop(process), "keycloak-test-server-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    KeycloakTestServer server =
        new KeycloakTestServer(process, home, log, httpPort, managementPort, password, hook, Duration.ZERO);
    try {
      server.awaitReady(options.timeout);
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
    return new KeycloakTestServer(
        process, home, log, httpPort, managementPort, password, hook,
        Duration.ofNanos(System.nanoTime() - started));
  }

  private void awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    URI ready = URI.create(managementUrl() + "/health/ready");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with code " + process.exitValue() + " before it was ready; log "
                + log + ":\n" + tail(40));
      }
      try {
        HttpResponse<Void> r = http.send(
            HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Keycloak", e);
      }
    }
    throw new IllegalStateException(
        "Keycloak was not ready at " + ready + " within " + timeout.toSeconds() + " s; log " + log
            + ":\n" + tail(40));
  }

  /**
   * Finds the unpacked distribution: system property {@code usersync.keycloak.home} (set by the
   * module's failsafe configuration), else the newest {@code keycloak-*} folder under {@code
   * target/keycloak} or {@code usersync-keycloak/target/keycloak} of the working directory.
   */
  public static Path findHome() {
    String configured = System.getProperty("usersync.keycloak.home");
    if (configured != null && !configured.isEmpty()) {
      return Paths.get(configured).toAbsolutePath();
    }
    for (String dir : new String[] {"target/keycloak", "usersync-keycloak/target/keycloak"}) {
      Path base = Paths.get(dir).toAbsolutePath();
      if (!Files.isDirectory(base)) {
        continue;
      }
      try (Stream<Path> s = Files.list(base)) {
        List<Path> found = s.filter(p -> p.getFileName().toString().startsWith("keycloak-"))
            .filter(p -> Files.isRegularFile(p.resolve("bin/kc.sh")))
            .sorted()
            .collect(Collectors.toList());
        if (!found.isEmpty()) {
          return found.get(found.size() - 1);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    throw new IllegalStateException(
        "No unpacked Keycloak distribution found: set -Dusersync.keycloak.home=<folder with"
            + " bin/kc.sh>, or let Maven unpack it: mvn -pl usersync-keycloak verify (or install"
            + " -DskipTests -DskipITs=false)");
  }

  private static String javaHome() {
    String configured = System.getProperty("usersync.keycloak.javaHome");
    if (configured == null || configured.isEmpty()) {
      configured = System.getenv("USERSYNC_KEYCLOAK_JAVA_HOME");
    }
    if (configured != null && !configured.isEmpty()) {
      if (!Files.isExecutable(Paths.get(configured, "bin", "java"))) {
        throw new IllegalStateException("no bin/java in the configured Keycloak JVM " + configured);
      }
      return configured;
    }
    if (Runtime.version().feature() < 17) {
      throw new IllegalStateException(
          "Keycloak 26 needs Java 17 or newer; this JVM is " + Runtime.version()
              + ". Run the build on JDK 17+ or set -Dusersync.keycloak.javaHome");
    }
    return System.getProperty("java.home");
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}: the server URL, the connector's {@code baseUrl}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + httpPort;
  }

  /** {@code http://127.0.0.1:<management port>}, where {@code /health/ready} is. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort;
  }

  /** The bootstrap admin's password (random per start). */
  public String adminPassword() {
    return adminPassword;
  }

  /** The distribution folder. */
  public Path home() {
    return home;
  }

  /** The server's log file. */
  public Path log() {
    return log;
  }

  /** From process start to ready. */
  public Duration startup() {
    return startup;
  }

  /** An admin API client logged in as the bootstrap admin. */
  public KeycloakAdmin admin() {
    return new KeycloakAdmin(baseUrl(), ADMIN_USER, adminPassword);
  }

  /** The last {@code lines} lines of the server log. */
  public String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Stops the server: SIGTERM, then SIGKILL after 30 s; also its child processes. */
  @Override
  public void close() {
    stop(process);
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs anyway
    }
  }

  private static void stop(Process process) {
    List<ProcessHandle> children = process.descendants().collect(Collectors.toList());
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "KeycloakTestServer[%s, management %s, %s]",
        baseUrl(), managementUrl(), home.getFileName());
  }
}
