package io.github.usersync.core.model;

import org.immutables.value.Value;

/** One member of a directory group: a user or a nested group, by IdP id. */
@Value.Immutable
public interface GroupMember {
  /** What a member is. */
  enum Type {
    /** A user. */
    USER,
    /** A nested group. */
    GROUP,
    /** Anything else a group can hold (a device, a service principal, a contact). */
    OTHER
  }

  /** The member's IdP id. */
  @Value.Parameter
  String id();

  /** Whether the member is a user or a group. */
  @Value.Parameter
  Type type();

  /** A user member. */
  static GroupMember user(String id) {
    return ImmutableGroupMember.of(id, Type.USER);
  }

  /** A nested-group member. */
  static GroupMember group(String id) {
    return ImmutableGroupMember.of(id, Type.GROUP);
  }

  /** A member of the given type. */
  static GroupMember of(String id, Type type) {
    return ImmutableGroupMember.of(id, type);
  }
}
