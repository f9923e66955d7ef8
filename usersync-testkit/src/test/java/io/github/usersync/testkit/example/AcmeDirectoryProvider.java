package io.github.usersync.testkit.example;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;

/** Opens {@link AcmeDirectory}s by provider id {@code acme}; found by {@link java.util.ServiceLoader}. */
public final class AcmeDirectoryProvider implements IdpDirectoryProvider {
  /** For {@link java.util.ServiceLoader}. */
  public AcmeDirectoryProvider() {}

  @Override
  public String id() {
    return AcmeDirectory.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Acme";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return AcmeSettings.KEYS;
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    return AcmeDirectory.create(AcmeSettings.fromSettings(settings), options);
  }
}
