package io.github.usersync.examples.cli;

import io.github.usersync.core.ProvisioningTargets;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Opens the config's target by type through {@link ProvisioningTargets}, like the source by
 * provider id: {@code json-file}, {@code memory}, {@code jira}, {@code confluence}, {@code crowd}
 * or any target provider on the classpath.
 */
final class Targets {
  private Targets() {}

  static ProvisioningTarget open(CliConfig config) {
    return ProvisioningTargets.open(config.targetType, settings(config));
  }

  /** {@code target.settings}, with {@code target.path} (resolved against the config's directory) as {@code path}. */
  static Settings settings(CliConfig config) {
    Map<String, String> values = new LinkedHashMap<>(config.targetSettings);
    Path path = config.targetPath;
    if (path != null) {
      values.put(JsonFileTargetProvider.PATH.name(), path.toString());
    }
    return Settings.of(values);
  }
}
