package io.github.usersync.okta.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Jwt;
import io.github.usersync.core.http.Pem;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.KeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPrivateKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads the service app's private key from the {@code privateKey} setting: PEM (PKCS#8 or PKCS#1,
 * through {@link Pem}) or a JSON Web Key as Okta's Admin Console generates it ({@code
 * {"kty":"RSA","kid":…,"n":…,"d":…}}), also inside a JWK set ({@code {"keys":[…]}}). RSA keys sign
 * RS256, EC P-256 keys ES256. Messages name the setting and never contain key material.
 */
public final class OktaKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OktaKeys() {}

  /** A private key with the {@code kid} to send, if known. */
  public static final class SigningKey {
    private final PrivateKey key;
    private final @Nullable String keyId;

    SigningKey(PrivateKey key, @Nullable String keyId) {
      this.key = key;
      this.keyId = keyId;
    }

    /** The key id sent as the JWT's {@code kid} header, when known. */
    public Optional<String> keyId() {
      return Optional.ofNullable(keyId);
    }

    /** An unsigned JWT for this key: ES256 for an EC key, RS256 otherwise. */
    public Jwt newJwt() {
      Jwt jwt = key instanceof ECPrivateKey ? Jwt.es256(key) : Jwt.rs256(key);
      if (keyId != null) {
        jwt.header("kid", keyId);
      }
      return jwt;
    }

    @Override
    public String toString() {
      return "SigningKey[" + key.getAlgorithm() + (keyId != null ? ", kid " + keyId : "") + "]";
    }
  }

  /**
   * Reads the key.
   *
   * @param setting the setting name, for messages
   * @param text PEM text or JWK JSON
   * @param keyId the configured {@code kid}: picks the key from a JWK set and overrides a JWK's own
   * @throws ConfigurationException naming the setting when the key cannot be read
   */
  public static SigningKey read(String setting, String text, @Nullable String keyId) {
    String t = text.trim();
    if (!t.startsWith("{")) {
      return new SigningKey(Pem.privateKey(setting, t), keyId);
    }
    JsonNode json;
    try {
      json = JSON.readTree(t);
    } catch (JsonProcessingException e) {
      // The parser's own message quotes the input; this one gives the position only.
      throw new ConfigurationException(
          setting,
          "starts with '{' but is not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + "); paste the private key as Okta showed it, as JWK JSON or PEM");
    }
    JsonNode jwk = json.has("keys") ? pick(setting, json.path("keys"), keyId) : json;
    String kid = keyId != null ? keyId : text(jwk, "kid");
    return new SigningKey(privateKey(setting, jwk), kid);
  }

  private static JsonNode pick(String setting, JsonNode keys, @Nullable String keyId) {
    List<JsonNode> privateKeys = new ArrayList<>();
    for (JsonNode k : keys) {
      if (k.has("d")) {
        privateKeys.add(k);
      }
    }
    if (privateKeys.isEmpty()) {
      throw new ConfigurationException(
          setting,
          "holds a JWK set without a private key (no \"d\"); paste the private key Okta showed when"
              + " the key was generated, not the public key set");
    }
    if (keyId != null) {
      for (JsonNode k : privateKeys) {
        if (keyId.equals(text(k, "kid"))) {
          return k;
        }
      }
      throw new ConfigurationException(
          setting, "holds no private key with kid '" + keyId + "' (the keyId setting)");
    }
    if (privateKeys.size() > 1) {
      throw new ConfigurationException(
          setting,
          "holds "
              + privateKeys.size()
              + " private keys; set keyId to the kid of the one registered on the Okta app");
    }
    return privateKeys.get(0);
  }

  private static PrivateKey privateKey(String setting, JsonNode jwk) {
    String kty = text(jwk, "kty");
    if (!jwk.has("d")) {
      throw new ConfigurationException(
          setting,
          "holds a public key only (the JWK has no \"d\"); paste the private key Okta showed when"
              + " the key was generated");
    }
    try {
      KeySpec spec;
      String algorithm;
      if ("RSA".equals(kty)) {
        algorithm = "RSA";
        BigInteger n = big(setting, jwk, "n");
        BigInteger d = big(setting, jwk, "d");
        if (jwk.has("p") && jwk.has("q") && jwk.has("dp") && jwk.has("dq") && jwk.has("qi")) {
          spec =
              new RSAPrivateCrtKeySpec(
                  n,
                  big(setting, jwk, "e"),
                  d,
                  big(setting, jwk, "p"),
                  big(setting, jwk, "q"),
                  big(setting, jwk, "dp"),
                  big(setting, jwk, "dq"),
                  big(setting, jwk, "qi"));
        } else {
          spec = new RSAPrivateKeySpec(n, d);
        }
      } else if ("EC".equals(kty)) {
        if (!"P-256".equals(text(jwk, "crv"))) {
          throw new ConfigurationException(
              setting,
              "holds an EC key on curve '"
                  + text(jwk, "crv")
                  + "'; usersync signs ES256, which needs a P-256 key (or use an RSA key)");
        }
        algorithm = "EC";
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        spec = new ECPrivateKeySpec(big(setting, jwk, "d"), p.getParameterSpec(ECParameterSpec.class));
      } else {
        throw new ConfigurationException(
            setting, "holds a JWK of type '" + kty + "'; expected an RSA or EC (P-256) private key");
      }
      return KeyFactory.getInstance(algorithm).generatePrivate(spec);
    } catch (GeneralSecurityException e) {
      throw new ConfigurationException(
          setting, "holds a JWK that is not a usable private key (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static BigInteger big(String setting, JsonNode jwk, String field) {
    String v = text(jwk, field);
    if (v == null || v.isEmpty()) {
      throw new ConfigurationException(setting, "holds a JWK without the \"" + field + "\" member");
    }
    try {
      return new BigInteger(1, Base64.getUrlDecoder().decode(v));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(
          setting, "holds a JWK whose \"" + field + "\" member is not base64url");
    }
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isTextual() ? v.asText() : null;
  }
}
