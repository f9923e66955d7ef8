package io.github.usersync.atlassian.bridge;

import java.util.Set;
import java.util.stream.Stream;

/**
 * The product's groups and direct memberships, users addressed by key. Implemented with Jira's
 * {@code GroupManager} or Confluence's {@code UserAccessor} group methods.
 */
public interface GroupBridge {
  /** The names of every group. */
  Stream<String> groupNames();

  /** Whether a group of this name exists. */
  boolean groupExists(String group);

  /** Creates a group. */
  void createGroup(String group);

  /** The keys of the group's direct members, active or not. */
  Stream<String> memberKeys(String group);

  /** The names of the groups the user is a direct member of. */
  Set<String> groupsOfUser(String userKey);

  /** Adds the user to the group. */
  void addMember(String userKey, String group);

  /** Removes the user from the group. */
  void removeMember(String userKey, String group);
}
