package io.github.usersync.examples;

import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Provider discovery: the connectors on the classpath, found with {@link java.util.ServiceLoader},
 * and the settings each accepts; {@code IdpDirectories.open(id, settings)} opens one.
 */
public final class DiscoveryExample {
  private DiscoveryExample() {}

  /** Runs the example. */
  public static void main(String[] args) {
    run(System.out);
  }

  static List<String> run(PrintStream out) {
    for (IdpDirectoryProvider p : IdpDirectories.providers()) {
      out.println(p.id() + ": " + p.settingKeys().stream().filter(SettingKey::isRequired)
          .map(SettingKey::name).collect(Collectors.joining(", ", "requires ", "")));
    }
    return IdpDirectories.providers().stream().map(IdpDirectoryProvider::id).collect(Collectors.toList());
  }
}
