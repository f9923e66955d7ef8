package io.github.usersync.entra.internal;

import io.github.usersync.core.http.TokenProvider;
import org.jspecify.annotations.Nullable;

/**
 * A token provider set after construction. The token endpoint is called through the Graph {@link
 * io.github.usersync.core.http.ApiClient} itself (unauthenticated, absolute URL), so the client
 * needs the provider and the provider needs the client; this breaks the cycle.
 */
public final class DeferredTokenProvider implements TokenProvider {
  private volatile @Nullable TokenProvider target;

  /** Sets the provider every call is delegated to; called once, right after the client exists. */
  public void set(TokenProvider provider) {
    this.target = provider;
  }

  @Override
  public String authorization() {
    return target().authorization();
  }

  @Override
  public void invalidate(String rejectedAuthorization) {
    target().invalidate(rejectedAuthorization);
  }

  @Override
  public boolean refreshable() {
    return target().refreshable();
  }

  private TokenProvider target() {
    TokenProvider t = target;
    if (t == null) {
      throw new IllegalStateException("the token provider is used before it was set");
    }
    return t;
  }

  @Override
  public String toString() {
    return String.valueOf(target);
  }
}
