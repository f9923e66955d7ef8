package io.github.usersync.onelogin;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;

/**
 * Opens {@link OneLoginDirectory}s by provider id {@code onelogin}; found with {@link
 * java.util.ServiceLoader}. The settings it accepts are {@link OneLoginSettings#KEYS}.
 */
public final class OneLoginDirectoryProvider implements IdpDirectoryProvider {
  /** For {@link java.util.ServiceLoader}. */
  public OneLoginDirectoryProvider() {}

  @Override
  public String id() {
    return OneLoginDirectory.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "OneLogin";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return OneLoginSettings.KEYS;
  }

  @Override
  public OneLoginDirectory create(Settings settings, ConnectorOptions options) {
    return OneLoginDirectory.create(OneLoginSettings.fromSettings(settings), options);
  }
}
