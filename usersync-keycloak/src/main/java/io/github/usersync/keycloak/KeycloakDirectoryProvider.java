package io.github.usersync.keycloak;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;

/**
 * Opens {@link KeycloakDirectory}s by provider id {@code keycloak}; found by {@link
 * java.util.ServiceLoader}. Stateless.
 */
public final class KeycloakDirectoryProvider implements IdpDirectoryProvider {
  /** Created by {@link java.util.ServiceLoader}. */
  public KeycloakDirectoryProvider() {}

  @Override
  public String id() {
    return KeycloakDirectory.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Keycloak";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return KeycloakSettings.KEYS;
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    return KeycloakDirectory.create(KeycloakSettings.fromSettings(settings), options);
  }
}
