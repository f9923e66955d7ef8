package io.github.usersync.core.sync;

import io.github.usersync.core.model.HostUser;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of syncing one user ({@link UserSync#syncUser(String)}, {@link
 * UserSync#provisionFromClaims(java.util.Map)}): the host user as it is now, or why usersync
 * refused, with the full report.
 */
public final class UserSyncResult {
  /** What happened to the user. */
  public enum Status {
    /** The host account was created. */
    CREATED,
    /** The host account was updated, reactivated or had its groups changed. */
    UPDATED,
    /** Nothing needed to change. */
    UNCHANGED,
    /** The host account was deactivated or deleted (the IdP says the user is gone or inactive). */
    DEACTIVATED,
    /**
     * usersync refused to provision the user: not in a required group, inactive in the IdP, or the
     * mapping skipped them. See {@link #reason()}.
     */
    REFUSED,
    /** A change failed; see {@link #reason()} and the report. */
    FAILED
  }

  private final Status status;
  private final @Nullable HostUser user;
  private final @Nullable String reason;
  private final SyncReport report;

  UserSyncResult(Status status, @Nullable HostUser user, @Nullable String reason, SyncReport report) {
    this.status = Objects.requireNonNull(status);
    this.user = user;
    this.reason = reason;
    this.report = Objects.requireNonNull(report);
  }

  /** What happened. */
  public Status status() {
    return status;
  }

  /** The host user as it is after the sync; empty when refused, failed or deleted. */
  public Optional<HostUser> user() {
    return Optional.ofNullable(user);
  }

  /** Why the user was refused or the sync failed. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  /** Whether the user may sign in: provisioned and active. */
  public boolean allowed() {
    return user != null && user.active() && (status == Status.CREATED || status == Status.UPDATED || status == Status.UNCHANGED);
  }

  /** The full report of the run. */
  public SyncReport report() {
    return report;
  }

  @Override
  public String toString() {
    return "UserSyncResult[" + status + (user != null ? ", " + user.username() : "")
        + (reason != null ? ", " + reason : "") + "]";
  }
}
