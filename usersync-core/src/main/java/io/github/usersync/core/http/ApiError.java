package io.github.usersync.core.http;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What an error answer means, as an {@link ApiErrorParser} reads it: the provider's code, message
 * and request id, how to treat it, and what to fix.
 */
public final class ApiError {
  /** How the client treats an error answer. */
  public enum Kind {
    /** Decide by HTTP status: 401, 403, 404, 429, 5xx as usual, other 4xx not retried. */
    BY_STATUS,
    /** Throttling whatever the status (e.g. Google's 403 {@code userRateLimitExceeded}). */
    THROTTLED,
    /** A transient failure worth retrying with backoff. */
    RETRYABLE,
    /** A permission problem whatever the status. */
    PERMISSION_DENIED,
    /** Bad or expired credentials whatever the status. */
    AUTHENTICATION_FAILED,
    /** The resource does not exist. */
    NOT_FOUND,
    /** A failure that retrying cannot fix. */
    PERMANENT
  }

  private final Kind kind;
  private final @Nullable String code;
  private final @Nullable String message;
  private final @Nullable String requestId;
  private final @Nullable String fix;

  private ApiError(
      Kind kind,
      @Nullable String code,
      @Nullable String message,
      @Nullable String requestId,
      @Nullable String fix) {
    this.kind = kind;
    this.code = code;
    this.message = message;
    this.requestId = requestId;
    this.fix = fix;
  }

  /** An error decided by status, with what the body said. */
  public static ApiError of(
      @Nullable String code, @Nullable String message, @Nullable String requestId) {
    return new ApiError(Kind.BY_STATUS, code, message, requestId, null);
  }

  /** How to treat the error. */
  public Kind kind() {
    return kind;
  }

  /** The provider's error code. */
  public Optional<String> code() {
    return Optional.ofNullable(code);
  }

  /** The provider's message. */
  public Optional<String> message() {
    return Optional.ofNullable(message);
  }

  /** The provider's request id. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** What to change so the call succeeds. */
  public Optional<String> fix() {
    return Optional.ofNullable(fix);
  }

  /** A copy with another kind. */
  public ApiError withKind(Kind kind) {
    return new ApiError(kind, code, message, requestId, fix);
  }

  /** A copy with a fix. */
  public ApiError withFix(@Nullable String fix) {
    return new ApiError(kind, code, message, requestId, fix);
  }

  /** A copy with a request id, when none was read from the body. */
  public ApiError withRequestIdIfAbsent(@Nullable String requestId) {
    return this.requestId != null
        ? this
        : new ApiError(kind, code, message, requestId, fix);
  }

  @Override
  public String toString() {
    return "ApiError[" + kind + ", " + code + ", " + message + ", " + requestId + "]";
  }
}
