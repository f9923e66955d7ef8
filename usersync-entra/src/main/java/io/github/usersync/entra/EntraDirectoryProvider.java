package io.github.usersync.entra;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;

/**
 * Discovery entry for the Entra connector, provider id {@code entra}: found with {@link
 * java.util.ServiceLoader}, it opens an {@link EntraDirectory} from a map of settings.
 */
public final class EntraDirectoryProvider implements IdpDirectoryProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public EntraDirectoryProvider() {}

  @Override
  public String id() {
    return EntraDirectory.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Microsoft Entra ID";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return EntraSettings.KEYS;
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    return EntraDirectory.create(EntraSettings.fromSettings(settings), options);
  }
}
