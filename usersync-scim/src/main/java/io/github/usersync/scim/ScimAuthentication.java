package io.github.usersync.scim;

import io.github.usersync.core.settings.Secret;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * How the SCIM service checks callers: a long-lived bearer token (what Microsoft Entra's "Secret
 * Token" field and Okta's "HTTP Header" authentication send), or OAuth 2.0 client credentials, for
 * which the service issues short-lived tokens at {@code POST <base>/oauth/token}. Every comparison
 * is in constant time (of SHA-256 digests, so lengths do not leak either); tokens and secrets never
 * appear in logs, messages or {@code toString}.
 */
public final class ScimAuthentication {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte @Nullable [] bearerDigest;
  private final @Nullable String clientId;
  private final byte @Nullable [] clientSecretDigest;
  private final Duration tokenLifetime;
  private final Clock clock;
  // Issued tokens by digest → expiry; only digests are kept.
  private final Map<String, Instant> issued = new ConcurrentHashMap<>();

  private ScimAuthentication(byte @Nullable [] bearerDigest, @Nullable String clientId,
      byte @Nullable [] clientSecretDigest, Duration tokenLifetime, Clock clock) {
    this.bearerDigest = bearerDigest;
    this.clientId = clientId;
    this.clientSecretDigest = clientSecretDigest;
    this.tokenLifetime = tokenLifetime;
    this.clock = clock;
  }

  /** Callers send {@code Authorization: Bearer <token>} with this token. */
  public static ScimAuthentication bearerToken(Secret token) {
    return new ScimAuthentication(digest(token.reveal()), null, null, Duration.ZERO, Clock.systemUTC());
  }

  /**
   * Callers first fetch a token with the OAuth 2.0 client credentials grant at {@code
   * <base>/oauth/token} (client id and secret in the form or as HTTP Basic), valid for {@code
   * lifetime}, then send it as a bearer token.
   */
  public static ScimAuthentication clientCredentials(String clientId, Secret clientSecret, Duration lifetime) {
    return clientCredentials(clientId, clientSecret, lifetime, Clock.systemUTC());
  }

  /** Like {@link #clientCredentials(String, Secret, Duration)}, with a clock (tests). */
  public static ScimAuthentication clientCredentials(String clientId, Secret clientSecret, Duration lifetime,
      Clock clock) {
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("the token lifetime must be positive");
    }
    return new ScimAuthentication(null, Objects.requireNonNull(clientId), digest(clientSecret.reveal()),
        lifetime, clock);
  }

  /** Whether the service has a token endpoint (client credentials). */
  public boolean issuesTokens() {
    return clientId != null;
  }

  /** Whether an {@code Authorization} header value grants access. */
  public boolean accepts(Optional<String> authorization) {
    if (!authorization.isPresent()) {
      return false;
    }
    String h = authorization.get().trim();
    if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] presented = digest(h.substring(7).trim());
    if (bearerDigest != null) {
      return MessageDigest.isEqual(presented, bearerDigest);
    }
    Instant until = issued.get(Base64.getEncoder().encodeToString(presented));
    if (until == null) {
      return false;
    }
    if (!until.isAfter(clock.instant())) {
      issued.remove(Base64.getEncoder().encodeToString(presented));
      return false;
    }
    return true;
  }

  /**
   * Issues a token for a client credentials request, or empty when the client is not known, the
   * secret is wrong, or the grant is not {@code client_credentials}.
   */
  Optional<String> issue(Map<String, String> form, Optional<String> authorization) {
    if (clientId == null || clientSecretDigest == null
        || !"client_credentials".equals(form.get("grant_type"))) {
      return Optional.empty();
    }
    String id = form.get("client_id");
    String secret = form.get("client_secret");
    if (authorization.isPresent() && authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(authorization.get().substring(6).trim()),
            StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        return Optional.empty();
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        return Optional.empty();
      }
      id = java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
      secret = java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
    }
    if (id == null || secret == null) {
      return Optional.empty();
    }
    boolean idOk = MessageDigest.isEqual(digest(id), digest(clientId));
    boolean secretOk = MessageDigest.isEqual(digest(secret), clientSecretDigest);
    if (!idOk || !secretOk) {
      return Optional.empty();
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    Instant now = clock.instant();
    issued.values().removeIf(t -> !t.isAfter(now));
    issued.put(Base64.getEncoder().encodeToString(digest(token)), now.plus(tokenLifetime));
    return Optional.of(token);
  }

  /** How long issued tokens are valid. */
  Duration tokenLifetime() {
    return tokenLifetime;
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public String toString() {
    return clientId != null ? "ScimAuthentication[client credentials, client " + clientId + ", secret ****]"
        : "ScimAuthentication[bearer token ****]";
  }
}
