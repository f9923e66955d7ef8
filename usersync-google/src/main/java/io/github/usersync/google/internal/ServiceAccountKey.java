package io.github.usersync.google.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Pem;
import io.github.usersync.core.settings.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a service account's JSON key file the JWT bearer grant needs: {@code client_email}
 * (the JWT's {@code iss}), {@code private_key} (PEM, with {@code \n} escapes), {@code
 * private_key_id} (the JWT's {@code kid}) and {@code client_id} (what an administrator authorises
 * for domain-wide delegation). Messages never contain the key or its id.
 */
public final class ServiceAccountKey {
  private final String clientEmail;
  private final @Nullable String clientId;
  private final @Nullable Secret privateKeyId;
  private final PrivateKey privateKey;
  private final Secret privateKeyPem;

  private ServiceAccountKey(
      String clientEmail,
      @Nullable String clientId,
      @Nullable Secret privateKeyId,
      PrivateKey privateKey,
      Secret privateKeyPem) {
    this.clientEmail = clientEmail;
    this.clientId = clientId;
    this.privateKeyId = privateKeyId;
    this.privateKey = privateKey;
    this.privateKeyPem = privateKeyPem;
  }

  /**
   * Reads a key file.
   *
   * @param setting the setting that named the file, for messages
   */
  public static ServiceAccountKey read(String setting, Path file, ObjectMapper mapper) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ConfigurationException(
          setting,
          "names " + file + ", which cannot be read (" + e.getClass().getSimpleName() + "); check"
              + " the path and that this process may read the file",
          e);
    }
    return parse(setting, new String(bytes, StandardCharsets.UTF_8), mapper);
  }

  /**
   * Parses a key file's content.
   *
   * @param setting the setting that held it, for messages
   */
  public static ServiceAccountKey parse(String setting, String json, ObjectMapper mapper) {
    JsonNode root;
    try {
      // Each key once: with two private_key or client_email entries, which one counts is a guess.
      root = mapper.reader().with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).readTree(json);
    } catch (IOException e) {
      String duplicate = duplicateKey(e);
      if (duplicate != null) {
        throw new ConfigurationException(
            setting,
            "has the key '" + duplicate + "' twice (again at line "
                + ((JsonProcessingException) e).getLocation().getLineNr() + "); a key file as Google"
                + " writes it holds each key once: download a new JSON key");
      }
      // The parser's message may quote the content, which holds the private key: leave it out.
      throw new ConfigurationException(
          setting,
          "is not a service account JSON key; download a JSON key from the service account's Keys"
              + " tab in the Google Cloud console");
    }
    if (root == null || !root.isObject()) {
      throw new ConfigurationException(setting, "is not a JSON object; expected a service account key file");
    }
    String type = text(root, "type");
    if (type != null && !type.equals("service_account")) {
      throw new ConfigurationException(
          setting,
          "holds a JSON key of type '" + type + "', not 'service_account'; for an OAuth client use"
              + " clientId, clientSecret and refreshToken instead");
    }
    String email = text(root, "client_email");
    if (email == null) {
      throw new ConfigurationException(setting, "has no client_email; is it a service account key file?");
    }
    String pem = text(root, "private_key");
    if (pem == null) {
      throw new ConfigurationException(
          setting, "has no private_key; download a new JSON key (P12 keys are not supported)");
    }
    PrivateKey key = Pem.privateKey(setting, pem);
    String keyId = text(root, "private_key_id");
    return new ServiceAccountKey(
        email, text(root, "client_id"), keyId == null ? null : Secret.of(keyId), key, Secret.of(pem));
  }

  /** The key a duplicate-key error names, when it is a plain word (never part of a value). */
  private static @Nullable String duplicateKey(IOException e) {
    if (!(e instanceof JsonProcessingException)
        || ((JsonProcessingException) e).getLocation() == null) {
      return null;
    }
    Matcher m =
        Pattern.compile("Duplicate field '([A-Za-z0-9_]{1,64})'")
            .matcher(String.valueOf(((JsonProcessingException) e).getOriginalMessage()));
    return m.matches() ? m.group(1) : null;
  }

  private static @Nullable String text(JsonNode root, String field) {
    JsonNode n = root.get(field);
    return n != null && n.isTextual() && !n.asText().trim().isEmpty() ? n.asText().trim() : null;
  }

  /** The service account's email, the JWT's {@code iss}. */
  public String clientEmail() {
    return clientEmail;
  }

  /**
   * The numeric client id an administrator authorises for domain-wide delegation; the email when
   * the file lacks it.
   */
  public String clientIdOrEmail() {
    return clientId != null ? clientId : clientEmail;
  }

  /** The key id, sent as the JWT's {@code kid}; a secret so it never reaches a message. */
  public @Nullable Secret privateKeyId() {
    return privateKeyId;
  }

  /** The RSA signing key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The PEM text, only so it can be registered for masking. */
  public Secret privateKeyPem() {
    return privateKeyPem;
  }

  @Override
  public String toString() {
    return "ServiceAccountKey[" + clientEmail + ", key ****]";
  }
}
