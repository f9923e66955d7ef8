package io.github.usersync.core.mapping;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a rule does when it yields nothing (a missing path, JSON null, an empty string): keep the
 * host's value, clear it, use a default, skip the user, or fail the user. Written at the end of a
 * rule as {@code | whenEmpty(keep)}, or with {@link Rule#whenEmpty(WhenEmpty)}.
 *
 * <p>Without one, the username and {@code active} fail the user, email and display name keep the
 * host's value, and attributes are cleared.
 */
public final class WhenEmpty {
  /** The policies. */
  public enum Kind {
    /** Leave the host's value as it is: {@code keep}. */
    KEEP,
    /** Clear the host's value: {@code clear}. */
    CLEAR,
    /** Use a fixed value: {@code default('x')}. */
    DEFAULT,
    /** Skip the user and report why: {@code skip} or {@code skip('reason')}. */
    SKIP,
    /** Fail this user with a {@link io.github.usersync.core.MappingException}: {@code fail}. */
    FAIL
  }

  private static final WhenEmpty KEEP = new WhenEmpty(Kind.KEEP, null);
  private static final WhenEmpty CLEAR = new WhenEmpty(Kind.CLEAR, null);
  private static final WhenEmpty SKIP = new WhenEmpty(Kind.SKIP, null);
  private static final WhenEmpty FAIL = new WhenEmpty(Kind.FAIL, null);

  private final Kind kind;
  private final @Nullable String value;

  private WhenEmpty(Kind kind, @Nullable String value) {
    this.kind = kind;
    this.value = value;
  }

  /** Keep the host's current value. */
  public static WhenEmpty keep() {
    return KEEP;
  }

  /** Clear the host's value. */
  public static WhenEmpty clear() {
    return CLEAR;
  }

  /** Use {@code value} (not empty). */
  public static WhenEmpty useDefault(String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("a default must not be empty; use WhenEmpty.clear()");
    }
    return new WhenEmpty(Kind.DEFAULT, value);
  }

  /** Skip the user; the reason names the rule. */
  public static WhenEmpty skipUser() {
    return SKIP;
  }

  /** Skip the user with this reason. */
  public static WhenEmpty skipUser(String reason) {
    return new WhenEmpty(Kind.SKIP, Objects.requireNonNull(reason, "reason"));
  }

  /** Fail this user with a mapping error naming the rule. */
  public static WhenEmpty fail() {
    return FAIL;
  }

  /** The policy. */
  public Kind kind() {
    return kind;
  }

  /** The default value, for {@link Kind#DEFAULT}. */
  public Optional<String> defaultValue() {
    return kind == Kind.DEFAULT ? Optional.ofNullable(value) : Optional.empty();
  }

  /** The skip reason, for {@link Kind#SKIP} with a reason of its own. */
  public Optional<String> reason() {
    return kind == Kind.SKIP ? Optional.ofNullable(value) : Optional.empty();
  }

  /** The policy as written inside {@code whenEmpty(…)}: {@code keep}, {@code default('x')}, … */
  public String text() {
    switch (kind) {
      case DEFAULT:
        return "default(" + Rule.quote(Objects.requireNonNull(value)) + ")";
      case SKIP:
        return value == null ? "skip" : "skip(" + Rule.quote(value) + ")";
      default:
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof WhenEmpty
        && ((WhenEmpty) o).kind == kind
        && Objects.equals(((WhenEmpty) o).value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  @Override
  public String toString() {
    return "whenEmpty(" + text() + ")";
  }
}
