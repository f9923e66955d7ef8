package io.github.usersync.core.mapping;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of mapping one user: the wanted host user, or a decision to skip the user with the
 * reason (a rule said "skip" when it yielded nothing). Errors are thrown as {@link
 * io.github.usersync.core.MappingException}.
 */
public final class MappingOutcome {
  private final @Nullable MappedUser user;
  private final @Nullable String skipReason;

  private MappingOutcome(@Nullable MappedUser user, @Nullable String skipReason) {
    this.user = user;
    this.skipReason = skipReason;
  }

  /** The user was mapped. */
  public static MappingOutcome mapped(MappedUser user) {
    return new MappingOutcome(Objects.requireNonNull(user), null);
  }

  /** The user is to be skipped, for this reason. */
  public static MappingOutcome skipped(String reason) {
    return new MappingOutcome(null, Objects.requireNonNull(reason));
  }

  /** The mapped user; empty when skipped. */
  public Optional<MappedUser> user() {
    return Optional.ofNullable(user);
  }

  /** Why the user is skipped; empty when mapped. */
  public Optional<String> skipReason() {
    return Optional.ofNullable(skipReason);
  }

  @Override
  public String toString() {
    return user != null ? "mapped(" + user + ")" : "skipped(" + skipReason + ")";
  }
}
