package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * A call to a remote API (an IdP, or a host such as Jira) failed. Carries the service and the
 * endpoint so a log line alone says where.
 */
public abstract class RemoteCallException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final String service;
  private final String endpoint;

  protected RemoteCallException(
      String service, String endpoint, String message, @Nullable Throwable cause) {
    super(message, cause);
    this.service = service;
    this.endpoint = endpoint;
  }

  /** The service called, e.g. {@code okta} or {@code entra}. */
  public String service() {
    return service;
  }

  /** The endpoint called, as {@code METHOD url-without-query}, e.g. {@code GET https://x/api/v1/users}. */
  public String endpoint() {
    return endpoint;
  }

  /** Whether trying the same call again later may succeed. */
  public abstract boolean retryable();
}
