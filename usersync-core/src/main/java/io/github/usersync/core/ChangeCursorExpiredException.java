package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * The stored change cursor is no longer accepted by the IdP (Graph's {@code syncStateNotFound} or
 * {@code 410 Gone}); the caller must run a full sync, which yields a fresh cursor.
 */
public class ChangeCursorExpiredException extends DirectoryException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public ChangeCursorExpiredException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
