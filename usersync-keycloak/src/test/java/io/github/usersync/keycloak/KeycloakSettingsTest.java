package io.github.usersync.keycloak;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KeycloakSettingsTest {
  private static Map<String, String> clientCredentials() {
    Map<String, String> m = new HashMap<>();
    m.put("baseUrl", "https://sso.example.com/");
    m.put("realm", "acme");
    m.put("clientId", "usersync");
    m.put("clientSecret", "s3cr3t-client-value");
    return m;
  }

  @Test
  void readsClientCredentialsWithDefaults() {
    KeycloakSettings s = KeycloakSettings.fromSettings(Settings.of(clientCredentials()));

    assertThat(s.baseUrl()).hasToString("https://sso.example.com");
    assertThat(s.realm()).isEqualTo("acme");
    assertThat(s.grantType()).isEqualTo(KeycloakSettings.GrantType.CLIENT_CREDENTIALS);
    assertThat(s.tokenRealm()).isEqualTo("acme");
    assertThat(s.effectiveClientId()).isEqualTo("usersync");
    assertThat(s.groupName()).isEqualTo(KeycloakSettings.GroupName.NAME);
    assertThat(s.pageSize()).isEqualTo(200);
    assertThat(s.memberPageSize()).isEqualTo(500);
    assertThat(s.maxConcurrentRequests()).isEqualTo(4);
    assertThat(s.toString()).doesNotContain("s3cr3t-client-value");
  }

  @Test
  void readsThePasswordGrantWithAdminCliInMaster() {
    Map<String, String> m = new HashMap<>();
    m.put("baseUrl", "https://sso.example.com/auth");
    m.put("realm", "acme");
    m.put("grantType", "PASSWORD");
    m.put("username", "admin");
    m.put("password", "adm1n-passw0rd");
    m.put("groupName", "path");
    m.put("pageSize", "100");
    m.put("memberPageSize", "1000");
    m.put("maxConcurrentRequests", "2");

    KeycloakSettings s = KeycloakSettings.fromSettings(Settings.of(m));

    assertThat(s.baseUrl()).hasToString("https://sso.example.com/auth");
    assertThat(s.effectiveClientId()).isEqualTo("admin-cli");
    assertThat(s.tokenRealm()).isEqualTo("master");
    assertThat(s.groupName()).isEqualTo(KeycloakSettings.GroupName.PATH);
    assertThat(s.pageSize()).isEqualTo(100);
    assertThat(s.memberPageSize()).isEqualTo(1000);
    assertThat(s.maxConcurrentRequests()).isEqualTo(2);
    assertThat(s.toString()).doesNotContain("adm1n-passw0rd");
  }

  @Test
  void anAuthRealmOverridesTheDefault() {
    Map<String, String> m = clientCredentials();
    m.put("authRealm", "master");

    assertThat(KeycloakSettings.fromSettings(Settings.of(m)).tokenRealm()).isEqualTo("master");
  }

  @Test
  void missingAndInvalidSettingsNameTheKey() {
    Map<String, String> noSecret = clientCredentials();
    noSecret.remove("clientSecret");
    assertKey(noSecret, "clientSecret");

    Map<String, String> noRealm = clientCredentials();
    noRealm.remove("realm");
    assertKey(noRealm, "realm");

    Map<String, String> noPassword = clientCredentials();
    noPassword.put("grantType", "password");
    noPassword.put("username", "admin");
    assertKey(noPassword, "password");

    Map<String, String> badGrant = clientCredentials();
    badGrant.put("grantType", "implicit");
    assertKey(badGrant, "grantType");

    Map<String, String> badName = clientCredentials();
    badName.put("groupName", "fullpath");
    assertKey(badName, "groupName");

    Map<String, String> bigPage = clientCredentials();
    bigPage.put("pageSize", "5000");
    assertKey(bigPage, "pageSize");

    Map<String, String> bigMemberPage = clientCredentials();
    bigMemberPage.put("memberPageSize", "5000");
    assertKey(bigMemberPage, "memberPageSize");

    Map<String, String> plainHttp = clientCredentials();
    plainHttp.put("baseUrl", "http://sso.example.com");
    assertKey(plainHttp, "baseUrl");

    Map<String, String> typo = clientCredentials();
    typo.put("clientSecrets", "x");
    assertThatThrownBy(() -> KeycloakSettings.fromSettings(Settings.of(typo)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("clientSecrets")
        .hasMessageContaining("clientSecret");
  }

  private static void assertKey(Map<String, String> m, String key) {
    assertThatThrownBy(() -> KeycloakSettings.fromSettings(Settings.of(m)))
        .isInstanceOf(ConfigurationException.class)
        .satisfies(e -> assertThat(((ConfigurationException) e).key()).contains(key))
        .hasMessageNotContaining("s3cr3t-client-value");
  }

  @Test
  void loopbackMayUsePlainHttp() {
    Map<String, String> m = clientCredentials();
    m.put("baseUrl", "http://127.0.0.1:8080");

    assertThat(KeycloakSettings.fromSettings(Settings.of(m)).baseUrl()).hasToString("http://127.0.0.1:8080");
  }

  @Test
  void theProviderIsFoundByItsId() {
    assertThat(IdpDirectories.providers()).anySatisfy(p -> {
      assertThat(p.id()).isEqualTo("keycloak");
      assertThat(p.displayName()).isEqualTo("Keycloak");
      assertThat(p.settingKeys()).isEqualTo(KeycloakSettings.KEYS);
    });
    try (IdpDirectory d = IdpDirectories.open("keycloak", clientCredentials())) {
      assertThat(d).isInstanceOf(KeycloakDirectory.class);
      assertThat(d.providerId()).isEqualTo("keycloak");
    }
  }
}
