package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shapes every connector repeated, now owned by the toolkit: options, settings, 404 pages, probes. */
class ConnectorShapesTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(SharedKeys.baseUrl(true, "The server."))
          .pageSize(50, 100, "users")
          .maxConcurrentRequests(2, 8, "The server is small.")
          .build();

  private ApiClient client(ConnectorOptions options) {
    ConnectionSettings s = SHARED.read(Settings.empty(), SHARED.keys());
    return options.apiClient("test", URI.create(wm.baseUrl())).settings(s).build();
  }

  @Test
  void aMissingObjectOnTheFirstPageIsEmptyButVanishingMidReadIsAnError() {
    wm.stubFor(get(urlPathEqualTo("/groups/gone/members")).willReturn(notFound()));
    wm.stubFor(get(urlPathEqualTo("/groups/g1/members")).withQueryParam("cursor", WireMock.absent())
        .willReturn(okJson("{\"items\":[{\"id\":\"u1\"}],\"next\":\"c2\"}")));
    wm.stubFor(get(urlPathEqualTo("/groups/g1/members")).withQueryParam("cursor", WireMock.equalTo("c2"))
        .willReturn(notFound()));
    ApiClient api = client(ConnectorOptions.builder().sleeper(d -> {}).build());
    PageReader<String> reader = Paging.tokenInBody("items", "next", "cursor", n -> n.path("id").asText());

    assertThat(Paging.streamOrEmpty(api, ApiRequest.get("/groups/{id}/members", "gone").build(), reader)).isEmpty();
    assertThatThrownBy(() -> Paging.streamOrEmpty(api, ApiRequest.get("/groups/{id}/members", "g1").build(), reader)
            .collect(Collectors.toList()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("answered 404 part-way through the pages");
  }

  @Test
  void aListingHandsTheFirstIdToTheProbesAfterItElseThePlaceholder() {
    wm.stubFor(get(urlPathEqualTo("/users")).willReturn(okJson("[{\"id\":\"u7\"}]")));
    wm.stubFor(get(urlPathEqualTo("/groups")).willReturn(okJson("[]")));
    ApiClient api = client(ConnectorOptions.defaults());
    ConnectionChecks checks = ConnectionChecks.forProvider("test");

    String user = checks.listing("list users", "GET /users",
        () -> Optional.of(api.json(ApiRequest.get("/users").build()).path(0).path("id").asText()), "none");
    String group = checks.listing("list groups", "GET /groups",
        () -> Optional.ofNullable(api.json(ApiRequest.get("/groups").build()).path(0).path("id").textValue()), "none");

    assertThat(user).isEqualTo("u7");
    assertThat(group).isEqualTo("none");
    assertThat(checks.report().checks()).extracting(EndpointCheck::name).containsExactly("list users", "list groups");
    assertThat(checks.report().ok()).isTrue();
  }

  @Test
  void aFailedListingLeavesThePlaceholderAndSaysWhy() {
    wm.stubFor(get(urlPathEqualTo("/users")).willReturn(WireMock.forbidden()));
    ApiClient api = client(ConnectorOptions.builder().sleeper(d -> {}).build());
    ConnectionChecks checks = ConnectionChecks.forProvider("test");

    String user = checks.listing("list users", "GET /users",
        () -> Optional.of(api.json(ApiRequest.get("/users").build()).path(0).path("id").asText()), "none");

    assertThat(user).isEqualTo("none");
    assertThat(checks.report().checks().get(0).httpStatus()).hasValue(403);
  }

  @Test
  void theOptionsCarryTheHostsClientAndTheSettingsTheProxyButNotBoth() {
    Settings withProxy = Settings.of(Map.of("proxy", "proxy.example.com:3128"));
    ConnectionSettings s = SHARED.read(withProxy, SHARED.keys());
    HttpClient host = HttpClient.newHttpClient();

    assertThatThrownBy(() -> ConnectorOptions.builder().httpClient(host).build()
            .apiClient("test", URI.create(wm.baseUrl())).settings(s).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("proxy: is set, but the host passes its own HttpClient");
    assertThat(ConnectorOptions.defaults().apiClient("test", URI.create(wm.baseUrl())).settings(s).build())
        .isNotNull();
  }

  @Test
  void theHostsRetryPolicyIsUsed() {
    wm.stubFor(get(urlPathEqualTo("/users")).willReturn(WireMock.serverError()));
    ApiClient api = client(ConnectorOptions.builder().retryPolicy(RetryPolicy.none()).sleeper(d -> {}).build());

    assertThatThrownBy(() -> api.send(ApiRequest.get("/users").build())).isInstanceOf(ApiException.class);
    wm.verify(1, getRequestedFor(urlPathEqualTo("/users")));
  }

  @Test
  void sharedKeysAreDocumentedReadAndCheckedTheSameWayForEveryConnector() {
    List<String> names = SHARED.keys(SettingKey.optional("realm", "A realm.")).stream()
        .map(SettingKey::name).collect(Collectors.toList());
    assertThat(names).containsExactly("baseUrl", "realm", "pageSize", "maxConcurrentRequests", "requestTimeout", "proxy");
    assertThat(SHARED.pageSize().description()).isEqualTo("Users asked for per page, 1 to 100.");
    assertThat(SHARED.pageSize().defaultValue()).contains("50");
    assertThat(SHARED.maxConcurrentRequests().description())
        .isEqualTo("Requests in flight at once, 1 to 8. The server is small.");
    assertThat(SHARED.baseUrl().orElseThrow().description()).contains("https:// only");

    ConnectionSettings read = SHARED.read(Settings.of(Map.of("pageSize", "100", "requestTimeout", "30s",
        "proxy", "http://[::1]:8080")), SHARED.keys());
    assertThat(read.pageSize()).isEqualTo(100);
    assertThat(read.maxConcurrentRequests()).isEqualTo(2);
    assertThat(read.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(read.proxy()).hasValueSatisfying(p -> {
      assertThat(p.getHostString()).isEqualTo("::1");
      assertThat(p.getPort()).isEqualTo(8080);
    });

    assertThatThrownBy(() -> SHARED.read(Settings.of(Map.of("pageSize", "101")), SHARED.keys()))
        .hasMessageStartingWith("pageSize: must be between 1 and 100");
    assertThatThrownBy(() -> SHARED.read(Settings.of(Map.of("proxy", "proxy.example.com")), SHARED.keys()))
        .hasMessageStartingWith("proxy: must be host:port");
    assertThatThrownBy(() -> SHARED.read(Settings.of(Map.of("pagesize", "10")), SHARED.keys()))
        .hasMessageStartingWith("pagesize: is not a known setting (did you mean 'pageSize'?)");
    assertThatThrownBy(() -> SHARED.check(SHARED.read(Settings.of(Map.of("requestTimeout", "0s")), SHARED.keys())))
        .hasMessageStartingWith("requestTimeout: must be longer than zero");
  }

  @Test
  void urlSettingsAreCheckedAndTrimmedAlike() {
    SettingKey key = SHARED.baseUrl().orElseThrow();
    assertThat(SharedKeys.checkUrl(key, URI.create("https://sso.example.com/auth//")))
        .isEqualTo(URI.create("https://sso.example.com/auth"));
    assertThat(SharedKeys.checkUrl(key, URI.create("http://127.0.0.1:8080"))).isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThatThrownBy(() -> SharedKeys.checkUrl(key, URI.create("http://sso.example.com")))
        .hasMessageStartingWith("baseUrl: uses plain http://");
    assertThatThrownBy(() -> SharedKeys.checkUrl(key, URI.create("https://sso.example.com/?x=1")))
        .hasMessageStartingWith("baseUrl: must not have a query or fragment");
  }

  @Test
  void aCursorAnotherProviderTookIsExpiredSoTheEngineRunsAFullSync() {
    ChangeCursor okta = ChangeCursor.of("okta", "2024-01-01T00:00:00Z", java.time.Instant.EPOCH);

    assertThat(okta.valueFor("okta")).isEqualTo("2024-01-01T00:00:00Z");
    assertThatThrownBy(() -> okta.valueFor("entra"))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageStartingWith("entra: the change cursor was taken by provider 'okta', not entra")
        .hasMessageContaining("Run a full sync");
  }

  @Test
  void aReportWithoutChecksSaysThereWasNothingToProbe() {
    assertThat(ConnectionReport.builder().provider("memory").build().toText())
        .isEqualTo("Connection check for memory: nothing to probe\n");
  }
}
