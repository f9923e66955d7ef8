package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.ALL_USERS;
import static io.github.usersync.entra.Graph.BOB;
import static io.github.usersync.entra.Graph.CAROL;
import static io.github.usersync.entra.Graph.DAVE;
import static io.github.usersync.entra.Graph.ENGINEERING;
import static io.github.usersync.entra.Graph.ERIN;
import static io.github.usersync.entra.Graph.FRANK;
import static io.github.usersync.entra.Graph.GROUPS_SKIPTOKEN_2;
import static io.github.usersync.entra.Graph.NOBODY;
import static io.github.usersync.entra.Graph.PLATFORM;
import static io.github.usersync.entra.Graph.SALES;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The testkit's directory contract against WireMock serving the Graph fixtures. */
class EntraDirectoryContractTest extends IdpDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  /** Stubs every endpoint the directory and its connection check call. */
  static void stubTenant(WireMockExtension wm) {
    Graph.stubToken(wm);
    Graph.stubUserPages(wm);
    Graph.stubSingleUsers(wm);
    // Probes of the connection check: $top=1 listings.
    wm.stubFor(get(urlPathEqualTo("/v1.0/users")).withQueryParam("$select", equalTo("id"))
        .withQueryParam("$top", equalTo("1")).willReturn(ok("users", "page1", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$skiptoken", absent())
        .willReturn(ok("groups", "page1", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).withQueryParam("$skiptoken", equalTo(GROUPS_SKIPTOKEN_2))
        .willReturn(ok("groups", "page2", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/members")).willReturn(ok("members", "engineering", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + ENGINEERING + "/transitiveMembers"))
        .willReturn(ok("members", "engineering-transitive", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + PLATFORM + "/members")).willReturn(ok("members", "platform", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/" + SALES + "/members")).willReturn(ok("members", "sales", wm)));
    for (String[] userAndFixture : new String[][] {
        {ALICE, "alice"}, {BOB, "bob"}, {CAROL, "carol"}, {DAVE, "dave"}}) {
      wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + userAndFixture[0] + "/memberOf"))
          .willReturn(ok("member-of", userAndFixture[1], wm)));
    }
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/transitiveMemberOf"))
        .willReturn(ok("member-of", "alice", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/manager")).willReturn(ok("manager", "alice", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo")).willReturn(ok("photo", "metadata", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo/$value"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(new byte[] {1, 2, 3})));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/delta")).willReturn(ok("users-delta", "latest", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/delta")).willReturn(ok("groups-delta", "latest", wm)));
  }

  @BeforeEach
  void stub() {
    stubTenant(wm);
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + NOBODY)).willReturn(json(404, "error", "not-found", wm)));
  }

  @Override
  protected IdpDirectory createDirectory() {
    return Graph.open(Graph.settings(wm).build());
  }

  @Override
  protected ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .addAllUserIds(ALL_USERS)
        .addSampleUserIds(ALICE, CAROL, ERIN, FRANK)
        .addGroupIds(ENGINEERING, PLATFORM, SALES)
        .putDirectUserMembers(ENGINEERING, Set.of(ALICE, CAROL))
        .putDirectUserMembers(PLATFORM, Set.of(DAVE))
        .putDirectUserMembers(SALES, Set.of(BOB))
        .missingUserId(NOBODY)
        .addEndpointNames(
            "token",
            "list users",
            "read user",
            "user manager",
            "user groups",
            "user transitive groups",
            "user photo metadata",
            "user photo",
            "list groups",
            "group members",
            "group transitive members",
            "users delta",
            "groups delta")
        .build();
  }
}
