package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 19, problem 4: a connection check probes with the client's probe retry policy (one retry
 * at most), not a run's patience, so a check against a server that answers every call with 500
 * ends in seconds. Counted as the server saw them.
 */
class ProbeRetryTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final RecordingSleeper sleeper = new RecordingSleeper();

  private ApiClient client(ConnectorOptions options) {
    return options.apiClient("test", URI.create(wm.baseUrl())).build();
  }

  private ConnectorOptions options() {
    return ConnectorOptions.builder().sleeper(sleeper).build();
  }

  @Test
  void aProbeOfAServerThatAlwaysAnswers500IsSentTwiceWhereARunTriesSixTimes() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500)));
    ApiClient c = client(options());
    ApiRequest r = ApiRequest.get("/r").build();

    ConnectionReport report = ConnectionChecks.forProvider("test").check("read r", c.describe(r), () -> c.send(r)).report();

    assertThat(report.ok()).isFalse();
    assertThat(report.checks().get(0).status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(report.checks().get(0).problem()).hasValueSatisfying(p -> assertThat(p).contains("HTTP 500"));
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
    assertThat(sleeper.waits).hasSize(1);
    assertThat(sleeper.waits.get(0)).isLessThanOrEqualTo(Duration.ofSeconds(1));

    // Outside a probe the same client keeps a run's limits: six attempts.
    wm.resetRequests();
    assertThatThrownBy(() -> c.send(r)).isInstanceOf(ApiException.class);
    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(6);
  }

  @Test
  void aProbeRetriesAThrottledCallOnceAtMost() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1")));
    ApiClient c = client(options());
    ApiRequest r = ApiRequest.get("/r").build();

    assertThatThrownBy(() -> ConnectionChecks.probe(() -> c.send(r))).isInstanceOf(ApiException.class);

    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(2);
  }

  @Test
  void theProbePolicyIsAnOptionOfTheConnector() {
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(503)));
    ApiClient c = client(ConnectorOptions.builder().sleeper(sleeper).probeRetryPolicy(RetryPolicy.none()).build());
    ApiRequest r = ApiRequest.get("/r").build();

    assertThatThrownBy(() -> ConnectionChecks.probe(() -> c.send(r))).isInstanceOf(ApiException.class);

    assertThat(wm.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
  }
}
