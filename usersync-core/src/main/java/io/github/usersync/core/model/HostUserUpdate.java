package io.github.usersync.core.model;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * The changes to make to an existing host account; absent fields stay as they are. Activation is
 * not part of an update: it has its own operations.
 */
@Value.Immutable
public interface HostUserUpdate {
  /** A new sign-in name (a rename). */
  Optional<String> username();

  /** A new email address. */
  Optional<String> email();

  /** A new display name. */
  Optional<String> displayName();

  /** Attributes to set, by name. */
  Map<String, String> setAttributes();

  /** Attributes to remove, by name. */
  Set<String> removeAttributes();

  /** A new IdP link (when an existing account is adopted). */
  Optional<String> externalId();

  /** Whether the update changes nothing. */
  default boolean isEmpty() {
    return !username().isPresent()
        && !email().isPresent()
        && !displayName().isPresent()
        && setAttributes().isEmpty()
        && removeAttributes().isEmpty()
        && !externalId().isPresent();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HostUserUpdate}. */
  final class Builder extends ImmutableHostUserUpdate.Builder {}
}
