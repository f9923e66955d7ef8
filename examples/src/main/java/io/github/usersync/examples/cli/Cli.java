package io.github.usersync.examples.cli;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.ProvisioningTargets;
import io.github.usersync.core.RemoteCallException;
import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Suggestions;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.Provider;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.SyncScheduler;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.sync.UserSyncResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The {@code usersync} command-line tool. Exit codes follow the report's {@link SyncReport#status()}:
 * 0 {@code success}; 1 {@code failed} (a change failed, or the host could not be read or written);
 * 2 bad usage or config (the message names the key); 3 {@code incomplete} (the source could not be
 * read completely) or {@code guard-held} (a safety threshold held cleanup back); 4 another run of
 * the same sync holds the lock (the message names it).
 */
public final class Cli {
  static final int OK = 0;
  static final int FAILED_CHANGES = 1;
  static final int BAD_CONFIG = 2;
  static final int UNREACHABLE = 3;
  static final int LOCKED = 4;

  private static final List<String> COMMANDS = List.of("demo", "providers", "check", "sync", "schedule", "explain", "help");
  private static final List<String> FLAGS = List.of("--config", "--dry-run", "--full", "--user", "--report", "--report-file", "--quiet",
      "--lock-wait");

  private final PrintStream out;
  private final PrintStream err;
  private volatile @Nullable CountDownLatch stop;

