package io.github.usersync.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoogleSettingsTest {
  @TempDir Path dir;

  private static Map<String, String> oauth() {
    Map<String, String> m = new HashMap<>();
    m.put("clientId", "123-abc.apps.googleusercontent.com");
    m.put("clientSecret", "GOCSPX-the-secret");
    m.put("refreshToken", "1//0g-the-refresh-token");
    return m;
  }

  @Test
  void readsAnOAuthClientFromAMapWithDefaults() {
    GoogleSettings s = GoogleSettings.fromSettings(Settings.of(oauth()));

    assertThat(s.usesServiceAccount()).isFalse();
    assertThat(s.clientId()).contains("123-abc.apps.googleusercontent.com");
    assertThat(s.customer()).isEmpty();
    assertThat(s.scopes()).containsExactly(GoogleSettings.SCOPE_USER_READONLY, GoogleSettings.SCOPE_GROUP_READONLY);
    assertThat(s.baseUrl()).isEqualTo(URI.create("https://admin.googleapis.com"));
    assertThat(s.tokenUrl()).isEqualTo(URI.create("https://oauth2.googleapis.com/token"));
    assertThat(s.pageSize()).isEqualTo(500);
    assertThat(s.maxConcurrentRequests()).isEqualTo(4);
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.toString()).doesNotContain("GOCSPX-the-secret").doesNotContain("1//0g-the-refresh-token");
  }

  @Test
  void readsAServiceAccountWithItsOptions() throws Exception {
    Path key = dir.resolve("key.json");
    Files.write(key, "{}".getBytes(StandardCharsets.UTF_8));
    Map<String, String> m = new HashMap<>();
    m.put("serviceAccountKeyFile", key.toString());
    m.put("adminEmail", "admin@example.com");
    m.put("domain", "example.com");
    m.put("scopes", GoogleSettings.SCOPE_USER_READONLY + ", " + GoogleSettings.SCOPE_GROUP_MEMBER_READONLY);
    m.put("pageSize", "200");
    m.put("maxConcurrentRequests", "2");
    m.put("requestTimeout", "30s");
    m.put("baseUrl", "http://127.0.0.1:8089");

    GoogleSettings s = GoogleSettings.fromSettings(Settings.of(m));

    assertThat(s.usesServiceAccount()).isTrue();
    assertThat(s.serviceAccountKeyFile()).contains(key);
    assertThat(s.domain()).contains("example.com");
    assertThat(s.scopes()).containsExactly(GoogleSettings.SCOPE_USER_READONLY, GoogleSettings.SCOPE_GROUP_MEMBER_READONLY);
    assertThat(s.pageSize()).isEqualTo(200);
    assertThat(s.maxConcurrentRequests()).isEqualTo(2);
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void aServiceAccountNeedsTheAdminToImpersonate() {
    assertThatThrownBy(() -> GoogleSettings.builder().serviceAccountKey(Secret.of("{}")).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("adminEmail"));
  }

  @Test
  void oneCredentialOnly() {
    Map<String, String> m = oauth();
    m.put("serviceAccountKey", "{}");
    m.put("adminEmail", "admin@example.com");

    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.of(m)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not both");
    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.empty()))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("serviceAccountKeyFile"));
  }

  @Test
  void anIncompleteOAuthClientNamesTheMissingKey() {
    Map<String, String> m = oauth();
    m.remove("refreshToken");

    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.of(m)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("refreshToken"));
  }

  @Test
  void rejectsOutOfRangeAndConflictingValues() {
    Map<String, String> m = oauth();
    m.put("pageSize", "501");
    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.of(m)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("pageSize"));

    Map<String, String> both = oauth();
    both.put("customer", "C01abcd2e");
    both.put("domain", "example.com");
    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.of(both)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("domain"));

    Map<String, String> plain = oauth();
    plain.put("baseUrl", "http://admin.googleapis.com");
    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.of(plain)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("baseUrl"));
  }

  @Test
  void anUnknownKeyIsNamedWithTheClosestKnownOne() {
    Map<String, String> m = oauth();
    m.put("adminEmial", "admin@example.com");

    assertThatThrownBy(() -> GoogleSettings.fromSettings(Settings.of(m)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("adminEmial")
        .hasMessageContaining("did you mean 'adminEmail'");
  }

  @Test
  void theProviderIsFoundByItsIdAndDocumentsEverySecretKey() {
    IdpDirectoryProvider p = IdpDirectories.provider("google");

    assertThat(p).isInstanceOf(GoogleDirectoryProvider.class);
    assertThat(p.displayName()).isEqualTo("Google Workspace");
    assertThat(p.settingKeys()).filteredOn(k -> k.isSecret()).extracting(k -> k.name())
        .containsExactlyInAnyOrder("serviceAccountKey", "clientSecret", "refreshToken");
    try (IdpDirectory d = p.create(Settings.of(oauth()))) {
      assertThat(d.providerId()).isEqualTo("google");
      assertThat(d.toString()).contains("admin.googleapis.com/admin/directory/v1").contains("my_customer");
    }
  }

  @Test
  void everyKeyIsDocumented() {
    List<String> names = GoogleSettings.KEYS.stream().map(k -> k.name()).collect(java.util.stream.Collectors.toList());
    assertThat(names).doesNotHaveDuplicates().contains(
        "serviceAccountKeyFile", "serviceAccountKey", "adminEmail", "clientId", "clientSecret", "refreshToken",
        "customer", "domain", "scopes", "baseUrl", "tokenUrl", "pageSize", "maxConcurrentRequests", "requestTimeout");
    assertThat(GoogleSettings.KEYS).allSatisfy(k -> assertThat(k.description()).isNotBlank());
  }
}
