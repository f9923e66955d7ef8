package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

class SecretsNeverLeakTest {
  private static final String CLIENT_SECRET = "cs-Zq8~very.secret.value";
  private static final String ACCESS_TOKEN = "eyJ0eXAi.access.token.value";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").templatingEnabled(true))
          .build();

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  private Level previous = Level.WARN;

  @BeforeEach
  void captureLogs() {
    previous = root.getLevel();
    root.setLevel(Level.DEBUG);
    logs.start();
    root.addAppender(logs);
  }

  @AfterEach
  void stopCapturing() {
    root.detachAppender(logs);
    root.setLevel(previous);
  }

  private String everythingLogged() {
    return logs.list.stream()
        .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : e.getThrowableProxy().getMessage()))
        .collect(Collectors.joining("\n"));
  }

  @Test
  void secretIsRedactedInToString() {
    assertThat(Secret.of(CLIENT_SECRET).toString()).isEqualTo("****");
    assertThat(Settings.of(Map.of("clientSecret", CLIENT_SECRET)).toString())
        .isEqualTo("Settings[clientSecret]")
        .doesNotContain(CLIENT_SECRET);
    assertThat(TokenProvider.fixed("SSWS", Secret.of(CLIENT_SECRET)).toString()).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void noSecretInMessagesOrLogsAcrossRetriesRefreshAndFailure() {
    wm.stubFor(post("/token").willReturn(okJson(
        "{\"access_token\":\"" + ACCESS_TOKEN + "\",\"expires_in\":3600}")));
    wm.stubFor(get("/users").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("2"));
    wm.stubFor(get("/users").inScenario("s").whenScenarioStateIs("2")
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "0")).willSetStateTo("3"));
    wm.stubFor(get("/users").inScenario("s").whenScenarioStateIs("3")
        .willReturn(aResponse().withStatus(401)).willSetStateTo("4"));
    // A badly behaved API that echoes credentials in its error message.
    wm.stubFor(get("/users").inScenario("s").whenScenarioStateIs("4")
        .willReturn(aResponse().withStatus(400).withBody(
            "{\"error\":{\"code\":\"bad\",\"message\":\"token " + ACCESS_TOKEN + " and secret " + CLIENT_SECRET + "\"}}")));

    Secret secret = Secret.of(CLIENT_SECRET);
    ApiClient tokenClient = ApiClient.builder("entra", URI.create(wm.baseUrl())).build();
    OAuth2TokenProvider tokens = OAuth2TokenProvider.builder(tokenClient, URI.create(wm.baseUrl() + "/token"))
        .clientCredentials("client", secret).build();
    ApiClient api = ApiClient.builder("entra", URI.create(wm.baseUrl()))
        .tokenProvider(tokens)
        .redact(secret)
        .retryPolicy(RetryPolicy.of(5, Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofSeconds(5)))
        .build();

    Throwable failure = catchThrowable(() -> api.send(ApiRequest.get("/users").build()));

    assertThat(failure).isNotNull();
    assertThat(failure.getMessage()).contains("HTTP 400").doesNotContain(CLIENT_SECRET);
    assertThat(String.valueOf(failure)).doesNotContain(CLIENT_SECRET);
    assertThat(api.toString() + tokens + tokenClient).doesNotContain(CLIENT_SECRET).doesNotContain(ACCESS_TOKEN);
    assertThat(logs.list).isNotEmpty();
    assertThat(everythingLogged()).doesNotContain(CLIENT_SECRET).doesNotContain(ACCESS_TOKEN);
  }

  @Test
  void tokenEchoedByTheApiIsMaskedWhenRegistered() {
    wm.stubFor(get("/users").willReturn(aResponse().withStatus(400).withBody(
        "{\"message\":\"bad token SSWS " + CLIENT_SECRET + "\"}")));
    Secret token = Secret.of(CLIENT_SECRET);
    ApiClient api = ApiClient.builder("okta", URI.create(wm.baseUrl()))
        .tokenProvider(TokenProvider.fixed("SSWS", token))
        .redact(token)
        .build();

    Throwable failure = catchThrowable(() -> api.send(ApiRequest.get("/users").build()));

    // The whole Authorization value is a credential, the scheme included.
    assertThat(failure.getMessage()).contains("bad token ****").doesNotContain(CLIENT_SECRET);
    assertThat(everythingLogged()).doesNotContain(CLIENT_SECRET);
  }

  // Issue 19, problem 3: what a server echoes back, in whatever encoding, never reaches a message.

  private static final String REFRESH_TOKEN = "1//0gRefresh-Token_with/slashes+and=signs";
  private static final String BEARER = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAifQ.c2lnbmF0dXJl";

  /** An answer that echoes the request line, the Authorization header and the body, as some servers do. */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder echo(int status) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
        .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"you sent {{request.method}} {{request.path}}"
            + "\\nAuthorization: {{{request.headers.Authorization}}}\\n\\n{{{request.body}}}\"}")
        .withTransformers("response-template");
  }

  @Test
  void aTokenEndpointEchoingTheFormDoesNotLeakTheUrlEncodedRefreshToken() {
    {
      var server = wm;
      wm.stubFor(post("/token").willReturn(echo(400)));
      Secret refresh = Secret.of(REFRESH_TOKEN);
      Secret clientSecret = Secret.of(CLIENT_SECRET);
      ApiClient tokenClient = ApiClient.builder("google", URI.create(server.baseUrl()))
          .redact(refresh, clientSecret).build();
      OAuth2TokenProvider tokens = OAuth2TokenProvider.builder(tokenClient, URI.create(server.baseUrl() + "/token"))
          .grantType("refresh_token").param("client_id", "cid.apps.googleusercontent.com")
          .secretParam("client_secret", clientSecret).secretParam("refresh_token", refresh).build();

      Throwable failure = catchThrowable(tokens::authorization);

      assertThat(failure).hasMessageContaining("you sent POST /token");
      assertThat(failure.getMessage())
          .contains("refresh_token=****")
          .doesNotContain(REFRESH_TOKEN)
          .doesNotContain("1%2F%2F0gRefresh")
          .doesNotContain(Urls.encodeFormComponent(CLIENT_SECRET))
          .doesNotContain(CLIENT_SECRET);
      assertThat(everythingLogged()).doesNotContain("1%2F%2F0gRefresh").doesNotContain(REFRESH_TOKEN);
    }
  }

  @Test
  void anApiEchoingTheRuntimeBearerTokenIn403And500AnswersDoesNotLeakIt() {
    {
      var server = wm;
      wm.stubFor(post("/token").willReturn(okJson(
          "{\"access_token\":\"" + BEARER + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}")));
      wm.stubFor(get("/v1.0/users").willReturn(echo(403)));
      wm.stubFor(get("/v1.0/groups").willReturn(echo(500)));
      Secret clientSecret = Secret.of(CLIENT_SECRET);
      ApiClient api = ApiClient.builder("entra", URI.create(server.baseUrl()))
          .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
          .redact(clientSecret).build();
      OAuth2TokenProvider tokens = OAuth2TokenProvider.builder(api, URI.create(server.baseUrl() + "/token"))
          .clientCredentials("client-id", clientSecret).build();
      ApiClient graph = ApiClient.builder("entra", URI.create(server.baseUrl()))
          .tokenProvider(tokens).stats(api.stats())
          .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
          .build();

      for (String path : new String[] {"/v1.0/users", "/v1.0/groups"}) {
        Throwable failure = catchThrowable(() -> graph.send(ApiRequest.get(path).build()));
        assertThat(failure).hasMessageContaining("you sent GET " + path);
        assertThat(failure.getMessage()).contains("Authorization: ****")
            .doesNotContain(BEARER).doesNotContain("eyJ0eXAiOiJKV1Qi");
        assertThat(String.valueOf(failure.getCause())).doesNotContain(BEARER);
      }
      assertThat(everythingLogged()).doesNotContain(BEARER);
    }
  }
}
