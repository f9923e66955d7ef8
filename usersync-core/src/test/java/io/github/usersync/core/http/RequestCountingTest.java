package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The report counts every attempt the server saw (issue 19, problem 8). */
class RequestCountingTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  @BeforeEach
  void stubs() {
    wm.stubFor(get("/warm").willReturn(okJson("{}")));
    // The reset hits the connection pooled by /warm: the case the JDK re-sends silently.
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs(STARTED)
        .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("ok"));
    wm.stubFor(get("/r").inScenario("s").whenScenarioStateIs("ok").willReturn(okJson("{}")));
  }

  @Test
  void withTheJdksSilentRetryOffEveryAttemptTheServerSawIsCounted() throws Exception {
    String counted = probe("disable");

    int seen = wm.getAllServeEvents().size();
    assertThat(seen).isEqualTo(3);
    assertThat(counted).isEqualTo("counted " + seen + " 1");
  }

  @Test
  void withTheJdksSilentRetryOnAResetIsHiddenFromTheClient() throws Exception {
    // Why ApiClient.disableJdkSilentRetries exists: left on, the JDK re-sends the GET itself and
    // the client sees (and counts) one request where the server saw two.
    String counted = probe("keep");

    assertThat(wm.getAllServeEvents()).hasSize(3);
    assertThat(counted).isEqualTo("counted 2 0");
  }

  /** Runs the probe in a fresh JVM, where the JDK's properties are still unread. */
  private static String probe(String mode) throws IOException, InterruptedException {
    String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        SilentRetryProbe.class.getName(), wm.baseUrl(), mode)
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out.lines().filter(l -> l.startsWith("counted ")).findFirst().orElse(out);
  }
}
