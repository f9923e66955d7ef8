package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Graph fixtures and WireMock stubs the Entra tests share; ids name the fixture's objects. */
final class Graph {
  static final Fixtures FIXTURES = Fixtures.of("entra");
  static final ObjectMapper JSON = new ObjectMapper();

  static final String TENANT = "contoso.onmicrosoft.com";
  static final String CLIENT_ID = "00001111-aaaa-2222-bbbb-3333cccc4444";
  static final String CLIENT_SECRET = "Qx8~s3cr3t.VALUE_only-for-tests";
  static final String TOKEN_PATH = "/" + TENANT + "/oauth2/v2.0/token";
  static final String ACCESS_TOKEN = text(FIXTURES.json("token", "ok"), "access_token");
  static final String BEARER = "Bearer " + ACCESS_TOKEN;
  static final String STANDARD_SELECT =
      "id,userPrincipalName,mail,givenName,surname,displayName,accountEnabled";

  static final String ALICE = "6e7b768e-07e2-4810-8459-485f84f8f204";
  static final String BOB = "87d349ed-44d7-43e1-9a83-5f2406dee5bd";
  static final String CAROL = "5bde3e51-d13b-4db1-9948-fe4b109d11a7";
  static final String DAVE = "4782e723-f4f4-4af3-a76e-25e3bab0d896";
  static final String ERIN = "e8b5c1a3-2f6d-4c1e-9b7a-3d2f1e0c9b8a";
  static final String FRANK = "08fa38e4-cbfa-4488-94ed-c834da6539df";
  static final String GRACE = "c03e6eaa-b6ab-46d7-905b-73ec7ea1f755";
  static final String HENRY = "1c7f3a52-96d4-4b0e-8f21-7a9e5d3c2b10";
  static final String NOBODY = "0badc0de-0000-4000-8000-000000000000";
  static final List<String> ALL_USERS = List.of(ALICE, BOB, CAROL, DAVE, ERIN, FRANK, GRACE);

  static final String ENGINEERING = "02bd9fd6-8f93-4758-87c3-1fb73740a315";
  static final String PLATFORM = "45b7d2e7-b882-4a80-ba97-10b7a63b8b04";
  static final String SALES = "b320ee12-b1cd-4cca-b648-a437be61c5cd";
  static final String DESIGN = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";
  static final String DEVICE = "d3b0a8f1-6c2e-4e7a-9b5d-0f1e2d3c4b5a";

  static final String USERS_SKIPTOKEN_2 = "RFNwdAIAAQAAACU6YWxpY2VAY29udG9zby5vbm1pY3Jvc29mdC5jb20p";
  static final String USERS_SKIPTOKEN_3 = "RFNwdAIAAQAAACU6ZXJpbl9mYWJyaWthbS5jb20jRVhUI0Bjb250b3Nv";
  static final String GROUPS_SKIPTOKEN_2 = "RFNwdAIAAQAAABo6RW5naW5lZXJpbmcgLyBQbGF0Zm9ybQ";

  private Graph() {}

  /** Settings pointing both hosts at the WireMock server, with a secret. */
  static EntraSettings.Builder settings(WireMockExtension wm) {
    return EntraSettings.builder()
        .tenant(TENANT)
        .clientId(CLIENT_ID)
        .clientSecret(Secret.of(CLIENT_SECRET))
        .loginBaseUrl(URI.create(wm.baseUrl()))
        .baseUrl(URI.create(wm.baseUrl()));
  }

  /** A directory that records waits instead of sleeping. */
  static EntraDirectory open(EntraSettings settings) {
    return open(settings, new RecordingSleeper());
  }

  /** A directory that waits with {@code sleeper}. */
  static EntraDirectory open(EntraSettings settings, Sleeper sleeper) {
    return EntraDirectory.create(settings, ConnectorOptions.builder().sleeper(sleeper).build());
  }

  /** A fixture as a JSON response with the given status. */
  static ResponseDefinitionBuilder json(int status, String resource, String variant, WireMockExtension wm) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8")
        .withBody(FIXTURES.json(resource, variant, wm.baseUrl()));
  }

  /** A fixture as a 200 JSON response. */
  static ResponseDefinitionBuilder ok(String resource, String variant, WireMockExtension wm) {
    return json(200, resource, variant, wm);
  }

  static void stubToken(WireMockExtension wm) {
    wm.stubFor(post(urlPathEqualTo(TOKEN_PATH)).willReturn(ok("token", "ok", wm)));
  }

  /**
   * The three pages of users, linked by {@code @odata.nextLink}. The listing in parts by
   * userPrincipalName with managers ({@code $expand}, asked when a run maps managers) is refused
   * here with Graph's 400 for a query it does not support ({@code Request_UnsupportedQuery}, "Microsoft
   * Graph error responses"), so these tests see the managers read per user; EntraUsersWithManagersTest
   * serves the parts.
   */
  static void stubUserPages(WireMockExtension wm) {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$expand", equalTo("manager($select=id)"))
        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"error\":{\"code\":\"Request_UnsupportedQuery\",\"message\":\"Unsupported Query.\"}}")));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$select", equalTo(STANDARD_SELECT))
        .withQueryParam("$skiptoken", absent())
        .withQueryParam("$filter", absent())
        .willReturn(ok("users", "page1", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$skiptoken", equalTo(USERS_SKIPTOKEN_2))
        .willReturn(ok("users", "page2", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users"))
        .withQueryParam("$skiptoken", equalTo(USERS_SKIPTOKEN_3))
        .willReturn(ok("users", "page3", wm)));
  }

  /**
   * {@code GET /users/{id}} for every listed user, answering the user as the pages have it plus
   * the {@code @odata.context} a single-entity answer carries; other ids answer 404.
   */
  static void stubSingleUsers(WireMockExtension wm) {
    stubSingleUsers(wm, java.util.Map.of());
  }

  /**
   * {@link #stubSingleUsers(WireMockExtension)}, each user in {@code managers} with its manager's id
   * as {@code $expand=manager($select=id)} answers it.
   */
  static void stubSingleUsers(WireMockExtension wm, java.util.Map<String, String> managers) {
    wm.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1.0/users/[^/]+"))
        .atPriority(10)
        .willReturn(json(404, "error", "not-found", wm)));
    for (String page : new String[] {"page1", "page2", "page3"}) {
      for (JsonNode user : tree(FIXTURES.json("users", page, wm.baseUrl())).path("value")) {
        ObjectNode single = JSON.createObjectNode();
        single.put("@odata.context",
            "https://graph.microsoft.com/v1.0/$metadata#users(" + STANDARD_SELECT + ")/$entity");
        single.setAll((ObjectNode) user);
        String manager = managers.get(user.path("id").asText());
        if (manager != null) {
          single.putObject("manager").put("@odata.type", "#microsoft.graph.user").put("id", manager);
        }
        wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + user.path("id").asText()))
            .atPriority(1)
            .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody(single.toString())));
      }
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String resource(String path) {
    try (InputStream in = Graph.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String text(String json, String field) {
    return tree(json).path(field).asText();
  }

  /** Records waits instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }
}
