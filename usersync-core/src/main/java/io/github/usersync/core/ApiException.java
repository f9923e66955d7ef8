package io.github.usersync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A remote API answered with an error status. Carries what the provider said: HTTP status, the
 * provider's error code (e.g. Okta's {@code E0000047}, Graph's {@code accessDenied}), its message,
 * the request id for support tickets, and whether the failure was throttling.
 *
 * <p>Status-specific leaves let callers branch without inspecting the status: {@link
 * AuthenticationFailedException} (401), {@link PermissionDeniedException} (403 and provider
 * permission codes), {@link NotFoundException} (404), {@link ThrottledException} (429 or provider
 * throttling after retries ran out).
 */
public class ApiException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final @Nullable String errorCode;
  private final @Nullable String providerMessage;
  private final @Nullable String requestId;
  private final boolean retryable;
  private final @Nullable String fix;

  /** Creates the exception from the parsed parts of an error answer. */
  public ApiException(
      String service,
      String endpoint,
      int status,
      @Nullable String errorCode,
      @Nullable String providerMessage,
      @Nullable String requestId,
      boolean retryable,
      @Nullable String fix) {
    super(
        service,
        endpoint,
        compose(service, endpoint, status, errorCode, providerMessage, requestId, fix),
        null);
    this.status = status;
    this.errorCode = errorCode;
    this.providerMessage = providerMessage;
    this.requestId = requestId;
    this.retryable = retryable;
    this.fix = fix;
  }

  private static String compose(
      String service,
      String endpoint,
      int status,
      @Nullable String errorCode,
      @Nullable String providerMessage,
      @Nullable String requestId,
      @Nullable String fix) {
    StringBuilder b = new StringBuilder();
    b.append(service).append(": ").append(endpoint).append(" answered HTTP ").append(status);
    if (errorCode != null || providerMessage != null) {
      b.append(" (");
      if (errorCode != null) {
        b.append(errorCode);
      }
      if (errorCode != null && providerMessage != null) {
        b.append(": ");
      }
      if (providerMessage != null) {
        b.append(providerMessage);
      }
      b.append(')');
    }
    if (requestId != null) {
      b.append(", request id ").append(requestId);
    }
    if (fix != null) {
      b.append(". ").append(fix);
    }
    return b.toString();
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The provider's own error code, when its error body carried one. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(errorCode);
  }

  /** The provider's error message, when its error body carried one. */
  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
  }

  /** The provider's request id (for support tickets), when the answer carried one. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** What to change so the call can succeed, when known. */
  public Optional<String> fix() {
    return Optional.ofNullable(fix);
  }

  /** Whether the provider signalled throttling (rate limit or quota). */
  public boolean throttled() {
    return false;
  }

  @Override
  public boolean retryable() {
    return retryable;
  }
}
