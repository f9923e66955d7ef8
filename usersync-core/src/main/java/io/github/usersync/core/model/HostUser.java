package io.github.usersync.core.model;

import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** A user account as the host (Jira, Confluence, your app) holds it. */
@Value.Immutable
public interface HostUser {
  /**
   * The host's stable key for the account (Jira's user key, a database id); stays the same across
   * renames. Hosts without such a key use the username.
   */
  String key();

  /** The sign-in name in the host. */
  String username();

  /** The email address. */
  Optional<String> email();

  /** The display name. */
  Optional<String> displayName();

  /** Whether the account can sign in. */
  boolean active();

  /** Profile attributes the host keeps (Jira user properties, Confluence profile fields). */
  Map<String, String> attributes();

  /** The IdP id this account is linked to, once usersync has linked it. */
  Optional<String> externalId();

  /** The manager's host key, where the host keeps managers. */
  Optional<String> managerKey();

  /** The fingerprint of the photo last set by usersync, where the host keeps photos. */
  Optional<String> photoFingerprint();

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link HostUser}. */
  final class Builder extends ImmutableHostUser.Builder {}
}
