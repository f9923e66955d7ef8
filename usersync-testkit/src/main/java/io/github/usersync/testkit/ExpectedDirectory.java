package io.github.usersync.testkit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What a directory fixture holds, so the contract can check a connector's reads against it. */
@Value.Immutable
public interface ExpectedDirectory {
  /** Every user id the listing must return, exactly once each. */
  Set<String> userIds();

  /** Users to read one by one and compare with the listing; empty means the first five listed. */
  List<String> sampleUserIds();

  /** Every group id the group listing must return; empty skips the group checks. */
  Set<String> groupIds();

  /** For some groups, the ids of their direct user members. */
  Map<String, Set<String>> directUserMembers();

  /** An id the IdP answers "not found" for. */
  Optional<String> missingUserId();

  /** Names of the endpoints {@code checkConnection()} must report, e.g. {@code list users}. */
  Set<String> endpointNames();

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link ExpectedDirectory}. */
  final class Builder extends ImmutableExpectedDirectory.Builder {}
}
