package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/** An API answer meaning 403: the credentials are valid but lack a permission, role or scope the call needs. */
public class PermissionDeniedException extends ApiException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception from the parsed parts of an error answer. */
  public PermissionDeniedException(
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
