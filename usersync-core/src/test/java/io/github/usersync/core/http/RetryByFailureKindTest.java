package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Retries fit the failure (issue 19, problem 1): a 429 waits for what the provider advertises; a
 * 5xx backs off exponentially even when the answer carries a rate-limit reset; the reset holds
 * requests only when the budget is spent. Wire formats: Okta sends {@code X-Rate-Limit-Limit},
 * {@code -Remaining} and {@code -Reset} (UTC epoch seconds) on every answer ("Rate limit best
 * practices", developer.okta.com/docs/reference/rl-best-practices); OneLogin's {@code
 * X-RateLimit-Reset} counts the seconds left in its hourly window
 * (developers.onelogin.com/api-docs/2/oauth20-tokens/get-rate-limit).
 */
class RetryByFailureKindTest {
  private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
  private static final String DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(NOW, ZoneOffset.UTC));

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private ApiClient okta() {
    return ApiClient.builder("okta", URI.create(wm.baseUrl()))
        .rateLimitPolicy(RateLimitPolicy.resetAtEpochSeconds("X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .sleeper(sleeper)
        .build();
  }

  private static ResponseDefinitionBuilder okta(ResponseDefinitionBuilder r, int remaining) {
    return r.withHeader("Date", DATE)
        .withHeader("X-Rate-Limit-Limit", "600")
        .withHeader("X-Rate-Limit-Remaining", Integer.toString(remaining))
        .withHeader("X-Rate-Limit-Reset", Long.toString(NOW.getEpochSecond() + 60));
  }

  private void failOnceThenOk(ResponseDefinitionBuilder first) {
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED).willReturn(first).willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
  }

  @Test
  void anOkta500BacksOffInsteadOfWaitingForTheRateLimitWindow() {
    failOnceThenOk(okta(aResponse().withStatus(500), 598));
    ApiClient c = okta();

    assertThat(c.send(ApiRequest.get("/r").build()).status()).isEqualTo(200);

    // Exponential backoff from 500 ms with jitter, not the 61 s to the window's reset.
    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(c.stats().snapshot().throttleWait()).isZero();
    assertThat(c.stats().snapshot().throttled()).isZero();
  }

  @Test
  void aOneLogin500IsRetriedThoughItsWindowEndsInAnHour() {
    failOnceThenOk(aResponse().withStatus(500)
        .withHeader("X-RateLimit-Limit", "5000")
        .withHeader("X-RateLimit-Remaining", "4000")
        .withHeader("X-RateLimit-Reset", "3400"));
    ApiClient c = ApiClient.builder("onelogin", URI.create(wm.baseUrl()))
        .rateLimitPolicy(RateLimitPolicy.resetInSeconds("X-RateLimit-Remaining", "X-RateLimit-Reset"))
        .sleeper(sleeper)
        .build();

    assertThat(c.send(ApiRequest.get("/r").build()).status()).isEqualTo(200);
    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isLessThanOrEqualTo(Duration.ofMillis(500));
  }

  @Test
  void anOkta429WaitsUntilTheAdvertisedReset() {
    failOnceThenOk(okta(aResponse().withStatus(429).withBody(
        "{\"errorCode\":\"E0000047\",\"errorSummary\":\"API call exceeded rate limit due to too many requests.\"}"), 0));
    ApiClient c = okta();

    assertThat(c.send(ApiRequest.get("/r").build()).status()).isEqualTo(200);

    // The reset is 60 s after the server's Date, plus the second the reset itself may still be in.
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(61));
    assertThat(c.stats().snapshot().throttled()).isEqualTo(1);
    assertThat(c.stats().snapshot().throttleWait()).isEqualTo(Duration.ofSeconds(61));
  }

  @Test
  void a503WithRetryAfterIsThrottlingAndWaitsTheAdvertisedTime() {
    failOnceThenOk(aResponse().withStatus(503).withHeader("Retry-After", "9"));
    ApiClient c = ApiClient.builder("entra", URI.create(wm.baseUrl())).sleeper(sleeper).build();

    c.send(ApiRequest.get("/r").build());

    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(9));
    assertThat(c.stats().snapshot().throttled()).isEqualTo(1);
  }

  @Test
  void a500ThatSaysTheBudgetIsSpentHoldsUntilTheReset() {
    failOnceThenOk(okta(aResponse().withStatus(500), 0));
    ApiClient c = okta();

    c.send(ApiRequest.get("/r").build());

    // The backoff, then the rest of the hold the spent budget asked for.
    assertThat(sleeper.total()).isEqualTo(Duration.ofSeconds(61));
  }

  @Test
  void givingUpIsSaidOnceWithTheReasonAndNoLogPromisesMoreAttempts() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(502)));
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    Logger log = (Logger) LoggerFactory.getLogger(ApiClient.class);
    logs.start();
    log.addAppender(logs);
    try {
      ApiClient c = ApiClient.builder("okta", URI.create(wm.baseUrl()))
          .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(1)))
          .sleeper(sleeper).build();

      assertThatThrownBy(() -> c.send(ApiRequest.get("/r").build()))
          .isInstanceOf(ApiException.class)
          .hasMessageContaining("HTTP 502")
          .hasMessageContaining("Gave up after 3 attempts: that is the most made for this kind of failure");
    } finally {
      log.detachAppender(logs);
    }
    wm.verify(3, getRequestedFor(urlEqualTo("/r")));
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .hasSize(2)
        .allSatisfy(m -> assertThat(m).containsPattern("retrying in \\d+ ms \\(retry \\d\\)")
            .doesNotContainPattern("attempt \\d+ of \\d+"));
  }

  @Test
  void aWaitPastTheRetryWaitLimitEndsTheRetriesAndSaysSo() {
    wm.stubFor(get("/r").willReturn(aResponse().withStatus(500)));
    ApiClient c = ApiClient.builder("okta", URI.create(wm.baseUrl()))
        .retryPolicy(RetryPolicy.of(6, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .sleeper(sleeper).build();

    // Each backoff is 0.5 to 1 s: the first fits the 1 s limit, a second does not.
    assertThatThrownBy(() -> c.send(ApiRequest.get("/r").build()))
        .hasMessageContaining("Gave up after 2 attempts: the next wait would pass the retry wait limit of 1 s");
  }
}