  /** A CLI writing to the given streams. */
  public Cli(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the command in {@code args} and returns the exit code. */
  public int run(String... args) {
    try {
      return dispatch(args);
    } catch (UsageException e) {
      err.println("usersync: " + e.getMessage());
      err.println("Run 'java -jar usersync.jar help' for the commands.");
      return BAD_CONFIG;
    } catch (ConfigurationException | MappingException e) {
      err.println("usersync: configuration error: " + e.getMessage());
      return BAD_CONFIG;
    } catch (RemoteCallException e) {
      err.println("usersync: " + e.getMessage());
      return UNREACHABLE;
    } catch (SyncInProgressException e) {
      err.println("usersync: " + e.getMessage() + " (sync --lock-wait 5m, or lockWait in the config, waits for it)");
      return LOCKED;
    } catch (UsersyncException | UncheckedIOException e) {
      err.println("usersync: " + e.getMessage());
      return FAILED_CHANGES;
    }
  }

  private int dispatch(String[] args) {
    if (args.length == 0) {
      usage(out);
      return OK;
    }
    String command = args[0];
    Map<String, String> flags = flags(args);
    switch (command) {
      case "help":
      case "--help":
      case "-h":
        usage(out);
        return OK;
      case "demo":
        return new io.github.usersync.examples.demo.DemoRun(out, err).run(flags.containsKey("--quiet"),
            Path.of(System.getProperty("java.io.tmpdir"), "usersync-demo", "host.json"));
      case "providers":
        return providers();
      case "check":
        return check(config(flags));
      case "sync":
      case "schedule": {
        CliConfig config = config(flags);
        try (SyncLock.Handle held = hold(config, flags)) {
          return command.equals("sync") ? sync(config, flags) : schedule(config, flags);
        }
      }
      case "explain":
        return explain(config(flags), require(flags, "--user", "explain needs --user IDP_USER_ID"));
      default:
        throw new UsageException("unknown command '" + command + "'" + Suggestions.didYouMean(command, COMMANDS)
            + "; commands: " + String.join(", ", COMMANDS));
    }
  }

  private static Map<String, String> flags(String[] args) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      String a = args[i];
      if (!FLAGS.contains(a)) {
        throw new UsageException("unknown option '" + a + "'" + Suggestions.didYouMean(a, FLAGS)
            + "; options: " + String.join(" ", FLAGS));
      }
      if (a.equals("--dry-run") || a.equals("--quiet") || a.equals("--full")) {
        flags.put(a, "true");
      } else {
        if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
          throw new UsageException("option " + a + " needs a value");
        }
        flags.put(a, args[++i]);
      }
    }
    return flags;
  }

  private static String require(Map<String, String> flags, String flag, String message) {
    String v = flags.get(flag);
    if (v == null) {
      throw new UsageException(message);
    }
    return v;
  }

  private static CliConfig config(Map<String, String> flags) {
    return CliConfig.load(Path.of(require(flags, "--config", "this command needs --config FILE (JSON or YAML)")));
  }

  static void usage(PrintStream out) {
    out.println("usage: java -jar usersync.jar <command> [options]");
    out.println();
    out.println("  demo                        sync an embedded sample directory (no setup, no network)");
    out.println("  providers                   the IdP connectors and targets found, and their settings");
    out.println("  check    --config FILE      probe every endpoint the source and the target need; says what to fix");
    out.println("  sync     --config FILE [--dry-run] [--full] [--user IDP_USER_ID] [--report text|json]");
    out.println("                          [--report-file PATH] [--quiet] [--lock-wait DURATION]");
    out.println("  schedule --config FILE      run on the config's cron expression until stopped (Ctrl-C)");
    out.println("  explain  --config FILE --user IDP_USER_ID   show how the mapping maps one user");
    out.println();
    out.println("Exit codes (the report's status): 0 success; 1 failed (a change failed, or the host could");
    out.println("not be read or written; nothing is committed then); 2 bad usage or config; 3 incomplete");
    out.println("(the source could not be read completely) or guard-held (a safety threshold held cleanup");
    out.println("back); 4 another run of the sync holds the lock.");
  }

  private int providers() {
    list("IdP connectors (source.provider, source.settings)", IdpDirectories.providers());
    out.println();
    list("Targets (target.type, target.settings)", ProvisioningTargets.providers());
    return OK;
  }

  /** One provider a paragraph: its id and name, then each setting, the same for both kinds. */
  private void list(String heading, List<? extends Provider<?>> providers) {
    out.println(heading + ":");
    if (providers.isEmpty()) {
      out.println("  none on the classpath");
    }
    for (Provider<?> p : providers) {
      out.println("  " + p.id() + "  (" + p.displayName() + ")");
      for (SettingKey k : p.settingKeys()) {
        out.printf(Locale.ROOT, "      %-24s %s%s%n", k.name(), k.description(),
            (k.isRequired() ? " [required]" : "") + (k.isSecret() ? " [secret]" : "")
                + k.defaultValue().map(d -> " [default " + d + "]").orElse(""));
      }
    }
  }

  /** Probes both ends: every endpoint of the source, then every call a sync makes to the target. */
  private int check(CliConfig config) {
    try (IdpDirectory directory = IdpDirectories.open(config.provider, config.sourceSettings);
        ProvisioningTarget target = target(config)) {
      ConnectionReport source = directory.checkConnection();
      out.print(source.toText());
      ConnectionReport host = target.checkConnection();
      out.print(host.toText());
      return source.ok() && host.ok() ? OK : UNREACHABLE;
    }
  }

  static ProvisioningTarget target(CliConfig config) {
    return Targets.open(config);
  }

  static UserMapping mapping(CliConfig config) {
    return config.mapping.isNull() || config.mapping.isEmpty()
        ? UserMapping.defaultsFor(config.provider)
        : UserMapping.parse(config.mapping, config.provider);
  }

  private UserSync sync(CliConfig config, IdpDirectory directory, ProvisioningTarget target, boolean quiet) {
    return UserSync.builder(directory, target)
        .name(config.name)
        .mapper(mapping(config))
        .policy(config.policy)
        .stateStore(SyncStateStore.file(config.state))
        .listener(quiet ? SyncListener.none() : new Progress(err))
        .build();
  }

  /** The file lock beside the state file: one {@code sync} or {@code schedule} of a config at a time, across processes. */
  static SyncLock lock(CliConfig config) {
    Path dir = config.state.toAbsolutePath().getParent();
    return SyncLock.file(dir == null ? Path.of(".").toAbsolutePath() : dir);
  }

  /**
   * Takes the lock for the whole command, from before the target is opened (a json-file host is
   * read then) until after it is closed (and written), waiting up to {@code --lock-wait} or the
   * config's {@code lockWait}. A dry run changes nothing and takes no lock.
   */
  private SyncLock.Handle hold(CliConfig config, Map<String, String> flags) {
    if (flags.containsKey("--dry-run")) {
      return () -> { };
    }
    String flag = flags.get("--lock-wait");
    Duration wait = flag == null ? config.lockWait : CliConfig.duration("--lock-wait", flag);
    SyncLock lock = lock(config);
    if (!wait.isZero()) {
      lock.holder(config.name).ifPresent(h -> err.println("usersync: another run of " + config.name
          + " is in progress (" + h.describe() + "); waiting up to " + wait.toSeconds() + "s for it to finish"));
    }
    return lock.acquire(config.name, wait);
  }

  private int sync(CliConfig config, Map<String, String> flags) {
    String format = flags.getOrDefault("--report", "text");
    if (!format.equals("text") && !format.equals("json")) {
      throw new UsageException("--report takes text or json, not '" + format + "'");
    }
    boolean quiet = flags.containsKey("--quiet");
    UserMapping mapping = mapping(config);
    try (IdpDirectory directory = IdpDirectories.open(config.provider, config.sourceSettings);
        ProvisioningTarget target = target(config)) {
      mapping.validateFor(target.capabilities());
      UserSync sync = sync(config, directory, target, quiet);
      String user = flags.get("--user");
      SyncReport report;
      int code;
      if (user != null) {
        if (flags.containsKey("--dry-run") || flags.containsKey("--full")) {
          throw new UsageException("--user refreshes one user; it cannot be combined with --dry-run or --full");
        }
        UserSyncResult r = sync.syncUser(user);
        report = r.report();
        err.println("usersync: " + user + ": " + r.status() + r.reason().map(x -> " (" + x + ")").orElse(""));
        code = exitCode(report);
      } else {
        report = flags.containsKey("--dry-run") ? sync.dryRun() : flags.containsKey("--full") ? sync.runFull() : sync.run();
        code = exitCode(report);
      }
      print(report, format, flags.get("--report-file"));
      return code;
    }
  }

  /** The exit code of a report's status. */
  static int exitCode(SyncReport report) {
    switch (report.status()) {
      case SUCCESS:
        return OK;
      case FAILED:
        return FAILED_CHANGES;
      default:
        return UNREACHABLE; // incomplete, guard-held
    }
  }

  private void print(SyncReport report, String format, @Nullable String file) {
    if (format.equals("json")) {
      out.println(report.toJson());
    } else {
      out.print(report.toText());
    }
    if (file != null) {
      try {
        Path p = Path.of(file).toAbsolutePath();
        Path tmp = Files.createTempFile(p.getParent(), "." + p.getFileName(), ".tmp");
        Files.writeString(tmp, report.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the report to " + file + ": " + e.getMessage(), e);
      }
    }
  }

  private int schedule(CliConfig config, Map<String, String> flags) {
    String cron = config.cron;
    if (cron == null) {
      throw new ConfigurationException("schedule.cron", "is required for the schedule command, e.g. \"0 0/15 * * * ?\"");
    }
    boolean quiet = flags.containsKey("--quiet");
    UserMapping mapping = mapping(config);
    try (IdpDirectory directory = IdpDirectories.open(config.provider, config.sourceSettings);
        ProvisioningTarget target = target(config)) {
      mapping.validateFor(target.capabilities());
      UserSync sync = sync(config, directory, target, quiet);
      CountDownLatch done = new CountDownLatch(1);
      stop = done;
      try (SyncScheduler scheduler = SyncScheduler.builder(sync, cron).zone(config.zone)
          .onReport(r -> {
            out.print(r.toText());
            out.flush();
          })
          .build().start()) {
        Thread hook = new Thread(done::countDown, "usersync-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        err.println("usersync: " + config.name + " scheduled on '" + cron + "' (" + config.zone + "); next run "
            + scheduler.nextRun().map(Object::toString).orElse("never") + ". Ctrl-C stops.");
        try {
          done.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        err.println("usersync: stopping; waiting for a run in progress to finish");
      }
      return OK;
    }
  }

  /** Stops a running {@code schedule} command (tests). */
  void stopSchedule() {
    CountDownLatch s = stop;
    if (s != null) {
      s.countDown();
    }
  }

  private int explain(CliConfig config, String userId) {
    UserMapping mapping = mapping(config);
    try (IdpDirectory directory = IdpDirectories.open(config.provider, config.sourceSettings)) {
      UserQuery query = UserQuery.builder().attributes(mapping.sourcePaths()).build();
      Optional<DirectoryUser> user = directory.user(userId, query);
      if (!user.isPresent()) {
        err.println("usersync: the IdP has no user with id " + userId);
        return FAILED_CHANGES;
      }
      MappingInput.Builder in = MappingInput.builder().user(user.get());
      if (mapping.usesGroups() && directory.capabilities().supports(Capability.USER_GROUPS)) {
        in.groups(directory.groupsOfUser(userId, config.policy.membership()).collect(Collectors.toList()));
      }
      if (mapping.usesManager()) {
        Optional<String> managerId = user.get().managerId().isPresent() ? user.get().managerId()
            : directory.capabilities().supports(Capability.MANAGER) ? directory.managerId(userId) : Optional.empty();
        managerId.flatMap(m -> directory.user(m, UserQuery.standard())).ifPresent(in::manager);
      }
      out.print(mapping.explain(in.build()).toText());
      return OK;
    }
  }

  /** Progress on stderr, at most once a second. */
  public static final class Progress implements SyncListener {
    private final PrintStream err;
    private long last;

    /** Progress lines to {@code err}. */
    public Progress(PrintStream err) {
      this.err = err;
    }

    @Override
    public void phase(SyncPhase phase) {
      if (phase != SyncPhase.DONE) {
        err.println("usersync: " + phase.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " …");
      }
    }

    @Override
    public synchronized void usersRead(long count) {
      if (tick()) {
        err.println("usersync:   " + count + " users read");
      }
    }

    @Override
    public synchronized void changeApplied(ChangeOutcome outcome, long done, long total) {
      if (tick() || done == total) {
        err.println("usersync:   " + done + " of " + total + " changes applied");
      }
    }

    private boolean tick() {
      long now = System.nanoTime();
      if (now - last > 1_000_000_000L) {
        last = now;
        return true;
      }
      return false;
    }
  }
}
