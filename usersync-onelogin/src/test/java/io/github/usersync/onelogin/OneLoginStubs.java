package io.github.usersync.onelogin;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.Fixtures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A OneLogin account on WireMock, from the fixtures under {@code fixtures/onelogin/}: 7 users on
 * three cursor pages, 3 roles on two pages, 2 groups (API v1) on two pages, role members, the
 * token and rate-limit endpoints.
 */
final class OneLoginStubs {
  static final Fixtures FIXTURES = Fixtures.of("onelogin");
  static final String CLIENT_ID = "8b5f2d1c4e7a9b0c3d6e9f1a2b4c6d8e";
  static final String CLIENT_SECRET = "5c0ffee5ecre7-do-not-print-me-9a8b7c6d5e4f";
  static final String TOKEN = "xx508xx63817x752xx74004x30705xx92x58349x5x78f5xx34xxxxx51";
  static final String SECOND_TOKEN = "yy608yy63817y752yy74004y30705yy92y58349y5y78f5yy34yyyyy62";
  // After-Cursor values as OneLogin sends them: base64 of the next page's query.
  static final String USERS_CURSOR_2 = "bGltaXQ9MTAwJnBhZ2U9Mg==";
  static final String USERS_CURSOR_3 = "bGltaXQ9MTAwJnBhZ2U9Mw==";
  static final String ROLES_CURSOR_2 = "bGltaXQ9NjUwJnBhZ2U9Mg==";
  static final String ROLE_USERS_CURSOR_2 = "bGltaXQ9MTAwJnBhZ2U9Mg==";
  static final String GROUPS_CURSOR_2 = "bmFtZTo6OmVtcGxveWVlczo6OjQxNzMzMw";

  static final List<String> USER_IDS =
      List.of("36216766", "36216767", "36216768", "36216769", "36216770", "36216771", "36216772");

  private OneLoginStubs() {}

  static OneLoginSettings.Builder settings(WireMockExtension wm) {
    return OneLoginSettings.builder()
        .baseUrl(java.net.URI.create(wm.baseUrl()))
        .clientId(CLIENT_ID)
        .clientSecret(Secret.of(CLIENT_SECRET));
  }

  static OneLoginDirectory directory(OneLoginSettings settings, Sleeper sleeper) {
    return OneLoginDirectory.create(settings, ConnectorOptions.builder().sleeper(sleeper).build());
  }

  /** The whole account. */
  static void all(WireMockExtension wm) {
    token(wm);
    rateLimit(wm, "ok");
    users(wm);
    singleUsers(wm);
    roles(wm);
    roleUsers(wm);
    groups(wm);
    // The Events API's types (the connection check's probe and incremental runs) and no events.
    wm.stubFor(get(urlPathEqualTo("/api/1/events/types")).willReturn(json(FIXTURES.json("event-types", "all"))));
    wm.stubFor(get(urlPathEqualTo("/api/1/events")).willReturn(json(FIXTURES.json("events", "empty"))));
  }

  static void token(WireMockExtension wm) {
    wm.stubFor(post("/auth/oauth2/v2/token").willReturn(json(FIXTURES.json("token", "ok"))));
  }

  static void rateLimit(WireMockExtension wm, String variant) {
    wm.stubFor(get("/auth/rate_limit").willReturn(json(FIXTURES.json("rate-limit", variant))));
  }

  /** Three pages; the last has no After-Cursor. Remaining counts down from 4990. */
  static void users(WireMockExtension wm) {
    wm.stubFor(
        usersPage(null)
            .willReturn(page(FIXTURES.json("users", "page1"), USERS_CURSOR_2, 4990, 1, 3)));
    wm.stubFor(
        usersPage(USERS_CURSOR_2)
            .willReturn(page(FIXTURES.json("users", "page2"), USERS_CURSOR_3, 4989, 2, 3)));
    wm.stubFor(usersPage(USERS_CURSOR_3).willReturn(page(FIXTURES.json("users", "page3"), null, 4988, 3, 3)));
  }

  /** A request for one page of the plain user listing (no filter). */
  static MappingBuilder usersPage(@Nullable String cursor) {
    return get(urlPathEqualTo("/api/2/users"))
        .withQueryParam("cursor", cursor == null ? absent() : equalTo(cursor))
        .withQueryParam("updated_since", absent())
        .withQueryParam("email", absent());
  }

  static void singleUsers(WireMockExtension wm) {
    wm.stubFor(
        get(urlPathMatching("/api/2/users/[0-9]+"))
            .atPriority(10)
            .willReturn(json(FIXTURES.json("error", "404")).withStatus(404)));
    for (String id : USER_IDS) {
      wm.stubFor(get("/api/2/users/" + id).willReturn(json(FIXTURES.json("user", id))));
    }
  }

  static void roles(WireMockExtension wm) {
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles"))
            .withQueryParam("cursor", absent())
            .willReturn(page(FIXTURES.json("roles", "page1"), ROLES_CURSOR_2, 4987, 1, 2)));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles"))
            .withQueryParam("cursor", equalTo(ROLES_CURSOR_2))
            .willReturn(page(FIXTURES.json("roles", "page2"), null, 4986, 2, 2)));
  }

  static void roleUsers(WireMockExtension wm) {
    wm.stubFor(
        get(urlPathMatching("/api/2/roles/[0-9]+/users"))
            .atPriority(10)
            .willReturn(json(FIXTURES.json("error", "404")).withStatus(404)));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles/199848/users"))
            .withQueryParam("cursor", absent())
            .willReturn(page(FIXTURES.json("role-users", "199848-page1"), ROLE_USERS_CURSOR_2, 4985, 1, 2)));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles/199848/users"))
            .withQueryParam("cursor", equalTo(ROLE_USERS_CURSOR_2))
            .willReturn(page(FIXTURES.json("role-users", "199848-page2"), null, 4984, 2, 2)));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles/272445/users"))
            .willReturn(page(FIXTURES.json("role-users", "272445"), null, 4983, 1, 1)));
    wm.stubFor(
        get(urlPathEqualTo("/api/2/roles/300001/users"))
            .willReturn(page(FIXTURES.json("role-users", "300001"), null, 4982, 1, 1)));
  }

  /** API v1: the cursor is in the body, sent back as {@code after_cursor}. */
  static void groups(WireMockExtension wm) {
    wm.stubFor(
        get(urlPathEqualTo("/api/1/groups"))
            .withQueryParam("after_cursor", absent())
            .willReturn(json(FIXTURES.json("groups", "page1")).withHeader("X-RateLimit-Remaining", "4981")));
    wm.stubFor(
        get(urlPathEqualTo("/api/1/groups"))
            .withQueryParam("after_cursor", equalTo(GROUPS_CURSOR_2))
            .willReturn(json(FIXTURES.json("groups", "page2")).withHeader("X-RateLimit-Remaining", "4980")));
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  /** A v2 list page with OneLogin's paging and rate-limit headers. */
  static ResponseDefinitionBuilder page(
      String body, @Nullable String afterCursor, long remaining, int page, int pages) {
    ResponseDefinitionBuilder r =
        json(body)
            .withHeader("Current-Page", Integer.toString(page))
            .withHeader("Total-Pages", Integer.toString(pages))
            .withHeader("X-RateLimit-Limit", "5000")
            .withHeader("X-RateLimit-Remaining", Long.toString(remaining))
            .withHeader("X-RateLimit-Reset", "1800");
    if (afterCursor != null) {
      r.withHeader("After-Cursor", afterCursor);
    }
    return r;
  }

  /** Records waits instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }
}
