package io.github.usersync.core.sync.internal;

import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncPolicy;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.regex.Pattern;

/**
 * What every step of a run shares: both ends, the mapping, the policy, the listener, the threads
 * and the clock. Internal: use {@code io.github.usersync.core.sync.UserSync}.
 */
public final class RunSetup {
  final IdpDirectory directory;
  final ProvisioningTarget target;
  final TargetCapabilities capabilities;
  final UserMapper mapper;
  final SyncPolicy policy;
  final SyncListener listener;
  final ExecutorService executor;
  final Clock clock;
  final int readConcurrency;
  private final Set<String> protectedGroups = new TreeSet<>();
  private final List<Pattern> keepGroups = new ArrayList<>();

  /** The setup of one run. */
  public RunSetup(IdpDirectory directory, ProvisioningTarget target, UserMapper mapper, SyncPolicy policy,
      SyncListener listener, ExecutorService executor, Clock clock) {
    this.directory = directory;
    this.target = target;
    this.capabilities = target.capabilities();
    this.mapper = mapper;
    this.policy = policy;
    this.listener = listener;
    this.executor = executor;
    this.clock = clock;
    int c = policy.readConcurrency() > 0 ? policy.readConcurrency() : directory.capabilities().maxConcurrentRequests();
    this.readConcurrency = Math.max(1, c);
    capabilities.protectedGroups().forEach(g -> protectedGroups.add(g.toLowerCase(Locale.ROOT)));
    policy.protectedGroups().forEach(g -> protectedGroups.add(g.toLowerCase(Locale.ROOT)));
    policy.keepGroups().forEach(g -> keepGroups.add(Pattern.compile(g, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
  }

  /**
   * Whether a cleaned-up user keeps this membership ({@code keepGroups}: a name, case-insensitive,
   * or a regular expression matching the whole name).
   */
  boolean keeps(String hostGroup) {
    for (int i = 0; i < keepGroups.size(); i++) {
      Pattern p = keepGroups.get(i);
      if (p.pattern().equalsIgnoreCase(hostGroup) || p.matcher(hostGroup).matches()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The query users are listed with: the paths the mapping reads; deactivated users included;
   * managers asked for when the mapping reads manager fields (and so managers are synchronised).
   */
  public UserQuery userQuery() {
    return UserQuery.builder().attributes(mapper.sourcePaths()).includeDeactivated(true)
        .managers(mapper.usesManager()).build();
  }

  /**
   * The query of a full run's user listing: {@link #userQuery()}, asking for managers only when the
   * run reads every user's manager: every full run by default, else ({@code
   * managerRefreshRuns} above 1) only the first, where every user is new to the host. A run
   * that re-reads one share asks for that share's managers per user, which costs less than a
   * listing that carries everyone's (Entra).
   */
  UserQuery fullListingQuery(long fullRuns) {
    boolean everyManager = managerRefreshRuns() <= 1 || fullRuns == 0;
    return UserQuery.builder().from(userQuery()).managers(mapper.usesManager() && everyManager).build();
  }

  /**
   * Over how many full runs this run spreads the managers it reads: 1 where the IdP answers them
   * from its listing ({@link Capability#MANAGER_FROM_LISTING}), which costs nothing to spread; else
   * the policy's {@code managerRefreshRuns}, by default {@link
   * SyncPolicy#DEFAULT_MANAGER_REFRESH_RUNS} where incremental runs bring manager changes and 1
   * where they do not.
   */
  int managerRefreshRuns() {
    if (supports(Capability.MANAGER_FROM_LISTING)) {
      return 1;
    }
    return policy.managerRefreshRuns().orElse(policy.incremental() && supports(Capability.CHANGES)
        && supports(Capability.CHANGES_REPORT_MANAGERS) ? SyncPolicy.DEFAULT_MANAGER_REFRESH_RUNS : 1);
  }

  /** As {@link #managerRefreshRuns()}, for photos ({@link Capability#PHOTO_FINGERPRINT_FROM_LISTING}). */
  int photoRefreshRuns() {
    return supports(Capability.PHOTO_FINGERPRINT_FROM_LISTING) ? 1 : policy.photoRefreshRuns();
  }

  /** The listener. */
  public SyncListener listener() {
    return listener;
  }

  boolean supports(Capability c) {
    return directory.capabilities().supports(c);
  }

  /** Whether the run needs the IdP's groups: the mapping reads them or the policy scopes by them. */
  boolean needsGroups() {
    return mapper.usesGroups() || !policy.requiredGroups().isEmpty();
  }

  /** Whether usersync must never touch this host group (the target's or the policy's protected groups). */
  boolean isProtected(String hostGroup) {
    return !protectedGroups.isEmpty() && protectedGroups.contains(hostGroup.toLowerCase(Locale.ROOT));
  }

  boolean hasProtectedGroups() {
    return !protectedGroups.isEmpty();
  }

  String targetName() {
    return target.name();
  }
}
