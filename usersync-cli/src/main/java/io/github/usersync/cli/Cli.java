package io.github.usersync.cli;

import io.github.usersync.cli.internal.ScimEndpoint;
import io.github.usersync.cli.internal.demo.DemoRun;
import io.github.usersync.console.ConsoleServer;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.ProvisioningTargets;
import io.github.usersync.core.RemoteCallException;
import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.Usersync;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.Explanation;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Suggestions;
import io.github.usersync.core.spi.Provider;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.CheckReport;
import io.github.usersync.core.sync.HeldChanges;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSyncResult;
import io.github.usersync.runner.ConfigFile;
import io.github.usersync.runner.ConfigRunner;
import io.github.usersync.runner.ProgressPrinter;
import io.github.usersync.runner.ReportFormat;
import io.github.usersync.runner.ScheduledSync;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncPlan;
import io.github.usersync.runner.metrics.SyncMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code usersync} command-line tool. Exit codes follow the report's {@link SyncReport#status()}:
 * 0 {@code success}; 1 {@code failed} (a change failed, or the host could not be read or written);
 * 2 bad usage or config (the message names the option or the key); 3 {@code incomplete} (the source
 * could not be read completely) or {@code guard-held} (a safety threshold held cleanup back); 4
 * another run of the same sync holds the lock (the message names it).
 */
