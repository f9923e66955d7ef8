package io.github.usersync.core.spi;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import java.util.List;

/**
 * A stateless factory found by {@link java.util.ServiceLoader}: its id, the settings it reads, and
 * {@link #create(Settings, ConnectorOptions)}. Directories ({@link IdpDirectoryProvider}) and
 * targets ({@link ProvisioningTargetProvider}) are found, documented and opened the same way.
 *
 * @param <T> what it opens
 */
public interface Provider<T extends AutoCloseable> {
  /** The id, lower case, e.g. {@code okta} or {@code jira}. */
  String id();

  /** A human name, e.g. {@code Okta}. */
  default String displayName() {
    return id();
  }

  /** The settings {@link #create(Settings, ConnectorOptions)} reads, with their meaning. */
  List<SettingKey> settingKeys();

  /**
   * Opens one, on the host's infrastructure.
   *
   * @throws io.github.usersync.core.ConfigurationException naming the key when a setting is
   *     missing, unknown or invalid
   */
  T create(Settings settings, ConnectorOptions options);

  /** Opens one with {@link ConnectorOptions#defaults()}. */
  default T create(Settings settings) {
    return create(settings, ConnectorOptions.defaults());
  }
}
