package io.github.usersync.core.memory;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.util.List;

/**
 * Opens an empty {@link InMemoryTarget}, target type {@code memory}: a host that lives as long as
 * the process, for trying a mapping or a dry run. Found by {@link java.util.ServiceLoader}.
 */
public final class InMemoryTargetProvider implements ProvisioningTargetProvider {
  /** The target type. */
  public static final String PROVIDER_ID = "memory";

  /** {@code name}: the name reports show. */
  public static final SettingKey NAME =
      SettingKey.optional("name", "The name reports show for this host.", PROVIDER_ID);

  /** For {@link java.util.ServiceLoader}. */
  public InMemoryTargetProvider() {}

  @Override
  public String id() {
    return PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "In-memory host (kept for the run only)";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return List.of(NAME);
  }

  @Override
  public ProvisioningTarget create(Settings settings, ConnectorOptions options) {
    settings.requireKnown(settingKeys());
    return InMemoryTarget.builder().name(settings.require(NAME)).build();
  }
}
