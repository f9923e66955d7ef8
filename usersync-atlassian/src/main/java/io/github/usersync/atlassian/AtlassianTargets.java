package io.github.usersync.atlassian;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.Suggestions;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Creates the remote Atlassian targets from a type name and a map of settings, for command-line
 * tools and config files: {@code jira} ({@link JiraSettings#KEYS}), {@code confluence} ({@link
 * ConfluenceSettings#KEYS}) and {@code crowd} ({@link CrowdSettings#KEYS}).
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
      Collections.unmodifiableList(Arrays.asList("jira", "confluence", "crowd"));

  private AtlassianTargets() {}

  /** Whether {@code type} is one of {@link #TYPES} (case-insensitive). */
  public static boolean supports(String type) {
    return TYPES.contains(type.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * The setting keys a type accepts, for help texts and validation.
   *
   * @throws ConfigurationException for an unknown type, listing the known ones
   */
  public static List<SettingKey> settingKeys(String type) {
    switch (normalise(type)) {
      case "jira":
        return JiraSettings.KEYS;
      case "confluence":
        return ConfluenceSettings.KEYS;
      default:
        return CrowdSettings.KEYS;
    }
  }

  /**
   * A remote target of {@code type} from {@code settings}.
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid, or
   *     listing the types when {@code type} is unknown
   */
  public static AtlassianTarget create(String type, Settings settings) {
    return create(type, settings, RemoteOptions.defaults());
  }

  /** As {@link #create(String, Settings)}, with the host's HTTP client, mapper or retry limits. */
  public static AtlassianTarget create(String type, Settings settings, RemoteOptions options) {
    switch (normalise(type)) {
      case "jira":
        return JiraTarget.remote(JiraSettings.fromSettings(settings), options);
      case "confluence":
        return ConfluenceTarget.remote(ConfluenceSettings.fromSettings(settings), options);
      default:
        return CrowdTarget.remote(CrowdSettings.fromSettings(settings), options);
    }
  }

  private static String normalise(String type) {
    String t = type.trim().toLowerCase(Locale.ROOT);
    if (!TYPES.contains(t)) {
      throw new ConfigurationException(
          "type", "'" + type + "' is not an Atlassian target type" + Suggestions.didYouMean(t, TYPES)
              + "; the types are " + String.join(", ", TYPES));
    }
    return t;
  }
}
