package io.github.usersync.core.sync;

import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.internal.Scope;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a host's users in step with an IdP directory. Every way of syncing runs the same pipeline:
 * read → map → plan → guard → apply → commit → report (see docs/sync.md).
 *
 * <pre>{@code
 * UserSync sync = UserSync.builder(directory, target)
 *     .mapper(UserMapping.defaults())
 *     .policy(SyncPolicy.builder().addRequiredGroups("jira-users").build())
 *     .build();
 * SyncPlan plan = sync.plan();          // dry run: what would change
 * SyncReport report = sync.run();       // full (or incremental) run
 * sync.syncUser("00u1abc");             // refresh one user, e.g. at login
 * sync.provisionFromClaims(claims);     // just-in-time from SSO claims
 * }</pre>
 *
 * <p>Thread-safe. Full and incremental runs of one sync never overlap (see {@link SyncLock});
 * single-user and JIT runs do not take the lock, so logins are never blocked by a long run (their
 * changes are idempotent).
 */
public final class UserSync {
  private static final AtomicInteger THREADS = new AtomicInteger();

  // Read by SyncRun, which runs the pipeline with them.
  final String name;
  final IdpDirectory directory;
  final ProvisioningTarget target;
  final UserMapper mapper;
  final SyncPolicy policy;
  final SyncListener listener;
  final SyncStateStore stateStore;
  final Clock clock;
  private final SyncLock lock;
  private final @Nullable ExecutorService executor;
  private final ClaimsMapping claims;
  private final Duration managedGroupsTtl;
  private volatile @Nullable CachedGroups managedGroups;

  private UserSync(Builder b) {
    this.name = b.name;
    this.directory = b.directory;
    this.target = b.target;
    UserMapper m = b.mapper;
    this.mapper = m != null ? m : io.github.usersync.core.mapping.UserMapping.defaultsFor(b.directory.providerId());
    this.policy = b.policy;
    this.listener = b.listener;
    this.lock = b.lock;
    this.stateStore = b.stateStore;
    this.executor = b.executor;
    this.clock = b.clock;
    this.claims = b.claims;
    this.managedGroupsTtl = b.managedGroupsTtl;
  }

  /** A builder for a sync from {@code directory} into {@code target}. */
  public static Builder builder(IdpDirectory directory, ProvisioningTarget target) {
    return new Builder(directory, target);
  }

  /** The sync's name (for the lock, the state store and reports). */
  public String name() {
    return name;
  }

  /** The policy. */
  public SyncPolicy policy() {
    return policy;
  }

  /**
   * Reads everything and returns the typed plan of a full run, guard decisions included; changes
   * nothing.
   */
  public SyncPlan plan() {
    return dryRun().plan();
  }

  /**
   * Like {@link #plan()}, as a report: counts are what would be applied, nothing is changed and no
   * state is committed.
   */
  public SyncReport dryRun() {
    return batch(false, true);
  }

  /**
   * Runs: incrementally when the policy allows, the directory can, a cursor is stored and the last
   * full run is recent enough; otherwise a full run. Users pending from earlier runs are re-read
   * and re-planned first. Never overlaps another run of this sync.
   *
   * @throws SyncInProgressException if a run of this sync is in progress
   * @throws io.github.usersync.core.MappingException if the mapping does not fit the target
   */
  public SyncReport run() {
    return batch(true, false);
  }

  /** Runs a full sync, whatever the state store holds. */
  public SyncReport runFull() {
    return batch(false, false);
  }

  private SyncReport batch(boolean allowIncremental, boolean dryRun) {
    SyncLock.Handle handle = lock.acquire(name);
    ExecutorService pool = executor != null ? executor : newPool();
    try {
      return newRun(dryRun).execute(null, allowIncremental, pool, Set::of, policy, handle::isHeld);
    } finally {
      handle.close();
      if (executor == null) {
        pool.shutdownNow();
      }
    }
  }

