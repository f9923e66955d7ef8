package io.github.usersync.core.spi.internal;

import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.Capability;
import java.util.Set;

/** The failure of an optional directory operation that a connector does not support. */
public final class Unsupported {
  private Unsupported() {}

  /** The exception {@code provider} throws for {@code capability}, naming what it does support. */
  public static DirectoryException capability(
      String provider, Capability capability, Set<Capability> supported) {
    return new DirectoryException(
        provider
            + " does not support "
            + capability
            + "; check capabilities() before calling, supported: "
            + supported);
  }
}
