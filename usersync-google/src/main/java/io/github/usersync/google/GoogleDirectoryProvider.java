package io.github.usersync.google;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;

/**
 * Finds the Google Workspace connector by its id, {@code google}, through {@link
 * java.util.ServiceLoader}; {@link #create(Settings, ConnectorOptions)} reads {@link GoogleSettings#KEYS}.
 */
public final class GoogleDirectoryProvider implements IdpDirectoryProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public GoogleDirectoryProvider() {}

  @Override
  public String id() {
    return GoogleDirectory.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Google Workspace";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return GoogleSettings.KEYS;
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    return GoogleDirectory.create(GoogleSettings.fromSettings(settings), options);
  }
}
