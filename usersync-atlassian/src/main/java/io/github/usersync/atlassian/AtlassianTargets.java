package io.github.usersync.atlassian;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.ProvisioningTargets;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Opens the remote Atlassian targets by type through {@link ProvisioningTargets} (the providers
 * {@link JiraTargetProvider}, {@link ConfluenceTargetProvider} and {@link CrowdTargetProvider}),
 * for command-line tools and config files: {@code jira} ({@link JiraSettings#KEYS}), {@code
 * confluence} ({@link ConfluenceSettings#KEYS}) and {@code crowd} ({@link CrowdSettings#KEYS}).
 *
 * <pre>{@code
 * AtlassianTarget target = AtlassianTargets.create("crowd", Settings.of(Map.of(
 *     "baseUrl", "https://crowd.example.com/crowd",
 *     "applicationName", "usersync",
 *     "applicationPassword", "${env:CROWD_APP_PASSWORD}")));
 * }</pre>
 */
public final class AtlassianTargets {
  /** The target types {@link #create} accepts. */
  public static final List<String> TYPES =
      Collections.unmodifiableList(
          Arrays.asList(JiraTarget.PROVIDER_ID, ConfluenceTarget.PROVIDER_ID, CrowdTarget.PROVIDER_ID));

  private AtlassianTargets() {}

  /**
   * The setting keys a type accepts, for help texts and validation.
   *
   * @throws ConfigurationException for an unknown type, listing the known ones
   */
  public static List<SettingKey> settingKeys(String type) {
    return ProvisioningTargets.provider(atlassian(type)).settingKeys();
  }

  /**
   * A remote target of {@code type} from {@code settings}.
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid, or
   *     listing the types when {@code type} is unknown
   */
  public static AtlassianTarget create(String type, Settings settings) {
    return create(type, settings, ConnectorOptions.defaults());
  }

  /** As {@link #create(String, Settings)}, on the host's infrastructure. */
  public static AtlassianTarget create(String type, Settings settings, ConnectorOptions options) {
    ProvisioningTarget target = ProvisioningTargets.open(atlassian(type), settings, options);
    return (AtlassianTarget) target;
  }

  /** The type, when it is an Atlassian one; the lookup's message when no provider has it. */
  private static String atlassian(String type) {
    if (!TYPES.contains(type)) {
      ProvisioningTargets.provider(type); // no such type at all: the lookup says which exist
      throw new ConfigurationException(
          "type", "'" + type + "' is not an Atlassian target type; the types are " + String.join(", ", TYPES));
    }
    return type;
  }
}
