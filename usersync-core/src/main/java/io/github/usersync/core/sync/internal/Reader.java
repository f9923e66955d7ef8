package io.github.usersync.core.sync.internal;

import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Step 1 of a run, read: the host's users and groups, the IdP's groups and memberships, and which
 * IdP users the run covers (every user, the changes since a cursor plus the users pending from
 * earlier runs, or one user). Users of a full run are listed from the start, alongside the host,
 * group and member reads, as far as a bounded buffer allows, and the plan takes them from there
 * ({@link UserListing}, {@link Source#forEachUser}). A failed groups read does not stop the users
 * read: users are still created and updated, memberships are left as they are and cleanup is held
 * back. Internal.
 */
public final class Reader {
  private static final Logger LOG = LoggerFactory.getLogger(Reader.class);

  private final RunSetup setup;

  /** A reader for one run. */
  public Reader(RunSetup setup) {
    this.setup = setup;
  }

  /**
   * Reads what the plan needs for {@code scope}.
   *
   * @param state the sync state: its pending users are re-read by incremental runs
   * @param managedGroups for single-user runs: the host names of the IdP's groups (cached)
   * @throws ChangeCursorExpiredException when the IdP no longer accepts the cursor (run a full sync)
   * @throws HostReadException when the host cannot be read
   * @throws UsersyncException when the IdP cannot be read at all
   */
  public Source read(Scope scope, SyncState state, Supplier<Set<String>> managedGroups) {
    switch (scope.mode) {
      case FULL:
        return full(scope, state);
      case INCREMENTAL:
        return incremental(scope, state);
      default:
        return oneUser(scope, managedGroups);
    }
  }

  private Source full(Scope scope, SyncState state) {
    List<String> notes = new ArrayList<>();
    io.github.usersync.core.model.ChangeCursor next = null;
    if (scope.trackChanges) {
      // Taken before reading, so nothing that changes during the run is missed next time.
      try {
        next = setup.directory.startChangeTracking(setup.userQuery());
      } catch (UsersyncException e) {
        notes.add("could not start change tracking (" + e.getMessage() + "); the next run is full too");
      }
    }
    // The user listing starts now and runs alongside the host, group and member reads, leaving
    // them the rest of the read concurrency; with a concurrency of 1 the plan opens it afterwards.
    java.util.function.Supplier<java.util.stream.Stream<DirectoryUser>> users =
        () -> setup.directory.users(setup.fullListingQuery(state.fullRuns()));
    UserListing listing = setup.readConcurrency > 1
        ? UserListing.ahead(users, setup.executor, UserListing.AHEAD) : UserListing.inPlace(users);
    try {
      setup.listener.phase(SyncPhase.READ_HOST);
      Source s = new Source(setup, scope, HostView.full(setup.target), state.pending().keySet());
      s.notes.addAll(notes);
      s.nextCursor = next;
      s.refreshShare = state.fullRuns();
      s.listsEveryUser = true;
      s.listing = listing;
      s.openReads(listing); // managers and photos the plan will need, read as the listing goes
      s.diffByGroup = true;
      setup.listener.phase(SyncPhase.READ_GROUPS);
      readGroups(s, null);
      setup.listener.phase(SyncPhase.READ_USERS);
      return s;
    } catch (RuntimeException | Error e) {
      listing.close();
      throw e;
    }
  }

  private Source incremental(Scope scope, SyncState state) {
    setup.listener.phase(SyncPhase.READ_USERS);
    DirectoryChanges changes = setup.directory.changesSince(
        java.util.Objects.requireNonNull(scope.cursor, "cursor"), setup.userQuery());
    boolean nestedChange = changes.membershipChanges().stream()
        .anyMatch(c -> c.member().type() == GroupMember.Type.GROUP);
    boolean enumerate = setup.needsGroups()
        && (!changes.membershipsTracked() || (nestedChange && setup.policy.membership() == Membership.TRANSITIVE));
    setup.listener.phase(SyncPhase.READ_HOST);
    HostView host = enumerate ? HostView.full(setup.target) : HostView.lazy(setup.target);
    Source s = new Source(setup, scope, host, state.pending().keySet());
    s.nextCursor = changes.nextCursor();
    s.diffByGroup = enumerate;
    setup.listener.phase(SyncPhase.READ_GROUPS);
    readGroups(s, enumerate);
    // Only the changed users' managers are needed: the mapping reads them one by one, so an
    // incremental run stays proportional to the changes.

    setup.listener.phase(SyncPhase.READ_USERS);
    Set<String> changed = new HashSet<>();
    changes.changedUsers().forEach(u -> changed.add(u.id()));
    changed.addAll(changes.removedUserIds());
    // Users whose changes did not reach the host in an earlier run come first.
    List<String> pending = state.pending().keySet().stream().filter(id -> !changed.contains(id))
        .sorted().collect(Collectors.toList());
    if (!pending.isEmpty()) {
      try {
        Map<String, Optional<DirectoryUser>> read = s.parallel.map(pending,
            id -> setup.directory.user(id, setup.userQuery()));
        for (String id : pending) {
          Optional<DirectoryUser> u = read.get(id);
          if (u != null && u.isPresent()) {
            s.listed.add(u.get());
          } else {
            s.gone.put(id, "not in the IdP");
          }
          s.pendingSeen.add(id);
        }
      } catch (HostReadException e) {
        throw e;
      } catch (UsersyncException e) {
        s.pendingFailed = "re-reading " + pending.size() + " users pending from earlier runs failed: " + e.getMessage();
        LOG.warn("{}", s.pendingFailed);
      }
    }
    for (DirectoryUser u : changes.changedUsers()) {
      s.listed.add(u);
    }
    for (String removed : changes.removedUserIds()) {
      s.gone.put(removed, "deleted in the IdP");
    }
    for (String id : changed) {
      if (s.pending.contains(id)) {
        s.pendingSeen.add(id);
      }
    }
    for (MembershipChange c : changes.membershipChanges()) {
      if (c.member().type() == GroupMember.Type.USER) {
        s.membershipChanged.add(c.member().id());
      }
    }
    s.usersRead = s.listed.size();
    return s;
  }

  private Source oneUser(Scope scope, Supplier<Set<String>> managedGroups) {
    Source s = new Source(setup, scope, HostView.lazy(setup.target), Set.of());
    String id = java.util.Objects.requireNonNull(scope.userId, "userId");
    if (scope.removed) {
      s.gone.put(id, "deleted in the IdP");
      return s;
    }
    DirectoryUser u = scope.claimsUser != null ? scope.claimsUser
        : setup.directory.user(id, setup.userQuery()).orElse(null);
    if (u == null) {
      s.gone.put(id, "not in the IdP");
      return s;
    }
    s.listed.add(u);
    s.usersRead = 1;
    s.groupsRead = setup.needsGroups();
    if (s.groupsRead) {
      s.oneUserManagedGroups = managedGroups.get();
    }
    return s;
  }

  /**
   * Reads the IdP's groups and, when memberships are read by enumerating groups, their members. A
   * failure is remembered in the source (users are still read); a required group the IdP does not
   * have is a configuration error.
   *
   * @param enumerate whether to enumerate members; null: decide by cost (full runs)
   */
  private void readGroups(Source s, @org.jspecify.annotations.Nullable Boolean enumerate) {
    if (!setup.needsGroups()) {
      return;
    }
    try {
      GroupGraph graph = readGroupGraph();
      boolean byGroup = enumerate != null ? enumerate
          : readMembershipsByGroup(graph.groups().size(), s.host.userCount());
      if (byGroup) {
        // Each group's members go into the graph as their read completes; none is held longer.
        ParallelReads reads = s.listing != null && s.listing.readingAhead() ? s.parallelAlongsideListing : s.parallel;
        reads.each(graph.groups().stream().map(DirectoryGroup::id).collect(Collectors.toList()),
            gid -> setup.directory.groupMembers(gid, Membership.DIRECT).collect(Collectors.toList()),
            graph::addMembers);
      }
      s.groups = graph;
      s.byGroup = byGroup;
      s.groupsRead = true;
    } catch (ConfigurationException | HostReadException e) {
      throw e;
    } catch (UsersyncException e) {
      s.groups = GroupGraph.empty(setup.mapper);
      s.byGroup = false;
      s.groupsFailed = "reading the IdP's groups failed: " + e.getMessage();
      LOG.warn("{}; users are still read, memberships left as they are", s.groupsFailed);
    }
  }

  private GroupGraph readGroupGraph() {
    List<DirectoryGroup> groups = setup.supports(Capability.GROUPS)
        ? setup.directory.groups().collect(Collectors.toList()) : List.of();
    GroupGraph graph = new GroupGraph(groups, setup.mapper, setup.policy.requiredGroups());
    RequiredGroups.requireKnown(groups, setup.policy.requiredGroups());
    return graph;
  }

  private boolean readMembershipsByGroup(int groups, int hostUsers) {
    boolean canByGroup = setup.supports(Capability.GROUP_MEMBERS);
    boolean canByUser = setup.supports(Capability.USER_GROUPS);
    SyncPolicy.MembershipRead how = setup.policy.membershipRead();
    switch (how) {
      case BY_USER:
        return !canByUser && canByGroup;
      case BY_GROUP:
        return canByGroup || !canByUser;
      default:
        // Enumerating costs at least one request per group, asking per user one per user. The
        // number of IdP users is not known before listing them; the host's count estimates it,
        // but only once the host has users. Groups are almost always far fewer than users, so
        // enumerate unless there are many groups (over 1,000) and more of them than host users,
        // as in a tenant with tens of thousands of Microsoft 365 groups and a few hundred synced
        // users.
        return canByGroup && (!canByUser || hostUsers == 0 || groups <= Math.max(hostUsers, 1000));
    }
  }
}
