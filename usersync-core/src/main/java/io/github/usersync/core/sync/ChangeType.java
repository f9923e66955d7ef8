package io.github.usersync.core.sync;

/** The kinds of change a plan holds, in the order they are applied. */
public enum ChangeType {
  /** Create a host group. */
  CREATE_GROUP,
  /** Rename a host group whose IdP group was renamed or moved ({@link Change#value()}: the new name). */
  RENAME_GROUP,
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
  /** Set a user's photo, or remove it ({@link Change#value()} empty). */
  SET_PHOTO,
  /** Deactivate a user. Destructive. */
  DEACTIVATE_USER,
  /**
   * Anonymize a user who left the IdP or its scope: rename to a pseudonym, replace email and display
   * name, remove the mapped attributes ({@link Change#update()}), and deactivate. Destructive.
   */
  ANONYMIZE_USER,
  /** Delete a user. Destructive. */
  DELETE_USER,
  /** Delete a host group usersync created, emptied after its IdP group left. Destructive. */
  DELETE_GROUP,
  /** Not a host change: a user that could not be mapped (reported as failed). */
  MAP_USER;

  /**
   * Whether every change of this type is destructive (deactivates or deletes a user or a group) and
   * so counts against the thresholds. Some membership removals are destructive too; see {@link
   * Change#destructive()}.
   */
  public boolean destructive() {
    return this == DEACTIVATE_USER || this == ANONYMIZE_USER || this == DELETE_USER || this == DELETE_GROUP;
  }
}
