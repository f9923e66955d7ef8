package io.github.usersync.runner;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Opens a {@link JsonFileTarget}, target type {@code json-file}; found by {@link
 * java.util.ServiceLoader} like any host's own target. The CLI's {@code target.path} is its {@code
 * path} setting.
 */
public final class JsonFileTargetProvider implements ProvisioningTargetProvider {
  /** The target type. */
  public static final String PROVIDER_ID = "json-file";

  /** {@code path}: the host file. */
  public static final SettingKey PATH =
      SettingKey.required("path", "The host file, e.g. host.json; an absent file is an empty host.");

  /** {@code flushInterval}: how often changes are written. */
  public static final SettingKey FLUSH_INTERVAL =
      SettingKey.optional(
          "flushInterval", "Changes are written at most this often, and when the run ends.", "5s");

  /** For {@link java.util.ServiceLoader}. */
  public JsonFileTargetProvider() {}

  @Override
  public String id() {
    return PROVIDER_ID;
  }

  @Override
  public String displayName() {
    return "A host kept in a JSON file";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return List.of(PATH, FLUSH_INTERVAL);
  }

  @Override
  public ProvisioningTarget create(Settings settings, ConnectorOptions options) {
    settings.requireKnown(settingKeys());
    String path = settings.require(PATH);
    Duration flush = settings.duration(FLUSH_INTERVAL).orElse(Duration.ofSeconds(5));
    try {
      return JsonFileTarget.open(Path.of(path), flush);
    } catch (InvalidPathException e) {
      throw new io.github.usersync.core.ConfigurationException(
          PATH.name(), "is not a valid path: " + e.getReason(), e);
    }
  }
}
