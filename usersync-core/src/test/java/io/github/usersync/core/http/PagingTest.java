package io.github.usersync.core.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.DirectoryException;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PagingTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
          .build();

  private ApiClient client() {
    return ApiClient.builder("test", URI.create(wm.baseUrl()))
        .retryPolicy(RetryPolicy.of(2, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofSeconds(1)))
        .build();
  }

  private static String id(JsonNode n) {
    return n.path("id").asText();
  }

  @Test
  void nextLinkInBodyFollowsTheOpaqueLinkWithTheSameHeaders() {
    String base = wm.baseUrl();
    wm.stubFor(get("/v1.0/users?$top=2").willReturn(okJson(
        "{\"value\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"@odata.nextLink\":\"" + base + "/v1.0/users?$top=2&$skiptoken=X1\"}")));
    wm.stubFor(get("/v1.0/users?$top=2&$skiptoken=X1").willReturn(okJson(
        "{\"value\":[{\"id\":\"3\"},{\"id\":\"4\"}],\"@odata.nextLink\":\"" + base + "/v1.0/users?$top=2&$skiptoken=X2\"}")));
    wm.stubFor(get("/v1.0/users?$top=2&$skiptoken=X2").willReturn(okJson("{\"value\":[{\"id\":\"5\"}]}")));

    List<String> ids = Paging.stream(client(),
            ApiRequest.get("/v1.0/users").query("$top", 2).header("ConsistencyLevel", "eventual").build(),
            Paging.nextLinkInBody("value", "@odata.nextLink", PagingTest::id))
        .collect(Collectors.toList());

    assertThat(ids).containsExactly("1", "2", "3", "4", "5");
    wm.verify(3, getRequestedFor(urlPathEqualTo("/v1.0/users"))
        .withHeader("ConsistencyLevel", WireMock.equalTo("eventual")));
  }

  @Test
  void linkHeaderFollowsRelNext() {
    String base = wm.baseUrl();
    wm.stubFor(get("/api/v1/users?limit=2").willReturn(okJson("[{\"id\":\"a\"},{\"id\":\"b\"}]")
        .withHeader("Link", "<" + base + "/api/v1/users?limit=2>; rel=\"self\"")
        .withHeader("Link", "<" + base + "/api/v1/users?after=b&limit=2>; rel=\"next\"")));
    wm.stubFor(get("/api/v1/users?after=b&limit=2").willReturn(okJson("[{\"id\":\"c\"},{\"id\":\"d\"}]")
        .withHeader("Link", "<" + base + "/api/v1/users?after=b&limit=2>; rel=\"self\", <" + base
            + "/api/v1/users?after=d&limit=2>; rel=\"next\"")));
    wm.stubFor(get("/api/v1/users?after=d&limit=2").willReturn(okJson("[{\"id\":\"e\"}]")
        .withHeader("Link", "<" + base + "/api/v1/users?after=d&limit=2>; rel=\"self\"")));

    assertThat(Paging.list(client(), ApiRequest.get("/api/v1/users").query("limit", 2).build(),
            Paging.linkHeader(PagingTest::id)))
        .containsExactly("a", "b", "c", "d", "e");
  }

  private void stubLinkChain(int pages) {
    String base = wm.baseUrl();
    for (int p = 0; p < pages; p++) {
      String url = p == 0 ? "/api/v1/users?limit=2" : "/api/v1/users?after=p" + p + "&limit=2";
      com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder answer =
          okJson("[{\"id\":\"" + p + "a\"},{\"id\":\"" + p + "b\"}]");
      if (p + 1 < pages) {
        answer = answer.withHeader("Link", "<" + base + "/api/v1/users?after=p" + (p + 1) + "&limit=2>; rel=\"next\"");
      }
      wm.stubFor(get(url).willReturn(answer));
    }
  }

  @Test
  void readingAheadGivesTheSameItemsWithTheSameRequests() {
    stubLinkChain(5);

    List<String> ids;
    try (java.util.stream.Stream<String> s = Paging.streamAhead(client(),
        ApiRequest.get("/api/v1/users").query("limit", 2).build(), Paging.linkHeader(PagingTest::id), 2)) {
      ids = s.collect(Collectors.toList());
    }

    assertThat(ids).containsExactly("0a", "0b", "1a", "1b", "2a", "2b", "3a", "3b", "4a", "4b");
    assertThat(wm.getAllServeEvents()).hasSize(5);
  }

  @Test
  void readingAheadRequestsTheNextPagesBeforeTheyAreTakenButNoMoreThanAsked() throws Exception {
    stubLinkChain(6);

    try (java.util.stream.Stream<String> s = Paging.streamAhead(client(),
        ApiRequest.get("/api/v1/users").query("limit", 2).build(), Paging.linkHeader(PagingTest::id), 2)) {
      Iterator<String> it = s.iterator();
      assertThat(it.next()).isEqualTo("0a");
      // The caller holds page 1; pages 2 and 3 are read ahead, page 4 waits for the caller.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (wm.getAllServeEvents().size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(200);
      assertThat(wm.getAllServeEvents()).hasSize(3);
    }
    // Closed: the chain stops.
    Thread.sleep(200);
    assertThat(wm.getAllServeEvents()).hasSize(3);
  }

  @Test
  void readingAheadThrowsAFailedPageAfterTheItemsBeforeIt() {
    stubLinkChain(3);
    wm.stubFor(get("/api/v1/users?after=p2&limit=2").willReturn(aResponse().withStatus(400)));

    Iterator<String> it = Paging.streamAhead(client(),
        ApiRequest.get("/api/v1/users").query("limit", 2).build(), Paging.linkHeader(PagingTest::id), 2).iterator();

    assertThat(it.next()).isEqualTo("0a");
    assertThat(it.next()).isEqualTo("0b");
    assertThat(it.next()).isEqualTo("1a");
    assertThat(it.next()).isEqualTo("1b");
    assertThatThrownBy(it::hasNext).isInstanceOf(ApiException.class);
  }

  @Test
  void readingAheadUnderAnObjectThatIsGoneIsEmpty() {
    wm.stubFor(get("/api/v1/groups/x/users?limit=2").willReturn(aResponse().withStatus(404)));

    assertThat(Paging.streamAheadOrEmpty(client(), ApiRequest.get("/api/v1/groups/x/users").query("limit", 2).build(),
        Paging.linkHeader(PagingTest::id), 2)).isEmpty();
  }

  @Test
  void cursorHeaderSendsTheCursorBack() {
    wm.stubFor(get("/api/2/users?limit=2").willReturn(okJson("[{\"id\":1},{\"id\":2}]").withHeader("After-Cursor", "c1")));
    wm.stubFor(get("/api/2/users?limit=2&cursor=c1").willReturn(okJson("[{\"id\":3},{\"id\":4}]").withHeader("After-Cursor", "c2")));
    wm.stubFor(get("/api/2/users?limit=2&cursor=c2").willReturn(okJson("[{\"id\":5}]")));

    assertThat(Paging.list(client(), ApiRequest.get("/api/2/users").query("limit", 2).build(),
            Paging.cursorHeader("After-Cursor", "cursor", null, PagingTest::id)))
        .containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void tokenInBodySendsTheTokenBack() {
    wm.stubFor(get("/admin/directory/v1/users?customer=my_customer&maxResults=2").willReturn(okJson(
        "{\"users\":[{\"id\":\"1\"},{\"id\":\"2\"}],\"nextPageToken\":\"p+2/=\"}")));
    wm.stubFor(get("/admin/directory/v1/users?customer=my_customer&maxResults=2&pageToken=p%2B2/%3D").willReturn(okJson(
        "{\"users\":[{\"id\":\"3\"},{\"id\":\"4\"}],\"nextPageToken\":\"p3\"}")));
    wm.stubFor(get("/admin/directory/v1/users?customer=my_customer&maxResults=2&pageToken=p3").willReturn(okJson(
        "{\"users\":[{\"id\":\"5\"}]}")));

    assertThat(Paging.list(client(),
            ApiRequest.get("/admin/directory/v1/users").query("customer", "my_customer").query("maxResults", 2).build(),
            Paging.tokenInBody("users", "nextPageToken", "pageToken", PagingTest::id)))
        .containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void tokenInBodyReadsAJsonPointerCursor() {
    wm.stubFor(get("/api/1/groups").willReturn(okJson(
        "{\"data\":[{\"id\":1}],\"pagination\":{\"after_cursor\":\"A\"}}")));
    wm.stubFor(get("/api/1/groups?after_cursor=A").willReturn(okJson(
        "{\"data\":[{\"id\":2}],\"pagination\":{\"after_cursor\":\"B\"}}")));
    wm.stubFor(get("/api/1/groups?after_cursor=B").willReturn(okJson(
        "{\"data\":[{\"id\":3}],\"pagination\":{\"after_cursor\":null}}")));

    assertThat(Paging.list(client(), ApiRequest.get("/api/1/groups").build(),
            Paging.tokenInBody("data", "/pagination/after_cursor", "after_cursor", PagingTest::id)))
        .containsExactly("1", "2", "3");
  }

  @Test
  void offsetStopsOnAShortPage() {
    wm.stubFor(get("/admin/realms/r/users?first=0&max=2").willReturn(okJson("[{\"id\":\"1\"},{\"id\":\"2\"}]")));
    wm.stubFor(get("/admin/realms/r/users?first=2&max=2").willReturn(okJson("[{\"id\":\"3\"},{\"id\":\"4\"}]")));
    wm.stubFor(get("/admin/realms/r/users?first=4&max=2").willReturn(okJson("[{\"id\":\"5\"}]")));

    assertThat(Paging.list(client(), ApiRequest.get("/admin/realms/{realm}/users", "r").query("first", 0).query("max", 2).build(),
            Paging.offset("first", "max", 2, null, PagingTest::id)))
        .containsExactly("1", "2", "3", "4", "5");
    wm.verify(3, getRequestedFor(urlPathEqualTo("/admin/realms/r/users")));
  }

  @Test
  void offsetMakesOneMoreRequestWhenTheLastPageIsFull() {
    wm.stubFor(get("/u?first=0&max=2").willReturn(okJson("[{\"id\":\"1\"},{\"id\":\"2\"}]")));
    wm.stubFor(get("/u?first=2&max=2").willReturn(okJson("[]")));

    assertThat(Paging.list(client(), ApiRequest.get("/u").query("first", 0).query("max", 2).build(),
            Paging.offset("first", "max", 2, null, PagingTest::id)))
        .containsExactly("1", "2");
  }

  @Test
  void isLazyOnePageAtATime() {
    wm.stubFor(get("/p?first=0&max=1").willReturn(okJson("[{\"id\":\"1\"}]")));
    wm.stubFor(get("/p?first=1&max=1").willReturn(okJson("[{\"id\":\"2\"}]")));

    Iterator<String> it = Paging.stream(client(), ApiRequest.get("/p").query("first", 0).query("max", 1).build(),
        Paging.offset("first", "max", 1, null, PagingTest::id)).iterator();
    assertThat(it.next()).isEqualTo("1");
    wm.verify(1, getRequestedFor(urlPathEqualTo("/p")));
  }

  @Test
  void aPageThatFailsHalfWayIsThrownNotSwallowed() {
    wm.stubFor(get("/u?first=0&max=2").willReturn(okJson("[{\"id\":\"1\"},{\"id\":\"2\"}]")));
    wm.stubFor(get("/u?first=2&max=2").willReturn(aResponse().withStatus(500)));

    assertThatThrownBy(() -> Paging.list(client(), ApiRequest.get("/u").query("first", 0).query("max", 2).build(),
            Paging.offset("first", "max", 2, null, PagingTest::id)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("HTTP 500");
  }

  @Test
  void aChainThatRepeatsAPageIsAnError() {
    String base = wm.baseUrl();
    wm.stubFor(get("/loop").willReturn(okJson("[{\"id\":\"1\"}]").withHeader("Link", "<" + base + "/loop>; rel=\"next\"")));

    assertThatThrownBy(() -> Paging.list(client(), ApiRequest.get("/loop").build(), Paging.linkHeader(PagingTest::id)))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("a second time");
  }

  @Test
  void aBodyOfTheWrongShapeIsAnError() {
    wm.stubFor(get("/v1.0/users").willReturn(okJson("{\"value\":{\"id\":\"1\"}}")));

    assertThatThrownBy(() -> Paging.list(client(), ApiRequest.get("/v1.0/users").build(),
            Paging.nextLinkInBody("value", "@odata.nextLink", PagingTest::id)))
        .isInstanceOf(DirectoryException.class)
        .hasMessageContaining("not a JSON array");
    wm.verify(1, getRequestedFor(urlEqualTo("/v1.0/users")));
  }
}
