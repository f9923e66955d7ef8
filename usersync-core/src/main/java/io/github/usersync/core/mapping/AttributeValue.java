package io.github.usersync.core.mapping;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a mapping wants for one host field: set it to a value, clear it, or keep whatever the host
 * has (when a rule yields nothing and says "keep").
 */
public final class AttributeValue {
  /** The three things a mapping can want for a field. */
  public enum Kind {
    /** Set the field to {@link #value()}. */
    SET,
    /** Remove or empty the field. */
    CLEAR,
    /** Leave the host's value as it is. */
    KEEP
  }

  private static final AttributeValue CLEAR = new AttributeValue(Kind.CLEAR, null);
  private static final AttributeValue KEEP = new AttributeValue(Kind.KEEP, null);

  private final Kind kind;
  private final @Nullable String value;

  private AttributeValue(Kind kind, @Nullable String value) {
    this.kind = kind;
    this.value = value;
  }

  /** Set the field to {@code value}. */
  public static AttributeValue set(String value) {
    return new AttributeValue(Kind.SET, Objects.requireNonNull(value, "value"));
  }

  /** Clear the field. */
  public static AttributeValue clear() {
    return CLEAR;
  }

  /** Keep the host's value. */
  public static AttributeValue keep() {
    return KEEP;
  }

  /** What to do. */
  public Kind kind() {
    return kind;
  }

  /** The value, for {@link Kind#SET}. */
  public Optional<String> value() {
    return Optional.ofNullable(value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof AttributeValue
        && ((AttributeValue) o).kind == kind
        && Objects.equals(((AttributeValue) o).value, value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, value);
  }

  @Override
  public String toString() {
    return kind == Kind.SET ? "set(" + value + ")" : kind.name().toLowerCase(java.util.Locale.ROOT);
  }
}
