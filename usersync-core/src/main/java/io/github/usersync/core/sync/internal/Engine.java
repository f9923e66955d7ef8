package io.github.usersync.core.sync.internal;

import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.MappingOutcome;
import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncPhase;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@code UserSync}: read → map → plan; guard and apply are below. One instance
 * per run. Internal: use {@code io.github.usersync.core.sync.UserSync}.
 */
public final class Engine {
  private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

  private final IdpDirectory directory;
  private final ProvisioningTarget target;
  private final UserMapper mapper;
  private final SyncPolicy policy;
  private final SyncListener listener;
  private final ExecutorService executor;
  private final int readConcurrency;
  // Who manages whom (IdP ids), read at most once per run and shared by mapping and SET_MANAGER.
  private final Map<String, String> managerOf = new ConcurrentHashMap<>();
  private boolean managerIdsRead;

  /** An engine for one run; {@code executor} runs parallel reads and applies. */
  public Engine(IdpDirectory directory, ProvisioningTarget target, UserMapper mapper, SyncPolicy policy,
      SyncListener listener, ExecutorService executor) {
    this.directory = directory;
    this.target = target;
    this.mapper = mapper;
    this.policy = policy;
    this.listener = listener;
    this.executor = executor;
    int c = policy.readConcurrency() > 0 ? policy.readConcurrency() : directory.capabilities().maxConcurrentRequests();
    this.readConcurrency = Math.max(1, c);
  }

  /** The query users are listed with: the paths the mapping reads; deactivated users included. */
  public UserQuery userQuery() {
    return UserQuery.builder().attributes(mapper.sourcePaths()).includeDeactivated(true).build();
  }

  private boolean supports(Capability c) {
    return directory.capabilities().supports(c);
  }

  private boolean needsGroups() {
    return mapper.usesGroups() || !policy.requiredGroups().isEmpty();
  }

  // ---------------------------------------------------------------- full

  /** Plans a full run. */
  public PlanResult planFull() {
    listener.phase(SyncPhase.READ_HOST);
    HostView host = HostView.full(target);
    Planner planner = new Planner(policy, target.capabilities());
    List<PlanResult.Failure> failures = new ArrayList<>();
    String incomplete = null;

    listener.phase(SyncPhase.READ_GROUPS);
    GroupGraph graph;
    boolean byGroup = false;
    try {
      graph = readGroups();
      byGroup = needsGroups() && readMembershipsByGroup(graph.groups().size(), host.userCount());
      if (byGroup) {
        readGroupMembers(graph);
      }
    } catch (ConfigurationException e) {
      throw e;
    } catch (UsersyncException e) {
      graph = new GroupGraph(List.of(), mapper, Set.of());
      incomplete = "reading the IdP's groups failed: " + e.getMessage();
      LOG.warn("{}", incomplete);
    }
    Map<String, DirectoryUser> managers = incomplete == null ? readManagersIfMapped() : Map.of();

    listener.phase(SyncPhase.READ_USERS);
    Set<String> present = new HashSet<>();
    Set<String> outOfScope = new HashSet<>();
    Map<Integer, String> managerOfSlot = new HashMap<>();
    List<Integer> photoSlots = new ArrayList<>();
    long read = 0;
    if (incomplete == null) {
      try (Stream<DirectoryUser> users = directory.users(userQuery())) {
        java.util.Iterator<DirectoryUser> it = users.iterator();
        while (it.hasNext()) {
          DirectoryUser u = it.next();
          read++;
          if (read % 1000 == 0) {
            listener.usersRead(read);
          }
          List<DirectoryGroup> groups = !needsGroups() ? List.of()
              : byGroup ? graph.groupsOf(u.id(), policy.membership()) : groupsOfUser(u.id());
          if (!policy.requiredGroups().isEmpty() && !graph.anyRequired(groups)) {
            outOfScope.add(u.id());
            continue;
          }
          present.add(u.id());
          MappedUser m = map(u, groups, managers, planner, failures);
          if (m == null) {
            continue;
          }
          int slot = planner.planUser(m, host);
          if (slot >= 0) {
            planner.want(slot, m.groups());
            String managerId = m.managerId().orElse(u.managerId().orElse(null));
            if (managerId != null) {
              managerOfSlot.put(slot, managerId);
            }
            photoSlots.add(slot);
          }
        }
      } catch (UsersyncException e) {
        incomplete = "reading the IdP's users failed after " + read + " users: " + e.getMessage();
        LOG.warn("{}", incomplete);
      }
    }
    listener.usersRead(read);

    listener.phase(SyncPhase.PLAN);
    List<HostUser> linked = new ArrayList<>(host.linkedUsers());
    if (incomplete == null && present.isEmpty() && outOfScope.isEmpty() && !linked.isEmpty()) {
      incomplete = "the IdP returned no users while the host has " + linked.size()
          + " linked users; refusing to treat them all as gone";
    }
    for (HostUser h : linked) {
      String x = h.externalId().orElse("");
      if (present.contains(x) || planner.slotByExternalId.containsKey(x)) {
        continue;
      }
      planner.planMissing(h, outOfScope.contains(x) ? "not in a required group" : "not in the IdP");
    }
    Set<String> managed = new LinkedHashSet<>(graph.hostNames());
    managed.addAll(policy.additionallyManagedGroups());
    if (needsGroups()) {
      planner.planMembershipsByGroup(host, managed);
    }
    try {
      planManagers(planner, host, managerOfSlot);
    } catch (UsersyncException e) {
      planner.notes.add("managers were not synchronised: reading them failed: " + e.getMessage());
    }
    try {
      planPhotos(planner, host, photoSlots);
    } catch (UsersyncException e) {
      planner.notes.add("photos were not synchronised: reading them failed: " + e.getMessage());
    }
    return new PlanResult(SyncMode.FULL, planner, failures, incomplete == null, incomplete, read,
        host.userCount(), null);
  }

