package io.github.usersync.scim;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.util.List;

/**
 * Opens {@link ScimTarget}s from a map of settings ({@link ScimTargetSettings#KEYS}); found by
 * {@link java.util.ServiceLoader} as target type {@code scim}.
 */
public final class ScimTargetProvider implements ProvisioningTargetProvider {
  /** For {@link java.util.ServiceLoader}. */
  public ScimTargetProvider() {}

  @Override
  public String id() {
    return ScimTarget.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "any SCIM 2.0 service provider (RFC 7644)";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return ScimTargetSettings.KEYS;
  }

  @Override
  public ProvisioningTarget create(Settings settings, ConnectorOptions options) {
    return ScimTarget.create(ScimTargetSettings.fromSettings(settings), options);
  }
}
