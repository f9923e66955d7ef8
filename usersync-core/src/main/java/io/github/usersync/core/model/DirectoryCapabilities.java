package io.github.usersync.core.model;

import java.util.Set;
import org.immutables.value.Value;

/** What a directory supports and how hard it may be driven. */
@Value.Immutable
public interface DirectoryCapabilities {
  /** The optional capabilities this directory supports. */
  Set<Capability> supported();

  /**
   * How many requests the engine may keep in flight against this directory at once; connectors
   * choose a value within the IdP's documented limits.
   */
  @Value.Default
  default int maxConcurrentRequests() {
    return 4;
  }

  /** The largest page the connector asks for when listing users. */
  @Value.Default
  default int userPageSize() {
    return 100;
  }

  /** Whether {@code capability} is supported. */
  default boolean supports(Capability capability) {
    return supported().contains(capability);
  }

  /**
   * What a connector supports and how hard it may be driven, built once when it opens: its
   * capabilities, its bound on requests in flight and its user page size.
   */
  static DirectoryCapabilities of(int maxConcurrentRequests, int userPageSize, Capability... supported) {
    return builder()
        .addSupported(supported)
        .maxConcurrentRequests(maxConcurrentRequests)
        .userPageSize(userPageSize)
        .build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link DirectoryCapabilities}. */
  final class Builder extends ImmutableDirectoryCapabilities.Builder {}
}