  /**
   * The destructive changes a threshold held back in the last run that held any, with the run's id
   * and when they expire; empty when none wait for approval. Reads the sync state.
   */
  public Optional<HeldChanges> heldChanges() {
    return stateStore.load(name).flatMap(SyncState::held);
  }

  /**
   * Applies the changes run {@code runId} held back (see {@link #heldChanges()}): exactly those,
   * each cleanup re-checked against the IdP first, so a user who is back (active and in scope) is
   * not deactivated, anonymized or deleted and is reported as skipped with the reason. Takes the
   * sync's lock, like a run, and commits the state by the same rule (the held changes are cleared).
   *
   * @throws UsersyncException when run {@code runId} holds no changes, or they expired ({@link
   *     SyncPolicy#heldChangesExpireAfter()}); the message says what to do
   * @throws SyncInProgressException if a run of this sync is in progress
   */
  public SyncReport approve(String runId) {
    return approveHeld(Objects.requireNonNull(runId, "runId"));
  }

  /** Like {@link #approve(String)}, for whichever run's changes are held. */
  public SyncReport approve() {
    return approveHeld(null);
  }

  private SyncReport approveHeld(@Nullable String runId) {
    SyncLock.Handle handle = lock.acquire(name);
    ExecutorService pool = executor != null ? executor : newPool();
    try {
      return newRun(false).approve(runId, pool, handle::isHeld);
    } finally {
      handle.close();
      if (executor == null) {
        pool.shutdownNow();
      }
    }
  }

  private SyncRun newRun(boolean dryRun) {
    return new SyncRun(this, dryRun);
  }

  /**
   * Refreshes one user from the IdP's REST API (the "sync at login" pattern): reads the user, their
   * groups, manager and (where the mapping asks) photo, maps, and creates, updates, reactivates or
   * deactivates the host account and its memberships of managed groups. Reads the sync state but
   * never writes it.
   */
  public UserSyncResult syncUser(String idpUserId) {
    return one(Scope.user(idpUserId));
  }

  /**
   * Provisions a user just in time from the claims an SSO front sends (OpenID Connect claims by
   * default; see {@link ClaimsMapping}), through the same mapping as batch runs; optionally reads
   * the user from the IdP first. Returns the host user, or why usersync refused.
   */
  public UserSyncResult provisionFromClaims(Map<String, ?> claimValues) {
    DirectoryUser user;
    List<DirectoryGroup> groups;
    try {
      user = claims.user(claimValues);
      groups = claims.groups(claimValues);
      if (claims.enrichment() != ClaimsMapping.Enrichment.NONE) {
        UserQuery q = UserQuery.builder().attributes(mapper.sourcePaths()).build();
        Optional<DirectoryUser> fromIdp = claims.enrichment() == ClaimsMapping.Enrichment.BY_ID
            ? directory.user(user.id(), q)
            : user.email().flatMap(e -> directory.userByEmail(e, q));
        if (fromIdp.isPresent()) {
          user = fromIdp.get();
          if (directory.capabilities().supports(Capability.USER_GROUPS)) {
            groups = directory.groupsOfUser(user.id(), policy.membership()).collect(Collectors.toList());
          }
        }
      }
    } catch (UsersyncException e) {
      SyncReport report = newRun(false).failedBeforeReading(SyncMode.JIT, String.valueOf(e.getMessage()));
      return new UserSyncResult(UserSyncResult.Status.FAILED, null, e.getMessage(), report);
    }
    return one(Scope.claims(user, groups));
  }

  // ---------------------------------------------------------------- pushed by the IdP (SCIM)

  /**
   * Applies a user an IdP pushed (a SCIM service provider receiving Entra or Okta provisioning),
   * linked by {@code user.id()}, through the same mapping, plan, guard, apply, report and listener
   * as {@link #syncUser}; {@code groups} are the user's IdP groups as pushed. At most {@code
   * maxDestructiveChanges} deactivations or deletions are applied (the caller keeps a sliding
   * window over pushes); more are held back and reported as skipped.
   */
  public UserSyncResult push(DirectoryUser user, List<DirectoryGroup> groups, int maxDestructiveChanges) {
    return one(Scope.pushed(user, groups), guardPolicy(maxDestructiveChanges));
  }

