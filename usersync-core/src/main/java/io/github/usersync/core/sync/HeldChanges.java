package io.github.usersync.core.sync;

import java.time.Instant;
import java.util.List;
import org.immutables.value.Value;

/**
 * Destructive changes a threshold held back in one run, kept in the sync state so an admin can
 * review and approve them ({@link UserSync#heldChanges()}, {@link UserSync#approve(String)}) until
 * they expire ({@link SyncPolicy#heldChangesExpireAfter()}). A later run that holds changes
 * replaces them; a later run whose destructive changes pass the thresholds clears them.
 */
@Value.Immutable
public interface HeldChanges {
  /** The id of the run that held the changes, e.g. {@code 20261203-060000-3f2a}. */
  String runId();

  /** When the run held them. */
  Instant heldAt();

  /** When they can no longer be approved. */
  Instant expiresAt();

  /** Why the guard held them (the threshold and the numbers). */
  String reason();

  /** The held changes, in apply order. */
  List<Entry> changes();

  /** Whether they can no longer be approved at {@code now}. */
  default boolean expired(Instant now) {
    return !now.isBefore(expiresAt());
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link HeldChanges}. */
  final class Builder extends ImmutableHeldChanges.Builder {}

  /** One held change. */
  @Value.Immutable
  interface Entry {
    /** The change as planned (an anonymization's new values are computed again when approved). */
    @Value.Parameter
    Change change();

    /**
     * Whether the change cleans up its user (a deactivation, anonymization or deletion, or a
     * membership removed because the user is cleaned up): re-checked against the IdP when approved,
     * and not applied if the user is back. Other changes (a membership of a group that left the
     * IdP) are applied as held.
     */
    @Value.Parameter
    boolean cleanup();

    /** An entry. */
    static Entry of(Change change, boolean cleanup) {
      return ImmutableEntry.of(change, cleanup);
    }
  }
}
