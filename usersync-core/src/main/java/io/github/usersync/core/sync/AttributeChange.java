package io.github.usersync.core.sync;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One field's before and after in an update (a missing value is empty). */
public final class AttributeChange {
  private final String name;
  private final @Nullable String before;
  private final @Nullable String after;

  private AttributeChange(String name, @Nullable String before, @Nullable String after) {
    this.name = Objects.requireNonNull(name);
    this.before = before;
    this.after = after;
  }

  /** A change of {@code name} from {@code before} to {@code after} (null: absent). */
  public static AttributeChange of(String name, @Nullable String before, @Nullable String after) {
    return new AttributeChange(name, before, after);
  }

  /** The field: {@code username}, {@code email}, {@code displayName}, or an attribute name. */
  public String name() {
    return name;
  }

  /** The value before. */
  public Optional<String> before() {
    return Optional.ofNullable(before);
  }

  /** The value after; empty when cleared. */
  public Optional<String> after() {
    return Optional.ofNullable(after);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AttributeChange
        && ((AttributeChange) o).name.equals(name)
        && Objects.equals(((AttributeChange) o).before, before)
        && Objects.equals(((AttributeChange) o).after, after);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, before, after);
  }

  @Override
  public String toString() {
    return name + ": " + (before == null ? "∅" : "'" + before + "'") + " → "
        + (after == null ? "∅" : "'" + after + "'");
  }
}
