package io.github.usersync.core.model;

import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** What to create a host account with. */
@Value.Immutable
public interface NewHostUser {
  /** The sign-in name. */
  String username();

  /** The email address. */
  Optional<String> email();

  /** The display name. */
  Optional<String> displayName();

  /** Whether the account starts active. */
  @Value.Default
  default boolean active() {
    return true;
  }

  /** Profile attributes to set. */
  Map<String, String> attributes();

  /** The IdP id to link the account to. */
  String externalId();

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link NewHostUser}. */
  final class Builder extends ImmutableNewHostUser.Builder {}
}
