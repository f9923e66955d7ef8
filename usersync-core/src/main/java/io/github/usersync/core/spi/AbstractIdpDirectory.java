package io.github.usersync.core.spi;

import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.settings.ConnectionSettings;

/**
 * What every connector's directory has in common, so each writes only its reads: the provider id,
 * the settings it was opened with, the capabilities it supports (built once, bounded by the
 * settings' {@code maxConcurrentRequests} and {@code pageSize}), and the request counters its API
 * clients add to (pass {@link #stats()} to each client's builder), which {@link #requestStats()}
 * reports.
 *
 * @param <S> the connector's settings
 */
public abstract class AbstractIdpDirectory<S extends ConnectionSettings> implements IdpDirectory {
  private final String providerId;
  private final S settings;
  private final DirectoryCapabilities capabilities;
  private final RequestStats stats = new RequestStats();

  /**
   * A directory of {@code providerId} opened with {@code settings}, supporting the optional
   * operations {@code supported} (name each one: a capability core adds later must not be claimed
   * before it is implemented).
   */
  protected AbstractIdpDirectory(String providerId, S settings, Capability... supported) {
    this.providerId = providerId;
    this.settings = settings;
    this.capabilities =
        DirectoryCapabilities.of(settings.maxConcurrentRequests(), settings.pageSize(), supported);
  }

  @Override
  public final String providerId() {
    return providerId;
  }

  /** The settings this directory was opened with. */
  public final S settings() {
    return settings;
  }

  @Override
  public final DirectoryCapabilities capabilities() {
    return capabilities;
  }

  /** The counters every API client of this directory adds to. */
  protected final RequestStats stats() {
    return stats;
  }

  @Override
  public RequestStats.Snapshot requestStats() {
    return stats.snapshot();
  }
}
