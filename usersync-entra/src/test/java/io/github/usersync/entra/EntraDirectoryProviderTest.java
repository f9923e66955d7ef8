package io.github.usersync.entra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EntraDirectoryProviderTest {
  @Test
  void isFoundByServiceLoaderAsEntra() {
    IdpDirectoryProvider p = IdpDirectories.provider("entra");

    assertThat(p).isInstanceOf(EntraDirectoryProvider.class);
    assertThat(p.displayName()).isEqualTo("Microsoft Entra ID");
    assertThat(p.settingKeys()).extracting(SettingKey::name).contains(
        "tenant", "clientId", "clientSecret", "certificate", "privateKey", "cloud", "apiVersion",
        "loginBaseUrl", "baseUrl", "pageSize", "maxConcurrentRequests", "requestTimeout");
    assertThat(p.settingKeys()).filteredOn(SettingKey::isSecret).extracting(SettingKey::name)
        .containsExactlyInAnyOrder("clientSecret", "privateKey");
  }

  @Test
  void opensADirectoryFromAMapAndReportsItsCapabilities() {
    try (IdpDirectory d = IdpDirectories.open("entra", Map.of(
        "tenant", "contoso.onmicrosoft.com",
        "clientId", Graph.CLIENT_ID,
        "clientSecret", Graph.CLIENT_SECRET,
        "maxConcurrentRequests", "6"))) {
      assertThat(d.providerId()).isEqualTo("entra");
      assertThat(d.capabilities().supported()).containsExactlyInAnyOrder(
          Capability.GROUPS, Capability.GROUP_MEMBERS, Capability.TRANSITIVE_GROUP_MEMBERS,
          Capability.USER_GROUPS, Capability.NESTED_GROUPS, Capability.MANAGER, Capability.PHOTO,
          Capability.PHOTO_FINGERPRINT, Capability.CHANGES, Capability.CHANGES_REPORT_MANAGERS,
          Capability.FIND_USER_BY_EMAIL);
      assertThat(d.capabilities().userPageSize()).isEqualTo(999);
      assertThat(d.capabilities().maxConcurrentRequests()).isEqualTo(6);
      assertThat(d.requestStats().requests()).as("nothing sent on open").isZero();
    }
  }

  @Test
  void aMissingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> IdpDirectories.open("entra", Map.of("clientId", Graph.CLIENT_ID)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("tenant: is required");
  }
}
