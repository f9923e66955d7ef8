package io.github.usersync.core.sync;

import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import java.time.Duration;
import org.immutables.value.Value;

/**
 * What {@link UserSync#check()} found: the configuration checked as a run checks it, and both ends
 * probed. Each entry says what was checked, where, and, for a failure, the problem and the fix. A
 * configuration check fails with the message a run would refuse the configuration with.
 */
@Value.Immutable
public interface CheckReport {
  /** The sync's name. */
  String name();

  /**
   * The checks of the configuration that need the IdP or the host (the mapping against what the
   * target can write, the required groups against the IdP's groups, the stored sync state); what
   * the builders refuse (an unknown transform, a bad policy, bad target settings) never gets this
   * far.
   */
  ConnectionReport configuration();

  /** The IdP directory's connection check. */
  ConnectionReport source();

  /** The target's connection check. */
  ConnectionReport target();

  /** How long the check took. */
  @Value.Default
  default Duration elapsed() {
    return Duration.ZERO;
  }

  /**
   * Whether no configuration check failed (a check skipped because an end could not be reached is
   * no configuration error; {@link #connectionsOk()} is false then).
   */
  default boolean configurationOk() {
    return configuration().checks().stream().noneMatch(c -> c.status() == EndpointCheck.Status.FAILED);
  }

  /** Whether both ends answered every probe. */
  default boolean connectionsOk() {
    return source().ok() && target().ok();
  }

  /** Whether everything passed: the configuration and both ends. */
  default boolean ok() {
    return configurationOk() && connectionsOk();
  }

  /** A readable report: the configuration, then each end, one line per check with its fix. */
  default String toText() {
    StringBuilder b = new StringBuilder();
    b.append("Configuration check for sync ").append(name()).append(": ")
        .append(!configurationOk() ? "FAILED" : configuration().ok() ? "OK" : "no error (some not checked)")
        .append('\n');
    configuration().checks().forEach(c -> b.append(c.toText()));
    b.append(source().toText());
    b.append(target().toText());
    b.append(ok() ? "Check passed" : "Check FAILED").append(" in ").append(elapsed().toMillis()).append(" ms\n");
    return b.toString();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link CheckReport}. */
  final class Builder extends ImmutableCheckReport.Builder {}
}
