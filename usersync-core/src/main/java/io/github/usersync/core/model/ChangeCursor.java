package io.github.usersync.core.model;

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

  /** A cursor. */
  static ChangeCursor of(String provider, String value, Instant createdAt) {
    return ImmutableChangeCursor.of(provider, value, createdAt);
  }
}
