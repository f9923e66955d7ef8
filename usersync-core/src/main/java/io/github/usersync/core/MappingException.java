package io.github.usersync.core;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An attribute mapping rule is invalid (raised when the mapping is built) or could not be applied
 * to one user (raised per user; the run goes on). Names the rule and, for syntax errors, the
 * position in the rule's text.
 */
public class MappingException extends UsersyncException {
  private static final long serialVersionUID = 1L;

  private final String rule;
  private final int position;

  /**
   * Creates the exception.
   *
   * @param rule the rule's name, e.g. {@code mapping.attributes.department}
   * @param position zero-based character position in the rule text, or -1 when not about syntax
   * @param message what is wrong and how to fix it
   */
  public MappingException(String rule, int position, String message, @Nullable Throwable cause) {
    super(rule + ": " + message, cause);
    this.rule = rule;
    this.position = position;
  }

  /** Creates the exception for a rule without a position. */
  public MappingException(String rule, String message) {
    this(rule, -1, message, null);
  }

  /** The rule's name, e.g. {@code mapping.attributes.department}. */
  public String rule() {
    return rule;
  }

  /** The zero-based position in the rule text, when the error is about syntax. */
  public Optional<Integer> position() {
    return position < 0 ? Optional.empty() : Optional.of(position);
  }
}
