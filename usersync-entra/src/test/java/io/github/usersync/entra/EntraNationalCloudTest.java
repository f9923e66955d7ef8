package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.CLIENT_ID;
import static io.github.usersync.entra.Graph.CLIENT_SECRET;
import static io.github.usersync.entra.Graph.TOKEN_PATH;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EntraNationalCloudTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @ParameterizedTest
  @CsvSource({
    "GLOBAL,     login.microsoftonline.com, graph.microsoft.com",
    "US_GOV,     login.microsoftonline.us,  graph.microsoft.us",
    "US_GOV_DOD, login.microsoftonline.us,  dod-graph.microsoft.us",
    "CHINA,      login.chinacloudapi.cn,    microsoftgraph.chinacloudapi.cn"
  })
  void eachCloudSendsTheTokenRequestAndGraphCallsToItsOwnHosts(EntraCloud cloud, String login, String graph) {
    RecordingHttpClient http = new RecordingHttpClient(uri -> uri.getPath().endsWith("/token")
        ? Graph.FIXTURES.json("token", "ok")
        : Graph.FIXTURES.json("users", "page3"));
    EntraDirectory d = EntraDirectory.create(EntraSettings.builder()
        .tenant("contoso.onmicrosoft.us")
        .clientId(CLIENT_ID)
        .clientSecret(Secret.of(CLIENT_SECRET))
        .cloud(cloud)
        .build(), ConnectorOptions.builder().httpClient(http).build());

    assertThat(d.users(UserQuery.standard()).count()).isEqualTo(2);

    assertThat(http.sent).hasSize(2);
    assertThat(http.sent.get(0).method).isEqualTo("POST");
    assertThat(http.sent.get(0).uri)
        .hasToString("https://" + login + "/contoso.onmicrosoft.us/oauth2/v2.0/token");
    assertThat(URLDecoder.decode(http.sent.get(0).body, StandardCharsets.UTF_8))
        .contains("scope=https://" + graph + "/.default");
    assertThat(http.sent.get(1).method).isEqualTo("GET");
    assertThat(http.sent.get(1).uri.getScheme() + "://" + http.sent.get(1).uri.getHost()
        + http.sent.get(1).uri.getPath()).isEqualTo("https://" + graph + "/v1.0/users");
  }

  @Test
  void overridesMoveTheHostsButKeepTheCloudsScopeAndBetaChangesThePath() {
    Graph.stubToken(wm);
    wm.stubFor(get(urlPathEqualTo("/beta/users")).willReturn(ok("users", "page3", wm)));
    EntraDirectory d = Graph.open(Graph.settings(wm)
        .cloud(EntraCloud.US_GOV)
        .apiVersion("beta")
        .build());

    assertThat(d.users(UserQuery.standard()).count()).isEqualTo(2);

    wm.verify(postRequestedFor(urlPathEqualTo(TOKEN_PATH))
        .withFormParam("scope", equalTo("https://graph.microsoft.us/.default")));
    wm.verify(getRequestedFor(urlPathEqualTo("/beta/users")));
  }
}
