package io.github.usersync.keycloak;

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
    return KeycloakSettings.keys();
  }

  @Override
  public IdpDirectory create(Settings settings) {
    return KeycloakDirectory.create(KeycloakSettings.fromSettings(settings));
  }
}
