package io.github.usersync.core.sync;

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

  private ChangeOutcome(Change change, Status status, @Nullable String message) {
    this.change = Objects.requireNonNull(change);
    this.status = Objects.requireNonNull(status);
    this.message = message;
  }

  /** An outcome. */
  public static ChangeOutcome of(Change change, Status status, @Nullable String message) {
    return new ChangeOutcome(change, status, message);
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

  @Override
  public String toString() {
    return status + " " + change + (message == null ? "" : ": " + message);
  }
}
