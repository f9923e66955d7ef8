package io.github.usersync.keycloak;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.keycloak.KeycloakStubs.ADMIN;
import static io.github.usersync.keycloak.KeycloakStubs.ANNA;
import static io.github.usersync.keycloak.KeycloakStubs.BACKEND;
import static io.github.usersync.keycloak.KeycloakStubs.BJORN;
import static io.github.usersync.keycloak.KeycloakStubs.CHLOE;
import static io.github.usersync.keycloak.KeycloakStubs.DATABASES;
import static io.github.usersync.keycloak.KeycloakStubs.DMITRI;
import static io.github.usersync.keycloak.KeycloakStubs.ENGINEERING;
import static io.github.usersync.keycloak.KeycloakStubs.EVA;
import static io.github.usersync.keycloak.KeycloakStubs.FIX;
import static io.github.usersync.keycloak.KeycloakStubs.FRONTEND;
import static io.github.usersync.keycloak.KeycloakStubs.MISSING;
import static io.github.usersync.keycloak.KeycloakStubs.SALES;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.IdpDirectoryContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The test kit's directory contract over WireMock serving Keycloak-shaped fixtures. */
class KeycloakDirectoryContractTest extends IdpDirectoryContract {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private final KeycloakStubs stubs = new KeycloakStubs(wm);

  @BeforeEach
  void serveTheRealm() {
    stubs.token().users().groups().adminEventsOn();
    stubs.noChildren(SALES).noChildren(FRONTEND).noChildren(DATABASES);
    // Each user read alone answers the same user as the listing.
    for (String page : Arrays.asList("page1", "page2", "page3")) {
      for (JsonNode user : parse(FIX.json("users", page))) {
        wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + user.path("id").asText())).willReturn(okJson(user.toString())));
      }
    }
    stubs.members(BACKEND, 0, "backendpage1").members(BACKEND, 2, "backendpage2").members(BACKEND, 4, "backendpage3");
    stubs.members(DATABASES, 0, "databases");
    stubs.noMembers(ENGINEERING).noMembers(SALES).noMembers(FRONTEND);
    for (String user : List.of(ANNA, CHLOE, DMITRI, EVA)) {
      wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + user + "/groups")).withQueryParam("first", equalTo("0"))
          .willReturn(okJson(FIX.json("usergroups", "backend"))));
    }
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + BJORN + "/groups")).withQueryParam("first", equalTo("0"))
        .willReturn(okJson(FIX.json("usergroups", "bjorn"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + BJORN + "/groups")).withQueryParam("first", equalTo("2"))
        .willReturn(okJson("[]")));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users/" + MISSING)).willReturn(okJson("{}").withStatus(404)
        .withBody(FIX.json("error", "usernotfound"))));
    // Connection check probes: one user and one group.
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/users")).withQueryParam("max", equalTo("1"))
        .willReturn(okJson(FIX.json("users", "page3"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups")).withQueryParam("max", equalTo("1"))
        .willReturn(okJson(FIX.json("groups", "topfirst"))));
    wm.stubFor(get(urlPathEqualTo(ADMIN + "/groups/" + ENGINEERING)).willReturn(okJson(FIX.json("group", "engineering"))));
  }

  private static JsonNode parse(String json) {
    try {
      return new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  protected IdpDirectory createDirectory() {
    return stubs.directory();
  }

  @Override
  protected ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .addUserIds(ANNA, BJORN, CHLOE, DMITRI, EVA)
        .addSampleUserIds(ANNA, CHLOE, EVA)
        .addGroupIds(ENGINEERING, BACKEND, DATABASES, FRONTEND, SALES)
        .putDirectUserMembers(BACKEND, Set.of(ANNA, BJORN, CHLOE, DMITRI, EVA))
        .putDirectUserMembers(DATABASES, Set.of(BJORN))
        .putDirectUserMembers(SALES, Set.of())
        .missingUserId(MISSING)
        .addEndpointNames(
            "token", "count users", "list users", "read user", "user's groups", "list groups",
            "read group", "subgroups", "group members", "events config", "admin events")
        .build();
  }
}
