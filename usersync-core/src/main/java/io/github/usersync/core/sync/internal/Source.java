package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What step 1 ({@link Reader}) hands the plan: the host as it is, the IdP's groups, and the IdP's
 * users of the run's scope, which the plan pulls one by one ({@link #forEachUser}; a full run
 * streams them page by page, so only keys are kept). Remembers what could not be read: a run that
 * did not read everything deactivates, deletes and removes nothing, and commits no cursor.
 */
public final class Source {
  private static final Logger LOG = LoggerFactory.getLogger(Source.class);

  /** Whether a user is in the sync's scope (a member of a required group). */
  enum InScope {
    YES,
    NO,
    /** The IdP's groups could not be read, so nobody knows. */
    UNKNOWN
  }

  /** One IdP user as read, with their groups and whether they are in scope. */
  static final class SourceUser {
    final DirectoryUser user;
    final List<DirectoryGroup> groups;
    final InScope inScope;

    SourceUser(DirectoryUser user, List<DirectoryGroup> groups, InScope inScope) {
      this.user = user;
      this.groups = groups;
      this.inScope = inScope;
    }
  }

  final RunSetup setup;
  final Scope scope;
  final HostView host;
  final ParallelReads parallel;
  final List<String> notes = new ArrayList<>();

  // Groups: the IdP's groups and, when enumerated, their members.
  GroupGraph groups;
  /** Whether the run uses the IdP's groups and read them completely. */
  boolean groupsRead;
  /** Why reading the IdP's groups failed (users are still read; memberships are left as they are). */
  @Nullable String groupsFailed;
  /** Whether each user's groups come from the enumerated graph rather than a read per user. */
  boolean byGroup;
  /** Whether memberships are diffed group by group (full runs; incremental runs that enumerate). */
  boolean diffByGroup;
  /** For single-user runs: the host names of the IdP's groups (the managed groups). */
  Set<String> oneUserManagedGroups = Set.of();

  // Users.
  /** Users read before the plan runs: pending users and changes (incremental), the one user. */
  final List<DirectoryUser> listed = new ArrayList<>();
  /** Whether every IdP user is listed (full runs): linked host users not seen are gone. */
  boolean listsEveryUser;
  /** IdP ids no longer in the IdP, with why (deleted, not found). */
  final Map<String, String> gone = new LinkedHashMap<>();
  /** Incremental: users whose memberships changed (their profiles did not). */
  final Set<String> membershipChanged = new LinkedHashSet<>();
  /** Why the user listing broke off. */
  @Nullable String usersFailed;
  /** Why re-reading pending users failed (they stay pending). */
  @Nullable String pendingFailed;
  long usersRead;
  /** The pending users of the state and which of them this run saw (read, or found gone). */
  final Set<String> pending;
  final Set<String> pendingSeen = new HashSet<>();

  /** Where the next incremental run resumes, when this run read everything. */
  @Nullable ChangeCursor nextCursor;

  // Managers: who manages whom (IdP ids), read at most once per run, shared by mapping and SET_MANAGER.
  private Map<String, DirectoryUser> managers = Map.of();
  private final Map<String, String> managerOf = new ConcurrentHashMap<>();
  // Users whose manager endpoint answered "none" in this run, so it is not asked twice.
  private final Set<String> withoutManager = ConcurrentHashMap.newKeySet();
  private boolean managerIdsRead;

  Source(RunSetup setup, Scope scope, HostView host, Set<String> pending) {
    this.setup = setup;
    this.scope = scope;
    this.host = host;
    this.parallel = new ParallelReads(setup.executor, setup.readConcurrency);
    this.groups = GroupGraph.empty(setup.mapper);
    this.pending = pending;
  }

  SyncMode mode() {
    return scope.mode;
  }

  /** Whether everything of the scope was read. */
  boolean complete() {
    return groupsFailed == null && usersFailed == null && pendingFailed == null;
  }

