package io.github.usersync.atlassian;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.util.List;

/**
 * Opens remote Crowd targets ({@link CrowdTarget#remote}) from a map of settings ({@link
 * CrowdSettings#KEYS}); found by {@link java.util.ServiceLoader} as target type {@code crowd}.
 */
public final class CrowdTargetProvider implements ProvisioningTargetProvider {
  /** For {@link java.util.ServiceLoader}. */
  public CrowdTargetProvider() {}

  @Override
  public String id() {
    return CrowdTarget.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Crowd (user-management REST API)";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return CrowdSettings.KEYS;
  }

  @Override
  public ProvisioningTarget create(Settings settings, ConnectorOptions options) {
    return CrowdTarget.remote(CrowdSettings.fromSettings(settings), options);
  }
}
