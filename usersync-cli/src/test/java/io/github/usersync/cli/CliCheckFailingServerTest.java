package io.github.usersync.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 19, problem 4: against a Graph that answered every call with 500, {@code check} ran more
 * than 2 minutes. Probes retry once at most, so every call is sent twice (the token, which
 * answers, once), whatever the run's retry limits; the time is measured and printed, not asserted.
 */
class CliCheckFailingServerTest {
  private static final String TENANT = "8f1e6a4c-2b7d-4e59-9c3a-1d0f5b7e2a61";

  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @TempDir Path dir;

  @Test
  void checkAgainstAServerThatAlwaysAnswers500SendsEachProbeTwiceAndEnds() throws IOException {
    // Entra's token endpoint answers (so every Graph probe is made); every other call, Graph's and
    // Jira's, answers 500.
    wm.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));
    wm.stubFor(post(urlPathMatching("/.*/oauth2/v2.0/token"))
        .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ0eXAi.probe.token\"}")));
    Path cfg = dir.resolve("usersync.yaml");
    Files.writeString(cfg, String.join("\n",
        "name: failing",
        "source:",
        "  provider: entra",
        "  settings:",
        "    tenant: " + TENANT,
        "    clientId: 5b1f6c2e-1d7a-4c4e-9a3b-6f0d2c8e7a41",
        "    clientSecret: demo-secret",
        "    loginBaseUrl: " + wm.baseUrl(),
        "    baseUrl: " + wm.baseUrl(),
        "target:",
        "  type: jira",
        "  settings:",
        "    baseUrl: " + wm.baseUrl(),
        "    token: jira-token",
        "    crowdApplicationName: usersync",
        "    crowdApplicationPassword: app-secret",
        ""));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));

    long start = System.nanoTime();
    int code = cli.run("check", "--config", cfg.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;

    String said = out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    assertThat(code).as(said).isEqualTo(3);
    assertThat(said).contains("Connection check for entra: FAILED").contains("Connection check for jira: FAILED")
        .contains("HTTP 500").contains("Check FAILED").doesNotContain("all endpoints OK");
    List<LoggedRequest> requests = wm.findAll(anyRequestedFor(anyUrl()));
    Map<String, Long> perCall = requests.stream().collect(Collectors.groupingBy(
        r -> r.getMethod() + " " + r.getUrl(), TreeMap::new, Collectors.counting()));
    String token = "POST /" + TENANT + "/oauth2/v2.0/token";
    assertThat(perCall).containsEntry(token, 1L);
    assertThat(perCall.keySet()).anyMatch(k -> k.startsWith("GET /v1.0/users"))
        .anyMatch(k -> k.startsWith("GET /rest/api/2/serverInfo"));
    // Every probe of Graph and Jira: the call and its one retry.
    perCall.forEach((call, n) -> assertThat(n).as(call).isEqualTo(call.equals(token) ? 1L : 2L));
    System.out.printf("check against an always-500 server: exit %d in %d ms, %d requests (%d calls)%n",
        code, millis, requests.size(), perCall.size());
  }
}
