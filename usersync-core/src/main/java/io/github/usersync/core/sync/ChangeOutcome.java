package io.github.usersync.core.sync;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** What became of one planned change. */
public final class ChangeOutcome {
  /** How a change ended. */
  public enum Status {
    /** The host made the change. */
    APPLIED,
    /** The host refused it, or it could not be made; see {@link #message()}. */
    FAILED,
    /**
     * Not applied, by design: held back by a safety rule, left out because the host never makes
     * such a change (a protected group, a rename it cannot make), or refused by the host for good
     * (a validation error, not tried again until the user's data changes). {@link #message()} says
     * why and what to do.
     */
    SKIPPED,
    /** Not applied because the run was a dry run (a plan) or stopped early (fail-fast). */
    NOT_APPLIED
  }

  private final Change change;
  private final Status status;
  private final @Nullable String message;
  private final @Nullable String errorCode;
  private final @Nullable Instant at;

  private ChangeOutcome(Change change, Status status, @Nullable String message, @Nullable String errorCode,
      @Nullable Instant at) {
    this.change = Objects.requireNonNull(change);
    this.status = Objects.requireNonNull(status);
    this.message = message;
    this.errorCode = errorCode;
    this.at = at;
  }

  /** An outcome. */
  public static ChangeOutcome of(Change change, Status status, @Nullable String message) {
    return new ChangeOutcome(change, status, message, null, null);
  }

  /** An outcome with an error code (see {@link #errorCode()}) and the time it was reached. */
  public static ChangeOutcome of(Change change, Status status, @Nullable String message, @Nullable String errorCode,
      @Nullable Instant at) {
    return new ChangeOutcome(change, status, message, errorCode, at);
  }

  /** The change. */
  public Change change() {
    return change;
  }

  /** How it ended. */
  public Status status() {
    return status;
  }

  /** Why it failed or was skipped. */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /**
   * For a failed or skipped change, a short machine-readable code: the provider's error code or
   * {@code HTTP_<status>} when the host answered with an error, {@code HOST_REFUSED} (refused for
   * good), {@code HOST_ERROR}, {@code CONNECTION_FAILED}, {@code AFTER_REFUSAL}, {@code ERROR}.
   */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** When the change was applied, failed or was skipped by the host; empty for changes never tried. */
  public Optional<Instant> at() {
    return Optional.ofNullable(at);
  }

  @Override
  public String toString() {
    return status + " " + change + (message == null ? "" : ": " + message);
  }
}
