package io.github.usersync.examples.cli;

import io.github.usersync.atlassian.AtlassianTargets;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.util.ArrayList;
import java.util.List;

/** The remote host targets the CLI can open besides json-file and memory. */
final class Targets {
  private Targets() {}

  static ProvisioningTarget atlassian(CliConfig config) {
    if (!AtlassianTargets.supports(config.targetType)) {
      List<String> types = new ArrayList<>(List.of("json-file", "memory"));
      types.addAll(AtlassianTargets.TYPES);
      throw new ConfigurationException("target.type", "'" + config.targetType + "' is not a target type"
          + io.github.usersync.core.settings.Suggestions.didYouMean(config.targetType, types)
          + "; types: " + String.join(", ", types));
    }
    return AtlassianTargets.create(config.targetType, Settings.of(config.targetSettings));
  }
}
