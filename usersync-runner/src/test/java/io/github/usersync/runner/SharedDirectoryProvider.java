package io.github.usersync.runner;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Source provider {@code shared-memory} for the runner's tests: a config names an {@link
 * InMemoryDirectory} a test registered under {@code directory}.
 */
public final class SharedDirectoryProvider implements IdpDirectoryProvider {
  static final Map<String, InMemoryDirectory> DIRECTORIES = new ConcurrentHashMap<>();
  static final SettingKey DIRECTORY = SettingKey.required("directory", "The name a test registered the directory under.");

  @Override
  public String id() {
    return "shared-memory";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return List.of(DIRECTORY);
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    settings.requireKnown(settingKeys());
    InMemoryDirectory d = DIRECTORIES.get(settings.require(DIRECTORY));
    if (d == null) {
      throw new IllegalStateException("no directory registered as " + settings.require(DIRECTORY));
    }
    return d;
  }
}
