package io.github.usersync.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class LocalApiServerTest {

  @Test
  void addHeaderSendsRepeatedHeaderLinesAndHeaderReplaces() throws Exception {
    try (LocalApiServer server = LocalApiServer.start()) {
      server.route("/api/v1/users", (r, base) -> LocalApiServer.Response.json(200, "[]")
          .header("Link", "<" + base + "/api/v1/users?limit=2>; rel=\"self\"")
          .addHeader("Link", "<" + base + "/api/v1/users?after=x&limit=2>; rel=\"next\"")
          .header("X-Rate-Limit-Remaining", "10")
          .header("X-Rate-Limit-Remaining", "9"));
      HttpResponse<String> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1/users")).build(),
          HttpResponse.BodyHandlers.ofString());

      assertThat(response.headers().allValues("link")).containsExactly(
          "<" + server.baseUrl() + "/api/v1/users?limit=2>; rel=\"self\"",
          "<" + server.baseUrl() + "/api/v1/users?after=x&limit=2>; rel=\"next\"");
      assertThat(response.headers().allValues("x-rate-limit-remaining")).containsExactly("9");
      assertThat(response.body()).isEqualTo("[]");
      assertThat(server.requests()).isEqualTo(1);
    }
  }

  @Test
  void bytesAreSentAsGivenWithTheirContentTypeAndNagleIsOff() throws Exception {
    byte[] photo = {(byte) 0xff, (byte) 0xd8, 0, 1, 2};
    try (LocalApiServer server = LocalApiServer.start()) {
      server.route("/v1.0/users/u1/photo/$value", (r, base) -> LocalApiServer.Response.bytes(200, "image/jpeg", photo));
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1.0/users/u1/photo/$value")).build(),
          HttpResponse.BodyHandlers.ofByteArray());

      assertThat(response.body()).containsExactly(photo);
      assertThat(response.headers().firstValue("content-type")).contains("image/jpeg");
    }
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }
}
