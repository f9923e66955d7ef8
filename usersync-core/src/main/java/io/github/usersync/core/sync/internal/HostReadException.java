package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;

/**
 * Reading the host failed (as opposed to reading the IdP): the run fails rather than being
 * incomplete. Internal; the message is the host's.
 */
public final class HostReadException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  HostReadException(RuntimeException cause) {
    super(String.valueOf(cause.getMessage()), cause);
  }
}
