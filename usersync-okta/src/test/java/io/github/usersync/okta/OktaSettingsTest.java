package io.github.usersync.okta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OktaSettingsTest {
  private static final String TOKEN = "00QCjAl4MlV-WPXM-secret-token";

  private static OktaSettings.Builder withToken() {
    return OktaSettings.builder().apiToken(Secret.of(TOKEN));
  }

  private static Map<String, String> map(String... keyValues) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return m;
  }

  @ParameterizedTest
  @ValueSource(strings = {"acme.okta.com", "acme.oktapreview.com", "login.acme.com", "ACME.Okta.com", " acme.okta.com "})
  void acceptsAnOktaDomainOrACustomDomain(String domain) {
    OktaSettings s = withToken().domain(domain).build();

    assertThat(s.domain()).contains(domain.trim().toLowerCase(java.util.Locale.ROOT));
    assertThat(s.origin()).isEqualTo(URI.create("https://" + domain.trim().toLowerCase(java.util.Locale.ROOT)));
    assertThat(s.tokenUrl().toString()).isEqualTo("https://" + domain.trim().toLowerCase(java.util.Locale.ROOT) + "/oauth2/v1/token");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "https://acme.okta.com|without a scheme such as https://: write acme.okta.com",
    "https://acme.okta.com/|without a scheme such as https://: write acme.okta.com",
    "acme.okta.com/api/v1|without a path or query: write acme.okta.com",
    "acme.okta.com?x=1|without a path or query: write acme.okta.com",
    "acme.okta.com:8443|without a port (Okta serves its API on port 443): write acme.okta.com",
    "admin:hunter2@acme.okta.com|must not hold user information (user:password@); write acme.okta.com",
    "https://admin:hunter2@login.acme.com/x|must not hold user information (user:password@); write login.acme.com",
    "acme-admin.okta.com|names the Admin Console (acme-admin.okta.com); the API is on the org domain without -admin: write acme.okta.com",
    "acme|is not a host name",
    "acme..okta.com|is not a host name",
    "-acme.okta.com|is not a host name",
    "acme_corp.okta.com|is not a host name",
  })
  void refusesAnythingButAHostNameSayingWhatToWrite(String domain, String message) {
    assertThatThrownBy(() -> withToken().domain(domain).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.key()).contains("domain");
          assertThat(e.getMessage()).startsWith("domain: ").contains(message).doesNotContain("hunter2");
        });
  }

  @Test
  void needsADomainOrABaseUrl() {
    assertThatThrownBy(() -> withToken().build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("domain: is required");

    OktaSettings s = withToken().baseUrl(URI.create("http://127.0.0.1:8080")).build();
    assertThat(s.origin()).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThat(s.tokenUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/oauth2/v1/token"));
  }

  @Test
  void theBaseUrlOverridesTheDomainAndMustBeSecure() {
    OktaSettings s = withToken().domain("acme.okta.com").baseUrl(URI.create("https://okta-proxy.acme.internal/okta/")).build();
    assertThat(s.origin()).isEqualTo(URI.create("https://okta-proxy.acme.internal/okta"));
    assertThat(s.tokenUrl()).isEqualTo(URI.create("https://okta-proxy.acme.internal/okta/oauth2/v1/token"));

    assertThatThrownBy(() -> withToken().baseUrl(URI.create("http://acme.okta.com")).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("baseUrl: ")
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> withToken().baseUrl(URI.create("https://acme.okta.com?x=1")).build())
        .hasMessageStartingWith("baseUrl: must not have a query");
  }

  @Test
  void needsExactlyOneWayToSignIn() {
    assertThatThrownBy(() -> OktaSettings.builder().domain("acme.okta.com").build())
        .hasMessageStartingWith("apiToken: no credentials are set")
        .hasMessageContaining("clientId and privateKey");
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").clientId("0oa1").privateKey(Secret.of("k")).build())
        .hasMessageStartingWith("apiToken: is set together with clientId");
    assertThatThrownBy(() -> OktaSettings.builder().domain("acme.okta.com").clientId("0oa1").build())
        .hasMessageStartingWith("privateKey: is required with clientId");
    assertThatThrownBy(() -> OktaSettings.builder().domain("acme.okta.com").privateKey(Secret.of("k")).build())
        .hasMessageStartingWith("clientId: is required with privateKey");
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").keyId("kid1").build())
        .hasMessageStartingWith("keyId: applies only to a service app");
    assertThatThrownBy(() -> OktaSettings.builder().domain("acme.okta.com").apiToken(Secret.of("SSWS " + TOKEN)).build())
        .hasMessageStartingWith("apiToken: starts with a scheme")
        .hasMessageNotContaining(TOKEN);

    assertThat(withToken().domain("acme.okta.com").build().usesServiceApp()).isFalse();
    assertThat(OktaSettings.builder().domain("acme.okta.com").clientId("0oa1").privateKey(Secret.of("k")).build()
        .usesServiceApp()).isTrue();
  }

  @Test
  void readsEveryKeyFromAMapWithDefaults() {
    OktaSettings s = OktaSettings.fromSettings(Settings.of(map(
        "domain", "acme.okta.com", "clientId", "0oa1b2c3", "privateKey", "-----BEGIN PRIVATE KEY-----x",
        "keyId", "kid-1", "scopes", "okta.users.read", "pageSize", "150", "memberPageSize", "1000",
        "maxConcurrentRequests", "8", "requestTimeout", "30s", "baseUrl", "https://okta.example.com")));

    assertThat(s.domain()).contains("acme.okta.com");
    assertThat(s.clientId()).contains("0oa1b2c3");
    assertThat(s.keyId()).contains("kid-1");
    assertThat(s.scopes()).isEqualTo("okta.users.read");
    assertThat(s.pageSize()).isEqualTo(150);
    assertThat(s.memberPageSize()).isEqualTo(1000);
    assertThat(s.maxConcurrentRequests()).isEqualTo(8);
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.origin()).isEqualTo(URI.create("https://okta.example.com"));

    OktaSettings d = OktaSettings.fromSettings(Settings.of(map("domain", "acme.okta.com", "apiToken", TOKEN)));
    assertThat(d.scopes()).isEqualTo("okta.users.read okta.groups.read");
    assertThat(d.pageSize()).isEqualTo(200);
    assertThat(d.memberPageSize()).isEqualTo(1000);
    assertThat(d.groupPageSize()).isEqualTo(200);
    assertThat(d.maxConcurrentRequests()).isEqualTo(4);
    assertThat(d.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void namesAnUnknownOrOutOfRangeKey() {
    assertThatThrownBy(() -> OktaSettings.fromSettings(Settings.of(map("domian", "acme.okta.com", "apiToken", TOKEN))))
        .hasMessageStartingWith("domian: is not a known setting (did you mean 'domain'?)");
    assertThatThrownBy(() -> OktaSettings.fromSettings(Settings.of(map("domain", "acme.okta.com", "apiToken", TOKEN, "pageSize", "500"))))
        .hasMessageStartingWith("pageSize: must be between 1 and 200");
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").memberPageSize(1001).build())
        .hasMessageStartingWith("memberPageSize: must be between 1 and 1000");
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").groupPageSize(10001).build())
        .hasMessageStartingWith("groupPageSize: must be between 1 and 10000");
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").maxConcurrentRequests(0).build())
        .hasMessageStartingWith("maxConcurrentRequests: must be between 1 and 32");
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").scopes(" ").build())
        .hasMessageStartingWith("scopes: is empty");
  }

  @Test
  void neverShowsSecrets() {
    OktaSettings token = withToken().domain("acme.okta.com").build();
    OktaSettings app = OktaSettings.builder().domain("acme.okta.com").clientId("0oa1")
        .privateKey(Secret.of("-----BEGIN PRIVATE KEY-----MIIEvQIBADANBg")).build();

    assertThat(token.toString()).contains("acme.okta.com").doesNotContain(TOKEN);
    assertThat(app.toString()).contains("0oa1").doesNotContain("MIIEvQIBADANBg");
  }

  @Test
  void userListRangesDefaultsToFourOrTheRequestsInFlightWhenFewer() {
    assertThat(withToken().domain("acme.okta.com").build().userListRanges()).isEqualTo(4);
    assertThat(withToken().domain("acme.okta.com").maxConcurrentRequests(2).build().userListRanges()).isEqualTo(2);
    assertThat(withToken().domain("acme.okta.com").maxConcurrentRequests(8).build().userListRanges()).isEqualTo(4);
    OktaSettings s = OktaSettings.fromSettings(Settings.of(map(
        "domain", "acme.okta.com", "apiToken", TOKEN, "userListRanges", "3", "maxConcurrentRequests", "6")));
    assertThat(s.userListRanges()).isEqualTo(3);
    assertThat(OktaSettings.fromSettings(Settings.of(map("domain", "acme.okta.com", "apiToken", TOKEN,
        "maxConcurrentRequests", "1"))).userListRanges()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 5})
  void userListRangesMustBeBetweenOneAndTheRequestsInFlight(int ranges) {
    assertThatThrownBy(() -> withToken().domain("acme.okta.com").userListRanges(ranges).build())
        .isInstanceOfSatisfying(ConfigurationException.class, e -> {
          assertThat(e.key()).contains("userListRanges");
          assertThat(e.getMessage()).startsWith("userListRanges: must be between 1 and maxConcurrentRequests (4), got " + ranges)
              .contains("raise maxConcurrentRequests");
        });
    assertThatThrownBy(() -> OktaSettings.fromSettings(Settings.of(map(
            "domain", "acme.okta.com", "apiToken", TOKEN, "userListRanges", Integer.toString(ranges)))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("userListRanges: must be between 1 and 4, got " + ranges);
    assertThatThrownBy(() -> OktaSettings.fromSettings(Settings.of(map(
            "domain", "acme.okta.com", "apiToken", TOKEN, "userListRanges", "four"))))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("userListRanges: must be a whole number");
  }

  @Test
  void everyKeyIsDocumented() {
    assertThat(OktaSettings.KEYS).extracting(k -> k.name()).containsExactly(
        "baseUrl", "domain", "apiToken", "clientId", "privateKey", "keyId", "scopes", "memberPageSize",
        "groupPageSize", "userListRanges", "pageSize", "maxConcurrentRequests", "requestTimeout", "proxy");
    assertThat(OktaSettings.KEYS).allSatisfy(k -> assertThat(k.description()).isNotBlank());
    assertThat(OktaSettings.API_TOKEN.isSecret()).isTrue();
    assertThat(OktaSettings.PRIVATE_KEY.isSecret()).isTrue();
  }
}
