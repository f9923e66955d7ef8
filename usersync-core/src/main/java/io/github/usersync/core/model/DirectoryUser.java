package io.github.usersync.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * A user as an IdP directory reports it: the fields every IdP has, plus the raw JSON so a mapping
 * can address any attribute ({@code profile.department}, {@code customSchemas.HR.costCenter}).
 *
 * <p>Users are linked to host accounts by {@link #id()}, the IdP's stable id, never by username or
 * email, so renames update the linked account.
 */
@Value.Immutable
public interface DirectoryUser {
  /** The IdP's stable, immutable id (Okta {@code 00u…}, Entra object id, Google numeric id). */
  String id();

  /**
   * The sign-in name in the IdP: Okta {@code profile.login}, Entra {@code userPrincipalName},
   * Google {@code primaryEmail}, Keycloak {@code username}, OneLogin {@code username}.
   */
  String username();

  /** The primary email address, when the IdP has one. */
  Optional<String> email();

  /** The given (first) name. */
  Optional<String> givenName();

  /** The family (last) name. */
  Optional<String> familyName();

  /** The display name as the IdP shows it. */
  Optional<String> displayName();

  /** Whether the IdP lets this user sign in (not suspended, disabled or deprovisioned). */
  boolean active();

  /** The manager's IdP id, when the IdP carries it on the user record. */
  Optional<String> managerId();

  /**
   * The user as the IdP returned it. Treat as read-only. Excluded from {@code equals} and {@code
   * toString}: a listed and a single-read user may differ in envelope fields.
   */
  @Value.Default
  @Value.Auxiliary
  default JsonNode raw() {
    return Json.emptyObject();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DirectoryUser}; {@code id}, {@code username} and {@code active} are required. */
  final class Builder extends ImmutableDirectoryUser.Builder {}
}
