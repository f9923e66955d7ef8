package io.github.usersync.okta;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;

/**
 * Opens {@link OktaDirectory} instances from a map of settings; found by {@link
 * java.util.ServiceLoader} as provider {@code okta}. Stateless.
 */
public final class OktaDirectoryProvider implements IdpDirectoryProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public OktaDirectoryProvider() {}

  @Override
  public String id() {
    return OktaDirectory.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Okta";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return OktaSettings.KEYS;
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    return OktaDirectory.create(OktaSettings.fromSettings(settings), options);
  }

  @Override
  public String toString() {
    return "OktaDirectoryProvider";
  }
}