  /**
   * Handles a user the IdP removed (a SCIM {@code DELETE}): the account linked to {@code idpUserId}
   * is deactivated, deleted or kept as the policy's {@code missingUsers} says, within {@code
   * maxDestructiveChanges} as for {@link #push}.
   */
  public UserSyncResult pushRemoval(String idpUserId, int maxDestructiveChanges) {
    return one(Scope.pushedRemoval(idpUserId), guardPolicy(maxDestructiveChanges));
  }

  private SyncPolicy guardPolicy(int maxDestructiveChanges) {
    return maxDestructiveChanges >= policy.maxDestructiveChanges() ? policy
        : SyncPolicy.builder().from(policy).maxDestructiveChanges(Math.max(0, maxDestructiveChanges)).build();
  }

  private UserSyncResult one(Scope scope) {
    return one(scope, policy);
  }

  private UserSyncResult one(Scope scope, SyncPolicy guardPolicy) {
    ExecutorService pool = executor != null ? executor : newPool();
    try {
      SyncRun run = newRun(false);
      SyncReport report = run.execute(scope, false, pool, this::managedGroups, guardPolicy, () -> true);
      String id = scope.userId();
      if (report.error().isPresent()) {
        return new UserSyncResult(UserSyncResult.Status.FAILED, null, report.error().get(), report);
      }
      HostUser now = target.userByExternalId(id).orElse(null);
      return new UserSyncResult(status(report.outcomes(), run.refusal()), now,
          reason(report.outcomes(), run.refusal()), report);
    } finally {
      if (executor == null) {
        pool.shutdownNow();
      }
    }
  }

  private static UserSyncResult.Status status(List<ChangeOutcome> outcomes, @Nullable String refusal) {
    boolean created = false;
    boolean deactivated = false;
    boolean changed = false;
    for (ChangeOutcome o : outcomes) {
      if (o.status() == ChangeOutcome.Status.FAILED) {
        return UserSyncResult.Status.FAILED;
      }
      if (o.status() == ChangeOutcome.Status.APPLIED) {
        changed = true;
        created |= o.change().type() == ChangeType.CREATE_USER;
        deactivated |= o.change().type() == ChangeType.DEACTIVATE_USER || o.change().type() == ChangeType.DELETE_USER;
      }
    }
    if (deactivated) {
      return UserSyncResult.Status.DEACTIVATED;
    }
    if (refusal != null) {
      return UserSyncResult.Status.REFUSED;
    }
    return created ? UserSyncResult.Status.CREATED
        : changed ? UserSyncResult.Status.UPDATED : UserSyncResult.Status.UNCHANGED;
  }

  private static @Nullable String reason(List<ChangeOutcome> outcomes, @Nullable String refusal) {
    for (ChangeOutcome o : outcomes) {
      if (o.status() == ChangeOutcome.Status.FAILED || o.status() == ChangeOutcome.Status.SKIPPED) {
        return o.change() + ": " + o.message().orElse("");
      }
    }
    return refusal;
  }

  /** The host names of the IdP's groups, for single-user runs; reused for {@code managedGroupsTtl}. */
  private Set<String> managedGroups() {
    CachedGroups cached = managedGroups;
    Instant now = clock.instant();
    if (cached != null && cached.until.isAfter(now)) {
      return cached.names;
    }
    Set<String> names = new LinkedHashSet<>();
    if (directory.capabilities().supports(Capability.GROUPS)) {
      directory.groups().forEach(g -> mapper.hostGroupName(g).ifPresent(names::add));
    }
    managedGroups = new CachedGroups(names, now.plus(managedGroupsTtl));
    return names;
  }