public final class Cli {
  static final int OK = 0;
  static final int FAILED_CHANGES = 1;
  static final int BAD_CONFIG = 2;
  static final int UNREACHABLE = 3;
  static final int LOCKED = 4;
  /** How long a run of serve waits for a SCIM push in progress in the same process. */
  private static final java.time.Duration RUN_WAITS_FOR_PUSH = java.time.Duration.ofMinutes(1);

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
    CommandLine cl = commandLine();
    return cl.execute(args);
  }

  /** The command tree, with this CLI's streams and exit codes. */
  CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Root());
    cl.addSubcommand(new Demo()).addSubcommand(new Providers()).addSubcommand(new Check())
        .addSubcommand(new Sync()).addSubcommand(new Schedule()).addSubcommand(new Serve()).addSubcommand(new Held())
        .addSubcommand(new Approve()).addSubcommand(new Explain())
        .addSubcommand(new Completion());
    cl.addSubcommand("help", new CommandLine.HelpCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    cl.setUsageHelpAutoWidth(false);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setParameterExceptionHandler(this::usageError);
    cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e));
    return cl;
  }

  private int usageError(ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    String name = cmd.getCommandSpec().qualifiedName(" ");
    ParameterException shown = e;
    if (e instanceof CommandLine.MissingParameterException) {
      // picocli checks required options first; an unknown option is the better hint ("--confg")
      for (String a : args) {
        String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
        if (option.startsWith("-") && cmd.getCommandSpec().findOption(option) == null) {
          shown = new CommandLine.UnmatchedArgumentException(cmd, List.of(option));
          break;
        }
      }
    }
    err.println("usersync: " + describe(shown));
    err.println("Run '" + name + " --help' for its " + (cmd.getSubcommands().isEmpty() ? "options." : "commands."));
    return BAD_CONFIG;
  }

  private static String describe(ParameterException e) {
    CommandLine cmd = e.getCommandLine();
    String command = cmd.getCommandName();
    if (e instanceof CommandLine.UnmatchedArgumentException) {
      List<String> unmatched = ((CommandLine.UnmatchedArgumentException) e).getUnmatched();
      String first = unmatched.isEmpty() ? "" : unmatched.get(0);
      if (first.startsWith("-")) {
        List<String> options = new ArrayList<>();
        cmd.getCommandSpec().options().forEach(o -> options.add(o.longestName()));
        String bare = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
        return "unknown option '" + bare + "'" + Suggestions.didYouMean(bare, options) + "; options of " + command + ": "
            + String.join(" ", options);
      }
      if (!cmd.getSubcommands().isEmpty()) {
        List<String> commands = new ArrayList<>(cmd.getSubcommands().keySet());
        return "unknown command '" + first + "'" + Suggestions.didYouMean(first, commands) + "; commands: "
            + String.join(", ", commands);
      }
      return command + " takes no argument '" + first + "'";
    }
    if (e instanceof CommandLine.MissingParameterException) {
      List<String> missing = new ArrayList<>();
      for (ArgSpec a : ((CommandLine.MissingParameterException) e).getMissing()) {
        missing.add(a instanceof OptionSpec ? ((OptionSpec) a).longestName() + " " + a.paramLabel() : a.paramLabel());
      }
      return command + " needs " + String.join(" and ", missing);
    }
    return String.valueOf(e.getMessage());
  }

  private int failure(Exception e) throws Exception {
    if (e instanceof UsageException) {
      err.println("usersync: " + e.getMessage());
      return BAD_CONFIG;
    }
    if (e instanceof ConfigurationException || e instanceof MappingException) {
      err.println("usersync: configuration error: " + e.getMessage());
      return BAD_CONFIG;
    }
    if (e instanceof RemoteCallException) {
      err.println("usersync: " + e.getMessage());
      return UNREACHABLE;
    }
    if (e instanceof SyncInProgressException) {
      err.println("usersync: " + e.getMessage() + " (sync --lock-wait 5m, or lockWait in the config, waits for it)");
      return LOCKED;
    }
    if (e instanceof UsersyncException || e instanceof UncheckedIOException) {
      err.println("usersync: " + e.getMessage());
      return FAILED_CHANGES;
    }
    throw e;
  }

  /**
   * Says {@code started} on stderr and waits until {@code done} counts down (a test, or Ctrl-C
   * through a shutdown hook), then says it is stopping; the caller's try-with-resources then waits
   * for a run in progress.
   */
  private void untilStopped(CountDownLatch done, String started) {
    Thread hook = new Thread(done::countDown, "usersync-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    err.println(started);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    err.println("usersync: stopping; waiting for a run in progress to finish");
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what stopped us
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

  /** Stops a running {@code schedule} command (tests). */
  void stopSchedule() {
    CountDownLatch s = stop;
    if (s != null) {
      s.countDown();
    }
  }

  /** Prints the version ({@code usersync 0.1.0}). */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"usersync " + Usersync.version(),
          "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
  }

  @Command(name = "usersync", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Keeps a host application's users in step with a cloud IdP.",
      footerHeading = "%nExit codes:%n",
      footer = {
        "  0  success",
        "  1  failed: a change failed, or the host could not be read or written (nothing is committed then)",
        "  2  bad usage or config (the message names the option or the key)",
        "  3  incomplete (the source could not be read completely) or guard-held (a safety threshold held cleanup back)",
        "  4  another run of the sync holds the lock"})
  final class Root implements Callable<Integer> {
    @Spec
    @Nullable CommandSpec spec;

    @Override
    public Integer call() {
      CommandSpec s = spec;
      if (s != null) {
        s.commandLine().usage(out);
      }
      return OK;
    }
  }

  @Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Syncs an embedded sample directory: no setup, no network.")
  final class Demo implements Callable<Integer> {
    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Override
    public Integer call() {
      return new DemoRun(out, err).run(quiet, Path.of(System.getProperty("java.io.tmpdir"), "usersync-demo", "host.json"));
    }
  }

  @Command(name = "providers", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Lists the IdP connectors and targets found, and their settings.")
  final class Providers implements Callable<Integer> {
    @Override
    public Integer call() {
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
  }

  @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Validates the config as sync does and probes every endpoint the source and the target need;"
          + " says what to fix. Exit 2 when sync would refuse the config, 3 when either end fails.")
  final class Check implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config file (YAML or JSON).")
    @Nullable Path config;

    @Override
    public Integer call() {
      Path f = config;
      if (f == null) {
        throw new UsageException("check needs --config FILE (JSON or YAML)");
      }
      CheckReport report = ConfigRunner.of(ConfigFile.load(f)).check();
      out.print(report.toText());
      if (!report.configurationOk()) {
        // As sync says it: a run refuses this config with the same message and exit code.
        report.configuration().checks().stream().filter(c -> c.status() == EndpointCheck.Status.FAILED)
            .forEach(c -> err.println("usersync: configuration error: " + c.problem().orElse(c.name())));
        return BAD_CONFIG;
      }
      return report.ok() ? OK : UNREACHABLE;
    }
  }

  /** Options every command that runs the sync takes. */
  abstract class Running {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config file (YAML or JSON).")
    @Nullable Path config;

    @Option(names = "--quiet", description = "No progress on stderr.")
    boolean quiet;

    @Option(names = "--lock-wait", paramLabel = "DURATION",
        description = "Wait this long (30s, 5m, PT10M) for another run of the sync to finish; default: the config's lockWait, else 0s.")
    @Nullable String lockWait;

    ConfigFile load() {
      Path f = config;
      if (f == null) {
        throw new UsageException("this command needs --config FILE (JSON or YAML)");
      }
      return ConfigFile.load(f);
    }

    ConfigRunner runner(ConfigFile cfg) {
      ConfigRunner runner = ConfigRunner.of(cfg).withListener(quiet ? SyncListener.none() : new ProgressPrinter(err));
      String wait = lockWait;
      return wait == null ? runner : runner.withLockWait(ConfigFile.duration("--lock-wait", wait));
    }
  }

  /** How the commands that run the sync print their report. */
  static final class ReportOptions {
    @Option(names = "--report", paramLabel = "FORMAT",
        description = "text (default on stdout), json (default with --report-file) or csv (one row per change).")
    @Nullable ReportFormat report;

    @Option(names = "--report-file", paramLabel = "PATH",
        description = "Write the report (json unless --report says otherwise) to this file instead of stdout; stdout gets the text report.")
    @Nullable Path reportFile;
  }

  @Command(name = "sync", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Runs the sync once: incremental where the IdP can, after a first full run.")
  final class Sync extends Running implements Callable<Integer> {
    @Option(names = "--dry-run", description = "Plan only: print what a run would change, change nothing (takes no lock).")
    boolean dryRun;

    @Option(names = "--full", description = "A full run: read every user (finds users deleted in an IdP whose change feed does not report deletions).")
    boolean full;

    @Option(names = "--user", paramLabel = "IDP_USER_ID", description = "Refresh this one user only.")
    @Nullable String user;

    @CommandLine.Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Override
    public Integer call() {
      String one = user;
      if (one != null && (dryRun || full)) {
        throw new UsageException("--user refreshes one user; it cannot be combined with --dry-run or --full");
      }
      if (dryRun && full) {
        throw new UsageException("--dry-run plans the next run as it would run; it cannot be combined with --full");
      }
      if (dryRun && lockWait != null) {
        throw new UsageException("--lock-wait has no effect with --dry-run: a dry run changes nothing and takes no lock");
      }
      ConfigRunner runner = runner(load());
      SyncReport result;
      if (one != null) {
        UserSyncResult r = runner.syncUser(one);
        result = r.report();
        err.println("usersync: " + one + ": " + r.status() + r.reason().map(x -> " (" + x + ")").orElse(""));
      } else {
        result = dryRun ? runner.dryRun() : full ? runner.runFull() : runner.runOnce();
      }
      print(result, reportOptions.report, reportOptions.reportFile);
      return exitCode(result);
    }
  }

  /**
   * The report in {@code format} on stdout; with {@code file}, in {@code format} (JSON unless given)
   * to the file only, and the text report on stdout: a large JSON report never goes to both.
   */
  private void print(SyncReport report, @Nullable ReportFormat format, @Nullable Path file) {
    if (file == null) {
      out.print((format == null ? ReportFormat.TEXT : format).format(report));
      return;
    }
    ReportFormat toFile = format == null ? ReportFormat.JSON : format;
    toFile.write(report, file);
    if (toFile == ReportFormat.TEXT) {
      err.println("usersync: report written to " + file);
    } else {
      out.print(ReportFormat.TEXT.format(report));
    }
  }

  @Command(name = "schedule", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Runs the sync on the config's cron expression (schedule.cron) until stopped (Ctrl-C waits for a run in progress).")
  final class Schedule extends Running implements Callable<Integer> {
    @Override
    public Integer call() {
      ConfigFile cfg = load();
      CountDownLatch done = new CountDownLatch(1);
      stop = done;
      try (ScheduledSync scheduled = runner(cfg).schedule(r -> {
        out.print(ReportFormat.TEXT.format(r));
        out.flush();
      })) {
        untilStopped(done, "usersync: " + cfg.name() + " scheduled on '" + cfg.cron().orElse("") + "' (" + cfg.zone()
            + "); next run " + scheduled.scheduler().nextRun().map(Object::toString).orElse("never") + ". Ctrl-C stops.");
      }
      return OK;
    }
  }

  @Command(name = "held", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Lists the destructive changes a safety threshold held back, waiting for 'approve': the run id, when they"
          + " expire, why they were held, and each change with its reason. Reads the state file only.")
  final class Held implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config file (YAML or JSON).")
    @Nullable Path config;

    @Override
    public Integer call() {
      Path f = config;
      if (f == null) {
        throw new UsageException("held needs --config FILE (JSON or YAML)");
      }
      ConfigFile cfg = ConfigFile.load(f);
      Optional<HeldChanges> held = ConfigRunner.of(cfg).heldChanges();
      if (!held.isPresent()) {
        out.println("usersync " + cfg.name() + ": no changes are held");
        return OK;
      }
      HeldChanges h = held.get();
      boolean expired = h.expired(java.time.Instant.now());
      out.printf(Locale.ROOT, "usersync %s: %d changes held by run %s at %s, %s %s%n", cfg.name(), h.changes().size(),
          h.runId(), h.heldAt(), expired ? "expired at" : "approvable until", h.expiresAt());
      out.println("Held because " + h.reason());
      for (HeldChanges.Entry e : h.changes()) {
        out.println("  " + e.change());
      }
      out.println(expired ? "These can no longer be approved: run 'usersync sync' to plan them afresh."
          : "Approve with: usersync approve --config " + f + " --run " + h.runId()
              + " (each cleanup is re-checked against the IdP first)");
      return OK;
    }
  }

  @Command(name = "approve", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Applies exactly the changes a safety threshold held back ('held' lists them), after re-checking"
          + " each cleanup against the IdP: a user who is back is not deactivated, anonymized or deleted.")
  final class Approve extends Running implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "RUN_ID", description = "The run whose held changes to apply (as 'held' shows);"
        + " default: whichever run's changes are held.")
    @Nullable String run;

    @CommandLine.Mixin
    ReportOptions reportOptions = new ReportOptions();

    @Override
    public Integer call() {
      SyncReport result = runner(load()).approve(Optional.ofNullable(run));
      print(result, reportOptions.report, reportOptions.reportFile);
      return exitCode(result);
    }
  }

  @Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = {"Serves the config until stopped (Ctrl-C waits for a run or push in progress):",
          "- with a source: runs the schedule (if it has schedule.cron) and serves the web console: status and next"
              + " run, history, a run's changes, Sync now, Dry run then Apply, checks, explain, /metrics and /health"
              + " (docs/console.md); holds the sync's lock while it serves, like schedule.",
          "- with a scim section: serves SCIM 2.0 for Entra ID or Okta provisioning to push users and groups into the"
              + " target (Tenant URL http://<scim.bind>:<scim.port>/scim/v2 behind your TLS proxy, Secret Token ="
              + " scim.token; docs/scim.md). Each push holds the sync's lock while it applies, so it never overlaps a"
              + " run; a push that finds a run in progress is answered 503 with Retry-After, which the IdP retries.",
          "A config may have both: pulls and pushes then share one target, one state and one lock."})
  final class Serve extends Running implements Callable<Integer> {
    @Option(names = "--bind", paramLabel = "ADDR",
        description = "The console's address (default 127.0.0.1); any other needs --token-file. SCIM: scim.bind.")
    String bind = "127.0.0.1";

    @Option(names = "--port", paramLabel = "N",
        description = "The console's port (default 8080; 0 picks a free one). SCIM: scim.port (default 8090).")
    int port = 8080;

    @Option(names = "--token-file", paramLabel = "FILE",
        description = "A file holding the console's access token (16 characters or more); required with a --bind other than loopback.")
    @Nullable Path tokenFile;

    @Spec
    @Nullable CommandSpec spec;

    @Override
    public Integer call() {
      ConfigFile cfg = load();
      if (!cfg.hasSource()) {
        return servePushesOnly(cfg);
      }
      Path tf = tokenFile;
      Secret token = tf == null ? null : token(tf);
      InetAddress address;
      try {
        address = InetAddress.getByName(bind);
      } catch (UnknownHostException e) {
        throw new ConfigurationException("--bind", "'" + bind + "' is not an address of this machine (" + e.getMessage()
            + "); use e.g. 127.0.0.1");
      }
      ConsoleServer.checkAccess(address, token); // before the lock is taken and the ends are opened
      CountDownLatch done = new CountDownLatch(1);
      stop = done;
      PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
      SyncListener progress = quiet ? SyncListener.none() : new ProgressPrinter(err);
      SyncListener listener = both(progress, SyncMetrics.of(registry));
      // With pushes beside it, a run waits for the push in progress (each applies one user) rather than failing.
      ConfigRunner runner = runner(cfg).withListener(listener)
          .withInProcessWait(cfg.scim().isPresent() ? RUN_WAITS_FOR_PUSH : java.time.Duration.ZERO);
      try (ConfigRunner.Opened opened = runner.open()) {
        ConsoleServer.Builder b = ConsoleServer.builder(opened.sync(), opened.directory(), opened.target())
            .mapping(cfg.mapping()).bind(address).port(port).metrics(registry::scrape);
        cfg.cron().ifPresent(c -> b.schedule(c, cfg.zone()));
        if (token != null) {
          b.token(token);
        }
        // This process holds the sync's file lock while it serves, so pushes take this JVM's lock of
        // the sync, which the console's and the schedule's runs take too.
        try (ScimEndpoint pushes = cfg.scim().isPresent()
                ? ScimEndpoint.start(cfg, opened.target(), io.github.usersync.core.sync.SyncLock.local(), listener)
                : null;
            ConsoleServer console = b.build().start()) {
          untilStopped(done, "usersync: console of " + cfg.name() + " at " + console.uri() + "; "
              + cfg.cron().map(c -> "scheduled on '" + c + "' (" + cfg.zone() + ")")
                  .orElse("no schedule.cron: runs when started in the console")
              + (pushes != null ? "; " + scimStarted(cfg, pushes) : "") + ". Ctrl-C stops.");
        }
      }
      return OK;
    }

    /**
     * A config with a scim section and no source: only the SCIM service, in front of the target.
     * Each push takes the sync's file lock (as sync and schedule do) while it applies.
     */
    private int servePushesOnly(ConfigFile cfg) {
      CommandSpec s = spec;
      if (s != null) {
        for (String option : new String[] {"--bind", "--port", "--token-file", "--lock-wait"}) {
          if (s.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new UsageException(option + " is the console's, and " + cfg.file() + " has no source, so there is no"
                + " console; the SCIM service's settings are in the config: scim.bind, scim.port, scim.token,"
                + " scim.lockWait");
          }
        }
      }
      CountDownLatch done = new CountDownLatch(1);
      stop = done;
      ConfigRunner runner = runner(cfg);
      SyncListener listener = quiet ? SyncListener.none() : new ProgressPrinter(err);
      try (ProvisioningTarget target = ProvisioningTargets.open(cfg.targetType(), cfg.targetSettings());
          ScimEndpoint pushes = ScimEndpoint.start(cfg, target, runner.lock(), listener)) {
        untilStopped(done, "usersync: " + scimStarted(cfg, pushes) + ". Ctrl-C stops.");
      }
      return OK;
    }

    private String scimStarted(ConfigFile cfg, ScimEndpoint pushes) {
      return "SCIM service of " + cfg.name() + " at " + pushes.uri() + " (the IdP's Tenant URL is its https URL"
          + " behind your proxy)";
    }

    private SyncListener both(SyncListener a, SyncListener b) {
      return new SyncListener() {
        @Override
        public void phase(SyncPhase phase) {
          a.phase(phase);
          b.phase(phase);
        }

        @Override
        public void usersRead(long count) {
          a.usersRead(count);
          b.usersRead(count);
        }

        @Override
        public void planned(SyncPlan plan) {
          a.planned(plan);
          b.planned(plan);
        }

        @Override
        public void changeApplied(ChangeOutcome outcome, long done, long total) {
          a.changeApplied(outcome, done, total);
          b.changeApplied(outcome, done, total);
        }

        @Override
        public void finished(SyncReport report) {
          a.finished(report);
          b.finished(report);
        }
      };
    }

    private Secret token(Path file) {
      String t;
      try {
        t = Files.readString(file, StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new ConfigurationException("--token-file", "the file " + file + " cannot be read (" + e.getMessage()
            + "); it holds the console's access token on one line");
      }
      if (t.isEmpty()) {
        throw new ConfigurationException("--token-file", "the file " + file + " is empty; put the console's access"
            + " token in it (e.g. head -c 32 /dev/urandom | base64 > " + file + ")");
      }
      return Secret.of(t);
    }
  }

  @Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = "Reads one user from the IdP and shows how the mapping maps it: each rule, what it read, each transform's output.")
  final class Explain implements Callable<Integer> {
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The config file (YAML or JSON).")
    @Nullable Path config;

    @Option(names = "--user", required = true, paramLabel = "IDP_USER_ID", description = "The user's id in the IdP.")
    @Nullable String user;

    @Override
    public Integer call() {
      Path f = config;
      String u = user;
      if (f == null || u == null) {
        throw new UsageException("explain needs --config FILE and --user IDP_USER_ID");
      }
      Optional<Explanation> explanation = ConfigRunner.of(ConfigFile.load(f)).explain(u);
      if (!explanation.isPresent()) {
        err.println("usersync: the IdP has no user with id " + u);
        return FAILED_CHANGES;
      }
      out.print(explanation.get().toText());
      return OK;
    }
  }

  @Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
      description = {"Prints a bash (and zsh) completion script for usersync.",
          "  source <(usersync completion)     # this shell",
          "  usersync completion > /etc/bash_completion.d/usersync"})
  final class Completion implements Callable<Integer> {
    @Override
    public Integer call() {
      out.print(AutoComplete.bash("usersync", commandLine()));
      return OK;
    }
  }

}
