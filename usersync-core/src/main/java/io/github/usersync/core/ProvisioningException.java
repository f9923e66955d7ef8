package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * A host refused or failed one provisioning operation. Names the operation and the user or group so
 * the sync report can list it; the run goes on with the next change.
 */
public class ProvisioningException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final String subject;

  /**
   * Creates the exception.
   *
   * @param operation e.g. {@code create user}, {@code add membership}
   * @param subject the user or group name the operation was for
   */
  public ProvisioningException(
      String operation, String subject, String message, @Nullable Throwable cause) {
    super(operation + " '" + subject + "' failed: " + message, cause);
    this.operation = operation;
    this.subject = subject;
  }

  /** The operation, e.g. {@code create user}. */
  public String operation() {
    return operation;
  }

  /** The user or group the operation was for. */
  public String subject() {
    return subject;
  }
}
