package io.github.usersync.keycloak;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.Fixtures;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** WireMock stubs for a realm {@code acme} shaped like Keycloak 26's answers, from the fixtures. */
final class KeycloakStubs {
  static final Fixtures FIX = Fixtures.of("keycloak");
  static final String REALM = "acme";
  static final String ADMIN = "/admin/realms/acme";
  static final String TOKEN = "/realms/acme/protocol/openid-connect/token";
  static final String CLIENT_SECRET = "s3cr3t-client-value";
  static final String BEARER = "Bearer eyJhbGciOiJSUzI1NiJ9.test-access-token";

  static final String ANNA = "4b1e5f0a-8a0e-4d39-9f57-0c6c1f1d0001";
  static final String BJORN = "4b1e5f0a-8a0e-4d39-9f57-0c6c1f1d0002";
  static final String CHLOE = "4b1e5f0a-8a0e-4d39-9f57-0c6c1f1d0003";
  static final String DMITRI = "4b1e5f0a-8a0e-4d39-9f57-0c6c1f1d0004";
  static final String EVA = "4b1e5f0a-8a0e-4d39-9f57-0c6c1f1d0005";
  static final String ENGINEERING = "9a000000-0000-4000-8000-000000000001";
  static final String SALES = "9a000000-0000-4000-8000-000000000002";
  static final String BACKEND = "9a000000-0000-4000-8000-000000000011";
  static final String FRONTEND = "9a000000-0000-4000-8000-000000000012";
  static final String DATABASES = "9a000000-0000-4000-8000-000000000111";
  static final String MISSING = "00000000-dead-4000-8000-000000000000";

  private final WireMockExtension wm;
  final RecordingSleeper sleeper = new RecordingSleeper();

  KeycloakStubs(WireMockExtension wm) {
    this.wm = wm;
  }

  /** Settings for client credentials against WireMock, with pages of two. */
  KeycloakSettings.Builder settings() {
    return KeycloakSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .realm(REALM)
        .clientId("usersync")
        .clientSecret(Secret.of(CLIENT_SECRET))
        .pageSize(2)
        .memberPageSize(2);
  }

  KeycloakDirectory directory(KeycloakSettings settings) {
    return KeycloakDirectory.create(settings, ConnectorOptions.builder().sleeper(sleeper).retryPolicy(RetryPolicy.of(3, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5))).build());
  }

  KeycloakDirectory directory() {
    return directory(settings().build());
  }

  KeycloakStubs token() {
    wm.stubFor(post(TOKEN).willReturn(okJson(FIX.json("token", "ok"))));
    return this;
  }

  /**
   * A realm that saves admin events, with none yet: {@code GET /events/config} answers a
   * RealmEventsConfigRepresentation, {@code GET /admin-events} an empty array.
   */
  KeycloakStubs adminEventsOn() {
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/events/config")).willReturn(okJson(FIX.json("events-config", "admin-on"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/admin-events")).willReturn(okJson("[]")));
    return this;
  }

  /** Five users in pages of two: count 5, pages at 0, 2 and 4. */
  KeycloakStubs users() {
    userCount(5);
    page(0, "page1");
    page(2, "page2");
    page(4, "page3");
    return this;
  }

  KeycloakStubs userCount(long n) {
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/count")).willReturn(okJson(Long.toString(n))));
    return this;
  }

  KeycloakStubs page(int first, String variant) {
    wm.stubFor(usersPage(first).willReturn(okJson(FIX.json("users", variant))));
    return this;
  }

  static MappingBuilder usersPage(int first) {
    return get(urlPathEqualTo(ADMIN + "/users"))
        .withQueryParam("first", equalTo(Integer.toString(first)))
        .withQueryParam("max", equalTo("2"));
  }

  /** The group tree: engineering (backend (databases), frontend), sales. */
  KeycloakStubs groups() {
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups")).willReturn(okJson("[]")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups"))
        .withQueryParam("first", equalTo("0"))
        .willReturn(okJson(FIX.json("groups", "top"))));
    children(ENGINEERING, "childrenengineering");
    children(BACKEND, "childrenbackend");
    return this;
  }

  /** The children page at first=0; later pages are empty. */
  KeycloakStubs children(String groupId, String variant) {
    noChildren(groupId);
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + groupId + "/children"))
        .withQueryParam("first", equalTo("0"))
        .willReturn(okJson(FIX.json("groups", variant))));
    return this;
  }

  KeycloakStubs noChildren(String groupId) {
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + groupId + "/children"))
        .willReturn(okJson("[]")));
    return this;
  }

  /** One page of members at {@code first} (stub a short page last). */
  KeycloakStubs members(String groupId, int first, String variant) {
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + groupId + "/members"))
        .withQueryParam("first", equalTo(Integer.toString(first)))
        .willReturn(okJson(FIX.json("members", variant))));
    return this;
  }

  KeycloakStubs noMembers(String groupId) {
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + groupId + "/members")).willReturn(okJson("[]")));
    return this;
  }

  KeycloakStubs error(MappingBuilder request, int status, String variant) {
    wm.stubFor(request.willReturn(aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(FIX.json(variant.startsWith("token") ? "token" : "error",
            variant.replaceFirst("^(token|error)_", "")))));
    return this;
  }

  /** Records waits instead of sleeping, so retry tests are fast. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }
}
