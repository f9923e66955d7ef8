package io.github.usersync.atlassian;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.util.List;

/**
 * Opens remote Jira targets ({@link JiraTarget#remote}) from a map of settings ({@link
 * JiraSettings#KEYS}); found by {@link java.util.ServiceLoader} as target type {@code jira}.
 */
public final class JiraTargetProvider implements ProvisioningTargetProvider {
  /** For {@link java.util.ServiceLoader}. */
  public JiraTargetProvider() {}

  @Override
  public String id() {
    return JiraTarget.PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "Jira Data Center (REST API 2 and its embedded Crowd API)";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return JiraSettings.KEYS;
  }

  @Override
  public ProvisioningTarget create(Settings settings, ConnectorOptions options) {
    return JiraTarget.remote(JiraSettings.fromSettings(settings), options);
  }
}
