package io.github.usersync.console;

import com.sun.net.httpserver.HttpServer;
import io.github.usersync.console.internal.ConsoleHandler;
import io.github.usersync.console.internal.RunHistory;
import io.github.usersync.console.internal.Runs;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.SyncScheduler;
import io.github.usersync.core.sync.UserSync;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A web console for one {@link UserSync}, on the JDK's HTTP server: status and next run, run
 * history (table and SVG chart), a run's changes by type and outcome, "Sync now", "Dry run" then
 * "Apply", connection checks of both ends, "explain" for one user, {@code /metrics} (Prometheus
 * text) and {@code /health} (JSON; 200, or 503 when the last run did not succeed).
 *
 * <pre>{@code
 * try (ConsoleServer console = ConsoleServer.builder(sync, directory, target)
 *     .schedule("0 0/15 * * * ?", ZoneId.of("Europe/Berlin"))
 *     .mapping(mapping)
 *     .build()
 *     .start()) {
 *   System.out.println("console at " + console.uri());
 *   ...
 * }
 * }</pre>
 *
 * <p>Bound to 127.0.0.1 by default, where it answers only to loopback host names. Bound to any
 * other address it refuses to start without an access token ({@link Builder#token}); a browser
 * then signs in with it, and monitoring sends {@code Authorization: Bearer <token>}. Every POST
 * needs the session's CSRF token and an {@code Origin} of the console. Runs never overlap: they go
 * through the sync's {@link io.github.usersync.core.sync.SyncLock}, and "Sync now" during a
 * scheduled run joins it. No secret is ever rendered.
 */
public final class ConsoleServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpServer server;
  private final Runs runs;
  private final ExecutorService pool;
  private final URI uri;

  private ConsoleServer(Builder b) {
    InetAddress bind = b.bind;
    Secret token = b.token;
    boolean loopback = bind.isLoopbackAddress();
    checkAccess(bind, token);
    RunHistory history = new RunHistory(b.historySize);
    this.runs = new Runs(b.sync, b.cron, b.zone, history, b.clock);
    this.pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "usersync-console-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      this.server = HttpServer.create(new InetSocketAddress(bind, b.port), 0);
    } catch (IOException e) {
      runs.close();
      pool.shutdownNow();
      throw new UncheckedIOException("the console cannot listen on " + bind.getHostAddress() + ":" + b.port + ": "
          + e.getMessage() + "; is the port in use? Choose another with --port", e);
    }
    int port = server.getAddress().getPort();
    String host = bind.getHostAddress().contains(":") ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
    Set<String> allowed = null;
    if (loopback) {
      allowed = new LinkedHashSet<>();
      allowed.add(host.toLowerCase(Locale.ROOT) + ":" + port);
      allowed.add("localhost:" + port);
      allowed.add("127.0.0.1:" + port);
      allowed.add("[::1]:" + port);
    }
    UserMapping mapping = b.mapping != null ? b.mapping : UserMapping.defaultsFor(b.directory.providerId());
    server.createContext("/", new ConsoleHandler(b.sync.name(), b.directory, b.target, mapping, b.sync.policy(),
        runs, history, token, allowed, b.waitForRun, b.metrics));
    server.setExecutor(pool);
    this.uri = URI.create("http://" + host + ":" + port + "/");
  }

  /**
   * Checks that a console on {@code bind} may start with {@code token} (which may be null): any
   * address other than loopback needs a token of 16 characters or more. {@link Builder#build()}
   * checks this too; call it to fail before opening anything else.
   *
   * @throws ConfigurationException naming {@code console.bind} or {@code console.token} and the fix
   */
  public static void checkAccess(InetAddress bind, @Nullable Secret token) {
    if (!bind.isLoopbackAddress() && token == null) {
      throw new ConfigurationException("console.bind", "the console would listen on " + bind.getHostAddress()
          + ", which is not a loopback address, without an access token; give one (--token-file FILE, or"
          + " ConsoleServer.Builder.token) or bind to 127.0.0.1");
    }
    if (token != null && token.reveal().trim().length() < 16) {
      throw new ConfigurationException("console.token", "the access token is shorter than 16 characters; use a"
          + " long random one (e.g. 32 bytes from /dev/urandom, Base64)");
    }
  }

  /** A builder for a console of {@code sync}, which reads {@code directory} and writes {@code target}. */
  public static Builder builder(UserSync sync, IdpDirectory directory, ProvisioningTarget target) {
    return new Builder(sync, directory, target);
  }

  /** Starts serving (and the schedule, if one was given); returns this. */
  public ConsoleServer start() {
    server.start();
    runs.start();
    LOG.info("usersync console listening on {}", uri);
    return this;
  }

  /** Where the console is served, e.g. {@code http://127.0.0.1:8080/}. */
  public URI uri() {
    return uri;
  }

  /** Stops serving and the schedule, waiting up to a minute for a run in progress. */
  @Override
  public void close() {
    server.stop(0);
    runs.close();
    pool.shutdownNow();
  }

  /** Builds a {@link ConsoleServer}. */
  public static final class Builder {
    private final UserSync sync;
    private final IdpDirectory directory;
    private final ProvisioningTarget target;
    private @Nullable UserMapping mapping;
    private @Nullable String cron;
    private ZoneId zone = ZoneId.systemDefault();
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int port = 8080;
    private @Nullable Secret token;
    private int historySize = 100;
    private Duration waitForRun = Duration.ofSeconds(20);
    private Clock clock = Clock.systemUTC();
    private @Nullable Supplier<String> metrics;

    private Builder(UserSync sync, IdpDirectory directory, ProvisioningTarget target) {
      this.sync = Objects.requireNonNull(sync);
      this.directory = Objects.requireNonNull(directory);
      this.target = Objects.requireNonNull(target);
    }

    /** The mapping the sync uses, for "explain" (default: the provider's default mapping). */
    public Builder mapping(UserMapping mapping) {
      this.mapping = mapping;
      return this;
    }

    /** Runs the sync on this Quartz cron expression (seconds first) in {@code zone}; default: on demand only. */
    public Builder schedule(String cron, ZoneId zone) {
      SyncScheduler.parse(cron);
      this.cron = cron;
      this.zone = zone;
      return this;
    }

    /** The address to listen on (default 127.0.0.1); any other than loopback needs a {@link #token}. */
    public Builder bind(InetAddress address) {
      this.bind = address;
      return this;
    }

    /**
     * The address to listen on, by name or literal.
     *
     * @throws ConfigurationException naming {@code --bind} when it cannot be resolved
     */
    public Builder bind(String address) {
      try {
        return bind(InetAddress.getByName(address));
      } catch (UnknownHostException e) {
        throw new ConfigurationException("--bind", "'" + address + "' is not an address of this machine ("
            + e.getMessage() + "); use e.g. 127.0.0.1", e);
      }
    }

    /** The port (default 8080; 0 picks a free one, see {@link ConsoleServer#uri()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new ConfigurationException("--port", port + " is not a port; use 1 to 65535, or 0 for any free one");
      }
      this.port = port;
      return this;
    }

    /** The access token a browser signs in with and monitoring sends as a bearer token. */
    public Builder token(Secret token) {
      this.token = token;
      return this;
    }

    /** How many runs the history keeps (default 100). */
    public Builder historySize(int runs) {
      this.historySize = runs;
      return this;
    }

    /** How long "Sync now", "Dry run" and "Apply" wait before showing the run (default 20 s). */
    public Builder waitForRun(Duration wait) {
      this.waitForRun = wait;
      return this;
    }

    /**
     * What {@code /metrics} serves instead of the console's own rendering: Prometheus text from a
     * registry the sync records into (e.g. {@code PrometheusMeterRegistry::scrape} with the runner's
     * {@code SyncMetrics} as the sync's listener).
     */
    public Builder metrics(Supplier<String> prometheusText) {
      this.metrics = prometheusText;
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The console, not started.
     *
     * @throws ConfigurationException when bound to a non-loopback address without a token
     */
    public ConsoleServer build() {
      return new ConsoleServer(this);
    }
  }
}
