package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.usersync.okta.OktaFixture.ALICE;
import static io.github.usersync.okta.OktaFixture.API_TOKEN;
import static io.github.usersync.okta.OktaFixture.DEPROVISIONED;
import static io.github.usersync.okta.OktaFixture.ENGINEERING;
import static io.github.usersync.okta.OktaFixture.FIXTURES;
import static io.github.usersync.okta.OktaFixture.SERVER_NOW;
import static io.github.usersync.okta.OktaFixture.okta;
import static io.github.usersync.okta.OktaFixture.oktaError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.spi.UserQuery;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Cursors of other providers, and the connection check with an API token. */
class OktaChangesAndChecksTest {
  @RegisterExtension
  static WireMockExtension wm = OktaFixture.server();

  private final OktaFixture.RecordingSleeper sleeper = new OktaFixture.RecordingSleeper();

  private OktaDirectory directory() {
    return OktaFixture.directory(wm, sleeper);
  }

  private static EndpointCheck check(ConnectionReport report, String name) {
    return report.checks().stream().filter(c -> c.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no check named " + name + " in\n" + report.toText()));
  }

  @Test
  void aCursorThatIsNotOursIsRefusedAndAGarbledOneAsksForAFullSync() {
    OktaDirectory d = directory();

    assertThatThrownBy(() -> d.changesSince(ChangeCursor.of("entra", "https://graph/delta", Instant.EPOCH), UserQuery.standard()))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("provider 'entra'");
    assertThatThrownBy(() -> d.changesSince(ChangeCursor.of("okta", "yesterday", Instant.EPOCH), UserQuery.standard()))
        .isInstanceOf(ChangeCursorExpiredException.class)
        .hasMessageContaining("run a full sync");
  }

  @Test
  void theConnectionCheckProbesEveryEndpointWithRealIds() {
    OktaFixture.stubOrg(wm);

    ConnectionReport report = directory().checkConnection();

    assertThat(report.ok()).as(report.toText()).isTrue();
    assertThat(report.checks()).extracting(EndpointCheck::name).containsExactly(
        "API token", "list users", "read user", "groups of user", "list groups", "group members",
        "system log");
    assertThat(check(report, "read user").endpoint()).isEqualTo("GET " + wm.baseUrl() + "/api/v1/users/" + ALICE);
    assertThat(check(report, "group members").endpoint())
        .isEqualTo("GET " + wm.baseUrl() + "/api/v1/groups/" + ENGINEERING + "/users");
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/me")));
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/" + ALICE + "/groups")));
  }

  @Test
  void aGroupLimitedAdminWithoutTheRightToListGroupsGetsTheFix() {
    OktaFixture.stubOrg(wm);
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(oktaError(403, "forbidden")));

    ConnectionReport report = directory().checkConnection();

    assertThat(report.ok()).isFalse();
    EndpointCheck groups = check(report, "list groups");
    assertThat(groups.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(groups.httpStatus()).hasValue(403);
    assertThat(groups.problem()).hasValueSatisfying(p -> assertThat(p)
        .contains("E0000006").contains("You do not have permission to perform the requested action")
        .contains("oae4h3VRdoVSaiMVp4cCEwOwg"));
    assertThat(groups.fix()).hasValueSatisfying(f -> assertThat(f)
        .contains("admin who created it").contains("cannot read groups").contains("Read-only Administrator"));
    // Everything else still answers, and members are probed even without a group id to hand.
    assertThat(report.checks()).filteredOn(c -> !c.name().equals("list groups"))
        .allSatisfy(c -> assertThat(c.status()).as(c.name()).isEqualTo(EndpointCheck.Status.OK));
    assertThat(check(report, "group members").endpoint()).contains("/api/v1/groups/00g0000usersyncprobe/users");
  }

  @Test
  void anInvalidTokenFailsTheFirstCheckWithTheFixAndSkipsTheRest() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(oktaError(401, "invalid-token")));

    ConnectionReport report = directory().checkConnection();

    EndpointCheck token = report.checks().get(0);
    assertThat(token.name()).isEqualTo("API token");
    assertThat(token.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(token.httpStatus()).hasValue(401);
    assertThat(token.fix()).hasValueSatisfying(f -> assertThat(f).contains("Okta rejected the API token"));
    assertThat(report.checks()).hasSize(7);
    assertThat(report.checks().subList(1, 7)).allSatisfy(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
    assertThat(report.toText()).doesNotContain(API_TOKEN);
  }

  @Test
  void anEmptyOrgIsStillProbedEndpointByEndpoint() {
    wm.stubFor(get(urlPathEqualTo("/api/v1/users/me")).willReturn(okta(FIXTURES.json("user", "custom-attributes"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users")).willReturn(okta("[]")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(okta("[]")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users/00u0000usersyncprobe")).willReturn(oktaError(404, "not-found")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users/00u0000usersyncprobe/groups")).willReturn(oktaError(404, "not-found")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/00g0000usersyncprobe/users")).willReturn(oktaError(404, "not-found")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okta("[]")));

    ConnectionReport report = directory().checkConnection();

    assertThat(report.ok()).as(report.toText()).isTrue();
    wm.verify(getRequestedFor(urlPathEqualTo("/api/v1/users/00u0000usersyncprobe/groups")));
  }

  @Test
  void anUnreachableHostGetsTheToolkitsSentence() {
    OktaDirectory d = OktaDirectory.create(OktaSettings.builder()
            .baseUrl(java.net.URI.create("http://127.0.0.1:1"))
            .apiToken(io.github.usersync.core.settings.Secret.of(API_TOKEN))
            .build(),
        ConnectorOptions.builder().sleeper(sleeper).retryPolicy(io.github.usersync.core.http.RetryPolicy.none()).build());

    ConnectionReport report = d.checkConnection();

    EndpointCheck first = report.checks().get(0);
    assertThat(first.status()).isEqualTo(EndpointCheck.Status.FAILED);
    assertThat(first.problem()).hasValueSatisfying(p -> assertThat(p).contains("127.0.0.1"));
    assertThat(first.fix()).isPresent();
  }
}
