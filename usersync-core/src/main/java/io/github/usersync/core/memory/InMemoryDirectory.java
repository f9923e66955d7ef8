package io.github.usersync.core.memory;

import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConnectionFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * An IdP held in memory: for tests, demos and benchmarks. Thread-safe. Supports every {@link
 * Capability}, including change tracking (the cursor is a change counter), and can be told to fail
 * a listing part-way, as a broken page chain would.
 *
 * <p>Mutations ({@link #putUser}, {@link #removeUser}, {@link #addMember}…) are recorded for
 * {@link #changesSince}. Memberships are held compactly (ids only), so a million fit in little
 * memory.
 */
public final class InMemoryDirectory implements IdpDirectory {
  private static final String PROVIDER = "memory";

  private final Object lock = new Object();
  private final LinkedHashMap<String, DirectoryUser> users = new LinkedHashMap<>();
  private final LinkedHashMap<String, DirectoryGroup> groups = new LinkedHashMap<>();
  // group id -> member ids, users and groups kept apart so no per-member object is held
  private final HashMap<String, List<String>> userMembers = new HashMap<>();
  private final HashMap<String, List<String>> groupMembers = new HashMap<>();
  private final HashMap<String, String> managers = new HashMap<>();
  private final HashMap<String, Photo> photos = new HashMap<>();
  private final List<Change> log = new ArrayList<>();
  private final AtomicLong version = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final int pageSize;
  private final Clock clock;
  private volatile long oldestCursor;
  private volatile int failUsersAfter = -1;
  private volatile @Nullable RuntimeException failure;
  private volatile @Nullable RuntimeException groupFailure;

  private InMemoryDirectory(int pageSize, Clock clock) {
    this.pageSize = pageSize;
    this.clock = clock;
  }

  /** An empty directory that counts one request per 100 users listed. */
  public static InMemoryDirectory create() {
    return new InMemoryDirectory(100, Clock.systemUTC());
  }

  /** An empty directory with a simulated page size (for request counts) and clock. */
  public static InMemoryDirectory create(int pageSize, Clock clock) {
    return new InMemoryDirectory(pageSize, clock);
  }

  // ---- mutation ----

  /** Adds or replaces a user. */
  public InMemoryDirectory putUser(DirectoryUser user) {
    synchronized (lock) {
      users.put(user.id(), user);
      if (user.managerId().isPresent()) {
        managers.put(user.id(), user.managerId().get());
      }
      record(new Change(Change.Kind.USER, user.id(), null, true));
    }
    return this;
  }

  /** Adds or replaces users. */
  public InMemoryDirectory putUsers(Collection<DirectoryUser> list) {
    list.forEach(this::putUser);
    return this;
  }

  /** Removes a user and their memberships. */
  public InMemoryDirectory removeUser(String id) {
    synchronized (lock) {
      if (users.remove(id) != null) {
        for (Map.Entry<String, List<String>> e : userMembers.entrySet()) {
          if (e.getValue().remove(id)) {
            record(new Change(Change.Kind.MEMBER, e.getKey(), GroupMember.user(id), false));
          }
        }
        managers.remove(id);
        photos.remove(id);
        record(new Change(Change.Kind.USER, id, null, false));
      }
    }
    return this;
  }

  /** Adds or replaces a group. */
  public InMemoryDirectory putGroup(DirectoryGroup group) {
    synchronized (lock) {
      groups.put(group.id(), group);
      userMembers.computeIfAbsent(group.id(), k -> new ArrayList<>());
      groupMembers.computeIfAbsent(group.id(), k -> new ArrayList<>());
      record(new Change(Change.Kind.GROUP, group.id(), null, true));
    }
    return this;
  }

  /** Removes a group. */
  public InMemoryDirectory removeGroup(String id) {
    synchronized (lock) {
      if (groups.remove(id) != null) {
        userMembers.remove(id);
        groupMembers.remove(id);
        groupMembers.values().forEach(l -> l.remove(id));
        record(new Change(Change.Kind.GROUP, id, null, false));
      }
    }
    return this;
  }

  /** Adds a member (a user or a nested group) to a group; does nothing if already a member. */
  public InMemoryDirectory addMember(String groupId, GroupMember member) {
    synchronized (lock) {
      requireGroup(groupId);
      List<String> list = listFor(groupId, member.type());
      if (!list.contains(member.id())) {
        list.add(member.id());
        record(new Change(Change.Kind.MEMBER, groupId, member, true));
      }
    }
    return this;
  }

  /**
   * Sets a group's user members in bulk, without change records: for building large fixtures
   * fast. The ids must be distinct.
   */
  public InMemoryDirectory setUserMembers(String groupId, Collection<String> userIds) {
    synchronized (lock) {
      requireGroup(groupId);
      userMembers.put(groupId, new ArrayList<>(userIds));
    }
    return this;
  }

  /** Removes a member from a group. */
  public InMemoryDirectory removeMember(String groupId, GroupMember member) {
    synchronized (lock) {
      List<String> list = listFor(groupId, member.type());
      if (list.remove(member.id())) {
        record(new Change(Change.Kind.MEMBER, groupId, member, false));
      }
    }
    return this;
  }

  /** Sets or clears a user's manager. */
  public InMemoryDirectory setManager(String userId, @Nullable String managerId) {
    synchronized (lock) {
      if (managerId == null) {
        managers.remove(userId);
      } else {
        managers.put(userId, managerId);
      }
      DirectoryUser u = users.get(userId);
      if (u != null) {
        users.put(userId, DirectoryUser.builder().from(u).managerId(Optional.ofNullable(managerId)).build());
        record(new Change(Change.Kind.USER, userId, null, true));
      }
    }
    return this;
  }

  /** Sets or clears a user's photo. */
  public InMemoryDirectory setPhoto(String userId, @Nullable Photo photo) {
    synchronized (lock) {
      if (photo == null) {
        photos.remove(userId);
      } else {
        photos.put(userId, photo);
      }
    }
    return this;
  }

  /**
   * Makes user listings fail after {@code n} users, as a page chain breaking half-way would (with
   * a {@link ConnectionFailedException}); -1 turns it off.
   */
  public InMemoryDirectory failUserListingAfter(int n) {
    this.failUsersAfter = n;
    return this;
  }

  /** Makes every call fail with {@code failure} (null to stop). */
  public InMemoryDirectory failEverything(@Nullable RuntimeException failure) {
    this.failure = failure;
    return this;
  }

  /**
   * Makes every group read (listing groups, their members, a user's groups) fail with {@code
   * failure}, as a throttled or broken groups endpoint would (null to stop).
   */
  public InMemoryDirectory failGroupReads(@Nullable RuntimeException failure) {
    this.groupFailure = failure;
    return this;
  }

  /** Forgets change records up to now, so older cursors expire. */
  public InMemoryDirectory expireCursors() {
    synchronized (lock) {
      log.clear();
      oldestCursor = version.get();
    }
    return this;
  }

  /** How many users the directory holds. */
  public int userCount() {
    synchronized (lock) {
      return users.size();
    }
  }

  // ---- IdpDirectory ----

  @Override
  public String providerId() {
    return PROVIDER;
  }

  @Override
  public DirectoryCapabilities capabilities() {
    return DirectoryCapabilities.builder()
        .supported(EnumSet.allOf(Capability.class))
        .maxConcurrentRequests(4)
        .userPageSize(pageSize)
        .build();
  }

  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    check();
    List<DirectoryUser> snapshot;
    synchronized (lock) {
      snapshot = new ArrayList<>(users.values());
    }
    int failAfter = failUsersAfter;
    Stream<DirectoryUser> s = snapshot.stream();
    if (!query.includeDeactivated()) {
      s = s.filter(DirectoryUser::active);
    }
    AtomicLong served = new AtomicLong();
    return s.peek(
        u -> {
          long n = served.getAndIncrement();
          if (n % pageSize == 0) {
            requests.incrementAndGet();
          }
          if (failAfter >= 0 && n >= failAfter) {
            throw new ConnectionFailedException(
                PROVIDER, "GET memory://users (page " + (n / pageSize + 1) + ")",
                ConnectionFailedException.Problem.CONNECTION_RESET, "memory", 0,
                "Simulated failure part-way through the listing.", null);
          }
        });
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    check();
    requests.incrementAndGet();
    synchronized (lock) {
      return Optional.ofNullable(users.get(id));
    }
  }

  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    check();
    requests.incrementAndGet();
    String wanted = email.toLowerCase(Locale.ROOT);
    synchronized (lock) {
      return users.values().stream()
          .filter(u -> u.email().map(e -> e.toLowerCase(Locale.ROOT).equals(wanted)).orElse(false))
          .findFirst();
    }
  }

  @Override
  public Stream<DirectoryGroup> groups() {
    check();
    checkGroups();
    requests.incrementAndGet();
    synchronized (lock) {
      return new ArrayList<>(groups.values()).stream();
    }
  }

  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    check();
    checkGroups();
    requests.incrementAndGet();
    synchronized (lock) {
      if (!groups.containsKey(groupId)) {
        return Stream.empty();
      }
      if (membership == Membership.DIRECT) {
        List<GroupMember> out = new ArrayList<>();
        userMembers.getOrDefault(groupId, List.of()).forEach(id -> out.add(GroupMember.user(id)));
        groupMembers.getOrDefault(groupId, List.of()).forEach(id -> out.add(GroupMember.group(id)));
        return out.stream();
      }
      LinkedHashSet<GroupMember> out = new LinkedHashSet<>();
      Set<String> visited = new HashSet<>();
      ArrayDeque<String> todo = new ArrayDeque<>(List.of(groupId));
      while (!todo.isEmpty()) {
        String g = todo.poll();
        if (!visited.add(g)) {
          continue;
        }
        userMembers.getOrDefault(g, List.of()).forEach(id -> out.add(GroupMember.user(id)));
        for (String nested : groupMembers.getOrDefault(g, List.of())) {
          out.add(GroupMember.group(nested));
          todo.add(nested);
        }
      }
      return new ArrayList<>(out).stream();
    }
  }

  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    check();
    checkGroups();
    requests.incrementAndGet();
    synchronized (lock) {
      Set<String> result = new LinkedHashSet<>();
      ArrayDeque<String> todo = new ArrayDeque<>();
      userMembers.forEach((g, ids) -> {
        if (ids.contains(userId)) {
          todo.add(g);
        }
      });
      while (!todo.isEmpty()) {
        String g = todo.poll();
        if (!result.add(g) || membership == Membership.DIRECT) {
          continue;
        }
        groupMembers.forEach((parent, ids) -> {
          if (ids.contains(g)) {
            todo.add(parent);
          }
        });
      }
      List<DirectoryGroup> out = new ArrayList<>();
      for (String g : result) {
        DirectoryGroup group = groups.get(g);
        if (group != null) {
          out.add(group);
        }
      }
      return out.stream();
    }
  }

  @Override
  public Optional<String> managerId(String userId) {
    check();
    requests.incrementAndGet();
    synchronized (lock) {
      return Optional.ofNullable(managers.get(userId));
    }
  }

  @Override
  public Optional<Photo> photo(String userId) {
    check();
    requests.incrementAndGet();
    synchronized (lock) {
      return Optional.ofNullable(photos.get(userId));
    }
  }

  @Override
  public Optional<String> photoFingerprint(String userId) {
    check();
    requests.incrementAndGet();
    synchronized (lock) {
      return Optional.ofNullable(photos.get(userId)).map(Photo::fingerprint);
    }
  }

  @Override
  public ChangeCursor startChangeTracking(UserQuery query) {
    check();
    return ChangeCursor.of(PROVIDER, Long.toString(version.get()), clock.instant());
  }

  @Override
  public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    check();
    requests.incrementAndGet();
    long since;
    try {
      since = Long.parseLong(cursor.value());
    } catch (NumberFormatException e) {
      throw new DirectoryException("memory: the change cursor '" + cursor.value() + "' is not one of mine", e);
    }
    synchronized (lock) {
      if (since < oldestCursor) {
        throw new ChangeCursorExpiredException(
            "memory: the change cursor " + since + " has expired; run a full sync", null);
      }
      Map<String, Boolean> userState = new LinkedHashMap<>();
      Map<String, Boolean> groupState = new LinkedHashMap<>();
      List<MembershipChange> members = new ArrayList<>();
      for (Change c : log) {
        if (c.version <= since) {
          continue;
        }
        switch (c.kind) {
          case USER:
            userState.put(c.id, c.present);
            break;
          case GROUP:
            groupState.put(c.id, c.present);
            break;
          default:
            members.add(MembershipChange.of(c.id, java.util.Objects.requireNonNull(c.member), c.present));
        }
      }
      DirectoryChanges.Builder b =
          DirectoryChanges.builder()
              .membershipsTracked(true)
              .addAllMembershipChanges(members)
              .nextCursor(ChangeCursor.of(PROVIDER, Long.toString(version.get()), clock.instant()));
      userState.forEach((id, present) -> {
        DirectoryUser u = users.get(id);
        if (present && u != null) {
          if (query.includeDeactivated() || u.active()) {
            b.addChangedUsers(u);
          }
        } else {
          b.addRemovedUserIds(id);
        }
      });
      groupState.forEach((id, present) -> {
        DirectoryGroup g = groups.get(id);
        if (present && g != null) {
          b.addChangedGroups(g);
        } else {
          b.addRemovedGroupIds(id);
        }
      });
      return b.build();
    }
  }

  @Override
  public ConnectionReport checkConnection() {
    RuntimeException f = failure;
    EndpointCheck.Builder c = EndpointCheck.builder().name("memory").endpoint("memory://");
    if (f == null) {
      c.status(EndpointCheck.Status.OK);
    } else {
      c.status(EndpointCheck.Status.FAILED).problem(String.valueOf(f.getMessage())).fix("Stop failing.");
    }
    return ConnectionReport.builder().provider(PROVIDER).addChecks(c.build()).build();
  }

  @Override
  public io.github.usersync.core.model.RequestStats.Snapshot requestStats() {
    return new io.github.usersync.core.model.RequestStats.Snapshot(
        requests.get(), 0, 0, java.time.Duration.ZERO, 0);
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "InMemoryDirectory[" + users.size() + " users, " + groups.size() + " groups]";
    }
  }

  private void checkGroups() {
    RuntimeException f = groupFailure;
    if (f != null) {
      throw f;
    }
  }

  private void check() {
    RuntimeException f = failure;
    if (f != null) {
      throw f;
    }
  }

  private void requireGroup(String groupId) {
    if (!groups.containsKey(groupId)) {
      throw new IllegalArgumentException("no group " + groupId + "; putGroup first");
    }
  }

  private List<String> listFor(String groupId, GroupMember.Type type) {
    return (type == GroupMember.Type.GROUP ? groupMembers : userMembers)
        .computeIfAbsent(groupId, k -> new ArrayList<>());
  }

  private void record(Change c) {
    c.version = version.incrementAndGet();
    log.add(c);
  }

  private static final class Change {
    enum Kind {
      USER,
      GROUP,
      MEMBER
    }

    final Kind kind;
    final String id;
    final @Nullable GroupMember member;
    final boolean present;
    long version;

    Change(Kind kind, String id, @Nullable GroupMember member, boolean present) {
      this.kind = kind;
      this.id = id;
      this.member = member;
      this.present = present;
    }
  }
}
