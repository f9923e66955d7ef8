package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncMode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
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
  /** Reads made while the user listing is read ahead: they leave it one of the read concurrency's slots. */
  final ParallelReads parallelAlongsideListing;
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
  /** The listing of every IdP user (full runs), read ahead where the read concurrency allows; else opened by the plan. */
  @Nullable UserListing listing;
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
  // Compact records (standard fields) of the users listed so far, when the mapping reads managers.
  private Map<String, DirectoryUser> listedUsers = Map.of();
  private final Map<String, String> managerOf = new ConcurrentHashMap<>();
  // Users whose manager endpoint answered "none" in this run, so it is not asked twice.
  private final Set<String> withoutManager = ConcurrentHashMap.newKeySet();
  private boolean managerIdsRead;
  /**
   * In a full run, the number of full runs before it, which picks the share of users whose managers
   * and photos it re-reads ({@link io.github.usersync.core.sync.SyncPolicy#managerRefreshRuns()},
   * {@link io.github.usersync.core.sync.SyncPolicy#photoRefreshRuns()}); -1 in other runs, which
   * read them for every user they plan.
   */
  long refreshShare = -1;
  // Over how many full runs this run spreads manager and photo reads (RunSetup), asked once per run
  // rather than per listed user.
  private final int managerRuns;
  private final int photoRuns;
  /** Users whose manager this run took from the host instead of reading it. */
  long managersKept;
  /** Users whose photo this run left as the host has it instead of reading it. */
  long photosKept;

  Source(RunSetup setup, Scope scope, HostView host, Set<String> pending) {
    this.setup = setup;
    this.scope = scope;
    this.host = host;
    this.parallel = new ParallelReads(setup.executor, setup.readConcurrency);
    this.parallelAlongsideListing = new ParallelReads(setup.executor, Math.max(1, setup.readConcurrency - 1));
    this.groups = GroupGraph.empty(setup.mapper);
    this.pending = pending;
    this.managerRuns = setup.managerRefreshRuns();
    this.photoRuns = setup.photoRefreshRuns();
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
   * Hands every user of the scope to {@code sink}: users read before (pending users first, then the
   * changes; or the one user), then, in a full run, every IdP user as the listing ({@link #listing})
   * yields them. When the mapping reads the manager's fields, a listed user whose manager has not
   * been listed yet waits until the manager comes (or the listing ends), so managers cost no listing
   * of their own. A listing that breaks off ends the iteration and is remembered; the users still
   * waiting for their manager are then left out (planning them without their manager would clear
   * what the mapping takes from it).
   */
  void forEachUser(Consumer<SourceUser> sink) {
    for (DirectoryUser u : listed) {
      sink.accept(sourceUser(u));
    }
    if (!listsEveryUser) {
      return;
    }
    UserListing users = listing != null ? listing : UserListing.inPlace(() -> setup.directory.users(setup.userQuery()));
    Consumer<DirectoryUser> plan = u -> {
      if (pending.contains(u.id())) {
        pendingSeen.add(u.id());
      }
      sink.accept(sourceUser(u));
    };
    if (!readsOpened) {
      openReads(users);
    }
    ManagerOrder order = setup.mapper.usesManager() ? new ManagerOrder(plan) : null;
    long read = 0;
    try {
      DirectoryUser u;
      while ((u = users.next()) != null) {
        read++;
        usersRead = read;
        if (read % 1000 == 0) {
          setup.listener.usersRead(read);
        }
        if (order == null) {
          plan.accept(u);
        } else {
          order.add(u);
        }
      }
      if (order != null) {
        order.end();
      }
    } catch (HostReadException e) {
      throw e;
    } catch (UsersyncException e) {
      usersFailed = "reading the IdP's users failed after " + read + " users: " + e.getMessage()
          + (order != null && order.waiting() > 0 ? "; " + order.waiting() + " users listed before it were not"
              + " planned: their manager was not listed yet" : "");
      LOG.warn("{}", usersFailed);
    } finally {
      users.close();
    }
    setup.listener.usersRead(read);
  }

  /**
   * Plans listed users in an order where each user's manager was listed before the user is mapped:
   * keeps a compact record (standard fields) of every listed user, and holds a user whose manager
   * has not been listed yet until it is. Where listed users do not carry their manager, the manager
   * ids are read in bulk as users are listed, a share of 20 at a time, several at once alongside the
   * listing ({@link BulkPrefetch}); each user goes on when its share answers (users whose manager
   * this run keeps from the host go on at once).
   */
  private final class ManagerOrder {
    private final Consumer<DirectoryUser> plan;
    private final boolean readIds = readsManagerIds();
    // Users whose manager is being read, in the order they were listed, with the read's share.
    private final ArrayDeque<Map.Entry<DirectoryUser, CompletableFuture<Map<String, Optional<String>>>>> reading =
        new ArrayDeque<>();
    private final Map<String, List<DirectoryUser>> waitingFor = new LinkedHashMap<>();
    private int waiting;

    ManagerOrder(Consumer<DirectoryUser> plan) {
      this.plan = plan;
      listedUsers = new HashMap<>();
    }

    void add(DirectoryUser u) {
      BulkPrefetch<Optional<String>> reads = managerReads;
      if (!readIds || reads == null || !needsManagerRead(u.id())) {
        arrive(u); // its manager is known (on the user, or kept from the host): no read to wait for
      } else {
        CompletableFuture<Map<String, Optional<String>>> f = reads.of(u.id());
        reading.addLast(new java.util.AbstractMap.SimpleEntry<>(u, f != null ? f : reads.add(u.id())));
      }
      while (!reading.isEmpty() && reading.peekFirst().getValue().isDone()) {
        answered(reading.pollFirst());
      }
    }

    void end() {
      BulkPrefetch<Optional<String>> reads = managerReads;
      if (reads != null) {
        reads.flush();
      }
      while (!reading.isEmpty()) {
        answered(reading.pollFirst());
      }
      managerIdsRead = readIds;
      for (List<DirectoryUser> us : waitingFor.values()) {
        us.forEach(plan); // their manager is not among the IdP's users
      }
      waitingFor.clear();
      waiting = 0;
    }

    int waiting() {
      return waiting + reading.size();
    }

    // A user left out of its share's answer (its read failed) maps without a manager, as before.
    private void answered(Map.Entry<DirectoryUser, CompletableFuture<Map<String, Optional<String>>>> r) {
      DirectoryUser u = r.getKey();
      Optional<String> manager = BulkPrefetch.await(r.getValue()).get(u.id());
      if (manager != null && manager.isPresent()) {
        managerOf.put(u.id(), manager.get());
      } else if (manager != null) {
        withoutManager.add(u.id());
      }
      arrive(u);
    }

    private void arrive(DirectoryUser u) {
      listedUsers.put(u.id(), compact(u));
      String mid = u.managerId().orElse(managerOf.get(u.id()));
      if (mid == null || listedUsers.containsKey(mid)) {
        plan.accept(u);
      } else {
        waitingFor.computeIfAbsent(mid, k -> new ArrayList<>(1)).add(u);
        waiting++;
      }
      List<DirectoryUser> reports = waitingFor.remove(u.id());
      if (reports != null) {
        waiting -= reports.size();
        reports.forEach(plan);
      }
    }
  }

  // ---------------------------------------------------------------- reads alongside the listing

  // Managers and photo fingerprints of listed users, read in bulk as soon as the listing yields them
  // (full runs whose mapping asks for them, where the listing does not carry them).
  private @Nullable BulkPrefetch<Optional<String>> managerReads;
  private @Nullable BulkPrefetch<Optional<String>> photoReads;
  private boolean readsOpened;

  private boolean readsManagerIds() {
    return setup.mapper.usesManager() && setup.supports(Capability.MANAGER)
        && !setup.supports(Capability.MANAGER_ON_USER);
  }

  private boolean readsPhotoFingerprints() {
    return setup.mapper.usesPhoto() && setup.capabilities.keepsPhotos() && setup.supports(Capability.PHOTO)
        && setup.supports(Capability.PHOTO_FINGERPRINT);
  }

  /**
   * Opens the bulk reads of a full run. While the listing reads ahead, they run on the executor,
   * each kind with an equal part of the read concurrency the listing leaves, and the listing hands
   * them each user it reads (before the plan, which waits for the groups, takes it); otherwise they
   * run on the plan's thread, one share at a time.
   */
  void openReads(UserListing users) {
    readsOpened = true;
    boolean managers = readsManagerIds();
    boolean photos = readsPhotoFingerprints();
    if (!managers && !photos) {
      return;
    }
    boolean ahead = users.readingAhead() && setup.readConcurrency > 1;
    int each = Math.max(1, setup.readConcurrency - 1);
    if (managers) {
      managerReads = ahead ? new BulkPrefetch<>(setup.executor, each, setup.directory::managerIds)
          : BulkPrefetch.inPlace(setup.directory::managerIds);
    }
    if (photos) {
      photoReads = ahead ? new BulkPrefetch<>(setup.executor, each, setup.directory::photoFingerprints)
          : BulkPrefetch.inPlace(setup.directory::photoFingerprints);
    }
    if (ahead) {
      users.observe(this::listedAhead);
    }
  }

  // On the listing's thread, for each user it reads: start the reads this run will need.
  private void listedAhead(DirectoryUser u) {
    String id = u.id();
    BulkPrefetch<Optional<String>> managers = managerReads;
    if (managers != null && u.managerId().isEmpty() && !managerOf.containsKey(id) && !withoutManager.contains(id)
        && keptManager(id) == null) {
      managers.add(id);
    }
    BulkPrefetch<Optional<String>> photos = photoReads;
    if (photos != null && u.active() && rereadsPhoto(id)) {
      photos.add(id);
    }
  }

  /** Stops the reads still running for a plan that will not use them. */
  void closeReads() {
    for (BulkPrefetch<?> r : java.util.Arrays.asList(managerReads, photoReads)) {
      if (r != null) {
        r.cancel();
      }
    }
  }

  private static DirectoryUser compact(DirectoryUser u) {
    return DirectoryUser.builder().from(u).raw(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())
        .build();
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

  /** Reads the managers of these users per user, once, where listed users do not carry them. */
  void readManagerIds(List<String> userIds) {
    if (managerIdsRead || !setup.supports(Capability.MANAGER) || setup.supports(Capability.MANAGER_ON_USER)) {
      managerIdsRead = managerIdsRead || setup.supports(Capability.MANAGER_ON_USER);
      return;
    }
    readManagerIdsOf(userIds);
    managerIdsRead = true;
  }

  // Reads the manager ids of the users not asked yet in this run, in shares through the bulk SPI
  // (Graph's JSON batching answers a share of 20 in one request); users this run does not re-read
  // keep the manager the host has.
  private void readManagerIdsOf(List<String> userIds) {
    List<String> ids = new ArrayList<>(userIds.size());
    for (String id : userIds) {
      if (needsManagerRead(id)) {
        ids.add(id);
      }
    }
    parallel.shares(ids, setup.directory::managerIds).forEach((id, m) -> {
      if (m.isPresent()) {
        managerOf.put(id, m.get());
      } else {
        withoutManager.add(id);
      }
    });
  }

  /**
   * Whether this run reads the manager of this user where the IdP's listing does not carry it:
   * always, except in a full run that spreads these reads over {@code n} full runs ({@link
   * io.github.usersync.core.sync.SyncPolicy#managerRefreshRuns()}); there, users without a host
   * account, pending users and the share of users this run picks by id.
   */
  boolean rereadsManager(String userId) {
    return rereads(userId, managerRuns);
  }

  /**
   * Whether this run reads the photo of this user where the IdP's listing does not carry its
   * fingerprint: as {@link #rereadsManager}, over {@link
   * io.github.usersync.core.sync.SyncPolicy#photoRefreshRuns()} full runs.
   */
  boolean rereadsPhoto(String userId) {
    return rereads(userId, photoRuns);
  }

  private boolean rereads(String userId, int n) {
    if (n <= 1 || refreshShare < 0 || pending.contains(userId) || host.byExternalId(userId) == null) {
      return true;
    }
    return shareOf(userId, n) == Math.floorMod(refreshShare, n);
  }

  /**
   * The share of {@code n} (from 0) a user falls in: its id's {@code String.hashCode}, which is
   * specified, so the same in every JVM and release, mixed (MurmurHash3's 32-bit finalizer) so that
   * ids that differ only in their last characters (sequential ids) spread evenly too.
   */
  public static int shareOf(String userId, int n) {
    int h = userId.hashCode();
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, n);
  }

  /** Which share of {@code n} a spreading full run re-reads, counted from 1, for the report. */
  int refreshShareNumber(int n) {
    return (int) Math.floorMod(refreshShare, (long) n) + 1;
  }

  // The IdP id of the user the host has as this user's manager, when usersync links that account.
  private @Nullable String hostManagerId(String userId) {
    HostUser h = host.byExternalId(userId);
    HostUser m = h == null ? null : h.managerKey().map(host::byKey).orElse(null);
    return m == null ? null : m.externalId().orElse(null);
  }

  // The manager this run keeps from the host for this user instead of reading it: the IdP id of the
  // host's manager, NO_MANAGER (keep none), or null: read it.
  private @Nullable String keptManager(String id) {
    if (rereadsManager(id)) {
      return null;
    }
    String hostManager = hostManagerId(id);
    return hostManager != null ? hostManager : keepsNoManager(id) ? NO_MANAGER : null;
  }

  private static final String NO_MANAGER = "";

  // Whether the user's host account says "no manager" and shows none of the attributes the mapping
  // takes from a manager, so that mapping it without one gives the host the same values. A host
  // account without a manager but with such a value may have a manager the host does not have (not
  // provisioned yet, or out of scope), so it is read. Where the mapping takes no attribute from the
  // manager (links only) or a standard field, nothing on the host tells, so it is read too.
  private boolean keepsNoManager(String id) {
    HostUser h = host.byExternalId(id);
    Optional<Set<String>> fields = setup.mapper.managerAttributes();
    if (h == null || h.managerKey().isPresent() || !fields.isPresent() || fields.get().isEmpty()) {
      return false;
    }
    for (String a : fields.get()) {
      String v = h.attributes().get(a);
      if (v != null && !v.isEmpty()) {
        return false;
      }
    }
    return true;
  }

  // Whether this run still has to read the user's manager: not read yet, and not kept from the host
  // (which this records).
  private boolean needsManagerRead(String id) {
    if (managerOf.containsKey(id) || withoutManager.contains(id)) {
      return false;
    }
    String kept = keptManager(id);
    if (kept == null) {
      return true;
    }
    if (kept.equals(NO_MANAGER)) {
      withoutManager.add(id);
    } else {
      managerOf.put(id, kept);
    }
    managersKept++;
    return false;
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
    DirectoryUser manager = mid == null ? null : listedUsers.get(mid);
    if (manager == null && mid != null && !listsEveryUser) {
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

  // Photo fingerprints this run asked for before the plan needed them (BulkPrefetch).
  private final Map<String, CompletableFuture<Map<String, Optional<String>>>> photosAsked = new HashMap<>();

  /**
   * Starts reading the photo fingerprint of a planned user now, where this run reads it ({@link
   * #rereadsPhoto}), unless the listing started it already; {@link #photoFingerprints} then has it.
   */
  void readPhotoAhead(String id) {
    BulkPrefetch<Optional<String>> reads = photoReads;
    if (reads == null || !rereadsPhoto(id)) {
      return;
    }
    CompletableFuture<Map<String, Optional<String>>> f = reads.of(id);
    photosAsked.put(id, f != null ? f : reads.add(id));
  }

  /**
   * The IdP's photo fingerprint of each user (empty: no photo; absent: not read, left as it is this
   * run): those asked for ahead, then the rest, with up to the read concurrency. The first failure
   * is thrown.
   */
  Map<String, Optional<String>> photoFingerprints(List<String> ids) {
    BulkPrefetch<Optional<String>> reads = photoReads;
    if (reads != null) {
      reads.flush();
    }
    List<String> rest = new ArrayList<>();
    Map<String, Optional<String>> out = new HashMap<>();
    for (String id : ids) {
      CompletableFuture<Map<String, Optional<String>>> f = photosAsked.get(id);
      if (f == null) {
        rest.add(id);
        continue;
      }
      Optional<String> fp = BulkPrefetch.await(f).get(id);
      if (fp != null) {
        out.put(id, fp);
      }
    }
    Function<String, Optional<String>> fingerprint = id -> setup.directory.photo(id).map(Photo::fingerprint);
    out.putAll(setup.supports(Capability.PHOTO_FINGERPRINT)
        ? parallel.shares(rest, setup.directory::photoFingerprints) : parallel.map(rest, fingerprint));
    return out;
  }
}
