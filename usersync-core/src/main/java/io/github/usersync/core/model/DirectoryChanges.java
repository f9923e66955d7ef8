package io.github.usersync.core.model;

import java.util.List;
import org.immutables.value.Value;

/**
 * What changed in a directory since a {@link ChangeCursor}: users and groups created or updated,
 * users and groups removed, and membership changes where the IdP tracks them.
 */
@Value.Immutable
public interface DirectoryChanges {
  /** Users created or updated since the cursor, in full. */
  List<DirectoryUser> changedUsers();

  /** Ids of users removed (deleted or soft-deleted) since the cursor. */
  List<String> removedUserIds();

  /** Groups created or updated since the cursor. */
  List<DirectoryGroup> changedGroups();

  /** Ids of groups removed since the cursor. */
  List<String> removedGroupIds();

  /** Membership changes, when {@link #membershipsTracked()}. */
  List<MembershipChange> membershipChanges();

  /**
   * Whether {@link #membershipChanges()} is complete. When false (Okta, OneLogin), memberships
   * must be re-read in full, because the IdP does not report membership changes.
   */
  boolean membershipsTracked();

  /** Where the next incremental read resumes. */
  ChangeCursor nextCursor();

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DirectoryChanges}. */
  final class Builder extends ImmutableDirectoryChanges.Builder {}
}
