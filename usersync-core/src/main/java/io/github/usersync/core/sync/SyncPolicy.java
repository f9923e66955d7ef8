package io.github.usersync.core.sync;

import io.github.usersync.core.model.Membership;
import java.time.Duration;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The rules a sync follows: which users are in scope, what happens to users who leave, which
 * groups are managed, how accounts are linked, and the safety thresholds. Defaults are safe.
 */
@Value.Immutable
public interface SyncPolicy {
  /** What to do with a linked host user who is no longer in the IdP (or no longer in scope). */
  enum MissingUserAction {
    /** Deactivate the account, keeping its data (default). */
    DEACTIVATE,
    /** Delete the account. */
    DELETE,
    /** Leave it as it is. */
    KEEP
  }

  /** How an unlinked host user may be adopted by an IdP user on a first sync. */
  enum LinkMatch {
    /** Never adopt: create a new account (fails if the username is taken). */
    NONE,
    /** Adopt an unlinked host user with the same username (case-insensitive) (default). */
    USERNAME,
    /** Adopt an unlinked host user with the same email address (case-insensitive). */
    EMAIL,
    /** Username first, then email. */
    USERNAME_OR_EMAIL
  }

  /** How group memberships are read from the IdP. */
  enum MembershipRead {
    /** Whichever takes fewer requests (default): enumerate groups for many users, ask per user for few. */
    AUTO,
    /** List every group's members. */
    BY_GROUP,
    /** Ask for each user's groups. */
    BY_USER
  }

  /**
   * IdP group names or ids (case-insensitive); when not empty, only their members are synced and a
   * member who leaves them is handled as missing.
   */
  Set<String> requiredGroups();

  /** What happens to linked users who are gone from the IdP or out of scope (default deactivate). */
  @Value.Default
  default MissingUserAction missingUsers() {
    return MissingUserAction.DEACTIVATE;
  }

  /** Whether a returning (active again) user's deactivated account is reactivated (default true). */
  @Value.Default
  default boolean reactivateReturningUsers() {
    return true;
  }

  /** Whether host groups that do not exist yet are created (default true). */
  @Value.Default
  default boolean createGroups() {
    return true;
  }

  /**
   * Host groups that usersync may also remove members from although they do not come from the IdP.
   * Empty by default: host-only groups such as {@code jira-administrators} are never touched.
   */
  Set<String> additionallyManagedGroups();

  /**
   * Host groups usersync never changes, in addition to the target's own {@link
   * io.github.usersync.core.model.TargetCapabilities#protectedGroups()} (its administrators
   * groups): never created, renamed or deleted, no member added or removed, no member deactivated
   * or deleted. A change that would touch one is left out and reported once as skipped.
   * Case-insensitive.
   */
  Set<String> protectedGroups();

  /**
   * What becomes of a host group whose IdP group was renamed, moved or deleted, or no longer
   * matches the group rules, once usersync removed the members it manages: kept (default false),
   * or deleted when usersync created it and no other member is left (true; the target must be able
   * to delete groups).
   */
  @Value.Default
  default boolean deleteEmptiedGroups() {
    return false;
  }

  /** How unlinked host users are adopted (default by username). */
  @Value.Default
  default LinkMatch linkUnlinkedBy() {
    return LinkMatch.USERNAME;
  }

  /** Direct or transitive (nested-group) memberships (default transitive). */
  @Value.Default
  default Membership membership() {
    return Membership.TRANSITIVE;
  }

  /** How memberships are read (default {@link MembershipRead#AUTO}). */
  @Value.Default
  default MembershipRead membershipRead() {
    return MembershipRead.AUTO;
  }

  /**
   * The most destructive changes one run may apply (default 500): deactivations and deletions of
   * users, and removals of memberships and groups because their group left the IdP. Over it, none
   * is applied and the report says so with the numbers.
   */
  @Value.Default
  default int maxDestructiveChanges() {
    return 500;
  }

  /** The most destructive changes (as above), as a percentage of host users (default 10). */
  @Value.Default
  default double maxDestructivePercent() {
    return 10.0;
  }

  /** Whether the first failed change stops the run (default false: it fails alone). */
  @Value.Default
  default boolean failFast() {
    return false;
  }

  /** How many reads may be in flight against the IdP; 0 = the directory's own recommendation. */
  @Value.Default
  default int readConcurrency() {
    return 0;
  }

  /** How many changes may be applied to the host at once (default 1; raise for remote hosts). */
  @Value.Default
  default int applyConcurrency() {
    return 1;
  }

  /**
   * Whether scheduled runs read only changes since the last run, where the IdP can (default true),
   * with a full run every {@link #fullSyncInterval()}.
   */
  @Value.Default
  default boolean incremental() {
    return true;
  }

  /** How often an incremental schedule still makes a full run, which heals what a delta missed. */
  @Value.Default
  default Duration fullSyncInterval() {
    return Duration.ofHours(24);
  }

  /** The defaults. */
  static SyncPolicy defaults() {
    return builder().build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SyncPolicy}. */
  final class Builder extends ImmutableSyncPolicy.Builder {}

  /** Checks values. */
  @Value.Check
  default void check() {
    if (maxDestructiveChanges() < 0) {
      throw new IllegalArgumentException("maxDestructiveChanges must not be negative");
    }
    if (maxDestructivePercent() < 0 || maxDestructivePercent() > 100) {
      throw new IllegalArgumentException("maxDestructivePercent must be between 0 and 100");
    }
    if (readConcurrency() < 0 || applyConcurrency() < 1) {
      throw new IllegalArgumentException("readConcurrency must be >= 0 and applyConcurrency >= 1");
    }
  }
}
