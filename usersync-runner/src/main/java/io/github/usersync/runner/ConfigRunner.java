package io.github.usersync.runner;

import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.ProvisioningTargets;
import io.github.usersync.core.mapping.Explanation;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.CheckReport;
import io.github.usersync.core.sync.HeldChanges;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.SyncScheduler;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.sync.UserSyncResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the sync a {@link ConfigFile} describes: opens the source and the target, keeps the sync
 * state in the config's state file, and holds the sync's file lock (beside the state file) from
 * before the target is opened until after it is closed, so two processes never run the same sync at
 * once. Immutable; each run opens and closes both ends.
 *
 * <pre>{@code
 * SyncReport report = ConfigRunner.fromFile(Path.of("usersync.yaml")).runOnce();
 * }</pre>
 */
public final class ConfigRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigRunner.class);

  private final ConfigFile config;
  private final SyncListener listener;
  private final Duration lockWait;
  private final Duration inProcessWait;

  private ConfigRunner(ConfigFile config, SyncListener listener, Duration lockWait, Duration inProcessWait) {
    this.config = config;
    this.listener = listener;
    this.lockWait = lockWait;
    this.inProcessWait = inProcessWait;
  }

  /**
   * A runner for the config file at {@code file}, read now.
   *
   * @throws io.github.usersync.core.ConfigurationException naming the key when the file is not a valid config
   */
  public static ConfigRunner fromFile(Path file) {
    return of(ConfigFile.load(file));
  }

  /** A runner for a loaded config. */
  public static ConfigRunner of(ConfigFile config) {
    return new ConfigRunner(config, SyncListener.none(), config.lockWait(), Duration.ZERO);
  }

  /** This runner, reporting progress to {@code listener} (e.g. a {@link ProgressPrinter}). */
  public ConfigRunner withListener(SyncListener listener) {
    return new ConfigRunner(config, listener, lockWait, inProcessWait);
  }

  /** This runner, waiting up to {@code wait} for another run of the sync (instead of the config's {@code lockWait}). */
  public ConfigRunner withLockWait(Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("lock wait cannot be negative: " + wait);
    }
    return new ConfigRunner(config, listener, wait, inProcessWait);
  }

  /**
   * This runner, whose runs in an {@link #open() opened} sync wait up to {@code wait} for other
   * writers of the sync in this JVM (SCIM pushes served beside it, which hold the sync's JVM lock
   * while each applies) instead of failing at once.
   */
  public ConfigRunner withInProcessWait(Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait cannot be negative: " + wait);
    }
    return new ConfigRunner(config, listener, lockWait, wait);
  }

  /** The config this runner runs. */
  public ConfigFile config() {
    return config;
  }

  /** The sync's lock: a file lock in the state file's directory, one holder per sync name across processes. */
  public SyncLock lock() {
    Path dir = config.stateFile().toAbsolutePath().getParent();
    return SyncLock.file(dir == null ? Path.of(".").toAbsolutePath() : dir);
  }

  /**
   * A run: incremental where the IdP can and a full run is not due, full otherwise.
   *
   * @throws io.github.usersync.core.SyncInProgressException when another run holds the lock past the lock wait
   */
  public SyncReport runOnce() {
    return locked(UserSync::run);
  }

  /** A full run: reads every user, so users an IdP's change feed never reported are found now. */
  public SyncReport runFull() {
    return locked(UserSync::runFull);
  }

  /** Plans a run and applies nothing; takes no lock and commits no state. */
  public SyncReport dryRun() {
    return withSync(UserSync::dryRun);
  }

  /** Refreshes one user, by IdP user id. */
  public UserSyncResult syncUser(String idpUserId) {
    return locked(sync -> sync.syncUser(idpUserId));
  }

  /**
   * Checks the sync and changes nothing ({@link UserSync#check()}): opens both ends and builds the
   * sync as a run does, so a config a run refuses (an unknown transform or target type, a mapping
   * the target cannot write) fails here with the same exception and message; then probes every
   * endpoint of the source and every call a sync makes to the target (probes retry once at most),
   * and validates what a run validates later (the required groups against the IdP's groups, the
   * state file). Takes no lock.
   */
  public CheckReport check() {
    return withSync(UserSync::check);
  }

  /**
   * The destructive changes a threshold held back, waiting for approval (read from the state file;
   * neither end is opened).
   */
  public Optional<HeldChanges> heldChanges() {
    return SyncStateStore.file(config.stateFile()).load(config.name()).flatMap(SyncState::held);
  }

  /**
   * Applies the changes run {@code runId} (empty: whichever run's are) held back, after re-checking
   * each against the IdP, holding the sync's lock; see {@link UserSync#approve(String)}.
   *
   * @throws io.github.usersync.core.UsersyncException when nothing (or another run) is held, or the
   *     held changes expired
   */
  public SyncReport approve(Optional<String> runId) {
    return locked(sync -> runId.isPresent() ? sync.approve(runId.get()) : sync.approve());
  }

  /** How the mapping maps one IdP user: every rule, what it read and its result; empty when the IdP has no such user. */
  public Optional<Explanation> explain(String idpUserId) {
    UserMapping mapping = config.mapping();
    try (IdpDirectory directory = openSource()) {
      UserQuery query = UserQuery.builder().attributes(mapping.sourcePaths()).build();
      Optional<DirectoryUser> user = directory.user(idpUserId, query);
      if (!user.isPresent()) {
        return Optional.empty();
      }
      MappingInput.Builder in = MappingInput.builder().user(user.get());
      if (mapping.usesGroups() && directory.capabilities().supports(Capability.USER_GROUPS)) {
        in.groups(directory.groupsOfUser(idpUserId, config.policy().membership()).collect(Collectors.toList()));
      }
      if (mapping.usesManager()) {
        Optional<String> managerId = user.get().managerId().isPresent() ? user.get().managerId()
            : directory.capabilities().supports(Capability.MANAGER) ? directory.managerId(idpUserId) : Optional.empty();
        managerId.flatMap(m -> directory.user(m, UserQuery.standard())).ifPresent(in::manager);
      }
      return Optional.of(mapping.explain(in.build()));
    }
  }

  /**
   * Starts the config's schedule ({@code schedule.cron} in {@code schedule.zone}), holding the lock
   * and both ends open until the returned schedule is closed; each report goes to {@code onReport}.
   *
   * @throws io.github.usersync.core.ConfigurationException when the config has no {@code schedule.cron}
   */
  public ScheduledSync schedule(Consumer<SyncReport> onReport) {
    String cron = config.cron().orElseThrow(() -> new io.github.usersync.core.ConfigurationException("schedule.cron",
        "is required to run on a schedule, e.g. \"0 0/15 * * * ?\""));
    SyncLock.Handle held = acquire();
    IdpDirectory directory = null;
    ProvisioningTarget target = null;
    try {
      directory = openSource();
      target = openTarget();
      UserSync sync = sync(directory, target);
      SyncScheduler scheduler = SyncScheduler.builder(sync, cron).zone(config.zone()).onReport(onReport).build().start();
      return new ScheduledSync(scheduler, List.of(target, directory, held));
    } catch (RuntimeException e) {
      closeQuietly(target, e);
      closeQuietly(directory, e);
      closeQuietly(held, e);
      throw e;
    }
  }

  /**
   * Holds the sync's lock and opens both ends until the returned {@link Opened} is closed, for a
   * long-lived host of the sync that runs it itself (the web console of {@code usersync serve}).
   *
   * @throws io.github.usersync.core.SyncInProgressException when another run holds the lock past the lock wait
   */
  public Opened open() {
    SyncLock.Handle held = acquire();
    IdpDirectory directory = null;
    ProvisioningTarget target = null;
    try {
      directory = openSource();
      target = openTarget();
      return new Opened(sync(directory, target), directory, target, held);
    } catch (RuntimeException e) {
      closeQuietly(target, e);
      closeQuietly(directory, e);
      closeQuietly(held, e);
      throw e;
    }
  }

  /** A config's sync with both ends open and its lock held ({@link #open()}), until closed. */
  public static final class Opened implements AutoCloseable {
    private final UserSync sync;
    private final IdpDirectory directory;
    private final ProvisioningTarget target;
    private final SyncLock.Handle held;

    Opened(UserSync sync, IdpDirectory directory, ProvisioningTarget target, SyncLock.Handle held) {
      this.sync = sync;
      this.directory = directory;
      this.target = target;
      this.held = held;
    }

    /** The sync (its runs take a JVM-local lock; other processes are kept out by the file lock held). */
    public UserSync sync() {
      return sync;
    }

    /** The source. */
    public IdpDirectory directory() {
      return directory;
    }

    /** The target. */
    public ProvisioningTarget target() {
      return target;
    }

    /** Closes the target (writing it), then the source, then releases the lock. */
    @Override
    public void close() {
      try (SyncLock.Handle h = held; IdpDirectory d = directory; ProvisioningTarget t = target) {
        // closed in reverse order: target, source, lock
      }
    }
  }

  private static void closeQuietly(@org.jspecify.annotations.Nullable AutoCloseable c, RuntimeException failure) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  private <T> T locked(Function<UserSync, T> run) {
    try (SyncLock.Handle held = acquire()) {
      return withSync(run);
    }
  }

  /**
   * Opens both ends, runs, closes them (the JSON-file host is written on close). When closing the
   * target fails after a run whose report already says it failed without committing (the host
   * could not save), the report is returned and the close failure logged: the report says more.
   */
  private <T> T withSync(Function<UserSync, T> run) {
    try (IdpDirectory directory = openSource()) {
      ProvisioningTarget target = openTarget();
      T result;
      try {
        result = run.apply(sync(directory, target));
      } catch (RuntimeException e) {
        closeQuietly(target, e);
        throw e;
      }
      try {
        target.close();
      } catch (RuntimeException e) {
        SyncReport report = result instanceof SyncReport ? (SyncReport) result
            : result instanceof UserSyncResult ? ((UserSyncResult) result).report() : null;
        if (report == null || report.committed() || report.status() != SyncReport.Status.FAILED) {
          throw e;
        }
        LOG.warn("closing the target of {} failed after a run that failed: {}", config.name(), e.getMessage());
      }
      return result;
    }
  }

  private SyncLock.Handle acquire() {
    SyncLock lock = lock();
    if (!lockWait.isZero()) {
      lock.holder(config.name()).ifPresent(h -> LOG.info("another run of {} is in progress ({}); waiting up to {}s for it to finish",
          config.name(), h.describe(), lockWait.toSeconds()));
    }
    return lock.acquire(config.name(), lockWait);
  }

  private IdpDirectory openSource() {
    return IdpDirectories.open(config.sourceProvider(), config.sourceSettings());
  }

  private ProvisioningTarget openTarget() {
    return ProvisioningTargets.open(config.targetType(), config.targetSettings());
  }

  private UserSync sync(IdpDirectory directory, ProvisioningTarget target) {
    // Building validates the mapping against what the target can write.
    return UserSync.builder(directory, target)
        .lock(inProcessWait.isZero() ? SyncLock.local() : SyncLock.local().waitingUpTo(inProcessWait))
        .name(config.name())
        .mapper(config.mapping())
        .policy(config.policy())
        .stateStore(SyncStateStore.file(config.stateFile()))
        .listener(listener)
        .build();
  }
}
