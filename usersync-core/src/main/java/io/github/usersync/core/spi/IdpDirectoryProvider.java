package io.github.usersync.core.spi;

import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import java.util.List;

/**
 * A stateless factory for one kind of {@link IdpDirectory}, found with {@link
 * java.util.ServiceLoader}: list the implementation class in {@code
 * META-INF/services/io.github.usersync.core.spi.IdpDirectoryProvider}.
 */
public interface IdpDirectoryProvider {
  /** The provider id, lower case, e.g. {@code okta}, {@code entra}, {@code google}. */
  String id();

  /** A human name, e.g. {@code Okta}. */
  default String displayName() {
    return id();
  }

  /** The settings {@link #create(Settings)} accepts, with their meaning. */
  List<SettingKey> settingKeys();

  /**
   * Opens a directory.
   *
   * @throws io.github.usersync.core.ConfigurationException naming the key when a setting is
   *     missing, unknown or invalid
   */
  IdpDirectory create(Settings settings);
}
