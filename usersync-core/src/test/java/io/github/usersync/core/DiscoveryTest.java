package io.github.usersync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscoveryTest {
  @Test
  void findsTheTestProviderRegisteredInTestResources() {
    assertThat(IdpDirectories.providers().stream().map(IdpDirectoryProvider::id).collect(Collectors.toList()))
        .contains("test-echo");
    try (IdpDirectory d = IdpDirectories.open("test-echo", Map.of("name", "x"))) {
      assertThat(d.providerId()).isEqualTo("test-echo");
    }
  }

  @Test
  void anUnknownIdListsTheIdsFound() {
    assertThatThrownBy(() -> IdpDirectories.provider("test-ecko"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no connector with id 'test-ecko'")
        .hasMessageContaining("did you mean 'test-echo'?")
        .hasMessageContaining("found: test-echo");
  }

  @Test
  void missingSettingIsNamed() {
    assertThatThrownBy(() -> IdpDirectories.open("test-echo", Map.of()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("name: is required");
  }

  @Test
  void twoProvidersWithOneIdFailWithHowToFixIt(@TempDir Path dir) throws IOException {
    Path services = dir.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(IdpDirectoryProvider.class.getName()),
        TestEchoProvider.Impostor.class.getName() + "\n");
    URL extra = services.resolve(IdpDirectoryProvider.class.getName()).toUri().toURL();
    ClassLoader loader = new ClassLoader(getClass().getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        if (name.equals("META-INF/services/" + IdpDirectoryProvider.class.getName())) {
          java.util.List<URL> all = Collections.list(super.getResources(name));
          all.add(extra);
          return Collections.enumeration(all);
        }
        return super.getResources(name);
      }
    };

    assertThatThrownBy(() -> IdpDirectories.providers(loader))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("two connectors claim the provider id 'test-echo'")
        .hasMessageContaining(TestEchoProvider.class.getName())
        .hasMessageContaining(TestEchoProvider.Impostor.class.getName())
        .hasMessageContaining("Keep one of them on the classpath");
  }
}
