package io.github.usersync.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A small client of the Keycloak Admin REST API for setting up and changing test data: logs in as
 * the bootstrap admin with the password grant on {@code admin-cli} in the master realm (renewing
 * the token, which lives 60 s), sends JSON and fails loudly on any unexpected status. Independent
 * of the connector under test on purpose.
 */
public final class KeycloakAdmin {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String user;
  private final String password;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private @Nullable String token;
  private long tokenFetchedAt;

  KeycloakAdmin(String baseUrl, String user, String password) {
    this.baseUrl = baseUrl;
    this.user = user;
    this.password = password;
  }

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return JSON.createObjectNode();
  }

  /** A new empty JSON array. */
  public static ArrayNode array() {
    return JSON.createArrayNode();
  }

  /** The mapper used here. */
  public static ObjectMapper mapper() {
    return JSON;
  }

  private synchronized String token() {
    // admin-cli tokens in master live 60 s; renew well before.
    if (token == null || System.nanoTime() - tokenFetchedAt > Duration.ofSeconds(30).toNanos()) {
      String form = "grant_type=password&client_id=admin-cli&username=" + enc(user) + "&password=" + enc(password);
      HttpRequest r = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form))
          .build();
      JsonNode answer = parse(send(r, 200));
      token = answer.path("access_token").asText();
      tokenFetchedAt = System.nanoTime();
    }
    return token;
  }

  /** URL-encodes a query value or a path segment (spaces as %20). */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** GET {@code /admin<path>}, expecting 200. */
  public JsonNode get(String path) {
    return parse(send(request(path).GET().build(), 200));
  }

  /** POST JSON to {@code /admin<path>}; returns the id from the {@code Location} header if any. */
  public Optional<String> post(String path, JsonNode body, int... expected) {
    HttpResponse<String> r = exchange(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
        expected.length == 0 ? new int[] {201, 204} : expected);
    return r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1));
  }

  /** POST JSON to {@code /admin<path>} and read the JSON answer. */
  public JsonNode postForJson(String path, JsonNode body) {
    return parse(send(request(path).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(), 200));
  }

  /** PUT JSON to {@code /admin<path>}, expecting 204 (or 200 with the stored representation). */
  public void put(String path, JsonNode body) {
    exchange(request(path).header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
        new int[] {200, 204});
  }

  /** PUT with no body to {@code /admin<path>} (e.g. add a user to a group), expecting 204. */
  public void put(String path) {
    send(request(path).PUT(HttpRequest.BodyPublishers.noBody()).build(), 204);
  }

  /** DELETE {@code /admin<path>}, expecting 204. */
  public void delete(String path) {
    send(request(path).DELETE().build(), 204);
  }

  /** DELETE with a JSON body (role mappings), expecting 204. */
  public void delete(String path, JsonNode body) {
    send(request(path).header("Content-Type", "application/json")
        .method("DELETE", HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(), 204);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
        .timeout(Duration.ofSeconds(120))
        .header("Accept", "application/json")
        .header("Authorization", "Bearer " + token());
  }

  private String send(HttpRequest request, int expected) {
    return exchange(request, new int[] {expected}).body();
  }

  private HttpResponse<String> exchange(HttpRequest request, int[] expected) {
    HttpResponse<String> r;
    try {
      r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    for (int s : expected) {
      if (r.statusCode() == s) {
        return r;
      }
    }
    String body = r.body();
    throw new IllegalStateException(request.method() + " " + request.uri() + " answered HTTP "
        + r.statusCode() + ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body));
  }

  private static JsonNode parse(String body) {
    try {
      return body.isEmpty() ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + body, e);
    }
  }
}
