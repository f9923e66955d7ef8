package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception usersync throws. Unchecked: a host catches it where it can act.
 *
 * <p>Messages say what happened, where, and what to do; they never contain a secret.
 */
public class UsersyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what failed, where, and what to do. */
  public UsersyncException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the underlying cause. */
  public UsersyncException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
