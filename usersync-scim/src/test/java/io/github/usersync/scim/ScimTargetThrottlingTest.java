package io.github.usersync.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** 429 with Retry-After is waited out (as the service asks) and retried by the core toolkit. */
class ScimTargetThrottlingTest {
  @Test
  void throttledAnswersAreRetriedAfterTheAskedWait() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    AtomicInteger calls = new AtomicInteger();
    server.createContext("/scim/v2", ex -> {
      boolean throttle = calls.incrementAndGet() == 1;
      String body = ex.getRequestURI().getPath().endsWith("/ServiceProviderConfig") ? "{}"
          : "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"],\"totalResults\":1,"
              + "\"startIndex\":1,\"itemsPerPage\":1,\"Resources\":[{\"id\":\"u1\",\"userName\":\"ann\","
              + "\"externalId\":\"idp-1\",\"active\":true}]}";
      if (throttle) {
        ex.getResponseHeaders().set("Retry-After", "7");
        body = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"status\":\"429\",\"detail\":\"slow down\"}";
      }
      byte[] out = body.getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(throttle ? 429 : 200, out.length);
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
    List<Duration> waits = new CopyOnWriteArrayList<>();
    try {
      ScimTarget t = ScimTarget.create(ScimTargetSettings.builder()
          .baseUrl(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/scim/v2"))
          .token(Secret.of("tok-123456")).build(), null, waits::add);
      assertThat(t.users().map(HostUser::username)).containsExactly("ann");
      assertThat(waits).contains(Duration.ofSeconds(7));
      assertThat(t.requestStats().throttled()).isEqualTo(1);
    } finally {
      server.stop(0);
    }
  }
}
