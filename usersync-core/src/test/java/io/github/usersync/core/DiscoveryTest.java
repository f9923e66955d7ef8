package io.github.usersync.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
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

  @Test
  void anUnknownIdNamesAnArtifactOnlyWhenUsersyncPublishesOne() {
    assertThatThrownBy(() -> IdpDirectories.provider("okat"))
        .hasMessageContaining("no connector with id 'okat' is on the classpath")
        .hasMessageContaining("Check the id, or put the jar of the connector that provides it on the classpath.")
        .hasMessageNotContaining("usersync-okat");
    assertThatThrownBy(() -> IdpDirectories.provider("okta"))
        .hasMessageContaining("Add its jar, io.github.usersync:usersync-okta, as a dependency.");
  }

  @Test
  void targetsAreFoundByTypeWithTheSameMessages() {
    assertThat(ProvisioningTargets.providers().stream().map(ProvisioningTargetProvider::id).collect(Collectors.toList()))
        .contains("memory");
    try (ProvisioningTarget t = ProvisioningTargets.open("memory", Settings.of(Map.of("name", "scratch")))) {
      assertThat(t.name()).isEqualTo("scratch");
      assertThat(t.checkConnection().checks()).as("nothing to probe in memory").isEmpty();
      assertThat(t.checkConnection().ok()).isTrue();
    }
    assertThatThrownBy(() -> ProvisioningTargets.provider("memroy"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("type: no target with id 'memroy' is on the classpath (did you mean 'memory'?)")
        .hasMessageContaining("found: memory");
    assertThatThrownBy(() -> ProvisioningTargets.provider("jira"))
        .hasMessageContaining("Add its jar, io.github.usersync:usersync-atlassian, as a dependency.");
    assertThatThrownBy(() -> ProvisioningTargets.open("memory", Settings.of(Map.of("nmae", "x"))))
        .hasMessageStartingWith("nmae: is not a known setting (did you mean 'name'?)");
  }
}
