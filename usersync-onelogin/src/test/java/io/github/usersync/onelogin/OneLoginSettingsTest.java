package io.github.usersync.onelogin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class OneLoginSettingsTest {
  private static Map<String, String> base() {
    Map<String, String> m = new HashMap<>();
    m.put("clientId", "client-id-1");
    m.put("clientSecret", "very-secret-value-42");
    return m;
  }

  private static OneLoginSettings read(Map<String, String> values) {
    return OneLoginSettings.fromSettings(Settings.of(values, name -> null));
  }

  @Test
  void aSubdomainAddressesTheAccountsOwnHost() {
    Map<String, String> m = base();
    m.put("subdomain", "acme");

    OneLoginSettings s = read(m);

    assertThat(s.apiBaseUrl()).isEqualTo(URI.create("https://acme.onelogin.com"));
    assertThat(s.groupSource()).isEqualTo(OneLoginSettings.GroupSource.ROLES);
    assertThat(s.minRemainingApiCalls()).isEqualTo(500);
    assertThat(s.pageSize()).isEqualTo(100);
    assertThat(s.maxConcurrentRequests()).isEqualTo(2);
  }

  @Test
  void thePastedHostNameIsAcceptedAsTheSubdomain() {
    Map<String, String> m = base();
    m.put("subdomain", "Acme.OneLogin.com");

    assertThat(read(m).apiBaseUrl()).isEqualTo(URI.create("https://acme.onelogin.com"));
  }

  @Test
  void aRegionAddressesTheRegionalApiHost() {
    Map<String, String> m = base();
    m.put("region", "EU");

    assertThat(read(m).apiBaseUrl()).isEqualTo(URI.create("https://api.eu.onelogin.com"));
  }

  @Test
  void exactlyOneLocationIsRequired() {
    assertThatThrownBy(() -> read(base()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("set exactly one of subdomain");
    Map<String, String> two = base();
    two.put("subdomain", "acme");
    two.put("baseUrl", "https://proxy.example.com");
    assertThatThrownBy(() -> read(two))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("baseUrl"));
  }

  @Test
  void badValuesNameTheirKey() {
    Map<String, String> sub = base();
    sub.put("subdomain", "acme corp");
    assertThatThrownBy(() -> read(sub)).hasMessageStartingWith("subdomain:");

    Map<String, String> region = base();
    region.put("region", "ap");
    assertThatThrownBy(() -> read(region)).hasMessageContaining("us or eu");

    Map<String, String> plain = base();
    plain.put("baseUrl", "http://onelogin.example.com");
    assertThatThrownBy(() -> read(plain)).hasMessageStartingWith("baseUrl:").hasMessageContaining("https://");

    Map<String, String> source = base();
    source.put("subdomain", "acme");
    source.put("groupSource", "role");
    assertThatThrownBy(() -> read(source)).hasMessageContaining("did you mean 'roles'");

    Map<String, String> page = base();
    page.put("subdomain", "acme");
    page.put("pageSize", "500");
    assertThatThrownBy(() -> read(page)).hasMessageStartingWith("pageSize:").hasMessageContaining("between 1 and 100");

    Map<String, String> unknown = base();
    unknown.put("subdomain", "acme");
    unknown.put("minRemainingApiCall", "100");
    assertThatThrownBy(() -> read(unknown)).hasMessageContaining("did you mean 'minRemainingApiCalls'");

    Map<String, String> missing = new HashMap<>();
    missing.put("subdomain", "acme");
    missing.put("clientSecret", "x-secret-x");
    assertThatThrownBy(() -> read(missing)).hasMessageStartingWith("clientId:");
  }

  @Test
  void everySettingIsRead() {
    Map<String, String> m = base();
    m.put("baseUrl", "http://127.0.0.1:8080");
    m.put("groupSource", "both");
    m.put("minRemainingApiCalls", "0");
    m.put("pageSize", "50");
    m.put("maxConcurrentRequests", "1");

    OneLoginSettings s = read(m);

    assertThat(s.apiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(s.groupSource()).isEqualTo(OneLoginSettings.GroupSource.BOTH);
    assertThat(s.minRemainingApiCalls()).isZero();
    assertThat(s.pageSize()).isEqualTo(50);
    assertThat(s.maxConcurrentRequests()).isEqualTo(1);
    assertThat(s.clientSecret().reveal()).isEqualTo("very-secret-value-42");
  }

  @Test
  void theSecretNeverPrints() {
    Map<String, String> m = base();
    m.put("subdomain", "acme");

    assertThat(read(m).toString()).doesNotContain("very-secret-value-42").contains("clientId=client-id-1");
  }

  @Test
  void theProviderIsFoundByIdAndOpensADirectory() {
    IdpDirectoryProvider provider = IdpDirectories.provider("onelogin");
    assertThat(provider).isInstanceOf(OneLoginDirectoryProvider.class);
    assertThat(provider.displayName()).isEqualTo("OneLogin");
    assertThat(provider.settingKeys().stream().map(SettingKey::name).collect(Collectors.toList()))
        .contains("subdomain", "region", "baseUrl", "clientId", "clientSecret", "groupSource", "minRemainingApiCalls");
    assertThat(provider.settingKeys().stream().filter(SettingKey::isSecret).map(SettingKey::name))
        .containsExactly("clientSecret");

    Map<String, String> m = base();
    m.put("subdomain", "acme");
    try (IdpDirectory d = IdpDirectories.open("onelogin", m)) {
      assertThat(d.providerId()).isEqualTo("onelogin");
      assertThat(d.toString()).contains("https://acme.onelogin.com");
      assertThat(d.capabilities().userPageSize()).isEqualTo(100);
      assertThat(d.capabilities().maxConcurrentRequests()).isEqualTo(2);
    }
  }
}
