package io.github.usersync.atlassian.bridge;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One account as the product's Java API returns it: the stable user key, the username, email,
 * display name and whether it can sign in. A bridge builds it from Jira's {@code ApplicationUser}
 * or Confluence's {@code ConfluenceUser} with {@link #of}.
 */
public final class BridgeUser {
  private final String key;
  private final String username;
  private final @Nullable String email;
  private final @Nullable String displayName;
  private final boolean active;

  private BridgeUser(
      String key, String username, @Nullable String email, @Nullable String displayName, boolean active) {
    this.key = requireText(key, "key");
    this.username = requireText(username, "username");
    this.email = blankToNull(email);
    this.displayName = blankToNull(displayName);
    this.active = active;
  }

  /**
   * An account.
   *
   * @param key the product's user key (Jira: {@code ApplicationUser.getKey()}; Confluence: {@code
   *     ConfluenceUser.getKey().getStringValue()}), stable across renames
   * @param username the sign-in name
   * @param email the email address, or null
   * @param displayName the display (full) name, or null
   * @param active whether the account can sign in
   */
  public static BridgeUser of(
      String key, String username, @Nullable String email, @Nullable String displayName, boolean active) {
    return new BridgeUser(key, username, email, displayName, active);
  }

  /** The product's stable user key. */
  public String key() {
    return key;
  }

  /** The sign-in name. */
  public String username() {
    return username;
  }

  /** The email address. */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** The display name. */
  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** Whether the account can sign in. */
  public boolean active() {
    return active;
  }

  private static String requireText(@Nullable String s, String what) {
    if (s == null || s.trim().isEmpty()) {
      throw new IllegalArgumentException("a bridge user needs a non-empty " + what);
    }
    return s;
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.trim().isEmpty() ? null : s;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof BridgeUser)) {
      return false;
    }
    BridgeUser u = (BridgeUser) o;
    return key.equals(u.key)
        && username.equals(u.username)
        && Objects.equals(email, u.email)
        && Objects.equals(displayName, u.displayName)
        && active == u.active;
  }

  @Override
  public int hashCode() {
    return Objects.hash(key, username, email, displayName, active);
  }

  @Override
  public String toString() {
    return "BridgeUser[" + key + ", " + username + (active ? "" : ", inactive") + "]";
  }
}
