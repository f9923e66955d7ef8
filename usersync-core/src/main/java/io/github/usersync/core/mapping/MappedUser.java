package io.github.usersync.core.mapping;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** The host user a mapping wants for one directory user. */
@Value.Immutable
public interface MappedUser {
  /** The IdP's stable id, the link to the host account. */
  String externalId();

  /** The host username. */
  String username();

  /** The email address. */
  @Value.Default
  default AttributeValue email() {
    return AttributeValue.keep();
  }

  /** The display name. */
  @Value.Default
  default AttributeValue displayName() {
    return AttributeValue.keep();
  }

  /** Whether the account should be able to sign in. */
  boolean active();

  /** Host attributes by name (Jira user properties, Confluence profile fields). */
  Map<String, AttributeValue> attributes();

  /** The host groups the user should be in (after group transforms), among the managed ones. */
  Set<String> groups();

  /** The manager's IdP id, when the mapping uses managers and the user has one. */
  Optional<String> managerId();

  /** The photo fingerprint, when the mapping uses photos and the user has one. */
  Optional<String> photoFingerprint();

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MappedUser}. */
  final class Builder extends ImmutableMappedUser.Builder {}
}
