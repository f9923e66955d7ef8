package io.github.usersync.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.google.GoogleTestSupport.ALICE;
import static io.github.usersync.google.GoogleTestSupport.API;
import static io.github.usersync.google.GoogleTestSupport.ENGINEERING;
import static io.github.usersync.google.GoogleTestSupport.fixture;
import static io.github.usersync.google.GoogleTestSupport.googleJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class GoogleConnectionCheckTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  private final GoogleTestSupport.RecordingSleeper sleeper = new GoogleTestSupport.RecordingSleeper();

  @BeforeEach
  void serve() {
    GoogleTestSupport.stubDirectory(wm);
  }

  private static Map<String, EndpointCheck> byName(ConnectionReport r) {
    return r.checks().stream().collect(Collectors.toMap(EndpointCheck::name, Function.identity()));
  }

  private static EndpointCheck check(ConnectionReport r, String name) {
    return java.util.Objects.requireNonNull(byName(r).get(name), name);
  }

  @Test
  void probesTheTokenFirstThenEveryEndpointWithTheListedUserAndGroup() {
    ConnectionReport r = GoogleTestSupport.directory(wm, sleeper).checkConnection();

    assertThat(r.ok()).as(r.toText()).isTrue();
    assertThat(r.checks()).extracting(EndpointCheck::name).containsExactly(
        "token", "list users", "read user", "user photo", "list groups", "group members", "groups of a user",
        "admin activity");
    assertThat(check(r, "token").endpoint()).isEqualTo("POST " + wm.baseUrl() + "/token");
    assertThat(check(r, "user photo").endpoint()).endsWith(API + "/users/" + ALICE + "/photos/thumbnail");
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/users/" + ALICE + "/photos/thumbnail")));
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/groups/" + ENGINEERING + "/members")).withQueryParam("maxResults", equalTo("1")));
    wm.verify(getRequestedFor(urlPathEqualTo(API + "/groups")).withQueryParam("userKey", equalTo(ALICE)));
  }

  @Test
  void aFailedTokenSkipsEveryOtherProbeAndSaysWhatToFix() {
    wm.stubFor(post("/token").atPriority(1).willReturn(aResponse().withStatus(401)
        .withHeader("Content-Type", "application/json").withBody(fixture("token", "unauthorizedClient"))));

    ConnectionReport r = GoogleTestSupport.directory(wm, sleeper).checkConnection();

    assertThat(r.ok()).isFalse();
    EndpointCheck token = check(r, "token");
    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.httpStatus()).hasValue(401);
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("Domain-wide delegation is not granted"));
    assertThat(r.checks().subList(1, r.checks().size()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
    wm.verify(0, getRequestedFor(urlPathEqualTo(API + "/users")));
  }

  @Test
  void a403OnGroupsNamesTheAdminAndTheGroupScope() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).atPriority(1).willReturn(googleJson(403, "error", "forbidden")));

    ConnectionReport r = GoogleTestSupport.directory(wm, sleeper).checkConnection();

    assertThat(check(r, "list users").ok()).isTrue();
    EndpointCheck groups = check(r, "list groups");
    assertThat(groups.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(groups.httpStatus()).hasValue(403);
    assertThat(groups.problem()).hasValueSatisfying(p -> assertThat(p).contains("forbidden"));
    assertThat(groups.fix()).hasValueSatisfying(f -> assertThat(f)
        .contains("admin@example.com")
        .contains("https://www.googleapis.com/auth/admin.directory.group.readonly"));
    assertThat(r.toText()).contains("fix:");
  }

  @Test
  void anAccountWithoutGroupsStillProbesTheMembersEndpoint() {
    wm.stubFor(get(urlPathEqualTo(API + "/groups")).withQueryParam("customer", equalTo("my_customer")).atPriority(1)
        .willReturn(okJson(fixture("groups", "empty"))));
    wm.stubFor(get(urlPathEqualTo(API + "/groups/usersync-connection-check/members"))
        .willReturn(googleJson(404, "error", "groupNotFound")));

    ConnectionReport r = GoogleTestSupport.directory(wm, sleeper).checkConnection();

    assertThat(check(r, "group members").ok()).as(r.toText()).isTrue();
  }

  @Test
  void anUnreachableHostGetsTheToolkitsFix() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    GoogleSettings settings =
        GoogleTestSupport.serviceAccountSettings(wm.baseUrl())
            .baseUrl(URI.create("http://127.0.0.1:" + port))
            .build();

    ConnectionReport r = GoogleDirectory.create(settings, ConnectorOptions.builder().sleeper(sleeper).build()).checkConnection();

    assertThat(check(r, "token").ok()).isTrue();
    EndpointCheck users = check(r, "list users");
    assertThat(users.status()).isEqualTo(EndpointCheck.Status.FAILED);
    // Nothing listens on a loopback port: the server or the URL is wrong, not a proxy setting.
    assertThat(users.fix()).hasValueSatisfying(f -> assertThat(f)
        .contains("Is the server running at 127.0.0.1:" + port).contains("baseUrl").doesNotContain("proxy"));
    assertThat(check(r, "read user").status())
        .as("the admin's email is still a user key to probe with")
        .isEqualTo(EndpointCheck.Status.FAILED);
  }
}
