package io.github.usersync.scim;

import static io.github.usersync.scim.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A provider that shares a sync's lock and state with pulls of the same name: a write waits for the
 * lock and is answered 503 with Retry-After when a run keeps it; the pushed resources are kept in
 * the sync state beside the pull's, so a new provider (a restart) answers and PATCHes by the SCIM
 * ids given before.
 *
 * <p>503 with Retry-After: RFC 7231 §6.6.4 and §7.1.3, in the error form of RFC 7644 §3.12. Clients
 * retry: Okta documents retrying provisioning calls after the Retry-After a SCIM server sends (Okta
 * support, "Slack Provisioning Jobs Failed With Error: API Rate Limit Exceeded", for 429); Microsoft
 * says Entra retries a failing object with exponential backoff (Microsoft Q&A, "Webex Application
 * Provisioning", Danny Zollner, 2021).
 */
class SharedLockAndStateTest {
  private static final String USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
      + "\"userName\":\"babs\",\"externalId\":\"idp-babs\",\"displayName\":\"Babs\",\"active\":true,"
      + "\"emails\":[{\"value\":\"babs@example.com\",\"type\":\"work\",\"primary\":true}]}";

  @TempDir Path dir;
  private final InMemoryTarget host = InMemoryTarget.create();

  private ScimServiceProvider provider(SyncStateStore states) {
    return ScimServiceProvider.builder(host).name("shared")
        .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN)))
        .lock(SyncLock.file(dir), Duration.ZERO).busyRetryAfter(Duration.ofSeconds(12))
        .stateStore(states).build();
  }

  @Test
  void aWriteWhileARunHoldsTheLockIsAnswered503AndAppliesAfterwards() {
    try (ScimServiceProvider scim = provider(SyncStateStore.inMemory())) {
      Calls calls = new Calls(scim);
      ScimResponse busy;
      try (SyncLock.Handle run = SyncLock.file(dir).acquire("shared")) {
        busy = calls.call("POST", "/Users", USER);
      }
      assertThat(busy.status()).isEqualTo(503);
      assertThat(busy.headers()).containsEntry("Retry-After", "12");
      assertThat(json(busy).path("detail").asText()).contains("a sync run of shared", "retry after 12 s");
      assertThat(host.users()).as("nothing applied").isEmpty();
      assertThat(calls.get("/Users").bodyText()).contains("\"totalResults\":0");

      assertThat(calls.call("POST", "/Users", USER).status()).isEqualTo(201);
      assertThat(host.userByExternalId("idp-babs")).isPresent();
      assertThat(SyncLock.file(dir).holder("shared")).as("released after the write").isEmpty();
    }
  }

  @Test
  void resourcesSurviveARestartBesideThePullsState() {
    SyncStateStore states = SyncStateStore.file(dir.resolve("state.json"));
    states.save("shared", SyncState.builder()
        .putManagedGroups("g-1", SyncState.ManagedGroup.of("jira-users", true))
        .putPending("u-9", SyncState.Pending.of("timeout", Instant.parse("2026-12-01T00:00:00Z")))
        .lastFullSync(Instant.parse("2026-12-02T00:00:00Z"))
        .build());
    String id;
    try (ScimServiceProvider scim = provider(states)) {
      ScimResponse created = new Calls(scim).call("POST", "/Users", USER);
      assertThat(created.status()).isEqualTo(201);
      id = json(created).path("id").asText();
    }
    SyncState saved = states.load("shared").orElseThrow();
    assertThat(saved.managedGroups()).containsKey("g-1");
    assertThat(saved.pending()).containsKey("u-9");
    assertThat(saved.lastFullSync()).isPresent();
    assertThat(saved.extensions().get("scim")).contains(id, "idp-babs");

    try (ScimServiceProvider restarted = provider(states)) {
      Calls calls = new Calls(restarted);
      assertThat(calls.get("/Users/" + id).status()).isEqualTo(200);
      assertThat(calls.get("/Users?filter=externalId%20eq%20%22idp-babs%22").bodyText()).contains(id);
      ScimResponse patched = calls.call("PATCH", "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
          + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Babs Jensen\"}]}");
      assertThat(patched.status()).isEqualTo(200);
      assertThat(host.userByExternalId("idp-babs").orElseThrow().displayName()).contains("Babs Jensen");
      assertThat(host.userByExternalId("idp-babs").orElseThrow().email()).as("the rest of the resource kept")
          .contains("babs@example.com");
    }
  }
}
