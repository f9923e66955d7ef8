package io.github.usersync.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.immutables.value.Value;

/** A profile photo: the image bytes, their media type and a fingerprint that changes with them. */
@Value.Immutable
public interface Photo {
  /** The image bytes (a copy each call). */
  byte[] bytes();

  /** The media type, e.g. {@code image/jpeg}. */
  String contentType();

  /**
   * A value that changes when the photo changes; either the provider's own version tag or the
   * SHA-256 of the bytes. Hosts store it to skip unchanged photos.
   */
  String fingerprint();

  /** A photo whose fingerprint is the SHA-256 of its bytes. */
  static Photo of(byte[] bytes, String contentType) {
    return builder().bytes(bytes).contentType(contentType).fingerprint(sha256(bytes)).build();
  }

  /** The lowercase hex SHA-256 of {@code bytes}. */
  static String sha256(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      StringBuilder b = new StringBuilder(d.length * 2);
      for (byte x : d) {
        b.append(Character.forDigit((x >> 4) & 0xF, 16)).append(Character.forDigit(x & 0xF, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }

  /** The SHA-256 of a text, for fingerprints built from provider metadata. */
  static String sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link Photo}. */
  final class Builder extends ImmutablePhoto.Builder {}
}
