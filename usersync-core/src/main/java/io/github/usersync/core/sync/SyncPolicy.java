package io.github.usersync.core.sync;

import io.github.usersync.core.model.Membership;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
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
    /**
     * Rename the account to a stable pseudonym derived from its IdP id ({@code user-<hash>}), replace
     * its email ({@code user-<hash>@}{@link #anonymizeEmailDomain()}) and display name, remove the
     * attributes the mapping writes, and deactivate it. The link to the IdP id is kept: a user who
     * returns gets the original values back from the IdP on the next run. The target must be able to
     * rename users ({@link io.github.usersync.core.model.TargetCapabilities#canRenameUsers()}).
     */
    ANONYMIZE,
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

  /**
   * The domain of the email address an anonymized account gets ({@code user-<hash>@<domain>};
   * default {@code anonymized.invalid}, a domain that never receives mail).
   */
  @Value.Default
  default String anonymizeEmailDomain() {
    return "anonymized.invalid";
  }

  /**
   * Whether cleaned-up users (deactivated, anonymized, or deleted where the host keeps the
   * memberships of deleted users) lose every group membership, managed and host-local, except
   * {@link #keepGroups()} and protected groups (default false). Applies also to users cleaned up
   * in earlier runs (inactive linked accounts that still have memberships; full runs find them all).
   * Each removal counts toward the destructive-change thresholds.
   */
  @Value.Default
  default boolean stripMembershipsOnCleanup() {
    return false;
  }

  /**
   * Groups a cleaned-up user stays in when {@link #stripMembershipsOnCleanup()} is on: group names
   * or regular expressions, each matched against the whole host group name, case-insensitively
   * (a name with regular-expression characters can be quoted as {@code \Q...\E}).
   */
  Set<String> keepGroups();

  /**
   * How long destructive changes held back by a threshold can be approved ({@code
   * UserSync.approve}) after the run that held them (default 7 days); later, an approval is refused
   * and a new run plans them afresh.
   */
  @Value.Default
  default Duration heldChangesExpireAfter() {
    return Duration.ofDays(7);
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

  /**
   * Over how many full runs the managers an IdP's user listing does not carry are re-read (Entra:
   * per user, 20 to a JSON batch, or in the listing's 44 parts). With {@code n > 1} a full run reads
   * the managers of the users new to the host, the users pending from earlier runs, users whose host
   * account has no manager but shows a value the mapping takes from one (their manager may be one
   * the host does not have; see {@code UserMapper.managerAttributes()}), and one in {@code n} of the
   * others (a different share each full run, by user id), so each is re-read at least every {@code
   * n} full runs; the others keep the manager the host has, or none. 1 reads every user's manager
   * every full run.
   *
   * <p>Absent (the default): {@value #DEFAULT_MANAGER_REFRESH_RUNS} where incremental runs bring
   * manager changes (this policy is {@link #incremental()} and the IdP's change feed reports them,
   * {@code CHANGES_REPORT_MANAGERS}: Entra's users delta carries {@code manager@delta}), so the full
   * run's re-read only heals what a delta missed;
   * else 1, so a sync of full runs only sees every manager change in its next run. Where listed users
   * carry their manager ({@code MANAGER_ON_USER}: Okta, OneLogin) or the listing answers it ({@code
   * MANAGER_FROM_LISTING}: Google), every full run reads every manager and this changes nothing.
   */
  OptionalInt managerRefreshRuns();

  /** The default of {@link #managerRefreshRuns()} where incremental runs bring manager changes. */
  int DEFAULT_MANAGER_REFRESH_RUNS = 16;

  /**
   * Over how many full runs the photos an IdP's user listing does not carry are re-checked (default
   * {@value #DEFAULT_PHOTO_REFRESH_RUNS}). Entra has no listing of photos: each user's photo metadata
   * is a read of its own (20 to a JSON batch, each counted against Graph's throttling budget), so
   * re-checking every photo every full run costs a 20,000-user tenant 1,000 batches, several times
   * its plain run. A full run reads the photos of the users new to the host (so a first sync brings
   * every photo), the users pending from earlier runs, and one in {@code n} of the others (a
   * different share each full run, by user id), so a changed or removed photo arrives within {@code
   * n} full runs; the others keep the photo the host has. No IdP's change feed reports photos, so
   * incremental runs read the photo of every user they see changed and leave the others. Where the
   * listing answers the fingerprint ({@code PHOTO_FINGERPRINT_FROM_LISTING}: Google's {@code
   * thumbnailPhotoEtag}) every full run re-checks every photo and this changes nothing. 1 re-checks
   * every photo every full run.
   */
  @Value.Default
  default int photoRefreshRuns() {
    return DEFAULT_PHOTO_REFRESH_RUNS;
  }

  /** The default of {@link #photoRefreshRuns()}. */
  int DEFAULT_PHOTO_REFRESH_RUNS = 8;

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
    for (String k : keepGroups()) {
      try {
        Pattern.compile(k);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("keepGroups: '" + k + "' is not a valid regular expression ("
            + e.getDescription() + " at index " + e.getIndex() + "); write a group name, a regular expression"
            + " such as 'jira-.*', or quote a name literally as \\Q" + k + "\\E", e);
      }
    }
    String domain = anonymizeEmailDomain();
    if (domain.isEmpty() || domain.contains("@") || domain.chars().anyMatch(Character::isWhitespace)) {
      throw new IllegalArgumentException("anonymizeEmailDomain: '" + domain + "' is not a mail domain such as"
          + " anonymized.invalid");
    }
    if (managerRefreshRuns().isPresent() && managerRefreshRuns().getAsInt() < 1) {
      throw new IllegalArgumentException("managerRefreshRuns must be at least 1 (1 = every full run re-reads every"
          + " user's manager); it is " + managerRefreshRuns().getAsInt());
    }
    if (photoRefreshRuns() < 1) {
      throw new IllegalArgumentException("photoRefreshRuns must be at least 1 (1 = every full run re-checks every"
          + " user's photo); it is " + photoRefreshRuns());
    }
    if (heldChangesExpireAfter().isNegative() || heldChangesExpireAfter().isZero()) {
      throw new IllegalArgumentException("heldChangesExpireAfter must be positive, e.g. 168h (7 days)");
    }
  }
}
