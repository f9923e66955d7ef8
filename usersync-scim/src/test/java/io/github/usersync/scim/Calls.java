package io.github.usersync.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Sends requests straight to a provider's handler, as a server would, with a bearer token. */
final class Calls {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOKEN = "test-token-0123456789";

  private final ScimServiceProvider provider;

  Calls(ScimServiceProvider provider) {
    this.provider = provider;
  }

  ScimResponse call(String method, String pathAndQuery, String body) {
    int q = pathAndQuery.indexOf('?');
    ScimRequest.Builder r = ScimRequest.builder().method(method)
        .path(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q))
        .query(q < 0 ? "" : pathAndQuery.substring(q + 1))
        .putHeaders("Authorization", "Bearer " + TOKEN)
        .baseUrl("https://host.example.com/scim/v2");
    if (!body.isEmpty()) {
      r.body(body.getBytes(StandardCharsets.UTF_8)).putHeaders("Content-Type", "application/scim+json");
    }
    return provider.handle(r.build());
  }

  ScimResponse get(String pathAndQuery) {
    return call("GET", pathAndQuery, "");
  }

  static JsonNode json(ScimResponse r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture's text, byte for byte. */
  static String fixture(String name) {
    try (InputStream in = Objects.requireNonNull(Calls.class.getResourceAsStream("/fixtures/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
