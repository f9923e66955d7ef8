package io.github.usersync.core.mapping.internal;

import io.github.usersync.core.mapping.WhenEmpty;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One rule, compiled: its name, its text, its expression and its when-empty policy. */
public final class CompiledRule {
  private final String name;
  private final String text;
  private final Expr expr;
  private final @Nullable WhenEmpty whenEmpty;
  private final int whenEmptyPosition;

  CompiledRule(
      String name, String text, Expr expr, @Nullable WhenEmpty whenEmpty, int whenEmptyPosition) {
    this.name = name;
    this.text = text;
    this.expr = expr;
    this.whenEmpty = whenEmpty;
    this.whenEmptyPosition = whenEmptyPosition;
  }

  /** The rule's name, e.g. {@code mapping.attributes.department}. */
  public String name() {
    return name;
  }

  /** The rule as written. */
  public String text() {
    return text;
  }

  /** The rule's own {@code whenEmpty(…)}, if it has one. */
  public Optional<WhenEmpty> whenEmpty() {
    return Optional.ofNullable(whenEmpty);
  }

  /** The rule's own policy, or {@code fallback} when it has none. */
  public WhenEmpty policy(WhenEmpty fallback) {
    WhenEmpty w = whenEmpty;
    return w != null ? w : fallback;
  }

  /** Where {@code whenEmpty} starts in the text, or -1. */
  public int whenEmptyPosition() {
    return whenEmptyPosition;
  }

  /** The rule's value for the user being mapped: null (nothing), or one text. */
  public @Nullable String evaluate(Eval e) {
    e.rule = name;
    return Values.single(expr.eval(e));
  }
}
