package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Serves the Okta fixture org from WireMock the way Okta answers: JSON arrays, {@code Link}
 * headers with {@code rel="self"} and {@code rel="next"}, rate-limit headers, a {@code Date}
 * header and Okta's error bodies.
 *
 * <p>The org: 8 users on 3 pages, one in each of Okta's statuses, one with custom attributes and
 * two with unicode names; 3 groups on 2 pages; Engineering with 5 members on 2 pages, Sales (an
 * Active Directory group) with 2.
 */
final class OktaFixture {
  static final Fixtures FIXTURES = Fixtures.of("okta");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_TOKEN = "00QCjAl4MlV-WPXM-fixture-token-0HmjFx-vbGua";
  static final Instant SERVER_NOW = Instant.parse("2024-03-01T12:00:00Z");

  static final String ALICE = "00ub0oNGTSWTBKOLGLNR";
  static final String ZOE = "00u5ab8cDeFgHiJkL1d7";
  static final String KEN = "00u6wtnb3aBcDeFgH1d7";
  static final String STAGED = "00u7stg9aBcDeFgHi1d7";
  static final String PROVISIONED = "00u8prv2aBcDeFgHi1d7";
  static final String SUSPENDED = "00u9sus4aBcDeFgHi1d7";
  static final String DEPROVISIONED = "00uadep5aBcDeFgHi1d7";
  static final String RECOVERY = "00ubrec6aBcDeFgHi1d7";
  static final String MISSING = "00u0000000missing01";

  static final String ENGINEERING = "00g1emaKYZTWRYYRRTSK";
  static final String EVERYONE = "00g1everyone0000Z1d7";
  static final String SALES = "00g2salesADgrp000Z1d";

  private OktaFixture() {}

