package io.github.usersync.core.sync.internal;

import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The IdP's groups, what each becomes in the host, and (when read by enumerating groups) each
 * user's direct groups and each group's parents, so transitive memberships are computed here
 * instead of being asked for per group.
 */
final class GroupGraph {
  private final List<DirectoryGroup> groups;
  private final Map<String, Integer> indexById = new HashMap<>();
  private final @Nullable String[] hostNames;
  private final List<IntList> parents = new ArrayList<>();
  private final Map<String, IntList> directGroupsOfUser = new HashMap<>();
  private final int[][] ancestors;
  private final boolean[] required;
  private boolean membersRead;

  GroupGraph(List<DirectoryGroup> groups, UserMapper mapper, Set<String> requiredGroups) {
    this.groups = groups;
    this.hostNames = new String[groups.size()];
    this.ancestors = new int[groups.size()][];
    this.required = new boolean[groups.size()];
    Set<String> req = new java.util.HashSet<>();
    requiredGroups.forEach(r -> req.add(r.toLowerCase(Locale.ROOT)));
    for (int i = 0; i < groups.size(); i++) {
      DirectoryGroup g = groups.get(i);
      indexById.put(g.id(), i);
      hostNames[i] = mapper.hostGroupName(g).orElse(null);
      parents.add(new IntList());
      required[i] = req.contains(g.name().toLowerCase(Locale.ROOT)) || req.contains(g.id().toLowerCase(Locale.ROOT));
    }
  }

  /** A graph without groups (groups not needed, or not read). */
  static GroupGraph empty(UserMapper mapper) {
    return new GroupGraph(List.of(), mapper, Set.of());
  }

  List<DirectoryGroup> groups() {
    return groups;
  }

  /** Host names of every synchronised group (the managed groups). */
  Set<String> hostNames() {
    Set<String> out = new LinkedHashSet<>();
    for (String n : hostNames) {
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  /** Whether the IdP has a group with this id. */
  boolean has(String id) {
    return indexById.containsKey(id);
  }

  /** What the group with this id becomes in the host; null when it is not synchronised or not in the IdP. */
  @Nullable String hostName(String id) {
    Integer i = indexById.get(id);
    return i == null ? null : hostNames[i];
  }

  Optional<DirectoryGroup> group(String id) {
    Integer i = indexById.get(id);
    return i == null ? Optional.empty() : Optional.of(groups.get(i));
  }

  boolean membersRead() {
    return membersRead;
  }

  /** Records one group's direct members, as read from the IdP. Not thread-safe: call serially. */
  void addMembers(String groupId, Collection<GroupMember> members) {
    Integer g = indexById.get(groupId);
    if (g == null) {
      return;
    }
    membersRead = true;
    for (GroupMember m : members) {
      if (m.type() == GroupMember.Type.USER) {
        directGroupsOfUser.computeIfAbsent(m.id(), k -> new IntList()).add(g);
      } else if (m.type() == GroupMember.Type.GROUP) {
        Integer child = indexById.get(m.id());
        if (child != null) {
          parents.get(child).add(g);
        }
      }
    }
  }

  /** A user's groups from the enumerated members: direct, or with every ancestor group. */
  List<DirectoryGroup> groupsOf(String userId, Membership membership) {
    IntList direct = directGroupsOfUser.get(userId);
    if (direct == null) {
      return List.of();
    }
    LinkedHashSet<Integer> out = new LinkedHashSet<>();
    for (int i = 0; i < direct.size(); i++) {
      int g = direct.get(i);
      out.add(g);
      if (membership == Membership.TRANSITIVE) {
        for (int a : ancestorsOf(g)) {
          out.add(a);
        }
      }
    }
    List<DirectoryGroup> list = new ArrayList<>(out.size());
    out.forEach(i -> list.add(groups.get(i)));
    return list;
  }

  private int[] ancestorsOf(int g) {
    int[] known = ancestors[g];
    if (known != null) {
      return known;
    }
    LinkedHashSet<Integer> seen = new LinkedHashSet<>();
    java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
    todo.add(g);
    while (!todo.isEmpty()) {
      int x = todo.poll();
      IntList ps = parents.get(x);
      for (int i = 0; i < ps.size(); i++) {
        int p = ps.get(i);
        if (p != g && seen.add(p)) {
          todo.add(p);
        }
      }
    }
    int[] a = seen.stream().mapToInt(Integer::intValue).toArray();
    ancestors[g] = a;
    return a;
  }

  /** Whether a set of the user's groups includes a required group. */
  boolean anyRequired(List<DirectoryGroup> userGroups) {
    for (DirectoryGroup g : userGroups) {
      Integer i = indexById.get(g.id());
      if (i != null && required[i]) {
        return true;
      }
    }
    return false;
  }

  /** Whether any group is required (by name or id found among the IdP's groups). */
  boolean hasRequiredGroups() {
    for (boolean r : required) {
      if (r) {
        return true;
      }
    }
    return false;
  }

  /** Checks groups given by name only (JIT claims) against the required set. */
  static boolean anyRequiredByName(List<DirectoryGroup> userGroups, Set<String> requiredGroups) {
    Set<String> req = new java.util.HashSet<>();
    requiredGroups.forEach(r -> req.add(r.toLowerCase(Locale.ROOT)));
    for (DirectoryGroup g : userGroups) {
      if (req.contains(g.name().toLowerCase(Locale.ROOT)) || req.contains(g.id().toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }
}
