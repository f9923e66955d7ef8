package io.github.usersync.core.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Signs compact JWTs (JWS) with JDK crypto only, for OAuth client assertions ({@code
 * private_key_jwt}, Entra's certificate credential) and Google's JWT bearer grant. RS256 and ES256.
 */
public final class Jwt {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final String algorithm;
  private final PrivateKey key;
  private final Map<String, Object> header = new LinkedHashMap<>();
  private final Map<String, Object> claims = new LinkedHashMap<>();

  private Jwt(String algorithm, PrivateKey key) {
    this.algorithm = algorithm;
    this.key = Objects.requireNonNull(key, "key");
    header.put("alg", algorithm);
    header.put("typ", "JWT");
  }

  /** A JWT to sign with RS256 (RSA PKCS#1 v1.5 with SHA-256). */
  public static Jwt rs256(PrivateKey key) {
    if (!(key instanceof RSAPrivateKey)) {
      throw new IllegalArgumentException("RS256 needs an RSA private key, got " + key.getAlgorithm());
    }
    return new Jwt("RS256", key);
  }

  /** A JWT to sign with ES256 (ECDSA P-256 with SHA-256). */
  public static Jwt es256(PrivateKey key) {
    if (!(key instanceof ECPrivateKey)) {
      throw new IllegalArgumentException("ES256 needs an EC private key, got " + key.getAlgorithm());
    }
    return new Jwt("ES256", key);
  }

  /** Sets a header parameter, e.g. {@code kid} or {@code x5t}. */
  public Jwt header(String name, Object value) {
    header.put(name, value);
    return this;
  }

  /** Sets a claim. */
  public Jwt claim(String name, Object value) {
    claims.put(name, value);
    return this;
  }

  /**
   * Sets the claims of an OAuth client assertion (RFC 7523): {@code iss} and {@code sub} = client
   * id, {@code aud}, a fresh {@code jti}, {@code iat} = now, {@code exp} = now + lifetime.
   */
  public Jwt clientAssertion(String clientId, String audience, Instant now, Duration lifetime) {
    claim("iss", clientId);
    claim("sub", clientId);
    claim("aud", audience);
    claim("jti", UUID.randomUUID().toString());
    claim("iat", now.getEpochSecond());
    claim("nbf", now.getEpochSecond());
    claim("exp", now.plus(lifetime).getEpochSecond());
    return this;
  }

  /** The signed compact JWT, {@code header.payload.signature}. */
  public String sign() {
    try {
      String signingInput =
          B64URL.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
      Signature s =
          Signature.getInstance(
              algorithm.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
      s.initSign(key);
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(s.sign());
    } catch (JsonProcessingException | GeneralSecurityException e) {
      throw new IllegalStateException("could not sign a " + algorithm + " JWT: " + e.getMessage(), e);
    }
  }

  /** Base64url without padding, as JWTs use. */
  public static String base64Url(byte[] bytes) {
    return B64URL.encodeToString(bytes);
  }
}
