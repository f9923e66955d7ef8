package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * A directory read could not be completed as asked, for a reason that is not a single failed call:
 * a page chain that points elsewhere, an answer that is not the documented shape, an unsupported
 * capability.
 */
public class DirectoryException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public DirectoryException(String message) {
    super(message);
  }

  /** Creates the exception with a cause. */
  public DirectoryException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
