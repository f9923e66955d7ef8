package io.github.usersync.core.model;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.immutables.value.Value;

/** The outcome of probing one endpoint during a connection check. */
@Value.Immutable
public interface EndpointCheck {
  /** How a probe ended. */
  enum Status {
    /** The endpoint answered as expected. */
    OK,
    /** The endpoint failed; see {@link #problem()} and {@link #fix()}. */
    FAILED,
    /** Not probed, because a check it depends on (usually the token) failed. */
    SKIPPED,
    /**
     * The endpoint answered, but something a sync could use is turned off (say, the audit log that
     * incremental runs read); runs work without it, with less (every run a full sync). See {@link
     * #problem()} and {@link #fix()}. Counts as passed.
     */
    WARNING
  }

  /** What the endpoint is for, e.g. {@code list users}. */
  String name();

  /** The call made, e.g. {@code GET https://acme.okta.com/api/v1/users?limit=1}. */
  String endpoint();

  /** The outcome. */
  Status status();

  /** The HTTP status, when an answer arrived. */
  OptionalInt httpStatus();

  /** What went wrong, for a failed or skipped check. */
  Optional<String> problem();

  /** What to change so the endpoint works, for a failed check. */
  Optional<String> fix();

  /** How long the probe took. */
  @Value.Default
  default Duration elapsed() {
    return Duration.ZERO;
  }

  /** Whether the check passed: {@link Status#OK}, or {@link Status#WARNING} (passed, with a note). */
  default boolean ok() {
    return status() == Status.OK || status() == Status.WARNING;
  }

  /** One line (status, name, endpoint), with the problem and the fix under it when it failed. */
  default String toText() {
    StringBuilder b = new StringBuilder(String.format("  %-7s %-28s %s", status(), name(), endpoint()));
    if (httpStatus().isPresent()) {
      b.append(" (HTTP ").append(httpStatus().getAsInt()).append(')');
    }
    b.append('\n');
    problem().ifPresent(p -> b.append("          problem: ").append(p).append('\n'));
    fix().ifPresent(f -> b.append("          fix:     ").append(f).append('\n'));
    return b.toString();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link EndpointCheck}. */
  final class Builder extends ImmutableEndpointCheck.Builder {}
}
