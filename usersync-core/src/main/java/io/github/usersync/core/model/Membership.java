package io.github.usersync.core.model;

/** Whether to read only direct memberships or also those inherited through nested groups. */
public enum Membership {
  /** Only groups the user is directly a member of. */
  DIRECT,
  /** Direct memberships plus those inherited through nested groups. */
  TRANSITIVE
}
