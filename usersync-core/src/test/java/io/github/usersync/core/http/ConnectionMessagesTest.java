package io.github.usersync.core.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConnectionFailedException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Connection failures say what is likely wrong (issue 19, problem 7). */
class ConnectionMessagesTest {
  private final RecordingSleeper sleeper = new RecordingSleeper();

  @Test
  void aRefusedLoopbackConnectionAsksWhetherTheServerRunsNotForAProxy() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    ApiClient c = ApiClient.builder("keycloak", URI.create("http://127.0.0.1:" + port)).sleeper(sleeper).build();

    assertThatThrownBy(() -> c.send(ApiRequest.get("/realms/acme").build()))
        .isInstanceOfSatisfying(ConnectionFailedException.class, e -> org.assertj.core.api.Assertions.assertThat(e.fix())
            .startsWith("Is the server running at 127.0.0.1:" + port + ", and is the base URL (baseUrl) right?")
            .endsWith("Gave up after 3 attempts: that is the most made for this kind of failure.")
            .doesNotContain("-Dhttps.proxyHost"));
  }

  @Test
  void tlsToAPlaintextPortSaysThePortSpeaksPlainHttpNotToImportACertificate() throws Exception {
    // A server that answers every connection in plain HTTP, as a wrong port in an https:// URL does.
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      Thread t = new Thread(() -> answerPlainHttp(server));
      t.setDaemon(true);
      t.start();
      ApiClient c = ApiClient.builder("jira", URI.create("https://127.0.0.1:" + server.getLocalPort()))
          .retryPolicy(RetryPolicy.of(3, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
          .sleeper(sleeper).build();

      assertThatThrownBy(() -> c.send(ApiRequest.get("/rest/api/2/myself").build()))
          .isInstanceOfSatisfying(ConnectionFailedException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.problem()).isEqualTo(ConnectionFailedException.Problem.TLS);
            org.assertj.core.api.Assertions.assertThat(e.fix())
                .contains("answered without TLS")
                .contains("127.0.0.1:" + server.getLocalPort())
                .contains("names the server's HTTPS port")
                .doesNotContain("CA certificate")
                .doesNotContain("trust store");
          });
      // A TLS failure is not retried.
      org.assertj.core.api.Assertions.assertThat(sleeper.waits).isEmpty();
    }
  }

  private static void answerPlainHttp(ServerSocket server) {
    while (!server.isClosed()) {
      try (Socket s = server.accept()) {
        InputStream in = s.getInputStream();
        in.read(new byte[4096]);
        OutputStream out = s.getOutputStream();
        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        return;
      }
    }
  }
}
