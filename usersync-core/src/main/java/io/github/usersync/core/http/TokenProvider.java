package io.github.usersync.core.http;

import io.github.usersync.core.settings.Secret;

/**
 * Supplies the {@code Authorization} header value for API calls. Implementations are thread-safe
 * and cache what they fetch.
 */
public interface TokenProvider {
  /** The full header value, e.g. {@code Bearer eyJ…} or {@code SSWS 00x…}. */
  String authorization();

  /**
   * Tells the provider that a call made with {@code rejectedAuthorization} was answered 401, so the
   * next {@link #authorization()} must fetch a new token. A fixed token cannot; it ignores this.
   */
  default void invalidate(String rejectedAuthorization) {}

  /**
   * Whether a new token can be fetched after a 401 (OAuth), so the call is worth retrying once; a
   * fixed token cannot (default false).
   */
  default boolean refreshable() {
    return false;
  }

  /** A fixed token sent as {@code scheme + " " + token}, e.g. Okta's {@code SSWS}. */
  static TokenProvider fixed(String scheme, Secret token) {
    return new TokenProvider() {
      @Override
      public String authorization() {
        return scheme + " " + token.reveal();
      }

      @Override
      public String toString() {
        return "TokenProvider[" + scheme + " ****]";
      }
    };
  }
}