  private boolean readMembershipsByGroup(int groups, int hostUsers) {
    boolean canByGroup = supports(Capability.GROUP_MEMBERS);
    boolean canByUser = supports(Capability.USER_GROUPS);
    switch (policy.membershipRead()) {
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

  private GroupGraph readGroups() {
    List<DirectoryGroup> groups = needsGroups() && supports(Capability.GROUPS)
        ? directory.groups().collect(Collectors.toList()) : List.of();
    GroupGraph graph = new GroupGraph(groups, mapper, policy.requiredGroups());
    if (!policy.requiredGroups().isEmpty()) {
      Set<String> known = new HashSet<>();
      groups.forEach(g -> {
        known.add(g.name().toLowerCase(Locale.ROOT));
        known.add(g.id().toLowerCase(Locale.ROOT));
      });
      for (String r : policy.requiredGroups()) {
        if (!known.contains(r.toLowerCase(Locale.ROOT))) {
          throw new ConfigurationException("policy.requiredGroups",
              "'" + r + "' is not a group in the IdP (by name or id); correct the name, or no user"
                  + " would be in scope and every linked user would be deactivated");
        }
      }
    }
    return graph;
  }

  private void readGroupMembers(GroupGraph graph) {
    // Each group's members go into the graph as their read completes; none is held longer.
    parallelEach(graph.groups().stream().map(DirectoryGroup::id).collect(Collectors.toList()),
        id -> directory.groupMembers(id, Membership.DIRECT).collect(Collectors.toList()),
        graph::addMembers);
  }

  private List<DirectoryGroup> groupsOfUser(String userId) {
    return supports(Capability.USER_GROUPS)
        ? directory.groupsOfUser(userId, policy.membership()).collect(Collectors.toList())
        : List.of();
  }

  /**
   * When the mapping reads manager fields, lists users once more with the standard fields only, so
   * each user's manager is known when the user is mapped, holding only compact records. Where the
   * listing does not carry managers, their ids are read per user (in parallel) once, here.
   */
  private Map<String, DirectoryUser> readManagersIfMapped() {
    if (!mapper.usesManager()) {
      return Map.of();
    }
    Map<String, DirectoryUser> compact = new HashMap<>();
    try (Stream<DirectoryUser> users = directory.users(UserQuery.standard())) {
      users.forEach(u -> {
        compact.put(u.id(), DirectoryUser.builder().from(u)
            .raw(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()).build());
        u.managerId().ifPresent(m -> managerOf.put(u.id(), m));
      });
    }
    readManagerIds(new ArrayList<>(compact.keySet()));
    return compact;
  }

  /** Reads the managers of these users per user, once, where listed users do not carry them. */
  private void readManagerIds(List<String> userIds) {
    if (managerIdsRead || !supports(Capability.MANAGER) || supports(Capability.MANAGER_ON_USER)) {
      managerIdsRead = managerIdsRead || supports(Capability.MANAGER_ON_USER);
      return;
    }
    parallel(userIds, directory::managerId).forEach((id, m) -> m.ifPresent(x -> managerOf.put(id, x)));
    managerIdsRead = true;
  }

  private @Nullable MappedUser map(DirectoryUser u, List<DirectoryGroup> groups,
      Map<String, DirectoryUser> managers, Planner planner, List<PlanResult.Failure> failures) {
    MappingInput.Builder in = MappingInput.builder().user(u).groups(groups);
    if (mapper.usesManager()) {
      String mid = u.managerId().orElse(managerOf.get(u.id()));
      if (mid == null && !managerIdsRead && supports(Capability.MANAGER)
          && !supports(Capability.MANAGER_ON_USER)) {
        mid = directory.managerId(u.id()).orElse(null);
      }
      DirectoryUser manager = mid == null ? null : managers.get(mid);
      if (manager == null && mid != null && managers.isEmpty()) {
        manager = directory.user(mid, UserQuery.standard()).orElse(null);
      }
      in.manager(Optional.ofNullable(manager));
    }
    try {
      MappingOutcome outcome = mapper.map(in.build());
      if (!outcome.user().isPresent()) {
        planner.skippedUsers.add(u.username() + ": " + outcome.skipReason().orElse("skipped by the mapping"));
        return null;
      }
      return outcome.user().get();
    } catch (MappingException e) {
      failures.add(mapFailure(u, e.getMessage()));
    } catch (RuntimeException e) {
      if (e instanceof UsersyncException && !(e instanceof MappingException)) {
        throw e;
      }
      failures.add(mapFailure(u, "the mapping failed: " + e));
    }
    return null;
  }

  private static PlanResult.Failure mapFailure(DirectoryUser u, @Nullable String message) {
    return new PlanResult.Failure(
        Change.builder(ChangeType.MAP_USER, u.username(), "could not be mapped").externalId(u.id()).build(),
        String.valueOf(message));
  }

  private void planManagers(Planner planner, HostView host, Map<Integer, String> managerOfSlot) {
    // Managers cost a request per user where listings lack them: only when the mapping asks.
    if (!target.capabilities().keepsManagers() || !mapper.usesManager()) {
      return;
    }
    Map<Integer, @Nullable String> wanted = new HashMap<>();
    readManagerIds(planner.slotExternalId);
    for (int s = 0; s < planner.slotExternalId.size(); s++) {
      String inline = managerOfSlot.get(s);
      wanted.put(s, inline != null ? inline : managerOf.get(planner.slotExternalId.get(s)));
    }
    for (int s = 0; s < planner.slotExternalId.size(); s++) {
      String key = planner.slotHostKey.get(s);
      HostUser h = key == null ? null : host.byKey(key);
      String current = null;
      if (h != null && h.managerKey().isPresent()) {
        HostUser m = host.byKey(h.managerKey().get());
        current = m == null ? null : m.externalId().orElse(null);
      }
      String want = wanted.get(s);
      if (want != null && !planner.slotByExternalId.containsKey(want) && host.byExternalId(want) == null) {
        want = null; // the manager is not in the host; nothing to point at
      }
      if (h == null && want == null) {
        continue;
      }
      planner.planManager(s, want, current);
    }
  }

  /**
   * Manager changes for some slots, the wanted manager ids given (inline on the user), else read
   * per user where the directory can.
   */
  private void planManagersOf(Planner planner, HostView host, Map<Integer, @Nullable String> slots) {
    if (!target.capabilities().keepsManagers() || !mapper.usesManager() || slots.isEmpty()) {
      return;
    }
    for (Map.Entry<Integer, @Nullable String> e : slots.entrySet()) {
      int s = e.getKey();
      String want = e.getValue();
      if (want == null && supports(Capability.MANAGER) && !supports(Capability.MANAGER_ON_USER)) {
        want = directory.managerId(planner.slotExternalId.get(s)).orElse(null);
      }
      if (want != null && !planner.slotByExternalId.containsKey(want) && host.byExternalId(want) == null) {
        want = null;
      }
      String key = planner.slotHostKey.get(s);
      HostUser h = key == null ? null : host.byKey(key);
      String current = null;
      if (h != null && h.managerKey().isPresent()) {
        HostUser m = host.byKey(h.managerKey().get());
        current = m == null ? null : m.externalId().orElse(null);
      }
      if (h == null && want == null) {
        continue;
      }
      planner.planManager(s, want, current);
    }
  }

  private void planPhotos(Planner planner, HostView host, List<Integer> slots) {
    if (!mapper.usesPhoto() || !target.capabilities().keepsPhotos() || !supports(Capability.PHOTO)) {
      return;
    }
    List<String> ids = slots.stream().map(planner.slotExternalId::get).collect(Collectors.toList());
    Function<String, Optional<String>> fingerprint = supports(Capability.PHOTO_FINGERPRINT)
        ? directory::photoFingerprint
        : id -> directory.photo(id).map(Photo::fingerprint);
    Map<String, Optional<String>> prints = parallel(ids, fingerprint);
    for (int s : slots) {
      Optional<String> fp = prints.get(planner.slotExternalId.get(s));
      if (fp == null || !fp.isPresent()) {
        continue;
      }
      String key = planner.slotHostKey.get(s);
      HostUser h = key == null ? null : host.byKey(key);
      if (h == null || !h.photoFingerprint().equals(fp)) {
        planner.planPhoto(s, fp.get());
      }
    }
  }

  // ---------------------------------------------------------------- incremental

  /**
   * Plans an incremental run from the changes since {@code cursor}.
   *
   * @throws ChangeCursorExpiredException when the IdP no longer accepts the cursor
   */
  public PlanResult planIncremental(ChangeCursor cursor, DirectoryChanges[] out) {
    listener.phase(SyncPhase.READ_USERS);
    DirectoryChanges changes = directory.changesSince(cursor, userQuery());
    out[0] = changes;
    boolean nestedChange = changes.membershipChanges().stream()
        .anyMatch(c -> c.member().type() == GroupMember.Type.GROUP);
    boolean enumerate = needsGroups()
        && (!changes.membershipsTracked() || (nestedChange && policy.membership() == Membership.TRANSITIVE));
    listener.phase(SyncPhase.READ_HOST);
    HostView host = enumerate ? HostView.full(target) : HostView.lazy(target);
    Planner planner = new Planner(policy, target.capabilities());
    List<PlanResult.Failure> failures = new ArrayList<>();
    listener.phase(SyncPhase.READ_GROUPS);
    GroupGraph graph = readGroups();
    if (enumerate) {
      readGroupMembers(graph);
    }
    Set<String> managed = new LinkedHashSet<>(graph.hostNames());
    managed.addAll(policy.additionallyManagedGroups());
    // Only the changed users' managers are needed: map() reads them one by one, so an incremental
    // run stays proportional to the changes (no listing of every user for their managers).
    Map<String, DirectoryUser> managers = Map.of();

    Set<String> handled = new HashSet<>();
    Map<Integer, Set<String>> wantedBySlot = new HashMap<>();
    Map<Integer, @Nullable String> changedSlots = new HashMap<>();
    for (DirectoryUser u : changes.changedUsers()) {
      handled.add(u.id());
      List<DirectoryGroup> groups = !needsGroups() ? List.of()
          : enumerate ? graph.groupsOf(u.id(), policy.membership()) : groupsOfUser(u.id());
      if (!policy.requiredGroups().isEmpty() && !graph.anyRequired(groups)) {
        HostUser h = host.byExternalId(u.id());
        if (h != null) {
          planner.planMissing(h, "not in a required group");
        }
        continue;
      }
      MappedUser m = map(u, groups, managers, planner, failures);
      if (m == null) {
        continue;
      }
      int slot = planner.planUser(m, host);
      if (slot >= 0) {
        wantedBySlot.put(slot, m.groups());
        changedSlots.put(slot, m.managerId().orElse(u.managerId().orElse(null)));
      }
    }
    try {
      planManagersOf(planner, host, changedSlots);
    } catch (UsersyncException e) {
      planner.notes.add("managers were not synchronised: reading them failed: " + e.getMessage());
    }
    for (String removed : changes.removedUserIds()) {
      handled.add(removed);
      HostUser h = host.byExternalId(removed);
      if (h != null) {
        planner.planMissing(h, "deleted in the IdP");
      }
    }
    if (needsGroups()) {
      if (enumerate) {
        // Memberships are not tracked (or nested groups changed): diff every linked user the
        // group graph knows, using group names only; user profiles stay as they are.
        for (HostUser h : host.linkedUsers()) {
          String x = h.externalId().orElse("");
          if (handled.contains(x)) {
            continue;
          }
          if (!h.active()) {
            continue; // deactivated accounts keep their groups, as in full runs
          }
          // A user in no group may also be deleted in the IdP (deletions are invisible here);
          // either way the managed memberships go, and the next full run deactivates the deleted.
          List<DirectoryGroup> groups = graph.groupsOf(x, policy.membership());
          if (!policy.requiredGroups().isEmpty() && !graph.anyRequired(groups)) {
            planner.planMissing(h, "not in a required group");
            continue;
          }
          Set<String> wanted = hostNamesOf(groups);
          int slot = planner.planUserSlotOnly(x, h.username(), h.key());
          planner.want(slot, wanted);
        }
        wantedBySlot.forEach(planner::want);
        planner.planMembershipsByGroup(host, managed);
      } else {
        Set<String> affected = new LinkedHashSet<>();
        for (MembershipChange c : changes.membershipChanges()) {
          if (c.member().type() == GroupMember.Type.USER && !handled.contains(c.member().id())) {
            affected.add(c.member().id());
          }
        }
        for (String id : affected) {
          HostUser h = host.byExternalId(id);
          if (h == null) {
            continue;
          }
          List<DirectoryGroup> groups = groupsOfUser(id);
          if (!policy.requiredGroups().isEmpty() && !graph.anyRequired(groups)) {
            planner.planMissing(h, "not in a required group");
            continue;
          }
          wantedBySlot.put(planner.planUserSlotOnly(id, h.username(), h.key()), hostNamesOf(groups));
        }
        wantedBySlot.forEach((slot, wanted) -> planner.planMembershipsOfUser(slot, wanted, host, managed));
      }
    }
    // Counting host users may list them all; only worth it when something destructive is planned.
    boolean destructive = planner.changes.stream().anyMatch(Change::destructive);
    return new PlanResult(SyncMode.INCREMENTAL, planner, failures, true, null,
        changes.changedUsers().size(), destructive ? host.userCount() : 0, null);
  }

  private Set<String> hostNamesOf(Collection<DirectoryGroup> groups) {
    Set<String> out = new LinkedHashSet<>();
    for (DirectoryGroup g : groups) {
      mapper.hostGroupName(g).ifPresent(out::add);
    }
    return out;
  }

  // ---------------------------------------------------------------- one user

  /**
   * Plans the sync of one user: read from the IdP by id ({@code claimsUser} null) or given
   * (JIT, with {@code claimsGroups}).
   */
  public PlanResult planOne(SyncMode mode, String idpUserId, @Nullable DirectoryUser claimsUser,
      List<DirectoryGroup> claimsGroups, Set<String> managedGroups) {
    HostView host = HostView.lazy(target);
    Planner planner = new Planner(policy, target.capabilities());
    List<PlanResult.Failure> failures = new ArrayList<>();
    DirectoryUser u = claimsUser != null ? claimsUser : directory.user(idpUserId, userQuery()).orElse(null);
    if (u == null) {
      HostUser h = host.byExternalId(idpUserId);
      if (h != null) {
        planner.planMissing(h, "not in the IdP");
      }
      return new PlanResult(mode, planner, failures, true, null, 0, 0, "the user " + idpUserId + " is not in the IdP");
    }
    List<DirectoryGroup> groups = claimsUser != null ? claimsGroups : needsGroups() ? groupsOfUser(u.id()) : List.of();
    if (!policy.requiredGroups().isEmpty() && !GroupGraph.anyRequiredByName(groups, policy.requiredGroups())) {
      HostUser h = host.byExternalId(u.id());
      if (h != null) {
        planner.planMissing(h, "not in a required group");
      }
      return new PlanResult(mode, planner, failures, true, null, 1, 0,
          u.username() + " is not in a required group (" + String.join(", ", policy.requiredGroups()) + ")");
    }
    MappedUser m = map(u, groups, Map.of(), planner, failures);
    if (m == null) {
      String why = !failures.isEmpty() ? failures.get(0).message
          : planner.skippedUsers.isEmpty() ? "skipped by the mapping" : planner.skippedUsers.get(0);
      return new PlanResult(mode, planner, failures, true, null, 1, 0, why);
    }
    int slot = planner.planUser(m, host);
    String refusal = null;
    if (slot < 0) {
      refusal = u.username() + " is inactive in the IdP";
    } else {
      Set<String> managed = new LinkedHashSet<>(managedGroups);
      managed.addAll(policy.additionallyManagedGroups());
      if (needsGroups()) {
        planner.planMembershipsOfUser(slot, m.groups(), host, managed);
      }
      Map<Integer, @Nullable String> mine = new HashMap<>();
      mine.put(slot, m.managerId().orElse(u.managerId().orElse(null)));
      planManagersOf(planner, host, mine);
    }
    if (!m.active() && refusal == null) {
      refusal = u.username() + " is inactive in the IdP";
    }
    return new PlanResult(mode, planner, failures, true, null, 1, 0, refusal);
  }

  /** Plans what happens to the account linked to a user the IdP removed (pushed removals). */
  public PlanResult planRemoved(SyncMode mode, String idpUserId) {
    Planner planner = new Planner(policy, target.capabilities());
    HostUser h = HostView.lazy(target).byExternalId(idpUserId);
    if (h != null) {
      planner.planMissing(h, "deleted in the IdP");
    }
    return new PlanResult(mode, planner, new ArrayList<>(), true, null, 0, 0, null);
  }

  /** The host names of every IdP group (the groups whose memberships usersync manages). */
  public Set<String> managedGroupsFromDirectory() {
    if (!needsGroups() || !supports(Capability.GROUPS)) {
      return Set.of();
    }
    return hostNamesOf(directory.groups().collect(Collectors.toList()));
  }

  // ---------------------------------------------------------------- guard

  /** Applies the safety rules: which changes may be applied, which are held back and why. */
  public static GuardResult guard(PlanResult plan, SyncPolicy policy) {
    Change[] all = new Change[plan.failures.size() + plan.changes.size()];
    int n = 0;
    for (PlanResult.Failure f : plan.failures) {
      all[n++] = f.change;
    }
    for (Change c : plan.changes) {
      all[n++] = c;
    }
    Outcomes outcomes = new Outcomes(all);
    for (int i = 0; i < plan.failures.size(); i++) {
      outcomes.set(i, ChangeOutcome.Status.FAILED, plan.failures.get(i).message);
    }
    String reason = null;
    if (!plan.readComplete) {
      reason = "the IdP read was incomplete (" + plan.incompleteReason
          + "); no user is deactivated or deleted and no membership removed";
    } else {
      long destructive = plan.changes.stream().filter(Change::destructive).count();
      double percent = plan.hostUsers == 0 ? 0 : destructive * 100.0 / plan.hostUsers;
      boolean many = destructive > policy.maxDestructiveChanges();
      boolean share = plan.mode != SyncMode.SINGLE_USER && plan.mode != SyncMode.JIT && plan.mode != SyncMode.PUSH
          && plan.hostUsers > 0 && percent > policy.maxDestructivePercent();
      if (many || share) {
        reason = String.format(Locale.ROOT,
            "the run would deactivate or delete %d of %d host users (%.1f%%), over the limit of %d"
                + " users or %.1f%%; check the IdP and the policy (requiredGroups, mapping), then raise"
                + " maxDestructiveChanges or maxDestructivePercent if this is intended",
            destructive, plan.hostUsers, percent, policy.maxDestructiveChanges(), policy.maxDestructivePercent());
      }
    }
    String held = reason == null ? null : "held back: " + reason;
    for (int i = plan.failures.size(); i < all.length; i++) {
      Change c = all[i];
      boolean hold = held != null
          && (c.destructive() || (!plan.readComplete && c.type() == ChangeType.REMOVE_MEMBERSHIP));
      outcomes.set(i, hold ? ChangeOutcome.Status.SKIPPED : ChangeOutcome.Status.NOT_APPLIED, hold ? held : null);
    }
    return new GuardResult(outcomes, reason);
  }

  /** The guard's decision. */
  public static final class GuardResult {
    /** Every change with NOT_APPLIED (may apply), SKIPPED or FAILED. */
    public final List<ChangeOutcome> outcomes;
    /** Why cleanup is held back, if it is. */
    public final @Nullable String cleanupSkippedReason;

    GuardResult(List<ChangeOutcome> outcomes, @Nullable String reason) {
      this.outcomes = outcomes;
      this.cleanupSkippedReason = reason;
    }
  }

  // ---------------------------------------------------------------- apply

  /** Applies every NOT_APPLIED change in order; returns every outcome. */
  public List<ChangeOutcome> apply(List<ChangeOutcome> planned) {
    listener.phase(SyncPhase.APPLY);
    Outcomes result = (planned instanceof Outcomes ? (Outcomes) planned : Outcomes.of(planned)).copy();
    Map<String, String> createdKeys = new ConcurrentHashMap<>();
    long total = 0;
    for (int k = 0; k < result.size(); k++) {
      if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
        total++;
      }
    }
    AtomicLong done = new AtomicLong();
    boolean stopped = false;
    int i = 0;
    while (i < result.size()) {
      ChangeType type = result.change(i).type();
      int j = i;
      while (j < result.size() && result.change(j).type() == type) {
        j++;
      }
      if (stopped) {
        for (int k = i; k < j; k++) {
          if (result.status(k) == ChangeOutcome.Status.NOT_APPLIED) {
            result.set(k, ChangeOutcome.Status.NOT_APPLIED, STOPPED);
          }
        }
      } else {
        stopped = applyBatch(result, i, j, createdKeys, done, total);
      }
      i = j;
    }
    return result;
  }

  private static final String STOPPED = "not applied: an earlier change failed and failFast is on";

  /** Applies changes {@code from}..{@code to} (one type); returns whether fail-fast stopped the run. */
  private boolean applyBatch(Outcomes result, int from, int to, Map<String, String> createdKeys,
      AtomicLong done, long total) {
    int workers = policy.applyConcurrency();
    if (workers <= 1 || to - from < 2 || policy.failFast()) {
      boolean stop = false;
      for (int k = from; k < to; k++) {
        if (result.status(k) != ChangeOutcome.Status.NOT_APPLIED) {
          continue;
        }
        if (stop) {
          result.set(k, ChangeOutcome.Status.NOT_APPLIED, STOPPED);
          continue;
        }
        ChangeOutcome r = applyOne(result.change(k), createdKeys);
        result.set(k, r.status(), r.message().orElse(null));
        listener.changeApplied(r, done.incrementAndGet(), total);
        stop = policy.failFast() && r.status() == ChangeOutcome.Status.FAILED;
      }
      return stop;
    }
    CompletionService<ChangeOutcome> cs = new ExecutorCompletionService<>(executor);
    int next = from;
    int running = 0;
    Map<Change, Integer> index = new java.util.IdentityHashMap<>();
    while (next < to || running > 0) {
      while (running < workers && next < to) {
        int k = next++;
        if (result.status(k) != ChangeOutcome.Status.NOT_APPLIED) {
          continue;
        }
        Change c = result.change(k);
        index.put(c, k);
        cs.submit(() -> applyOne(c, createdKeys));
        running++;
      }
      if (running == 0) {
        break;
      }
      try {
        ChangeOutcome r = cs.take().get();
        running--;
        Integer k = index.remove(r.change());
        if (k != null) {
          result.set(k, r.status(), r.message().orElse(null));
        }
        listener.changeApplied(r, done.incrementAndGet(), total);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UsersyncException("interrupted while applying changes", e);
      } catch (ExecutionException e) {
        throw new UsersyncException("an apply worker failed: " + e.getCause(), e.getCause());
      }
    }
    return false;
  }

  private ChangeOutcome applyOne(Change c, Map<String, String> createdKeys) {
    try {
      switch (c.type()) {
        case CREATE_GROUP:
          target.createGroup(c.subject());
          break;
        case CREATE_USER:
          HostUser created = target.createUser(c.newUser().orElseThrow(() -> new IllegalStateException("no user")));
          createdKeys.put(c.externalId().orElse(created.key()), created.key());
          break;
        case UPDATE_USER:
          target.updateUser(key(c, createdKeys), c.update().orElseThrow(() -> new IllegalStateException("no update")));
          break;
        case REACTIVATE_USER:
          target.reactivateUser(key(c, createdKeys));
          break;
        case DEACTIVATE_USER:
          target.deactivateUser(key(c, createdKeys));
          break;
        case DELETE_USER:
          target.deleteUser(key(c, createdKeys));
          break;
        case ADD_MEMBERSHIP:
          target.addMembership(key(c, createdKeys), c.group().orElse(""));
          break;
        case REMOVE_MEMBERSHIP:
          target.removeMembership(key(c, createdKeys), c.group().orElse(""));
          break;
        case SET_MANAGER:
          Optional<String> managerKey = c.value().map(m -> keyOf(m, createdKeys));
          target.setManager(key(c, createdKeys), managerKey);
          break;
        case SET_PHOTO:
          String id = c.externalId().orElse("");
          Optional<Photo> photo = directory.photo(id);
          if (!photo.isPresent()) {
            return ChangeOutcome.of(c, ChangeOutcome.Status.FAILED, "the IdP no longer has a photo for " + c.subject());
          }
          target.setPhoto(key(c, createdKeys), photo.get());
          break;
        default:
          return ChangeOutcome.of(c, ChangeOutcome.Status.FAILED, "not a host change");
      }
      return ChangeOutcome.of(c, ChangeOutcome.Status.APPLIED, null);
    } catch (UsersyncException e) {
      return ChangeOutcome.of(c, ChangeOutcome.Status.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("{} failed unexpectedly", c, e);
      return ChangeOutcome.of(c, ChangeOutcome.Status.FAILED, "unexpected failure: " + e);
    }
  }

  private String key(Change c, Map<String, String> createdKeys) {
    if (c.hostKey().isPresent()) {
      return c.hostKey().get();
    }
    String k = c.externalId().map(createdKeys::get).orElse(null);
    if (k == null) {
      throw new io.github.usersync.core.ProvisioningException(c.type().name().toLowerCase(Locale.ROOT).replace('_', ' '),
          c.subject(), "the user was not created earlier in this run", null);
    }
    return k;
  }

  private String keyOf(String externalId, Map<String, String> createdKeys) {
    String k = createdKeys.get(externalId);
    if (k != null) {
      return k;
    }
    return target.userByExternalId(externalId).map(HostUser::key)
        .orElseThrow(() -> new io.github.usersync.core.ProvisioningException("set manager", externalId,
            "the manager is not in the host", null));
  }

  // ---------------------------------------------------------------- helpers

  /** Runs {@code fn} for each id with up to the read concurrency in flight; any failure is thrown. */
  private <T> Map<String, T> parallel(List<String> ids, Function<String, T> fn) {
    Map<String, T> out = new HashMap<>();
    parallelEach(ids, fn, out::put);
    return out;
  }

  /**
   * Runs {@code fn} for each id with up to the read concurrency in flight, handing each result to
   * {@code sink} on the calling thread as it completes; the first failure is thrown.
   */
  private <T> void parallelEach(List<String> ids, Function<String, T> fn,
      java.util.function.BiConsumer<String, T> sink) {
    if (readConcurrency <= 1 || ids.size() < 2) {
      for (String id : ids) {
        sink.accept(id, fn.apply(id));
      }
      return;
    }
    CompletionService<Map.Entry<String, T>> cs = new ExecutorCompletionService<>(executor);
    List<Future<Map.Entry<String, T>>> futures = new ArrayList<>();
    int next = 0;
    int running = 0;
    try {
      while (next < ids.size() || running > 0) {
        while (running < readConcurrency && next < ids.size()) {
          String id = ids.get(next++);
          futures.add(cs.submit(() -> new java.util.AbstractMap.SimpleEntry<>(id, fn.apply(id))));
          running++;
        }
        Map.Entry<String, T> e = cs.take().get();
        running--;
        sink.accept(e.getKey(), e.getValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsersyncException("interrupted while reading the IdP", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      Throwable cause = e.getCause();
      if (cause instanceof UsersyncException) {
        throw (UsersyncException) cause;
      }
      throw new UsersyncException("a parallel read failed: " + cause, cause);
    }
  }
}
