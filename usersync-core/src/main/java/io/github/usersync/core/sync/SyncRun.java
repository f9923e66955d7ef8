package io.github.usersync.core.sync;

import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.internal.Applier;
import io.github.usersync.core.sync.internal.Approval;
import io.github.usersync.core.sync.internal.Guard;
import io.github.usersync.core.sync.internal.HostReadException;
import io.github.usersync.core.sync.internal.Outcomes;
import io.github.usersync.core.sync.internal.PlanResult;
import io.github.usersync.core.sync.internal.PlanStep;
import io.github.usersync.core.sync.internal.Reader;
import io.github.usersync.core.sync.internal.RunContext;
import io.github.usersync.core.sync.internal.RunSetup;
import io.github.usersync.core.sync.internal.Scope;
import io.github.usersync.core.sync.internal.Source;
import io.github.usersync.core.sync.internal.StateCommit;
import io.github.usersync.core.sync.internal.UserMapStep;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a sync: the pipeline every entry point of {@link UserSync} goes through, read in
 * order in {@link #execute}:
 *
 * <ol>
 *   <li><b>read</b> ({@link Reader}): the host, the IdP's groups, and the users of the scope;
 *   <li><b>map</b> ({@link UserMapStep}): each IdP user to the host user the mapping wants;
 *   <li><b>plan</b> ({@link PlanStep}): the typed changes; users are read, mapped and planned one at
 *       a time, so only keys and fingerprints are kept;
 *   <li><b>guard</b> ({@link Guard}): which changes may apply;
 *   <li><b>apply</b> ({@link Applier});
 *   <li><b>commit</b> ({@link StateCommit}): the sync state, from the outcomes (not for dry runs
 *       and single-user runs);
 *   <li><b>report</b> ({@link #report}): the {@link SyncReport}, built here and nowhere else.
 * </ol>
 */
final class SyncRun {
  private static final Logger LOG = LoggerFactory.getLogger(SyncRun.class);
  private static final String LOCK_LOST = "the run lost its lock (a lease not renewed in time, or taken over"
      + " by another node)";

  private static final java.time.format.DateTimeFormatter RUN_ID =
      java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(java.time.ZoneOffset.UTC);

  private final String name;
  private final IdpDirectory directory;
  private final ProvisioningTarget target;
  private final UserMapper mapper;
  private final SyncPolicy policy;
  private final SyncListener listener;
  private final SyncStateStore store;
  private final Clock clock;
  private final boolean dryRun;
  private final String runId = UUID.randomUUID().toString();
  private @Nullable String refusal;

  /** A run of {@code sync}; a dry run changes nothing and commits nothing. */
  SyncRun(UserSync sync, boolean dryRun) {
    this.name = sync.name;
    this.directory = sync.directory;
    this.target = sync.target;
    this.mapper = sync.mapper;
    this.policy = sync.policy;
    this.listener = sync.listener;
    this.store = sync.stateStore;
    this.clock = sync.clock;
    this.dryRun = dryRun;
  }

  /** Which side failed, for the report's status. */
  private enum Failure {
    NONE,
    IDP,
    HOST
  }

  /**
   * Runs the pipeline.
   *
   * @param fixedScope the scope of a single-user run; null: full or incremental, from the state
   * @param allowIncremental whether an incremental run may be made (null scope only)
   * @param managedGroups for single-user runs: the host names of the IdP's groups
   * @param guardPolicy the policy the guard applies (pushed users bring a tighter threshold)
   * @param lockHeld whether the run still holds its lock (a lease can be lost): checked before
   *     apply and before commit; a run that lost it writes nothing more
   */
  SyncReport execute(@Nullable Scope fixedScope, boolean allowIncremental, ExecutorService pool,
      Supplier<Set<String>> managedGroups, SyncPolicy guardPolicy, BooleanSupplier lockHeld) {
    try (RunContext context = RunContext.open(runId, name)) {
      return executeInContext(fixedScope, allowIncremental, RunContext.propagating(pool), managedGroups,
          guardPolicy, lockHeld);
    }
  }

  /** The run's id, also in the SLF4J MDC ({@code usersync.run}) of every log line of the run. */
  String runId() {
    return runId;
  }

  private SyncReport executeInContext(@Nullable Scope fixedScope, boolean allowIncremental, ExecutorService pool,
      Supplier<Set<String>> managedGroups, SyncPolicy guardPolicy, BooleanSupplier lockHeld) {
    mapper.validateFor(target.capabilities());
    Instant start = clock.instant();
    RequestStats.Snapshot d0 = directory.requestStats();
    RequestStats.Snapshot t0 = target.requestStats();
    RunSetup setup = new RunSetup(directory, target, mapper, policy, listener, pool, clock);
    SyncState before = store.load(name).orElse(SyncState.empty());
    Scope scope = fixedScope != null ? fixedScope : scope(before, allowIncremental, start);
    List<String> notes = new ArrayList<>();
    if (!scope.oneUser()) {
      LOG.info("sync {} run {} started: {} sync{}, {} -> {}", name, runId,
          scope.mode().name().toLowerCase(Locale.ROOT).replace('_', ' '), dryRun ? " (dry run)" : "",
          directory.providerId(), target.name());
    }

    PlanResult planned;
    try {
      planned = readMapPlan(setup, scope, before, managedGroups, notes);        // 1. read, 2. map, 3. plan
    } catch (ConfigurationException e) {
      throw e;
    } catch (HostReadException e) {
      LOG.warn("sync {} could not read the host: {}", name, e.getMessage());
      return failedBeforePlanning(scope.mode(), start, d0, t0, notes, e.getMessage(), Failure.HOST);
    } catch (UsersyncException e) {
      LOG.warn("sync {} could not read the IdP: {}", name, e.getMessage());
      return failedBeforePlanning(scope.mode(), start, d0, t0, notes, e.getMessage(), Failure.IDP);
    }
    refusal = planned.refusal;

    Guard.Result guarded = Guard.check(planned, guardPolicy);                     // 4. guard
    listener.planned(plan(planned, guarded, notes));

    Outcomes outcomes = guarded.outcomes;
    String error = null;
    if (!dryRun && !lockHeld.getAsBoolean()) {
      error = LOCK_LOST + "; nothing was applied or committed";
    } else if (!dryRun) {
      try {
        outcomes = new Applier(setup).apply(guarded.outcomes);                    // 5. apply
      } catch (UsersyncException e) {
        error = "applying the changes failed: " + e.getMessage() + "; nothing was committed";
      }
    }

    if (error == null && !dryRun && !scope.oneUser() && !lockHeld.getAsBoolean()) {
      error = LOCK_LOST + " while applying; nothing was committed, so the next run plans again what"
          + " did not reach the host";
    }
    StateCommit.Result commit = dryRun || scope.oneUser() || error != null
        ? StateCommit.Result.none()
        : new StateCommit(setup, store, name).commit(before, planned, outcomes,   // 6. commit
            StateCommit.held(planned, guarded, runId(start), clock.instant(), policy.heldChangesExpireAfter()));
    if (commit.error != null) {
      error = commit.error;
    }
    notes.addAll(commit.notes);

    return report(start, d0, t0, plan(planned, guarded, notes), outcomes, error,         // 7. report
        error == null ? Failure.NONE : Failure.HOST, guarded.thresholdHeld, commit.committed);
  }

  /**
   * Applies the changes an earlier run held back, after an admin approved them (see {@link
   * Approval}).
   *
   * @param runId the held run to approve; null: whichever is held
   * @throws UsersyncException when nothing is held, another run is held, or the held changes
   *     expired; the message says what to do
   */
  SyncReport approve(@Nullable String runId, ExecutorService pool, BooleanSupplier lockHeld) {
    Instant start = clock.instant();
    SyncState before = store.load(name).orElse(SyncState.empty());
    HeldChanges held = before.held().orElseThrow(() -> new UsersyncException("the sync '" + name
        + "' has no held changes to approve: no run held destructive changes back since the last run that"
        + " applied its own (list them with 'usersync held' or UserSync.heldChanges())"));
    if (runId != null && !runId.equals(held.runId())) {
      throw new UsersyncException("the sync '" + name + "' holds no changes of run " + runId + ": the held"
          + " changes are those of run " + held.runId() + " (held at " + held.heldAt() + "; a later run that"
          + " holds changes replaces those of earlier runs); review them with 'usersync held' and approve"
          + " that run");
    }
    if (held.expired(start)) {
      throw new UsersyncException("the changes held by run " + held.runId() + " of the sync '" + name
          + "' expired at " + held.expiresAt() + " (heldChangesExpireAfter: " + policy.heldChangesExpireAfter()
          + ") and cannot be approved any more; run the sync again: it plans them afresh from the IdP and"
          + " holds them again for approval if they are still over the thresholds");
    }
    mapper.validateFor(target.capabilities());
    RequestStats.Snapshot d0 = directory.requestStats();
    RequestStats.Snapshot t0 = target.requestStats();
    RunSetup setup = new RunSetup(directory, target, mapper, policy, listener, pool, clock);
    if (!lockHeld.getAsBoolean()) {
      throw new UsersyncException(LOCK_LOST + "; nothing was applied");
    }
    Approval.Result r = new Approval(setup, store, name).apply(before, held);
    List<String> notes = new ArrayList<>();
    notes.add("approved the changes run " + held.runId() + " held at " + held.heldAt() + " (" + held.reason() + ")");
    notes.addAll(r.notes);
    SyncPlan plan = new SyncPlan(SyncMode.APPROVAL, r.outcomes, true, null, 0, 0, 0, List.of(), notes);
    return report(start, d0, t0, plan, r.outcomes, r.error, r.error == null ? Failure.NONE : Failure.HOST,
        false, r.committed);
  }

  /** A run's id: when it started (UTC) and a random suffix, e.g. {@code 20261203-060000-3f2a}. */
  private static String runId(Instant start) {
    return RUN_ID.format(start) + "-" + String.format(java.util.Locale.ROOT, "%04x",
        java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
  }

  /** Why the one user of a single-user run was refused, after {@link #execute}. */
  @Nullable String refusal() {
    return refusal;
  }

  /** A report for a run that could not start (e.g. login claims without a subject). */
  SyncReport failedBeforeReading(SyncMode mode, String error) {
    Instant now = clock.instant();
    return failedBeforePlanning(mode, now, RequestStats.Snapshot.empty(), RequestStats.Snapshot.empty(),
        List.of(), error, Failure.IDP);
  }

  /** Full, or incremental where the policy allows, the IdP can, and a recent full run left a cursor. */
  private Scope scope(SyncState state, boolean allowIncremental, Instant now) {
    boolean canTrack = policy.incremental() && directory.capabilities().supports(Capability.CHANGES);
    if (allowIncremental && canTrack && state.cursor().isPresent() && state.lastFullSync().isPresent()
        && state.lastFullSync().get().plus(policy.fullSyncInterval()).isAfter(now)) {
      return Scope.incremental(state.cursor().get());
    }
    return Scope.full(canTrack && !dryRun);
  }

  /**
   * Steps 1 to 3: the plan step pulls users from the source (read) through the map step, one at a
   * time. Apart, so the host view and the IdP's group graph are garbage once the plan is made.
   */
  private PlanResult readMapPlan(RunSetup setup, Scope scope, SyncState before,
      Supplier<Set<String>> managedGroups, List<String> notes) {
    Source source = read(setup, scope, before, managedGroups, notes);          // 1. read
    UserMapStep mapStep = new UserMapStep(setup);                               // 2. map
    return new PlanStep(setup).plan(source, mapStep, before);                   // 3. plan
  }

  private Source read(RunSetup setup, Scope scope, SyncState before, Supplier<Set<String>> managedGroups,
      List<String> notes) {
    Reader reader = new Reader(setup);
    try {
      return reader.read(scope, before, managedGroups);
    } catch (ChangeCursorExpiredException e) {
      if (scope.oneUser()) {
        throw e;
      }
      notes.add("the stored change cursor is no longer accepted by the IdP (" + e.getMessage()
          + "); ran a full sync instead");
      boolean canTrack = policy.incremental() && directory.capabilities().supports(Capability.CHANGES);
      return reader.read(Scope.full(canTrack && !dryRun), before, managedGroups);
    }
  }

  private SyncReport failedBeforePlanning(SyncMode mode, Instant start, RequestStats.Snapshot d0,
      RequestStats.Snapshot t0, List<String> notes, @Nullable String error, Failure failure) {
    SyncPlan plan = new SyncPlan(mode, List.of(), false, "the run failed before planning: " + error,
        0, 0, 0, List.of(), notes);
    return report(start, d0, t0, plan, List.of(), String.valueOf(error), failure, false, false);
  }

  private static SyncPlan plan(PlanResult planned, Guard.Result guarded, List<String> notes) {
    List<String> all = new ArrayList<>(notes);
    all.addAll(planned.notes);
    return new SyncPlan(planned.mode, guarded.outcomes, planned.readComplete, guarded.cleanupSkippedReason,
        planned.usersRead, planned.unchanged, planned.notProvisioned, planned.skippedUsers, all);
  }

  private SyncReport report(Instant start, RequestStats.Snapshot d0, RequestStats.Snapshot t0,
      SyncPlan plan, List<ChangeOutcome> outcomes, @Nullable String error, Failure failure,
      boolean thresholdHeld, boolean committed) {
    SyncReport.Status status;
    long failed = outcomes instanceof Outcomes ? ((Outcomes) outcomes).count(ChangeOutcome.Status.FAILED)
        : outcomes.stream().filter(o -> o.status() == ChangeOutcome.Status.FAILED).count();
    if (failure == Failure.HOST || failed > 0) {
      status = SyncReport.Status.FAILED;
    } else if (failure == Failure.IDP || !plan.readComplete()) {
      status = SyncReport.Status.INCOMPLETE;
    } else if (thresholdHeld) {
      status = SyncReport.Status.GUARD_HELD;
    } else {
      status = SyncReport.Status.SUCCESS;
    }
    SyncReport report = new SyncReport(runId, name, dryRun, start, clock.instant(), plan, outcomes,
        directory.requestStats().minus(d0), target.requestStats().minus(t0), error, status, committed);
    if (!Scope.oneUser(plan.mode())) {
      SyncCounts c = report.counts();
      String line = "sync {} run {} finished: {} in {} ms; {} users read; created {}, updated {}, deactivated {},"
          + " reactivated {}, deleted {}, unchanged {}, not provisioned {}, failed {}, skipped {};"
          + " {} IdP requests ({} retries, {} throttled)";
      Object[] args = {name, runId, status.id(), report.duration().toMillis(), plan.usersRead(), c.created(),
          c.updated(), c.deactivated(), c.reactivated(), c.deleted(), c.unchanged(), c.notProvisioned(), c.failed(),
          c.skipped(), report.directoryRequests().requests(), report.directoryRequests().retries(),
          report.directoryRequests().throttled()};
      if (status == SyncReport.Status.SUCCESS) {
        LOG.info(line, args);
      } else {
        LOG.warn(line + (error == null ? "" : "; " + error.replace("{}", "{ }")), args);
      }
    }
    if (!Scope.oneUser(plan.mode())) {
      listener.phase(SyncPhase.DONE);
    }
    listener.finished(report);
    return report;
  }
}
