package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.testing.MovableClock;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OAuth2TokenProviderTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();


  private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T10:00:00Z"));

  private static void tokenEndpointAnswers(String... tokens) {
    String state = STARTED;
    for (int i = 0; i < tokens.length; i++) {
      String next = "t" + (i + 1);
      wm.stubFor(post("/oauth2/token").inScenario("tokens").whenScenarioStateIs(state)
          .willReturn(okJson("{\"access_token\":\"" + tokens[i] + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
              .withFixedDelay(150))
          .willSetStateTo(next));
      state = next;
    }
  }

  private OAuth2TokenProvider provider(ApiClient client) {
    return OAuth2TokenProvider.builder(client, URI.create(wm.baseUrl() + "/oauth2/token"))
        .clientCredentials("client-1", Secret.of("s3cret-value"))
        .scope("https://graph.microsoft.com/.default")
        .clock(clock)
        .build();
  }

  private ApiClient plainClient() {
    return ApiClient.builder("entra", URI.create(wm.baseUrl())).build();
  }

  @Test
  void postsTheClientCredentialsGrantAndCachesTheToken() {
    tokenEndpointAnswers("tok-A");
    OAuth2TokenProvider p = provider(plainClient());

    assertThat(p.authorization()).isEqualTo("Bearer tok-A");
    assertThat(p.authorization()).isEqualTo("Bearer tok-A");

    assertThat(p.fetchCount()).isEqualTo(1);
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth2/token"))
        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
        .withRequestBody(equalTo("grant_type=client_credentials&client_id=client-1"
            + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default&client_secret=s3cret-value")));
  }

  @Test
  void neverFetchesTwiceAtOnce() throws Exception {
    tokenEndpointAnswers("tok-A", "tok-B");
    OAuth2TokenProvider p = provider(plainClient());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(pool.submit(() -> {
          go.await();
          return p.authorization();
        }));
      }
      go.countDown();
      for (Future<String> f : results) {
        assertThat(f.get()).isEqualTo("Bearer tok-A");
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(p.fetchCount()).isEqualTo(1);
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth2/token")));
  }

  @Test
  void refreshesAfterExpiryMinusTheSkew() {
    tokenEndpointAnswers("tok-A", "tok-B");
    OAuth2TokenProvider p = provider(plainClient());

    assertThat(p.authorization()).isEqualTo("Bearer tok-A");
    clock.advance(Duration.ofSeconds(3600 - 61));
    assertThat(p.authorization()).isEqualTo("Bearer tok-A");
    clock.advance(Duration.ofSeconds(2));
    assertThat(p.authorization()).isEqualTo("Bearer tok-B");
    assertThat(p.fetchCount()).isEqualTo(2);
  }

  @Test
  void refreshesOnceAfterA401AndRetriesTheCall() {
    tokenEndpointAnswers("tok-A", "tok-B");
    wm.stubFor(get("/v1.0/users").withHeader("Authorization", equalTo("Bearer tok-A"))
        .willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"code\":\"InvalidAuthenticationToken\",\"message\":\"expired\"}}")));
    wm.stubFor(get("/v1.0/users").withHeader("Authorization", equalTo("Bearer tok-B"))
        .willReturn(okJson("{\"value\":[]}")));
    ApiClient tokenClient = plainClient();
    OAuth2TokenProvider p = provider(tokenClient);
    ApiClient api = ApiClient.builder("entra", URI.create(wm.baseUrl())).tokenProvider(p).build();

    p.authorization(); // tok-A cached, and still "valid" by its expiry
    assertThat(api.send(ApiRequest.get("/v1.0/users").build()).status()).isEqualTo(200);

    assertThat(p.fetchCount()).isEqualTo(2);
    wm.verify(2, getRequestedFor(urlEqualTo("/v1.0/users")));
  }

  @Test
  void aSecondConsecutive401IsAnAuthenticationFailure() {
    tokenEndpointAnswers("tok-A", "tok-B", "tok-C");
    wm.stubFor(get("/v1.0/users").willReturn(aResponse().withStatus(401)));
    OAuth2TokenProvider p = provider(plainClient());
    ApiClient api = ApiClient.builder("entra", URI.create(wm.baseUrl())).tokenProvider(p).build();

    assertThatThrownBy(() -> api.send(ApiRequest.get("/v1.0/users").build()))
        .isInstanceOf(AuthenticationFailedException.class);
    assertThat(p.fetchCount()).isEqualTo(2);
  }

  @Test
  void rejectedClientCredentialsSayWhatToCheckWithoutTheSecret() {
    wm.stubFor(post("/oauth2/token").willReturn(aResponse().withStatus(401).withBody(
        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret provided.\"}")));
    OAuth2TokenProvider p = provider(plainClient());

    assertThatThrownBy(p::authorization)
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e -> {
          assertThat(e.errorCode()).contains("invalid_client");
          assertThat(e.getMessage())
              .contains("POST " + wm.baseUrl() + "/oauth2/token")
              .contains("AADSTS7000215")
              .contains("check the client id and the secret")
              .doesNotContain("s3cret-value");
        });
  }

  @Test
  void basicAuthAndDynamicAssertionParameters() {
    tokenEndpointAnswers("tok-A");
    OAuth2TokenProvider p = OAuth2TokenProvider.builder(plainClient(), URI.create(wm.baseUrl() + "/oauth2/token"))
        .grantType("client_credentials")
        .basicAuth("id", Secret.of("pw"))
        .dynamicParams(() -> java.util.Map.of("client_assertion", "signed-" + clock.instant().getEpochSecond()))
        .clock(clock)
        .build();

    p.authorization();

    wm.verify(postRequestedFor(urlEqualTo("/oauth2/token"))
        .withHeader("Authorization", equalTo("Basic aWQ6cHc="))
        .withRequestBody(containing("client_assertion=signed-")));
  }
}
