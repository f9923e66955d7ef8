package io.github.usersync.testkit.example;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.notFound;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The example connector of docs/connectors.md passes the contract every connector passes. */
class AcmeDirectoryContractTest extends IdpDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

  @BeforeEach
  void serve() {
    wm.stubFor(get(urlPathEqualTo("/api/users")).withQueryParam("cursor", equalTo("p2"))
        .willReturn(okJson("{\"users\":[{\"id\":\"u3\",\"login\":\"carol\",\"active\":false}]}")));
    wm.stubFor(get(urlPathEqualTo("/api/users")).atPriority(10).willReturn(okJson(
        "{\"users\":[{\"id\":\"u1\",\"login\":\"alice\",\"email\":\"alice@example.com\",\"active\":true},"
            + "{\"id\":\"u2\",\"login\":\"bob\",\"name\":\"Bob\",\"active\":true}],\"next\":\"p2\"}")));
    wm.stubFor(get(urlPathEqualTo("/api/users/u1"))
        .willReturn(okJson("{\"id\":\"u1\",\"login\":\"alice\",\"email\":\"alice@example.com\",\"active\":true}")));
    wm.stubFor(get(urlPathEqualTo("/api/users/u2"))
        .willReturn(okJson("{\"id\":\"u2\",\"login\":\"bob\",\"name\":\"Bob\",\"active\":true}")));
    wm.stubFor(get(urlPathEqualTo("/api/users/u3"))
        .willReturn(okJson("{\"id\":\"u3\",\"login\":\"carol\",\"active\":false}")));
    wm.stubFor(get(urlPathMatching("/api/users/u9")).willReturn(notFound()));
    wm.stubFor(get(urlPathEqualTo("/api/groups"))
        .willReturn(okJson("{\"groups\":[{\"id\":\"g1\",\"name\":\"Engineering\"}]}")));
    wm.stubFor(get(urlPathEqualTo("/api/groups/g1/members"))
        .willReturn(okJson("{\"members\":[{\"id\":\"u1\"},{\"id\":\"u3\"}]}")));
    wm.stubFor(get(urlPathEqualTo("/api/groups/gone/members")).willReturn(notFound()));
  }

  @Override
  protected IdpDirectory createDirectory() {
    return IdpDirectories.open("acme", Map.of("baseUrl", wm.baseUrl(), "apiToken", "acme-token"));
  }

  @Override
  protected ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .addUserIds("u1", "u2", "u3")
        .addGroupIds("g1")
        .putDirectUserMembers("g1", Set.of("u1", "u3"))
        .missingUserId("u9")
        .addEndpointNames("list users", "read user", "list groups", "group members")
        .build();
  }

  @Test
  void anUnknownGroupHasNoMembersAndTheTokenIsSent() {
    assertThat(directory().groupMembers("gone", io.github.usersync.core.model.Membership.DIRECT)).isEmpty();
    assertThat(directory().users(UserQuery.standard()).count()).isEqualTo(3);
    wm.verify(getRequestedFor(urlPathEqualTo("/api/users")).withHeader("Authorization", equalTo("Bearer acme-token")));
  }
}
