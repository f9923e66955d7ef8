package io.github.usersync.core;

/**
 * A builder was asked to build a value without one of its required values. The message names the
 * type and the missing values, e.g. {@code Cannot build NewHostUser, some of required attributes
 * are not set [externalId]}. Every builder of usersync's value types and settings throws it.
 */
public class MissingValueException extends ConfigurationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; called by the generated builders (the shared {@link UsersyncStyle}), with
   * a message that names the type and the missing values.
   */
  public MissingValueException(String message) {
    super(null, message + "; set them on the builder before build()");
  }
}
