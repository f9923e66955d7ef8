package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.BOB;
import static io.github.usersync.entra.Graph.CAROL;
import static io.github.usersync.entra.Graph.DAVE;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.model.Photo;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Graph JSON batching item by item ("Combine multiple HTTP requests using JSON batching",
 * https://learn.microsoft.com/en-us/graph/json-batching): the batch answers 200 while each item
 * carries its own status; a 429 item carries {@code Retry-After} and is sent again ("Throttling
 * and batching" in https://learn.microsoft.com/en-us/graph/throttling: "each request is evaluated
 * against throttling limits individually"); 404 from {@code /photo} means no photo
 * (https://learn.microsoft.com/en-us/graph/api/profilephoto-get) and from {@code /manager} no
 * manager (https://learn.microsoft.com/en-us/graph/api/user-list-manager).
 */
class EntraBatchTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(new GraphBatchResponder()))
          .build();

  private static final byte[] JPEG = "\u00ff\u00d8\u00ff\u00e0 jpeg".getBytes(StandardCharsets.ISO_8859_1);

  private final Graph.RecordingSleeper sleeper = new Graph.RecordingSleeper();

  private EntraDirectory directory() {
    Graph.stubToken(wm);
    wm.stubFor(post(urlPathEqualTo("/v1.0/$batch")).willReturn(aResponse().withTransformers(GraphBatchResponder.NAME)));
    return Graph.open(Graph.settings(wm).build(), sleeper);
  }

  private static String user(String id) {
    return "/v1.0/users/" + id;
  }

  private static int batches() {
    return wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/$batch"))).size();
  }

  private static int clientRequests(String path) {
    return wm.findAll(getRequestedFor(urlPathEqualTo(path)).withHeader(GraphBatchResponder.ITEM_HEADER, absent()))
        .size();
  }

  /** Alice's metadata answers 200; Bob's 429 (Retry-After: 7) once, then 200; Carol's 500; Dave's 404. */
  private static void stubMixedPhotoMetadata() {
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/photo")).willReturn(ok("photo", "metadata", wm)));
    wm.stubFor(get(urlPathEqualTo(user(BOB) + "/photo")).inScenario("bob").whenScenarioStateIs(STARTED)
        .willReturn(json(429, "error", "throttled", wm).withHeader("Retry-After", "7"))
        .willSetStateTo("served"));
    wm.stubFor(get(urlPathEqualTo(user(BOB) + "/photo")).inScenario("bob").whenScenarioStateIs("served")
        .willReturn(ok("photo", "metadata-changed", wm)));
    wm.stubFor(get(urlPathEqualTo(user(CAROL) + "/photo")).willReturn(json(500, "error", "internal", wm)));
    wm.stubFor(get(urlPathEqualTo(user(DAVE) + "/photo")).willReturn(json(404, "error", "image-not-found", wm)));
  }

  @Test
  void photoFingerprintsAreReadItemByItemAThrottledItemAgainAndAFailedOneLeftOut() {
    stubMixedPhotoMetadata();
    EntraDirectory d = directory();

    Map<String, Optional<String>> prints = d.photoFingerprints(List.of(ALICE, BOB, CAROL, DAVE));

    assertThat(prints).containsOnlyKeys(ALICE, BOB, DAVE);
    assertThat(prints.get(ALICE)).isPresent();
    assertThat(prints.get(BOB)).isPresent().isNotEqualTo(prints.get(ALICE));
    assertThat(prints.get(DAVE)).isEmpty();
    assertThat(batches()).as("the batch, then Bob's request again").isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(Duration.ofSeconds(7));
    assertThat(prints.get(ALICE)).isEqualTo(d.photoFingerprint(ALICE)).as("the same fingerprint as alone");
  }

  @Test
  void aBatchOfMoreThanTwentyUsersIsSplit() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 45; i++) {
      ids.add(String.format(java.util.Locale.ROOT, "00000000-0000-4000-8000-%012d", i));
    }
    wm.stubFor(get(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching("/v1.0/users/[^/]+/photo"))
        .willReturn(json(404, "error", "image-not-found", wm)));
    EntraDirectory d = directory();

    Map<String, Optional<String>> prints = d.photoFingerprints(ids);

    assertThat(prints).hasSize(45).allSatisfy((id, fp) -> assertThat(fp).isEmpty());
    assertThat(batches()).isEqualTo(3);
    List<Integer> sizes = new ArrayList<>();
    for (var e : wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/$batch")))) {
      JsonNode body = Graph.tree(e.getBodyAsString());
      sizes.add(body.path("requests").size());
      assertThat(body.path("requests").path(0).path("url").asText()).startsWith("/users/").endsWith("/photo");
      assertThat(body.path("requests").path(0).path("method").asText()).isEqualTo("GET");
    }
    assertThat(sizes).containsExactlyInAnyOrder(20, 20, 5);
  }

  @Test
  void photosAreDownloadedInABatchFromBase64BodiesReusingTheFingerprintsJustRead() {
    stubMixedPhotoMetadata();
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/photo/$value"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
    wm.stubFor(get(urlPathEqualTo(user(BOB) + "/photo/$value"))
        .willReturn(json(500, "error", "internal", wm)));
    EntraDirectory d = directory();
    Map<String, Optional<String>> prints = d.photoFingerprints(List.of(ALICE, BOB, CAROL, DAVE));
    int before = batches();

    Map<String, Optional<Photo>> photos = d.photos(List.of(ALICE, BOB, DAVE));

    assertThat(photos).as("Bob's download failed: left out, read alone by the engine").containsOnlyKeys(ALICE, DAVE);
    Photo alice = photos.getOrDefault(ALICE, Optional.empty()).orElseThrow();
    assertThat(alice.bytes()).isEqualTo(JPEG);
    assertThat(alice.contentType()).isEqualTo("image/jpeg");
    assertThat(alice.fingerprint()).isEqualTo(prints.getOrDefault(ALICE, Optional.empty()).orElseThrow());
    assertThat(photos.get(DAVE)).isEmpty();
    assertThat(batches() - before)
        .as("Dave's metadata (a user without a photo is not remembered), then one batch of downloads")
        .isEqualTo(2);
    assertThat(clientRequests(user(ALICE) + "/photo")).isZero();
  }

  @Test
  void managersComeInABatchAndAFailedItemIsAskedAloneSoItsFailureIsNeverReadAsNone() {
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/manager")).willReturn(ok("manager", "alice", wm)));
    wm.stubFor(get(urlPathEqualTo(user(BOB) + "/manager")).willReturn(json(404, "error", "manager-not-found", wm)));
    wm.stubFor(get(urlPathEqualTo(user(CAROL) + "/manager")).inScenario("carol").whenScenarioStateIs(STARTED)
        .willReturn(json(500, "error", "internal", wm)).willSetStateTo("recovered"));
    wm.stubFor(get(urlPathEqualTo(user(CAROL) + "/manager")).inScenario("carol").whenScenarioStateIs("recovered")
        .willReturn(ok("manager", "alice", wm)));
    EntraDirectory d = directory();

    Map<String, Optional<String>> managers = d.managerIds(List.of(ALICE, BOB, CAROL));

    assertThat(managers).containsEntry(ALICE, Optional.of(BOB)).containsEntry(BOB, Optional.empty())
        .containsEntry(CAROL, Optional.of(BOB));
    assertThat(batches()).isEqualTo(1);
    assertThat(clientRequests(user(CAROL) + "/manager")).as("Carol's, asked alone").isEqualTo(1);

    wm.stubFor(get(urlPathEqualTo(user(DAVE) + "/manager")).willReturn(json(403, "error", "forbidden", wm)));
    assertThatThrownBy(() -> d.managerIds(List.of(ALICE, DAVE)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("403");
  }
}
