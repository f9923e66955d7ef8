package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.CLIENT_SECRET;
import static io.github.usersync.entra.Graph.ENGINEERING;
import static io.github.usersync.entra.Graph.TOKEN_PATH;
import static io.github.usersync.entra.Graph.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EntraConnectionCheckTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private ConnectionReport check() {
    return Graph.open(Graph.settings(wm).build()).checkConnection();
  }

  private static Map<String, EndpointCheck> byName(ConnectionReport report) {
    return report.checks().stream().collect(Collectors.toMap(EndpointCheck::name, Function.identity()));
  }

  private static EndpointCheck named(Map<String, EndpointCheck> checks, String name) {
    return Objects.requireNonNull(checks.get(name), name);
  }

  @Test
  void probesTheTokenFirstThenEveryGraphEndpointWithTheFirstListedUserAndGroup() {
    EntraDirectoryContractTest.stubTenant(wm);

    ConnectionReport report = check();

    assertThat(report.ok()).as(report.toText()).isTrue();
    assertThat(report.checks()).extracting(EndpointCheck::name).containsExactly(
        "token", "list users", "read user", "user manager", "user groups", "user transitive groups",
        "user photo metadata", "user photo", "list groups", "group members", "group transitive members",
        "users delta", "groups delta");
    assertThat(report.checks().get(0).endpoint()).isEqualTo("POST " + wm.baseUrl() + TOKEN_PATH);
    assertThat(named(byName(report), "user groups").endpoint())
        .isEqualTo("GET " + wm.baseUrl() + "/v1.0/users/" + ALICE + "/memberOf");
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/" + ALICE + "/manager")));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/" + ALICE + "/memberOf"))
        .withQueryParam("$select", equalTo("id")).withQueryParam("$top", equalTo("1")));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/transitiveMembers"))
        .withQueryParam("$top", equalTo("1")));
    wm.verify(getRequestedFor(urlPathEqualTo("/v1.0/users/delta")).withQueryParam("$deltaToken", equalTo("latest")));
  }

  @Test
  void aWrongSecretFailsTheTokenWithTheFixAndSkipsTheRest() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(json(401, "token", "invalid-secret", wm)));

    ConnectionReport report = check();

    EndpointCheck token = report.checks().get(0);
    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.httpStatus()).hasValue(401);
    assertThat(token.problem()).hasValueSatisfying(p -> assertThat(p).contains("invalid_client", "AADSTS7000215"));
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("secret's Value", "not its Secret ID"));
    assertThat(report.checks().subList(1, report.checks().size()))
        .allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
    assertThat(report.toText()).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void anUnreachableHostSaysWhatToCheck() throws IOException {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    ConnectionReport report = Graph.open(Graph.settings(wm)
        .loginBaseUrl(URI.create("http://127.0.0.1:" + closed)).build()).checkConnection();

    EndpointCheck token = report.checks().get(0);
    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.httpStatus()).isEmpty();
    assertThat(token.problem()).hasValueSatisfying(p -> assertThat(p).contains("127.0.0.1:" + closed, "refused"));
    // Nothing listens on a loopback port: the server or the URL is wrong, not a proxy setting.
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f)
        .contains("Is the server running at 127.0.0.1:" + closed, "baseUrl").doesNotContain("proxy"));
  }

  @Test
  void aConnectionResetSaysAProxyOrFirewallMayBeInTheWay() {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

    EndpointCheck token = check().checks().get(0);

    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.problem()).hasValueSatisfying(p -> assertThat(p).contains("reset"));
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("proxy and firewall"));
  }

  @Test
  void each403SaysWhichPermissionItsEndpointNeeds() {
    EntraDirectoryContractTest.stubTenant(wm);
    wm.stubFor(get(urlPathMatching("/v1.0/groups.*")).atPriority(1).willReturn(json(403, "error", "forbidden", wm)));
    wm.stubFor(get(urlPathMatching("/v1.0/users/[^/]+/photo.*")).atPriority(1).willReturn(json(403, "error", "forbidden", wm)));
    wm.stubFor(get(urlPathMatching("/v1.0/users/[^/]+/(transitiveM|m)emberOf")).atPriority(1)
        .willReturn(json(403, "error", "forbidden", wm)));

    Map<String, EndpointCheck> checks = byName(check());

    assertThat(named(checks, "list users").ok()).isTrue();
    assertThat(named(checks, "user manager").ok()).isTrue();
    for (String name : new String[] {"list groups", "group members", "group transitive members", "groups delta"}) {
      assertThat(named(checks, name).status()).as(name).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(named(checks, name).httpStatus()).as(name).hasValue(403);
      assertThat(named(checks, name).fix()).as(name).hasValueSatisfying(f -> assertThat(f)
          .contains("GroupMember.Read.All", "grant admin consent"));
    }
    assertThat(named(checks, "user photo").fix()).hasValueSatisfying(f -> assertThat(f).contains("ProfilePhoto.Read.All"));
    assertThat(named(checks, "user photo metadata").fix()).hasValueSatisfying(f -> assertThat(f).contains("ProfilePhoto.Read.All"));
    assertThat(named(checks, "user groups").fix())
        .hasValueSatisfying(f -> assertThat(f).contains("GroupMember.Read.All together with User.Read.All"));
    assertThat(named(checks, "users delta").ok()).isTrue();
  }
}
