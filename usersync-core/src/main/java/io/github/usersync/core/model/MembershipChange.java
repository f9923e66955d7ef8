package io.github.usersync.core.model;

import org.immutables.value.Value;

/** A member added to or removed from a group, as a change-tracking read reports it. */
@Value.Immutable
public interface MembershipChange {
  /** The group's IdP id. */
  @Value.Parameter
  String groupId();

  /** The member that was added or removed. */
  @Value.Parameter
  GroupMember member();

  /** True if added, false if removed. */
  @Value.Parameter
  boolean added();

  /** A change. */
  static MembershipChange of(String groupId, GroupMember member, boolean added) {
    return ImmutableMembershipChange.of(groupId, member, added);
  }
}
