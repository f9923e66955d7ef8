package io.github.usersync.core.model;

import io.github.usersync.core.ChangeCursorExpiredException;
import java.time.Instant;
import org.immutables.value.Value;

/**
 * Where an incremental read resumes: an opaque provider value (a Graph delta link, an Okta {@code
 * lastUpdated} timestamp) that the host stores between runs and hands back unchanged.
 */
@Value.Immutable
public interface ChangeCursor {
  /** The provider id the cursor belongs to, e.g. {@code entra}. */
  @Value.Parameter
  String provider();

  /** The opaque value; never interpret it, only store and return it. */
  @Value.Parameter
  String value();

  /** When the cursor was taken. */
  @Value.Parameter
  Instant createdAt();

  /**
   * The value, once the cursor is known to be {@code provider}'s. A cursor another provider took
   * means the stored state belongs to another directory: a full read (which the engine runs on
   * {@link ChangeCursorExpiredException}) starts change tracking afresh.
   *
   * @throws ChangeCursorExpiredException when another provider took the cursor
   */
  default String valueFor(String provider) {
    if (!provider.equals(provider())) {
      throw new ChangeCursorExpiredException(
          provider + ": the change cursor was taken by provider '" + provider() + "', not " + provider
              + "; the stored state belongs to another directory. Run a full sync, which starts"
              + " change tracking again",
          null);
    }
    return value();
  }

  /** A cursor. */
  static ChangeCursor of(String provider, String value, Instant createdAt) {
    return ImmutableChangeCursor.of(provider, value, createdAt);
  }
}
