package io.github.usersync.core.sync;

/** The kinds of change a plan holds, in the order they are applied. */
public enum ChangeType {
  /** Create a host group. */
  CREATE_GROUP,
  /** Create a host user. */
  CREATE_USER,
  /** Change a host user's profile (including a rename or adopting an unlinked account). */
  UPDATE_USER,
  /** Reactivate a returning user. */
  REACTIVATE_USER,
  /** Add a user to a group. */
  ADD_MEMBERSHIP,
  /** Remove a user from a managed group. */
  REMOVE_MEMBERSHIP,
  /** Set or clear a user's manager. */
  SET_MANAGER,
  /** Set a user's photo. */
  SET_PHOTO,
  /** Deactivate a user. Destructive. */
  DEACTIVATE_USER,
  /** Delete a user. Destructive. */
  DELETE_USER,
  /** Not a host change: a user that could not be mapped (reported as failed). */
  MAP_USER;

  /** Whether the change deactivates or deletes a user, and so counts against the thresholds. */
  public boolean destructive() {
    return this == DEACTIVATE_USER || this == DELETE_USER;
  }
}
