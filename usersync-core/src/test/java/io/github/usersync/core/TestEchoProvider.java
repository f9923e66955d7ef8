package io.github.usersync.core;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import io.github.usersync.core.spi.UserQuery;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A provider registered in test resources, for the discovery tests. */
public class TestEchoProvider implements IdpDirectoryProvider {
  static final SettingKey NAME = SettingKey.required("name", "a name to echo");

  @Override
  public String id() {
    return "test-echo";
  }

  @Override
  public List<SettingKey> settingKeys() {
    return List.of(NAME);
  }

  @Override
  public IdpDirectory create(Settings settings, ConnectorOptions options) {
    settings.requireKnown(settingKeys());
    String name = settings.require(NAME);
    InMemoryDirectory delegate = InMemoryDirectory.create();
    return new IdpDirectory() {
      @Override
      public String providerId() {
        return "test-echo";
      }

      @Override
      public DirectoryCapabilities capabilities() {
        return DirectoryCapabilities.builder().build();
      }

      @Override
      public Stream<DirectoryUser> users(UserQuery query) {
        return Stream.of(DirectoryUser.builder().id(name).username(name).active(true).build());
      }

      @Override
      public Optional<DirectoryUser> user(String id, UserQuery query) {
        return users(query).filter(u -> u.id().equals(id)).findFirst();
      }

      @Override
      public ConnectionReport checkConnection() {
        return delegate.checkConnection();
      }
    };
  }

  /** A second provider claiming the same id. */
  public static class Impostor extends TestEchoProvider {}
}
