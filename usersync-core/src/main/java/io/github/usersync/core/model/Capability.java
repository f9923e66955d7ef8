package io.github.usersync.core.model;

/** Something an {@code IdpDirectory} may or may not support; see its {@code capabilities()}. */
public enum Capability {
  /** Lists groups. */
  GROUPS,
  /** Lists a group's direct members. */
  GROUP_MEMBERS,
  /** Lists a group's members including nested groups' members in one call (native). */
  TRANSITIVE_GROUP_MEMBERS,
  /** Lists a user's groups. */
  USER_GROUPS,
  /** Groups can contain groups. */
  NESTED_GROUPS,
  /** Reads a user's manager ({@code managerId(userId)}). */
  MANAGER,
  /**
   * Listed users carry their manager's id ({@code DirectoryUser.managerId()}), so no per-user
   * manager read is needed.
   */
  MANAGER_ON_USER,
  /**
   * {@code managerIds} of users just listed answers from what the listing read, without a request
   * per user (Google: the manager's address from the user's {@code relations}, resolved once per
   * distinct manager). A full run then reads every user's manager every run; {@code
   * SyncPolicy.managerRefreshRuns()} spreads only managers that cost a read per user.
   */
  MANAGER_FROM_LISTING,
  /** Reads a user's profile photo. */
  PHOTO,
  /** Reads a cheap photo fingerprint, so unchanged photos are not downloaded. */
  PHOTO_FINGERPRINT,
  /**
   * {@code photoFingerprints} of users just listed answers from what the listing read, without a
   * request per user (Google's {@code thumbnailPhotoEtag}). A full run then re-checks every photo
   * every run; {@code SyncPolicy.photoRefreshRuns()} spreads only fingerprints that cost a read per
   * user (Entra).
   */
  PHOTO_FINGERPRINT_FROM_LISTING,
  /** Lists changes since a cursor (incremental sync). */
  CHANGES,
  /**
   * The change feed ({@link #CHANGES}) reports a user whose manager changed, with its new manager
   * or so that the engine reads it (Entra's users delta: {@code manager@delta}). Incremental runs
   * then bring manager changes, and full runs re-read managers over several runs by default
   * ({@code SyncPolicy.managerRefreshRuns()}).
   */
  CHANGES_REPORT_MANAGERS,
  /** Finds a user by email address. */
  FIND_USER_BY_EMAIL
}