  /** Why not, or null. */
  @Nullable String incompleteReason() {
    List<String> why = new ArrayList<>();
    for (String s : new String[] {groupsFailed, usersFailed, pendingFailed}) {
      if (s != null) {
        why.add(s);
      }
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  /** Whether users' memberships are known: the run needs groups and read them. */
  boolean membershipsKnown() {
    return groupsRead && groupsFailed == null;
  }

  /**
   * Hands every user of the scope to {@code sink}, in order: users read before (pending users
   * first, then the changes; or the one user), then, in a full run, every IdP user as the listing
   * pages through them. A listing that breaks off ends the iteration and is remembered.
   */
  void forEachUser(Consumer<SourceUser> sink) {
    for (DirectoryUser u : listed) {
      sink.accept(sourceUser(u));
    }
    if (!listsEveryUser) {
      return;
    }
    long read = 0;
    try (Stream<DirectoryUser> users = setup.directory.users(setup.userQuery())) {
      Iterator<DirectoryUser> it = users.iterator();
      while (it.hasNext()) {
        DirectoryUser u = it.next();
        read++;
        usersRead = read;
        if (read % 1000 == 0) {
          setup.listener.usersRead(read);
        }
        if (pending.contains(u.id())) {
          pendingSeen.add(u.id());
        }
        sink.accept(sourceUser(u));
      }
    } catch (HostReadException e) {
      throw e;
    } catch (UsersyncException e) {
      usersFailed = "reading the IdP's users failed after " + read + " users: " + e.getMessage();
      LOG.warn("{}", usersFailed);
    }
    setup.listener.usersRead(read);
  }

  private SourceUser sourceUser(DirectoryUser u) {
    if (!setup.needsGroups()) {
      return new SourceUser(u, List.of(), InScope.YES);
    }
    boolean required = !setup.policy.requiredGroups().isEmpty();
    if (groupsFailed != null) {
      return new SourceUser(u, List.of(), required ? InScope.UNKNOWN : InScope.YES);
    }
    List<DirectoryGroup> gs;
    boolean inScope;
    if (scope.claimsUser != null) {
      gs = scope.claimsGroups;
      inScope = !required || GroupGraph.anyRequiredByName(gs, setup.policy.requiredGroups());
    } else if (scope.oneUser()) {
      gs = groupsOfUser(u.id());
      inScope = !required || GroupGraph.anyRequiredByName(gs, setup.policy.requiredGroups());
    } else {
      gs = byGroup ? groups.groupsOf(u.id(), setup.policy.membership()) : groupsOfUser(u.id());
      inScope = !required || groups.anyRequired(gs);
    }
    return new SourceUser(u, gs, inScope ? InScope.YES : InScope.NO);
  }

  /** A user's groups: from the enumerated graph, or read from the IdP for this user. */
  List<DirectoryGroup> groupsOf(String userId) {
    return byGroup ? groups.groupsOf(userId, setup.policy.membership()) : groupsOfUser(userId);
  }

  private List<DirectoryGroup> groupsOfUser(String userId) {
    return setup.supports(Capability.USER_GROUPS)
        ? setup.directory.groupsOfUser(userId, setup.policy.membership()).collect(Collectors.toList())
        : List.of();
  }

  /** The ids of the users in an IdP group (with those of its nested groups, per the policy). */
  List<String> userMembersOf(String groupId) {
    return setup.directory.groupMembers(groupId, setup.policy.membership())
        .filter(m -> m.type() == io.github.usersync.core.model.GroupMember.Type.USER)
        .map(io.github.usersync.core.model.GroupMember::id).collect(Collectors.toList());
  }

  /** Whether a user with these groups is in scope. */
  boolean inScope(List<DirectoryGroup> userGroups) {
    return setup.policy.requiredGroups().isEmpty() || groups.anyRequired(userGroups);
  }

  /** The host names of these groups (after the mapping's renames and drops). */
  Set<String> hostNamesOf(List<DirectoryGroup> userGroups) {
    Set<String> out = new LinkedHashSet<>();
    for (DirectoryGroup g : userGroups) {
      setup.mapper.hostGroupName(g).ifPresent(out::add);
    }
    return out;
  }

  // ---------------------------------------------------------------- managers

  /**
   * When the mapping reads manager fields, lists users once more with the standard fields only, so
   * each user's manager is known when the user is mapped, holding only compact records. Where the
   * listing does not carry managers, their ids are read per user (in parallel) once, here.
   */
  void readManagersIfMapped() {
    if (!setup.mapper.usesManager()) {
      return;
    }
    Map<String, DirectoryUser> compact = new HashMap<>();
    try (Stream<DirectoryUser> users = setup.directory.users(UserQuery.standard())) {
      users.forEach(u -> {
        compact.put(u.id(), DirectoryUser.builder().from(u)
            .raw(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).build());
        u.managerId().ifPresent(m -> managerOf.put(u.id(), m));
      });
    }
    managers = compact;
    readManagerIds(new ArrayList<>(compact.keySet()));
  }

  /** Reads the managers of these users per user, once, where listed users do not carry them. */
  void readManagerIds(List<String> userIds) {
    if (managerIdsRead || !setup.supports(Capability.MANAGER) || setup.supports(Capability.MANAGER_ON_USER)) {
      managerIdsRead = managerIdsRead || setup.supports(Capability.MANAGER_ON_USER);
      return;
    }
    parallel.shares(userIds, setup.directory::managerIds).forEach((id, m) -> m.ifPresent(x -> managerOf.put(id, x)));
    managerIdsRead = true;
  }

  /** The manager of a user, for the mapping's {@code $manager} fields. */
  Optional<DirectoryUser> managerFor(DirectoryUser u) {
    String mid = u.managerId().orElse(managerOf.get(u.id()));
    if (mid == null && !managerIdsRead && !withoutManager.contains(u.id()) && setup.supports(Capability.MANAGER)
        && !setup.supports(Capability.MANAGER_ON_USER)) {
      mid = setup.directory.managerId(u.id()).orElse(null);
      if (mid != null) {
        managerOf.put(u.id(), mid);
      } else {
        withoutManager.add(u.id());
      }
    }
    DirectoryUser manager = mid == null ? null : managers.get(mid);
    if (manager == null && mid != null && managers.isEmpty()) {
      manager = setup.directory.user(mid, UserQuery.standard()).orElse(null);
    }
    return Optional.ofNullable(manager);
  }

  /** The manager id read earlier in this run, if any. */
  @Nullable String knownManagerId(String userId) {
    return managerOf.get(userId);
  }

  /** The manager id of a user: known, or read now where the IdP has a manager endpoint. */
  @Nullable String managerIdOf(String userId) {
    String known = managerOf.get(userId);
    if (known != null || managerIdsRead || withoutManager.contains(userId) || !setup.supports(Capability.MANAGER)
        || setup.supports(Capability.MANAGER_ON_USER)) {
      return known;
    }
    return setup.directory.managerId(userId).orElse(null);
  }

  // ---------------------------------------------------------------- photos

  /** The IdP's photo fingerprint of each user (empty: no photo), read with up to the read concurrency. */
  Map<String, Optional<String>> photoFingerprints(List<String> ids) {
    Function<String, Optional<String>> fingerprint = id -> setup.directory.photo(id).map(Photo::fingerprint);
    return setup.supports(Capability.PHOTO_FINGERPRINT)
        ? parallel.shares(ids, setup.directory::photoFingerprints) : parallel.map(ids, fingerprint);
  }
}
