package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * A host refused or failed one provisioning operation. Names the operation and the user or group so
 * the sync report can list it; the run goes on with the next change.
 *
 * <p>A refusal is {@linkplain #permanent() permanent} when trying again cannot succeed while the
 * data stays the same (a validation error: a username the host does not allow, a field it cannot
 * write); usersync then reports it once, remembers it in the sync state and plans the change again
 * only when the user's data in the IdP changes. Anything else (a timeout, a 500, a conflict that
 * may clear) is retried on the next run.
 */
public class ProvisioningException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String subject;
  private final boolean permanent;

  /**
   * Creates the exception.
   *
   * @param operation e.g. {@code create user}, {@code add membership}
   * @param subject the user or group name the operation was for
   */
  public ProvisioningException(
      String operation, String subject, String message, @Nullable Throwable cause) {
    this(operation, subject, message, cause, false);
  }

  /**
   * Creates the exception, saying whether the refusal is permanent.
   *
   * @param permanent true when trying again with the same data cannot succeed (a validation error)
   */
  public ProvisioningException(String operation, String subject, String message,
      @Nullable Throwable cause, boolean permanent) {
    super(operation + " '" + subject + "' " + (permanent ? "refused" : "failed") + ": " + message, cause);
    this.operation = operation;
    this.subject = subject;
    this.permanent = permanent;
  }

  /** A permanent refusal: the host will refuse the same change with the same data every time. */
  public static ProvisioningException permanent(String operation, String subject, String message) {
    return new ProvisioningException(operation, subject, message, null, true);
  }

  /** The operation, e.g. {@code create user}. */
  public String operation() {
    return operation;
  }

  /** The user or group the operation was for. */
  public String subject() {
    return subject;
  }

  /** Whether the host refuses this change for good while the data stays the same. */
  public boolean permanent() {
    return permanent;
  }
}
