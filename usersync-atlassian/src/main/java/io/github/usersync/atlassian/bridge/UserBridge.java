package io.github.usersync.atlassian.bridge;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Finds, creates and changes the product's users, addressed by the stable user key. Implemented
 * with Jira's {@code UserManager}/{@code UserService} or Confluence's {@code UserAccessor}.
 *
 * <p>Methods throw whatever the product throws when it refuses a change (a read-only directory, a
 * validation error); usersync reports it against the user and operation and goes on. Methods are
 * called from the thread that runs the sync.
 */
public interface UserBridge {
  /** The user with this key, or empty. */
  Optional<BridgeUser> userByKey(String key);

  /** The user with this username (the product compares case-insensitively), or empty. */
  Optional<BridgeUser> userByUsername(String username);

  /** Every user, active or not, lazily where the product can page. */
  Stream<BridgeUser> allUsers();

  /** The users with this email address (case-insensitive). The default filters {@link #allUsers()}. */
  default Stream<BridgeUser> usersByEmail(String email) {
    String wanted = email.toLowerCase(Locale.ROOT);
    return allUsers()
        .filter(u -> u.email().map(e -> e.toLowerCase(Locale.ROOT).equals(wanted)).orElse(false));
  }

  /**
   * Creates an active user without a usable password (users sign in through the IdP), without
   * sending a notification.
   *
   * @return the created user, with its new key
   */
  BridgeUser createUser(String username, @Nullable String email, @Nullable String displayName);

  /** Changes email and display name; a null argument leaves that field as it is. */
  BridgeUser updateUser(String key, @Nullable String email, @Nullable String displayName);

  /** Renames the user; the key stays. */
  BridgeUser renameUser(String key, String newUsername);

  /** Deactivates ({@code false}) or reactivates ({@code true}) the user. */
  void setActive(String key, boolean active);

  /** Deletes the user. */
  void deleteUser(String key);
}
