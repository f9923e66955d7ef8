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
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
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
}
