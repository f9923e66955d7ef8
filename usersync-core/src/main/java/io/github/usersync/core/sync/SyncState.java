package io.github.usersync.core.sync;

import io.github.usersync.core.model.ChangeCursor;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The engine's memory of one sync between runs, written once per run after apply (see {@link
 * SyncStateStore}): where the next incremental read resumes, which host groups usersync manages,
 * which users' changes did not reach the host, which refusals were already reported, which
 * photos usersync set, and which destructive changes wait for approval.
 */
@Value.Immutable
public interface SyncState {
  /** Where the next incremental read resumes. */
  Optional<ChangeCursor> cursor();

  /** When the last complete full run finished. */
  Optional<Instant> lastFullSync();

  /**
   * Every group usersync created or manages, by IdP group id: a group renamed, moved or deleted in
   * the IdP loses its managed members in the host.
   */
  Map<String, ManagedGroup> managedGroups();

  /**
   * Host groups whose IdP group left (renamed or moved where the host cannot rename, deleted, or no
   * longer matching the group rules), by host name, while usersync still removes the members it
   * manages from them (a removal that failed or was held back is tried again next run).
   */
  Map<String, RetiredGroup> retiredGroups();

  /**
   * IdP user ids whose changes did not reach the host (failed, or not applied), with why; they are
   * re-read and re-planned first in the next run, incremental or not.
   */
  Map<String, Pending> pending();

  /**
   * Changes the host refused permanently (a validation error, not a transient failure), by IdP user
   * id: reported once, then planned again only when that user's data changes.
   */
  Map<String, Refusal> refusals();

  /**
   * How many full runs were committed; a full run with {@link SyncPolicy#managerRefreshRuns()} or
   * {@link SyncPolicy#photoRefreshRuns()} above 1 re-reads managers or photos for the share of users
   * this number picks.
   */
  @Value.Default
  default long fullRuns() {
    return 0;
  }

  /** The fingerprint of each photo usersync set, by IdP user id, so a photo removed in the IdP is removed in the host. */
  Map<String, String> photos();

  /**
   * Destructive changes the thresholds held back in the last run that held any, waiting to be
   * approved ({@link UserSync#approve(String)}) or to expire.
   */
  Optional<HeldChanges> held();

  /**
   * What other parts of usersync keep with this sync's state, by key, each a JSON document: the
   * SCIM service keeps the resources an IdP pushed under {@code scim}, so their ids survive a
   * restart. Runs carry it forward unchanged; only its owner changes its entry.
   */
  Map<String, String> extensions();

  /** An empty state: no run committed yet. */
  static SyncState empty() {
    return builder().build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SyncState}. */
  final class Builder extends ImmutableSyncState.Builder {}

  /** A host group whose memberships usersync manages, and where it came from. */
  @Value.Immutable
  interface ManagedGroup {
    /** The host group's name. */
    @Value.Parameter
    String hostName();

    /** Whether usersync created the host group (only such groups may be deleted when emptied). */
    @Value.Parameter
    boolean created();

    /** A managed group. */
    static ManagedGroup of(String hostName, boolean created) {
      return ImmutableManagedGroup.of(hostName, created);
    }
  }

  /** A host group usersync is emptying because its IdP group left, and why. */
  @Value.Immutable
  interface RetiredGroup {
    /** Why, e.g. "group renamed in the IdP from 'Legal Review' to 'Legal &amp; Compliance'". */
    @Value.Parameter
    String reason();

    /** Whether usersync created the host group (only such groups may be deleted when emptied). */
    @Value.Parameter
    boolean created();

    /** A retired group. */
    static RetiredGroup of(String reason, boolean created) {
      return ImmutableRetiredGroup.of(reason, created);
    }
  }

  /** Why a user's changes are pending, and since when. */
  @Value.Immutable
  interface Pending {
    /** The failure or the reason the change was not applied. */
    @Value.Parameter
    String reason();

    /** When the user first became pending. */
    @Value.Parameter
    Instant since();

    /** A pending entry. */
    static Pending of(String reason, Instant since) {
      return ImmutablePending.of(reason, since);
    }
  }

  /** A change the host refused permanently, remembered so it is reported once. */
  @Value.Immutable
  interface Refusal {
    /**
     * A fingerprint of the user's mapped data when the host refused; a different fingerprint means
     * the data changed and the change is planned again.
     */
    @Value.Parameter
    String fingerprint();

    /** The host's reason. */
    @Value.Parameter
    String reason();

    /** When the host refused. */
    @Value.Parameter
    Instant since();

    /**
     * The changes refused, each as its type and, for memberships, the group: {@code UPDATE_USER},
     * {@code UPDATE_USER username} (one field left out), {@code ADD_MEMBERSHIP jira-administrators}.
     * Empty: every change of the user.
     */
    Set<String> changes();

    /** A refusal of every change of the user. */
    static Refusal of(String fingerprint, String reason, Instant since) {
      return ImmutableRefusal.of(fingerprint, reason, since);
    }

    /** A refusal of some changes of the user. */
    static Refusal of(String fingerprint, String reason, Instant since, Set<String> changes) {
      return ImmutableRefusal.builder().fingerprint(fingerprint).reason(reason).since(since)
          .addAllChanges(changes).build();
    }
  }
}
