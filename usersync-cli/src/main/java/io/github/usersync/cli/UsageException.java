package io.github.usersync.cli;

import io.github.usersync.core.UsersyncException;

/** Bad command-line usage; exit code 2. */
final class UsageException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
