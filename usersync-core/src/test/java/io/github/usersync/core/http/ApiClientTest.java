package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ConnectionFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.ThrottledException;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private ApiClient client(RetryPolicy retry) {
    return ApiClient.builder("test", URI.create(wm.baseUrl()))
        .tokenProvider(TokenProvider.fixed("SSWS", Secret.of("api-token-123456")))
        .retryPolicy(retry)
        .sleeper(sleeper)
        .build();
  }

  private ApiClient client() {
    return client(RetryPolicy.defaults());
  }

  @Test
  void sendsCredentialsAndParsesJson() {
    wm.stubFor(get("/api/v1/users/u1").willReturn(okJson("{\"id\":\"u1\"}")));

    assertThat(client().json(ApiRequest.get("/api/v1/users/{id}", "u1").build()).path("id").asText())
        .isEqualTo("u1");
    wm.verify(
        getRequestedFor(urlEqualTo("/api/v1/users/u1"))
            .withHeader("Authorization", equalTo("SSWS api-token-123456"))
            .withHeader("Accept", equalTo("application/json")));
  }

  @Test
  void retries429AfterTheSecondsRetryAfterSays() {
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7"))
        .willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
    ApiClient c = client();

    assertThat(c.send(ApiRequest.get("/r").build()).status()).isEqualTo(200);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    assertThat(c.stats().snapshot().throttled()).isEqualTo(1);
    assertThat(c.stats().snapshot().throttleWait()).isEqualTo(Duration.ofSeconds(7));
    assertThat(c.stats().snapshot().requests()).isEqualTo(2);
  }

  @Test
  void retries429AfterTheHttpDateRetryAfterSays() {
    Instant serverNow = Instant.parse("2026-11-23T10:00:00Z");
    DateTimeFormatter f = DateTimeFormatter.RFC_1123_DATE_TIME;
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429)
            .withHeader("Date", f.format(ZonedDateTime.ofInstant(serverNow, ZoneOffset.UTC)))
            .withHeader("Retry-After", f.format(ZonedDateTime.ofInstant(serverNow.plusSeconds(12), ZoneOffset.UTC))))
        .willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));

    client().send(ApiRequest.get("/r").build());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(12));
  }

  @Test
  void retriesAConnectionResetThenSucceeds() {
    // Two resets in a row: the JDK client itself retries an idempotent GET once, so a single reset
    // may never reach usersync's loop; the second one always does.
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
        .willSetStateTo("again"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("again")
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
        .willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
    ApiClient c = client();

    assertThat(c.send(ApiRequest.get("/r").build()).status()).isEqualTo(200);
    assertThat(sleeper.waits).isNotEmpty();
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(c.stats().snapshot().retries()).isEqualTo(sleeper.waits.size());
    wm.verify(3, getRequestedFor(urlEqualTo("/r")));
  }

  @Test
  void retries503WithExponentialBackoffThenSucceeds() {
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("2"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("2")
        .willReturn(aResponse().withStatus(503)).willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));

    assertThat(client().send(ApiRequest.get("/r").build()).status()).isEqualTo(200);
    assertThat(sleeper.waits).hasSize(2);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(sleeper.waits.get(1)).isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
  }

  @Test
  void doesNotRetry400() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(400)
        .withBody("{\"error\":{\"code\":\"invalidRequest\",\"message\":\"bad filter\"}}")));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/r").build()))
        .isExactlyInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 400")
        .hasMessageContaining("invalidRequest: bad filter")
        .satisfies(e -> assertThat(((ApiException) e).retryable()).isFalse());
    wm.verify(1, getRequestedFor(urlEqualTo("/r")));
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void doesNotRetry403AndSaysWhatToFix() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(403)
        .withHeader("X-Okta-Request-Id", "req-42")
        .withBody("{\"errorCode\":\"E0000006\",\"errorSummary\":\"You do not have permission\"}")));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/r").build()))
        .isInstanceOfSatisfying(PermissionDeniedException.class, e -> {
          assertThat(e.status()).isEqualTo(403);
          assertThat(e.errorCode()).contains("E0000006");
          assertThat(e.requestId()).contains("req-42");
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("lack a permission"));
        });
    wm.verify(1, getRequestedFor(urlEqualTo("/r")));
  }

  @Test
  void givesUpAfterTheLastAttemptNamingTheEndpoint() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(aResponse().withStatus(502)));

    assertThatThrownBy(() -> client(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(1)))
            .send(ApiRequest.get("/api/v1/users").query("limit", 200).build()))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.endpoint()).isEqualTo("GET " + wm.baseUrl() + "/api/v1/users");
          assertThat(e.retryable()).isTrue();
        })
        .hasMessageContaining("GET " + wm.baseUrl() + "/api/v1/users")
        .hasMessageContaining("HTTP 502");
    wm.verify(3, getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }

  @Test
  void givesUpOnThrottlingOnlyWhenNothingGotThroughForTheThrottleBudget() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
    // Three attempts for errors, but throttling is not counted in attempts: it is waited out
    // until nothing has got through for the budget (3 s of 1 s waits).
    RetryPolicy retry = RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(1))
        .withThrottleBudget(Duration.ofSeconds(3));

    ApiClient c = ApiClient.builder("test", URI.create(wm.baseUrl()))
        .retryPolicy(retry).sleeper(sleeper).clock(Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC))
        .build();

    assertThatThrownBy(() -> c.send(ApiRequest.get("/r").build()))
        .isInstanceOfSatisfying(ThrottledException.class, e -> {
          assertThat(e.throttled()).isTrue();
          assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
          assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f)
              .contains("no request succeeded for 3 s").contains("throttle budget of 3 s")
              .contains("gave up after 4 attempts"));
        });
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    wm.verify(4, getRequestedFor(urlEqualTo("/r")));
  }

  @Test
  void doesNotWaitPastTheTotalWaitCap() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/r").build()))
        .isInstanceOf(ThrottledException.class);
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void connectionRefusedNamesTheHostPortAndTheFix() throws Exception {
    int freePort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    ApiClient c = ApiClient.builder("entra", URI.create("http://127.0.0.1:" + freePort))
        .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
        .sleeper(sleeper).build();

    assertThatThrownBy(() -> c.send(ApiRequest.get("/token").build()))
        .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
          assertThat(e.problem()).isEqualTo(ConnectionFailedException.Problem.CONNECTION_REFUSED);
          // Nothing listens on a loopback port: the server is not running or the URL is wrong;
          // a proxy setting cannot be the fix.
          assertThat(e.fix()).contains("Is the server running at 127.0.0.1:" + freePort)
              .contains("is the base URL (baseUrl) right?")
              .doesNotContain("proxy");
          assertThat(e.getMessage()).contains("Gave up after 2 attempts");
        });
    assertThat(sleeper.waits).hasSize(1);
  }

  @Test
  void resetOnEveryAttemptSaysTheHostNeedsOutboundHttps() {
    wm.stubFor(post("/tenant/oauth2/v2.0/token").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    ApiClient c = client(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)));

    assertThatThrownBy(() -> c.send(ApiRequest.post("/tenant/oauth2/v2.0/token").idempotent(true).build()))
        .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
          assertThat(e.problem()).isEqualTo(ConnectionFailedException.Problem.CONNECTION_RESET);
          assertThat(e.getMessage())
              .contains("POST " + wm.baseUrl() + "/tenant/oauth2/v2.0/token")
              .contains("was reset")
              .contains("check proxy and firewall settings");
        });
  }

  @Test
  void aRefusedConnectionIsTriedThreeTimesInAll() throws Exception {
    int freePort;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      freePort = s.getLocalPort();
    }
    ApiClient c = ApiClient.builder("okta", URI.create("http://127.0.0.1:" + freePort)).sleeper(sleeper).build();

    assertThatThrownBy(() -> c.send(ApiRequest.get("/r").build())).isInstanceOf(ConnectionFailedException.class);
    assertThat(sleeper.waits).hasSize(2);
  }

  @Test
  void unknownHostSaysToCheckTheNameAndDnsWithoutRetrying() {
    ApiClient c = ApiClient.builder("okta", URI.create("https://no-such-host.invalid")).sleeper(sleeper).build();

    assertThatThrownBy(() -> c.send(ApiRequest.get("/api/v1/users").build()))
        .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
          assertThat(e.problem()).isEqualTo(ConnectionFailedException.Problem.UNKNOWN_HOST);
          assertThat(e.fix()).contains("no-such-host.invalid").contains("DNS");
        });
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void doesNotRetryAPostThatMayHaveReachedTheServer() {
    wm.stubFor(post("/users").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    assertThatThrownBy(() -> client().send(ApiRequest.post("/users").build()))
        .isInstanceOf(ConnectionFailedException.class);
    wm.verify(1, com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/users")));
  }

  @Test
  void returns404AsEmptyWhenAsked() {
    wm.stubFor(get("/users/u1/manager").willReturn(aResponse().withStatus(404)));

    assertThat(client().sendOptional(ApiRequest.get("/users/{id}/manager", "u1").build())).isEmpty();
    assertThatThrownBy(() -> client().send(ApiRequest.get("/users/{id}/manager", "u1").build()))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void malformedJsonIsAClearReadFailure() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(200).withBody("<html>proxy login</html>")));

    assertThatThrownBy(() -> client().json(ApiRequest.get("/r").build()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("not valid JSON")
        .hasMessageContaining("GET " + wm.baseUrl() + "/r");
  }

  @Test
  void encodesPathSegmentsAndQueryValues() {
    wm.stubFor(get(urlPathEqualTo("/users/a%2Fb%3Fc%23d%2B%20e/groups")).willReturn(okJson("[]")));

    client().send(ApiRequest.get("/users/{id}/groups", "a/b?c#d+ e")
        .query("search", "profile.email eq \"x+y@z.com\" & more").build());

    wm.verify(getRequestedFor(urlEqualTo(
        "/users/a%2Fb%3Fc%23d%2B%20e/groups?search=profile.email%20eq%20%22x%2By@z.com%22%20%26%20more")));
  }

  @Test
  void dotSegmentsCannotClimbThePath() {
    assertThat(ApiRequest.get("/users/{id}", "..").build().resolve(URI.create("https://h/api")).toString())
        .isEqualTo("https://h/api/users/%2E%2E");
  }

  @Test
  void refusesToSendCredentialsToAnotherHost() {
    ApiClient c = client();

    assertThatThrownBy(() -> c.send(ApiRequest.get(URI.create("https://evil.example.com/next?page=2")).build()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("credentials are sent only there");
  }

  @Test
  void plainHttpIsRefusedForANonLoopbackHost() {
    assertThatThrownBy(() -> ApiClient.builder("okta", URI.create("http://acme.okta.com")))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("plain http://")
        .hasMessageContaining("acme.okta.com");
    assertThat(ApiClient.builder("okta", URI.create("http://127.0.0.1:8080")).build().baseUri())
        .hasHost("127.0.0.1");
    assertThat(ApiClient.builder("okta", URI.create("http://localhost:8080")).build().baseUri())
        .hasHost("localhost");
  }

  @Test
  void oktaStyleResetHeaderHoldsRequestsUntilTheWindowResets() {
    Instant now = Instant.parse("2026-11-23T10:00:00Z");
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(now, ZoneOffset.UTC));
    wm.stubFor(get("/a").willReturn(okJson("{}")
        .withHeader("Date", date)
        .withHeader("X-Rate-Limit-Remaining", "0")
        .withHeader("X-Rate-Limit-Reset", Long.toString(now.getEpochSecond() + 20))));
    wm.stubFor(get("/b").willReturn(okJson("{}")));
    ApiClient c = ApiClient.builder("okta", URI.create(wm.baseUrl()))
        .rateLimitPolicy(RateLimitPolicy.resetAtEpochSeconds("X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"))
        .clock(Clock.fixed(now, ZoneOffset.UTC))
        .sleeper(sleeper)
        .build();

    c.send(ApiRequest.get("/a").build());
    c.send(ApiRequest.get("/b").build());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(21));
  }

  @Test
  void oneLoginStyleResetHeaderIsSecondsFromNow() {
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("X-RateLimit-Reset", "42"))
        .willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
    ApiClient c = ApiClient.builder("onelogin", URI.create(wm.baseUrl()))
        .rateLimitPolicy(RateLimitPolicy.resetInSeconds("X-RateLimit-Remaining", "X-RateLimit-Reset"))
        .sleeper(sleeper)
        .build();

    c.send(ApiRequest.get("/r").build());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(42));
  }

  @Test
  void aProviderParserCanTurnA403IntoThrottling() {
    wm.stubFor(get("/users").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withStatus(403).withBody(
            "{\"error\":{\"code\":403,\"message\":\"Rate\",\"errors\":[{\"reason\":\"userRateLimitExceeded\"}]}}"))
        .willSetStateTo("ok"));
    wm.stubFor(get("/users").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
    ApiClient c = ApiClient.builder("google", URI.create(wm.baseUrl()))
        .errorParser((req, resp) -> {
          ApiError e = ApiErrorParser.standard().parse(req, resp);
          return e.code().map(code -> code.equals("userRateLimitExceeded")).orElse(false)
              ? e.withKind(ApiError.Kind.THROTTLED) : e;
        })
        .sleeper(sleeper)
        .build();

    assertThat(c.send(ApiRequest.get("/users").build()).status()).isEqualTo(200);
    assertThat(c.stats().snapshot().throttled()).isEqualTo(1);
  }

  @Test
  void boundsRequestsInFlight() throws Exception {
    wm.stubFor(get("/slow").willReturn(okJson("{}").withFixedDelay(200)));
    ApiClient c = ApiClient.builder("test", URI.create(wm.baseUrl())).maxConcurrentRequests(2).build();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      long start = System.nanoTime();
      java.util.List<java.util.concurrent.Future<ApiResponse>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        fs.add(pool.submit(() -> c.send(ApiRequest.get("/slow").build())));
      }
      for (java.util.concurrent.Future<ApiResponse> f : fs) {
        f.get();
      }
      // 6 requests, 2 at a time, 200 ms each: at least 3 rounds.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(590));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void authenticationFailureWithAFixedTokenSaysToCheckTheCredential() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(401)
        .withBody("{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\"}")));

    assertThatThrownBy(() -> client().send(ApiRequest.get("/r").build()))
        .isInstanceOfSatisfying(AuthenticationFailedException.class, e ->
            assertThat(e.fix()).hasValueSatisfying(f -> assertThat(f).contains("check the secret, token or key")));
    // a fixed token cannot be refreshed, so the 401 is not retried
    wm.verify(1, getRequestedFor(urlEqualTo("/r")));
  }

  @Test
  void optionalIsEmptyOnlyFor404() {
    wm.stubFor(get("/x").willReturn(okJson("{\"a\":1}")));
    Optional<ApiResponse> r = client().sendOptional(ApiRequest.get("/x").build());
    assertThat(r).isPresent();
  }
}