  /** A sleeper that records the waits instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  /**
   * Waits until the server has seen no request for 300 ms (at most 5 s): listings read pages
   * ahead, so a test that stops early leaves requests in flight that must not land in the next
   * test's log.
   */
  static void settle(WireMockExtension wm) {
    long end = System.nanoTime() + 5_000_000_000L;
    int seen = -1;
    try {
      while (System.nanoTime() < end) {
        int now = wm.getAllServeEvents().size();
        if (now == seen) {
          return;
        }
        seen = now;
        Thread.sleep(300);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Settings for the fixture server: the API token, 3 users a page. */
  static OktaSettings.Builder settings(WireMockExtension wm) {
    return OktaSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .apiToken(Secret.of(API_TOKEN))
        .pageSize(3)
        .memberPageSize(3);
  }

  static OktaDirectory directory(WireMockExtension wm, Sleeper sleeper) {
    return directory(wm, sleeper, b -> {});
  }

  static OktaDirectory directory(
      WireMockExtension wm, Sleeper sleeper, Consumer<OktaSettings.Builder> tweak) {
    OktaSettings.Builder b = settings(wm);
    tweak.accept(b);
    return OktaDirectory.create(b.build(), ConnectorOptions.builder().sleeper(sleeper).build());
  }

  static String http(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  /** A 200 JSON answer with Okta's usual headers and plenty of rate-limit budget left. */
  static ResponseDefinitionBuilder okta(String body) {
    return okta(body, 599, SERVER_NOW.plusSeconds(60));
  }

  /** A 200 JSON answer with Okta's headers: {@code remaining} calls left until {@code reset}. */
  static ResponseDefinitionBuilder okta(String body, int remaining, Instant reset) {
    return okta(body, remaining, reset, SERVER_NOW);
  }

  /** A 200 JSON answer sent at {@code date} by the server's clock. */
  static ResponseDefinitionBuilder okta(String body, int remaining, Instant reset, Instant date) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("Date", http(date))
        .withHeader("X-Okta-Request-Id", "Zd3mTw8xYk-fixture")
        .withHeader("X-Rate-Limit-Limit", "600")
        .withHeader("X-Rate-Limit-Remaining", Integer.toString(remaining))
        .withHeader("X-Rate-Limit-Reset", Long.toString(reset.getEpochSecond()))
        .withBody(body);
  }

  /** An Okta error answer. */
  static ResponseDefinitionBuilder oktaError(int status, String fixtureVariant) {
    return okta(FIXTURES.json("error", fixtureVariant)).withStatus(status);
  }

  /** {@code <base><path>?<query>; rel="…"}, the way Okta writes it. */
  static String link(WireMockExtension wm, String pathAndQuery, String rel) {
    return "<" + wm.baseUrl() + pathAndQuery + ">; rel=\"" + rel + "\"";
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The users of all three pages, in order. */
  static List<JsonNode> allUsers() {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      tree(FIXTURES.json("users", "page" + i)).forEach(out::add);
    }
    return out;
  }

  /** Stubs the users listing: three pages chained with {@code Link} headers. */
  static void stubUserPages(WireMockExtension wm) {
    String filter = "&filter=lastUpdated%20gt%20%221970-01-01T00:00:00.000Z%22";
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("after", absent())
        .withQueryParam("search", absent())
        .willReturn(okta(FIXTURES.json("users", "page1"))
            .withHeader("Link",
                link(wm, "/api/v1/users?limit=3" + filter, "self"),
                link(wm, "/api/v1/users?after=" + KEN + "&limit=3" + filter, "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("after", equalTo(KEN))
        .willReturn(okta(FIXTURES.json("users", "page2"))
            .withHeader("Link",
                link(wm, "/api/v1/users?after=" + KEN + "&limit=3" + filter, "self"),
                link(wm, "/api/v1/users?after=" + SUSPENDED + "&limit=3" + filter, "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("after", equalTo(SUSPENDED))
        .willReturn(okta(FIXTURES.json("users", "page3"))
            .withHeader("Link", link(wm, "/api/v1/users?after=" + SUSPENDED + "&limit=3" + filter, "self"))));
  }

  /** Stubs the whole fixture org: users, single users, groups, members, a user's groups. */
  static void stubOrg(WireMockExtension wm) {
    stubUserPages(wm);
    for (JsonNode u : allUsers()) {
      wm.stubFor(get("/api/v1/users/" + u.get("id").asText()).willReturn(okta(u.toString())));
    }
    wm.stubFor(get("/api/v1/users/me").willReturn(okta(FIXTURES.json("user", "custom-attributes"))));
    // The System Log, empty: the position a full run takes, and the connection check's probe.
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okta("[]")));
    wm.stubFor(get("/api/v1/users/" + MISSING).willReturn(oktaError(404, "not-found")));

    wm.stubFor(get(urlPathEqualTo("/api/v1/groups"))
        .withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("groups", "page1"))
            .withHeader("Link",
                link(wm, "/api/v1/groups?limit=200", "self"),
                link(wm, "/api/v1/groups?after=" + EVERYONE + "&limit=200", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups"))
        .withQueryParam("after", equalTo(EVERYONE))
        .willReturn(okta(FIXTURES.json("groups", "page2"))));

    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users"))
        .withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("group-members", "engineering-page1"))
            .withHeader("Link",
                link(wm, "/api/v1/groups/" + ENGINEERING + "/users?limit=3", "self"),
                link(wm, "/api/v1/groups/" + ENGINEERING + "/users?after=" + KEN + "&limit=3", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users"))
        .withQueryParam("after", equalTo(KEN))
        .willReturn(okta(FIXTURES.json("group-members", "engineering-page2"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + SALES + "/users"))
        .willReturn(okta(FIXTURES.json("group-members", "sales"))));
    ArrayNode everyone = JSON.createArrayNode();
    allUsers().stream().filter(u -> !u.get("status").asText().equals("DEPROVISIONED")).forEach(everyone::add);
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + EVERYONE + "/users"))
        .willReturn(okta(everyone.toString())));

    Map<String, JsonNode> groups = new LinkedHashMap<>();
    tree(FIXTURES.json("groups", "page1")).forEach(g -> groups.put(g.get("id").asText(), g));
    tree(FIXTURES.json("groups", "page2")).forEach(g -> groups.put(g.get("id").asText(), g));
    Map<String, Set<String>> members = members();
    members.put(EVERYONE, new LinkedHashSet<>());
    everyone.forEach(u -> members.get(EVERYONE).add(u.get("id").asText()));
    for (JsonNode u : allUsers()) {
      String id = u.get("id").asText();
      ArrayNode of = JSON.createArrayNode();
      members.forEach((g, ids) -> {
        if (ids.contains(id)) {
          of.add(groups.get(g));
        }
      });
      wm.stubFor(get("/api/v1/users/" + id + "/groups").willReturn(okta(of.toString())));
    }
  }

  /** The direct user members of Engineering and Sales. */
  static Map<String, Set<String>> members() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put(ENGINEERING, new LinkedHashSet<>(List.of(ALICE, ZOE, KEN, STAGED, PROVISIONED)));
    m.put(SALES, new LinkedHashSet<>(List.of(SUSPENDED, DEPROVISIONED)));
    return m;
  }

  static ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .userIds(List.of(ALICE, ZOE, KEN, STAGED, PROVISIONED, SUSPENDED, DEPROVISIONED, RECOVERY))
        .sampleUserIds(List.of(ALICE, ZOE, DEPROVISIONED))
        .groupIds(List.of(ENGINEERING, EVERYONE, SALES))
        .directUserMembers(members())
        .missingUserId(MISSING)
        .endpointNames(List.of("API token", "list users", "read user", "groups of user", "list groups",
            "group members", "system log"))
        .build();
  }
}