  private ExecutorService newPool() {
    int n = Math.max(Math.max(policy.readConcurrency(), directory.capabilities().maxConcurrentRequests()),
        policy.applyConcurrency());
    return Executors.newFixedThreadPool(Math.max(1, n), r -> {
      Thread t = new Thread(r, "usersync-" + name + "-" + THREADS.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public String toString() {
    return "UserSync[" + name + ": " + directory.providerId() + " → " + target.name() + "]";
  }

  private static final class CachedGroups {
    final Set<String> names;
    final Instant until;

    CachedGroups(Set<String> names, Instant until) {
      this.names = names;
      this.until = until;
    }
  }

  /** Builds a {@link UserSync}. */
  public static final class Builder {
    private final IdpDirectory directory;
    private final ProvisioningTarget target;
    private @Nullable UserMapper mapper;
    private SyncPolicy policy = SyncPolicy.defaults();
    private SyncListener listener = SyncListener.none();
    private SyncLock lock = SyncLock.local();
    private SyncStateStore stateStore = SyncStateStore.inMemory();
    private @Nullable ExecutorService executor;
    private Clock clock = Clock.systemUTC();
    private ClaimsMapping claims = ClaimsMapping.defaults();
    private String name = "default";
    private Duration managedGroupsTtl = Duration.ofMinutes(10);

    private Builder(IdpDirectory directory, ProvisioningTarget target) {
      this.directory = Objects.requireNonNull(directory, "directory");
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * The mapping from IdP users to host users (default: {@code UserMapping.defaultsFor} the
     * directory's provider: username, email, display name, active, and groups by name).
     */
    public Builder mapper(UserMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    /** The policy (default {@link SyncPolicy#defaults()}). */
    public Builder policy(SyncPolicy policy) {
      this.policy = policy;
      return this;
    }

    /** Receives progress events. */
    public Builder listener(SyncListener listener) {
      this.listener = listener;
      return this;
    }

    /** Keeps runs from overlapping (default: within this JVM; pass a cluster lock on a cluster). */
    public Builder lock(SyncLock lock) {
      this.lock = lock;
      return this;
    }

    /**
     * Where the sync state (cursor, managed groups, pending users, refusals, photos) is kept between
     * runs (default: in memory, forgotten on restart).
     */
    public Builder stateStore(SyncStateStore stateStore) {
      this.stateStore = stateStore;
      return this;
    }

    /** Runs parallel reads and applies (default: a pool per run, shut down after it). */
    public Builder executor(@Nullable ExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /** The clock for reports and the full-run interval. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How login claims become a directory user (default OpenID Connect claims). */
    public Builder claimsMapping(ClaimsMapping claims) {
      this.claims = claims;
      return this;
    }

    /** The sync's name (default {@code default}); one lock and one cursor per name. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** How long single-user runs reuse the IdP's group list (default 10 minutes). */
    public Builder managedGroupsTtl(Duration ttl) {
      this.managedGroupsTtl = ttl;
      return this;
    }

    /**
     * The sync.
     *
     * @throws io.github.usersync.core.ConfigurationException when the policy asks for what the
     *     target cannot do ({@code missingUsers: anonymize} on a host that cannot rename users or
     *     change emails or display names)
     */
    public UserSync build() {
      if (policy.missingUsers() == SyncPolicy.MissingUserAction.ANONYMIZE) {
        io.github.usersync.core.model.TargetCapabilities caps = target.capabilities();
        String cannot = !caps.canRenameUsers() ? "rename users"
            : caps.readOnlyFields().contains("email") ? "change the email of an existing account"
            : caps.readOnlyFields().contains("displayName") ? "change the display name of an existing account"
            : null;
        if (cannot != null) {
          throw new io.github.usersync.core.ConfigurationException("policy.missingUsers", "anonymize needs a host"
              + " that can " + cannot + ", and " + target.name() + " cannot; use deactivate (the default),"
              + " delete or keep");
        }
      }
      return new UserSync(this);
    }
  }
}
