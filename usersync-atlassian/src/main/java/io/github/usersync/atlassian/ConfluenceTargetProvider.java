package io.github.usersync.atlassian;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.util.List;

/**
 * Opens remote Confluence targets ({@link ConfluenceTarget#remote}) from a map of settings ({@link
 * ConfluenceSettings#KEYS}); found by {@link java.util.ServiceLoader} as target type {@code confluence}.
 */
public final class ConfluenceTargetProvider implements ProvisioningTargetProvider {
  /** For {@link java.util.ServiceLoader}. */
  public ConfluenceTargetProvider() {}

  @Override
  public String id() {
    return ConfluenceTarget.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Confluence Data Center (REST API)";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return ConfluenceSettings.KEYS;
  }

  @Override
  public ProvisioningTarget create(Settings settings, ConnectorOptions options) {
    return ConfluenceTarget.remote(ConfluenceSettings.fromSettings(settings), options);
  }
}
