package io.github.usersync.atlassian.internal;

import io.github.usersync.core.UsersyncException;
import org.jspecify.annotations.Nullable;

/**
 * A face cannot do what was asked (the product or its version has no such operation, a rule of the
 * product forbids it). The message is complete: it says why and what to do instead.
 */
public final class HostRefusal extends UsersyncException {
  private static final long serialVersionUID = 1L;

  /** A refusal with a complete message. */
  public HostRefusal(String message) {
    super(message);
  }

  /** A refusal with a complete message and its cause. */
  public HostRefusal(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
