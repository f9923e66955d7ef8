package io.github.usersync.core.sync;

/** The steps of a run, as a listener sees them. */
public enum SyncPhase {
  /** Reading the host's users and groups. */
  READ_HOST,
  /** Reading the IdP's groups and memberships. */
  READ_GROUPS,
  /** Reading (and mapping) the IdP's users. */
  READ_USERS,
  /** Computing the plan. */
  PLAN,
  /** Applying the plan. */
  APPLY,
  /** Done. */
  DONE
}
