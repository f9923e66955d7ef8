package io.github.usersync.core.sync;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;
import org.jspecify.annotations.Nullable;

/**
 * Which claims of an SSO login carry what: by default the OpenID Connect standard claims ({@code
 * sub}, {@code preferred_username}, {@code email}, {@code given_name}, {@code family_name}, {@code
 * name}) and a {@code groups} claim. The claims become a {@link DirectoryUser} whose {@code raw} is
 * the claims as JSON, so the batch mapping applies to them unchanged, and how to enrich them from
 * the IdP before mapping.
 */
@Value.Immutable
public interface ClaimsMapping {
  /** Whether to read the user from the IdP before mapping, and how to find them. */
  enum Enrichment {
    /** Use the claims as they are. */
    NONE,
    /** Read the user from the IdP by the id claim (the claims' groups are replaced by the IdP's). */
    BY_ID,
    /** Find the user in the IdP by the email claim. */
    BY_EMAIL
  }

  /** The claim holding the IdP's stable user id (default {@code sub}). */
  @Value.Default
  default String idClaim() {
    return "sub";
  }

  /** The claims to try, in order, for the username (default preferred_username, then email). */
  @Value.Default
  default List<String> usernameClaims() {
    return List.of("preferred_username", "email");
  }

  /** The email claim (default {@code email}). */
  @Value.Default
  default String emailClaim() {
    return "email";
  }

  /** The given-name claim. */
  @Value.Default
  default String givenNameClaim() {
    return "given_name";
  }

  /** The family-name claim. */
  @Value.Default
  default String familyNameClaim() {
    return "family_name";
  }

  /** The display-name claim. */
  @Value.Default
  default String displayNameClaim() {
    return "name";
  }

  /** The claim holding group names, as a list or a comma-separated string (default {@code groups}). */
  @Value.Default
  default String groupsClaim() {
    return "groups";
  }

  /** Whether to refresh the user from the IdP before mapping (default {@link Enrichment#NONE}). */
  @Value.Default
  default Enrichment enrichment() {
    return Enrichment.NONE;
  }

  /** The OpenID Connect defaults. */
  static ClaimsMapping defaults() {
    return builder().build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ClaimsMapping}. */
  final class Builder extends ImmutableClaimsMapping.Builder {}

  /**
   * The directory user the claims describe.
   *
   * @throws MappingException naming the claim when the id or username claim is missing
   */
  default DirectoryUser user(Map<String, ?> claims) {
    String id = text(claims, idClaim())
        .orElseThrow(() -> new MappingException("claims." + idClaim(),
            "the login claims carry no '" + idClaim() + "' claim, which identifies the user"));
    String username = null;
    for (String c : usernameClaims()) {
      username = text(claims, c).orElse(null);
      if (username != null) {
        break;
      }
    }
    if (username == null) {
      throw new MappingException("claims.username",
          "the login claims carry none of " + usernameClaims() + " to use as the username");
    }
    JsonNode raw = ClaimsJson.MAPPER.valueToTree(claims);
    return DirectoryUser.builder()
        .id(id)
        .username(username)
        .email(text(claims, emailClaim()))
        .givenName(text(claims, givenNameClaim()))
        .familyName(text(claims, familyNameClaim()))
        .displayName(text(claims, displayNameClaim()))
        .active(true)
        .raw(raw)
        .build();
  }

  /** The groups the claims name (each group's id is its name). */
  default List<DirectoryGroup> groups(Map<String, ?> claims) {
    Object v = claims.get(groupsClaim());
    List<DirectoryGroup> out = new ArrayList<>();
    if (v instanceof Collection) {
      for (Object o : (Collection<?>) v) {
        if (o != null && !o.toString().trim().isEmpty()) {
          out.add(DirectoryGroup.of(o.toString().trim(), o.toString().trim()));
        }
      }
    } else if (v instanceof String) {
      for (String s : ((String) v).split(",")) {
        if (!s.trim().isEmpty()) {
          out.add(DirectoryGroup.of(s.trim(), s.trim()));
        }
      }
    }
    return out;
  }

  /** The claim's value as text, if present and not blank. */
  static Optional<String> text(Map<String, ?> claims, String name) {
    @Nullable Object v = claims.get(name);
    if (v == null) {
      return Optional.empty();
    }
    String s = v.toString().trim();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
