package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/** An API answer meaning 401: the credentials were rejected (wrong, expired or revoked secret or token). */
public class AuthenticationFailedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception from the parsed parts of an error answer. */
  public AuthenticationFailedException(
      String service,
      String endpoint,
      int status,
      @Nullable String errorCode,
      @Nullable String providerMessage,
      @Nullable String requestId,
      @Nullable String fix) {
    super(service, endpoint, status, errorCode, providerMessage, requestId, false, fix);
  }
}
