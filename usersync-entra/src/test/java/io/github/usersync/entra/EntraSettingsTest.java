package io.github.usersync.entra;

import static io.github.usersync.entra.Graph.CLIENT_ID;
import static io.github.usersync.entra.Graph.CLIENT_SECRET;
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

class EntraSettingsTest {
  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("tenant", "contoso.onmicrosoft.com");
    m.put("clientId", CLIENT_ID);
    m.put("clientSecret", CLIENT_SECRET);
    return m;
  }

  private static EntraSettings read(Map<String, String> values) {
    return EntraSettings.fromSettings(Settings.of(values, name -> null));
  }

  @Test
  void readsEveryKeyAndFillsTheDefaults() {
    EntraSettings defaults = read(minimal());
    assertThat(defaults.cloud()).isEqualTo(EntraCloud.GLOBAL);
    assertThat(defaults.apiVersion()).isEqualTo("v1.0");
    assertThat(defaults.pageSize()).isEqualTo(999);
    assertThat(defaults.maxConcurrentRequests()).isEqualTo(8);
    assertThat(defaults.requestTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(defaults.tokenUrl())
        .isEqualTo(URI.create("https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token"));
    assertThat(defaults.graphApiUrl()).isEqualTo(URI.create("https://graph.microsoft.com/v1.0"));

    Map<String, String> all = minimal();
    all.put("cloud", "usgov-dod");
    all.put("apiVersion", "beta");
    all.put("loginBaseUrl", "http://127.0.0.1:8080/");
    all.put("baseUrl", "https://graph-proxy.example.net/");
    all.put("pageSize", "500");
    all.put("maxConcurrentRequests", "4");
    all.put("requestTimeout", "30s");
    EntraSettings s = read(all);
    assertThat(s.cloud()).isEqualTo(EntraCloud.US_GOV_DOD);
    assertThat(s.pageSize()).isEqualTo(500);
    assertThat(s.maxConcurrentRequests()).isEqualTo(4);
    assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.tokenUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/contoso.onmicrosoft.com/oauth2/v2.0/token"));
    assertThat(s.graphApiUrl()).isEqualTo(URI.create("https://graph-proxy.example.net/beta"));
    assertThat(s.scope()).as("the scope follows the cloud, not the override").isEqualTo("https://dod-graph.microsoft.us/.default");
  }

  @ParameterizedTest
  @CsvSource({
    "global,    https://login.microsoftonline.com, https://graph.microsoft.com",
    "usgov,     https://login.microsoftonline.us,  https://graph.microsoft.us",
    "usgov-dod, https://login.microsoftonline.us,  https://dod-graph.microsoft.us",
    "china,     https://login.chinacloudapi.cn,    https://microsoftgraph.chinacloudapi.cn"
  })
  void eachCloudHasItsOwnLoginHostGraphHostAndScope(String cloud, String login, String graph) {
    Map<String, String> m = minimal();
    m.put("cloud", cloud);
    m.put("tenant", "72f988bf-86f1-41af-91ab-2d7cd011db47");

    EntraSettings s = read(m);

    assertThat(s.tokenUrl()).hasToString(login + "/72f988bf-86f1-41af-91ab-2d7cd011db47/oauth2/v2.0/token");
    assertThat(s.graphApiUrl()).hasToString(graph + "/v1.0");
    assertThat(s.scope()).isEqualTo(graph + "/.default");
  }

  @Test
  void anUnknownCloudOrKeyIsNamedWithTheClosestValue() {
    Map<String, String> m = minimal();
    m.put("cloud", "usgovv");
    assertThatThrownBy(() -> read(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("cloud:")
        .hasMessageContaining("did you mean 'usgov'");

    Map<String, String> k = minimal();
    k.put("clientSecrett", "x");
    assertThatThrownBy(() -> read(k))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("clientSecrett:")
        .hasMessageContaining("did you mean 'clientSecret'");
  }

  @Test
  void exactlyOneCredentialIsRequired() {
    Map<String, String> none = minimal();
    none.remove("clientSecret");
    assertThatThrownBy(() -> read(none))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no credential is set");

    Map<String, String> both = minimal();
    both.put("certificate", Graph.resource("certs/app-cert.pem"));
    both.put("privateKey", Graph.resource("certs/app-key.pem"));
    assertThatThrownBy(() -> read(both))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("set exactly one credential");

    Map<String, String> certOnly = minimal();
    certOnly.remove("clientSecret");
    certOnly.put("certificate", Graph.resource("certs/app-cert.pem"));
    assertThatThrownBy(() -> read(certOnly))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("privateKey: is required with certificate");

    Map<String, String> cert = minimal();
    cert.remove("clientSecret");
    cert.put("certificate", Graph.resource("certs/app-cert.pem"));
    cert.put("privateKey", Graph.resource("certs/app-key.pem").replace("\n", "\\n"));
    assertThat(read(cert).certificate()).isPresent();
  }

  @Test
  void theTenantMustNameOneTenantAndTheClientIdBeAGuid() {
    for (String bad : new String[] {"common", "organizations", "consumers"}) {
      Map<String, String> m = minimal();
      m.put("tenant", bad);
      assertThatThrownBy(() -> read(m)).isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("multi-tenant alias");
    }
    Map<String, String> m = minimal();
    m.put("tenant", "contoso/../../evil");
    assertThatThrownBy(() -> read(m))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("tenant:");
    Map<String, String> c = minimal();
    c.put("clientId", "my-app");
    assertThatThrownBy(() -> read(c))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("clientId:")
        .hasMessageContaining("Application (client) ID");
  }

  @Test
  void limitsAreChecked() {
    Map<String, String> page = minimal();
    page.put("pageSize", "1000");
    assertThatThrownBy(() -> read(page)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("pageSize:");
    Map<String, String> version = minimal();
    version.put("apiVersion", "v2.0");
    assertThatThrownBy(() -> read(version)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("apiVersion:");
    Map<String, String> url = minimal();
    url.put("baseUrl", "http://graph.example.net");
    assertThatThrownBy(() -> read(url)).isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("baseUrl:")
        .hasMessageContaining("https://");
    assertThatThrownBy(() -> EntraSettings.builder().tenant("contoso.com").clientId(CLIENT_ID)
            .clientSecret(Secret.of("x")).pageSize(0).build())
        .isInstanceOf(ConfigurationException.class);
  }

  @Test
  void toStringShowsNoSecret() {
    Map<String, String> cert = minimal();
    cert.remove("clientSecret");
    cert.put("certificate", Graph.resource("certs/app-cert.pem"));
    cert.put("privateKey", Graph.resource("certs/app-key.pem"));

    assertThat(read(minimal()).toString()).doesNotContain(CLIENT_SECRET).contains("****");
    assertThat(read(cert).toString()).doesNotContain("PRIVATE KEY");
  }
}
