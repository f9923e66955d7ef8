package io.github.usersync.core.settings;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * A secret value (API token, client secret, private key) that never shows in {@code toString}, and
 * so never in logs, exception messages or the {@code toString} of a settings object that holds it.
 * Call {@link #reveal()} only where the value is sent.
 */
public final class Secret {
  private static final String REDACTED = "****";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a secret value.
   *
   * @throws IllegalArgumentException if the value is empty
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "value");
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a secret must not be empty");
    }
    return new Secret(value);
  }

  /** The secret value itself; pass it only to where it is sent. */
  public String reveal() {
    return value;
  }

  /** Always {@code ****}. */
  @Override
  public String toString() {
    return REDACTED;
  }

  /** Compares in constant time. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret
        && MessageDigest.isEqual(
            value.getBytes(StandardCharsets.UTF_8),
            ((Secret) o).value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 31;
  }
}
