package io.github.usersync.core.model;

import java.util.List;
import org.immutables.value.Value;

/**
 * The result of a directory's or target's connection check: one entry per endpoint it needs, each
 * saying whether it answered and, if not, why and what to fix. A report without entries means
 * there was nothing to probe (an in-memory or in-process host).
 */
@Value.Immutable
public interface ConnectionReport {
  /** The provider id or target name. */
  String provider();

  /** One check per endpoint, in the order probed. */
  List<EndpointCheck> checks();

  /** Whether every endpoint answered. */
  default boolean ok() {
    return checks().stream().allMatch(EndpointCheck::ok);
  }

  /** A readable multi-line report: one line per endpoint, with the fix under a failed one. */
  default String toText() {
    StringBuilder b = new StringBuilder();
    b.append("Connection check for ").append(provider()).append(": ");
    boolean warned = checks().stream().anyMatch(c -> c.status() == EndpointCheck.Status.WARNING);
    b.append(checks().isEmpty() ? "nothing to probe" : !ok() ? "FAILED" : warned ? "OK, with warnings" : "all endpoints OK")
        .append('\n');
    checks().forEach(c -> b.append(c.toText()));
    return b.toString();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ConnectionReport}. */
  final class Builder extends ImmutableConnectionReport.Builder {}
}
