package io.github.usersync.entra;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static io.github.usersync.entra.Graph.ALICE;
import static io.github.usersync.entra.Graph.BOB;
import static io.github.usersync.entra.Graph.json;
import static io.github.usersync.entra.Graph.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.usersync.entra.internal.GraphRequests;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.sync.UserSyncResult;
import io.github.usersync.testkit.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests per user for managers and photos (issue 20), counted on the WireMock journal.
 *
 * <p>Wire details: the photo metadata {@code GET /users/{id}/photo} answers a profilePhoto with
 * {@code @odata.mediaEtag}, the bytes are {@code GET /users/{id}/photo/$value}, a user without a
 * photo answers 404 (https://learn.microsoft.com/en-us/graph/api/profilephoto-get); {@code GET
 * /users/{id}/manager} answers 404 when no manager is set
 * (https://learn.microsoft.com/en-us/graph/api/user-list-manager); a users delta with {@code
 * $select=…,manager} carries the manager as {@code manager@delta}
 * (https://learn.microsoft.com/en-us/graph/api/user-delta, "manager@delta" in the response
 * example).
 */
class EntraRequestCountsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance()
          .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(new GraphBatchResponder()))
          .build();

  private static final byte[] JPEG =
      "\u00ff\u00d8\u00ff\u00e0 not really a jpeg".getBytes(StandardCharsets.ISO_8859_1);

  private static final byte[] PNG = "\u0089PNG not really a png".getBytes(StandardCharsets.ISO_8859_1);

  private static final String USERS_LATEST =
      "/v1.0/users/delta?$deltatoken=oEcOySpF_hWYmTIUZBOIfPzcwisr_rPe8o9M54L45qEXQGmvQC6T2dbL-latest";
  private static final String GROUPS_LATEST =
      "/v1.0/groups/delta?$deltatoken=sZwAFZibx-LQOdZIo1hHhmmDhHzCY0Hs6snoIHJCSIfCHdqKdWNZ2VX3-latest";
  private static final String USERS_NEXT =
      "/v1.0/users/delta?$skiptoken=pqwSUjGYvb3jQpbwVAwEL7yuI3dU1LecfkkfLPtnIjsXoYQp_dpA3cNJWc";

  private static final String EMPTY_LIST = "{\"value\":[]}";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T12:00:00Z"));

  private EntraDirectory directory() {
    Graph.stubToken(wm);
    return EntraDirectory.create(
        Graph.settings(wm).build(),
        ConnectorOptions.builder().sleeper(new Graph.RecordingSleeper()).clock(clock).build());
  }

  private static void stubAlicesPhoto() {
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo")).willReturn(ok("photo", "metadata", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/" + ALICE + "/photo/$value"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/jpeg").withBody(JPEG)));
  }

  /** Requests the client sent to {@code path} (not the items of its batches). */
  private static int count(String path) {
    return wm.findAll(getRequestedFor(urlPathEqualTo(path)).withHeader(GraphBatchResponder.ITEM_HEADER, absent()))
        .size();
  }

  private static int countMatching(String pathRegex) {
    return wm.findAll(getRequestedFor(urlPathMatching(pathRegex)).withHeader(GraphBatchResponder.ITEM_HEADER, absent()))
        .size();
  }

  private static int batches() {
    return wm.findAll(postRequestedFor(urlPathEqualTo("/v1.0/$batch"))).size();
  }

  /** Every request the client sent (batch items excluded). */
  private static int clientRequests() {
    return (int) wm.getAllServeEvents().stream()
        .filter(e -> e.getRequest().getHeader(GraphBatchResponder.ITEM_HEADER) == null).count();
  }

  private static String user(String id) {
    return "/v1.0/users/" + id;
  }

  /**
   * A first full sync of the fixture's 7 users (3 pages) with a manager field mapped and photos
   * synchronised, Alice and Bob with a photo, Alice with a manager: the managers in one batch, the
   * photo metadata in one, the two downloads in one ({@code POST /$batch}, 20 requests a call,
   * https://learn.microsoft.com/en-us/graph/json-batching), no per-user request; the rest is the
   * token, the listings (the users once: the engine keeps the managers' records as they pass),
   * the groups and the two delta links change tracking starts from.
   */
  @Test
  void aFullSyncWithManagersAndPhotosCostsOneBatchPerTwentyUsers() {
    Graph.stubUserPages(wm);
    // The parts of the listing with managers are refused here, so every user is read again by id
    // with its manager ($expand=manager($select=id)), 20 to a batch.
    Graph.stubSingleUsers(wm, java.util.Map.of(ALICE, BOB));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).willReturn(okJson(EMPTY_LIST)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/delta")).withQueryParam("$deltaToken", equalTo("latest"))
        .willReturn(ok("users-delta", "latest", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/delta")).withQueryParam("$deltaToken", equalTo("latest"))
        .willReturn(ok("groups-delta", "latest", wm)));
    wm.stubFor(get(urlPathMatching("/v1.0/users/[^/]+/manager"))
        .willReturn(json(404, "error", "manager-not-found", wm)));
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/manager")).willReturn(ok("manager", "alice", wm)));
    wm.stubFor(get(urlPathMatching("/v1.0/users/[^/]+/photo(/\\$value)?"))
        .willReturn(json(404, "error", "image-not-found", wm)));
    stubAlicesPhoto();
    wm.stubFor(get(urlPathEqualTo(user(BOB) + "/photo")).willReturn(ok("photo", "metadata-changed", wm)));
    wm.stubFor(get(urlPathEqualTo(user(BOB) + "/photo/$value"))
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "image/png").withBody(PNG)));
    stubBatch();
    UserMapping mapping =
        UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").photo(true).build();
    InMemoryTarget host = InMemoryTarget.create();

    SyncReport r = UserSync.builder(directory(), host).mapper(mapping).build().run();

    assertThat(r.plan().readComplete()).as(r.toText()).isTrue();
    assertThat(host.requireUser("alice@contoso.onmicrosoft.com").attributes())
        .containsEntry("managerEmail", "bob@contoso.com");
    assertThat(host.requireUser("alice@contoso.onmicrosoft.com").photoFingerprint()).isPresent();
    assertThat(host.requireUser("bob@contoso.onmicrosoft.com").photoFingerprint()).isPresent();
    int users = Graph.ALL_USERS.size();
    int perTwenty = (users + 19) / 20;
    assertThat(batches()).as("users by id with their managers, photo metadata, the 2 downloads")
        .isEqualTo(perTwenty + perTwenty + 1);
    assertThat(countMatching("/v1.0/users/[^/]+/(manager|photo|photo/\\$value)")).as("per-user requests").isZero();
    int token = 1;
    int userPages = 3;
    int refusedParts = GraphRequests.UPN_FIRST_CHARACTERS.size();
    assertThat(clientRequests()).isEqualTo(token + userPages + refusedParts + 1 + 2 + batches());
    assertThat(wm.findAll(getRequestedFor(urlPathMatching("/v1.0/users/[^/]+/photo/\\$value"))))
        .as("downloads, as batch items").hasSize(2);
  }

  private static void stubBatch() {
    wm.stubFor(post(urlPathEqualTo("/v1.0/$batch")).willReturn(aResponse().withTransformers(GraphBatchResponder.NAME)));
  }

  @Test
  void aDownloadAfterTheFingerprintReusesTheMetadataJustRead() {
    stubAlicesPhoto();
    EntraDirectory d = directory();

    String fingerprint = d.photoFingerprint(ALICE).orElseThrow();
    Photo photo = d.photo(ALICE).orElseThrow();

    assertThat(photo.fingerprint()).isEqualTo(fingerprint);
    assertThat(photo.bytes()).isEqualTo(JPEG);
    assertThat(count(user(ALICE) + "/photo")).as("metadata reads (2 before issue 20)").isEqualTo(1);
    assertThat(count(user(ALICE) + "/photo/$value")).isEqualTo(1);
  }

  @Test
  void aFingerprintServesOneDownloadOnlyAndOnlyWhileFresh() {
    stubAlicesPhoto();
    EntraDirectory d = directory();

    d.photoFingerprint(ALICE);
    d.photo(ALICE);
    d.photo(ALICE);
    assertThat(count(user(ALICE) + "/photo")).as("a second download reads the metadata again").isEqualTo(2);

    d.photoFingerprint(ALICE);
    clock.advance(Duration.ofMinutes(11));
    d.photo(ALICE);
    assertThat(count(user(ALICE) + "/photo")).as("a fingerprint older than 10 minutes is read again").isEqualTo(4);
  }

  @Test
  void aPhotoRemovedSinceTheFingerprintIsNotDownloadedFromAStaleEntry() {
    stubAlicesPhoto();
    EntraDirectory d = directory();
    d.photoFingerprint(ALICE);
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/photo")).willReturn(json(404, "error", "image-not-found", wm)));
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/photo/$value"))
        .willReturn(json(404, "error", "image-not-found", wm)));

    assertThat(d.photoFingerprint(ALICE)).isEmpty();
    assertThat(d.photo(ALICE)).isEmpty();
    assertThat(count(user(ALICE) + "/photo")).as("the empty answer replaced the entry").isEqualTo(3);
  }

  private UserSync syncOf(EntraDirectory d, UserMapping mapping) {
    return UserSync.builder(d, InMemoryTarget.create()).mapper(mapping).build();
  }

  private static void stubSingleUserReads(String userId) {
    Graph.stubSingleUsers(wm);
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).willReturn(okJson(EMPTY_LIST)));
    wm.stubFor(get(urlPathEqualTo(user(userId) + "/memberOf")).willReturn(okJson(EMPTY_LIST)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder okJson(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void syncUserReadsAMissingManagerOnceAndThePhotoMetadataOnce() {
    stubSingleUserReads(ALICE);
    stubAlicesPhoto();
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/manager"))
        .willReturn(json(404, "error", "manager-not-found", wm)));
    UserMapping mapping =
        UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").photo(true).build();

    UserSyncResult r = syncOf(directory(), mapping).syncUser(ALICE);

    assertThat(r.user()).isPresent();
    assertThat(r.user().orElseThrow().photoFingerprint()).isPresent();
    assertThat(count(user(ALICE) + "/manager")).as("manager reads (2 before issue 20)").isEqualTo(1);
    assertThat(count(user(ALICE) + "/photo")).as("metadata reads (2 before issue 20)").isEqualTo(1);
    assertThat(count(user(ALICE) + "/photo/$value")).isEqualTo(1);
  }

  @Test
  void syncUserTakesTheManagerFromTheExpandedUserRead() {
    stubSingleUserReads(ALICE);
    // GET /users/{id}?$expand=manager($select=id) carries the manager as a nested object
    // (https://learn.microsoft.com/en-us/graph/api/user-list-manager, "$select inside $expand").
    wm.stubFor(get(urlPathEqualTo(user(ALICE)))
        .atPriority(1)
        .withQueryParam("$expand", equalTo("manager($select=id)"))
        .willReturn(okJson("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users(" + Graph.STANDARD_SELECT
            + ",manager(id))/$entity\",\"id\":\"" + ALICE + "\",\"userPrincipalName\":\"alice@contoso.onmicrosoft.com\","
            + "\"mail\":\"alice@contoso.com\",\"givenName\":\"Alice\",\"surname\":\"Wong\",\"displayName\":\"Alice Wong\","
            + "\"accountEnabled\":true,\"manager\":{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"" + BOB + "\"}}")));
    wm.stubFor(get(urlPathEqualTo(user(ALICE) + "/manager")).willReturn(ok("manager", "alice", wm)));
    UserMapping mapping = UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build();

    UserSyncResult r = syncOf(directory(), mapping).syncUser(ALICE);

    assertThat(r.user().orElseThrow().attributes()).containsEntry("managerEmail", "bob@contoso.com");
    assertThat(count(user(ALICE) + "/manager")).as("manager reads (1 without the expand)").isZero();
  }

  @Test
  void anIncrementalRunTakesTheManagerFromManagerDeltaWithoutAManagerRead() {
    Graph.stubUserPages(wm);
    Graph.stubSingleUsers(wm);
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups")).willReturn(okJson(EMPTY_LIST)));
    wm.stubFor(get(urlPathMatching("/v1.0/users/[^/]+/manager"))
        .willReturn(json(404, "error", "manager-not-found", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/users/delta")).withQueryParam("$deltaToken", equalTo("latest"))
        .willReturn(ok("users-delta", "latest", wm)));
    wm.stubFor(get(urlPathEqualTo("/v1.0/groups/delta")).withQueryParam("$deltaToken", equalTo("latest"))
        .willReturn(ok("groups-delta", "latest", wm)));
    // Alice's change carries manager@delta (Bob); Henry's carries none.
    wm.stubFor(get(urlEqualTo(USERS_LATEST)).willReturn(ok("users-delta", "changes-page1", wm)));
    wm.stubFor(get(urlEqualTo(USERS_NEXT)).willReturn(ok("users-delta", "changes-page2", wm)));
    wm.stubFor(get(urlEqualTo(GROUPS_LATEST)).willReturn(ok("groups-delta", "changes", wm)));
    stubBatch(); // the first, full run reads the managers in a batch
    UserMapping mapping = UserMapping.defaults().toBuilder().attribute("managerEmail", "$manager.email").build();
    InMemoryTarget host = InMemoryTarget.create();
    UserSync sync = UserSync.builder(directory(), host).mapper(mapping).build();
    sync.run();
    wm.resetRequests();

    SyncReport r = sync.run();

    assertThat(r.mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(host.requireUser("alice@contoso.onmicrosoft.com").attributes())
        .containsEntry("managerEmail", "bob@contoso.com");
    assertThat(count(user(ALICE) + "/manager")).as("Alice's manager came with manager@delta").isZero();
    assertThat(count(user(Graph.HENRY) + "/manager"))
        .as("Henry's change carries no manager@delta, so his manager is unknown and read once")
        .isEqualTo(1);
  }
}
