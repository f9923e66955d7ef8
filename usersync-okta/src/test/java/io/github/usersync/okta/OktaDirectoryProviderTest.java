package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.okta.OktaFixture.API_TOKEN;
import static io.github.usersync.okta.OktaFixture.okta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import io.github.usersync.core.spi.UserQuery;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OktaDirectoryProviderTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @Test
  void isFoundByServiceLoaderAsOkta() {
    IdpDirectoryProvider p = IdpDirectories.provider("okta");

    assertThat(p).isInstanceOf(OktaDirectoryProvider.class);
    assertThat(p.displayName()).isEqualTo("Okta");
    assertThat(p.settingKeys()).extracting(SettingKey::name).contains("domain", "apiToken", "clientId", "privateKey", "baseUrl");
  }

  @Test
  void opensADirectoryFromASettingsMap() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta(OktaFixture.FIXTURES.json("users", "page3"))));

    try (IdpDirectory d = IdpDirectories.open("okta", Map.of("baseUrl", wm.baseUrl(), "apiToken", API_TOKEN))) {
      assertThat(d).isInstanceOf(OktaDirectory.class);
      assertThat(d.users(UserQuery.standard()).count()).isEqualTo(2);
    }
  }

  @Test
  void aBadSettingFailsWhenOpeningNamingTheKey() {
    assertThatThrownBy(() -> IdpDirectories.open("okta", Map.of("domain", "https://acme.okta.com", "apiToken", API_TOKEN)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("domain"));
    assertThatThrownBy(() -> IdpDirectories.open("okta",
            Map.of("domain", "acme.okta.com", "clientId", "0oa1", "privateKey", "{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\"}")))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.key()).contains("privateKey");
          assertThat(e.getMessage()).contains("public key only");
        });
  }

  @Test
  void aTokenEchoedInAnErrorIsMasked() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta(
        "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided: SSWS " + API_TOKEN + "\",\"errorLink\":\"E0000011\","
            + "\"errorId\":\"oaeQ\",\"errorCauses\":[]}").withStatus(401)));

    try (IdpDirectory d = IdpDirectories.open("okta", Map.of("baseUrl", wm.baseUrl(), "apiToken", API_TOKEN))) {
      assertThatThrownBy(() -> d.users(UserQuery.standard()).count())
          .isInstanceOf(AuthenticationFailedException.class)
          // The whole Authorization value is masked, scheme and all.
          .hasMessageContaining("Invalid token provided: ****")
          .hasMessageNotContaining(API_TOKEN);
    }
  }
}
