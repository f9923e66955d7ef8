package io.github.usersync.core.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.model.ChangeCursor;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncStateJsonTest {
  private static final Instant T = Instant.parse("2026-12-03T06:00:00Z");

  @Test
  void everyFieldSurvivesARoundTrip() {
    SyncState state = SyncState.builder()
        .cursor(ChangeCursor.of("entra", "https://graph/delta?$deltatoken=x\"y", T))
        .lastFullSync(T.minusSeconds(60))
        .fullRuns(42)
        .putManagedGroups("g1", SyncState.ManagedGroup.of("Legal & Compliance", true))
        .putManagedGroups("g2", SyncState.ManagedGroup.of("jira-users", false))
        .putRetiredGroups("Legal Review", SyncState.RetiredGroup.of("group renamed in the IdP from 'Legal Review' to 'Legal & Compliance'", true))
        .putPending("u1", SyncState.Pending.of("PUT /user answered 500", T))
        .putRefusals("u2", SyncState.Refusal.of("abc", "protected group", T))
        .putRefusals("u4", SyncState.Refusal.of("def", "cannot rename", T, java.util.Set.of("UPDATE_USER username", "ADD_MEMBERSHIP jira-administrators")))
        .putPhotos("u3", "etag-1")
        .putExtensions("scim", "{\"users\":[{\"id\":\"a1\",\"resource\":{\"userName\":\"b\\\"x\"}}],\"groups\":[]}")
        .held(HeldChanges.builder().runId("20261203-060000-3f2a").heldAt(T).expiresAt(T.plusSeconds(604800))
            .reason("the run would deactivate or delete 3 of 20 host users (15.0%)")
            .addChanges(HeldChanges.Entry.of(Change.builder(ChangeType.DEACTIVATE_USER, "user5", "not in the IdP")
                .externalId("u5").hostKey("k5").build(), true))
            .addChanges(HeldChanges.Entry.of(Change.builder(ChangeType.REMOVE_MEMBERSHIP, "user6", "group 'x' deleted")
                .externalId("u6").hostKey("k6").group("x").destructive(true).build(), false))
            .addChanges(HeldChanges.Entry.of(Change.builder(ChangeType.DELETE_GROUP, "x", "emptied").build(), false))
            .build())
        .build();

    assertThat(SyncStateJson.read(SyncStateJson.write(state))).isEqualTo(state);
    assertThat(SyncStateJson.write(state)).as("an extension is JSON in the document, not a string")
        .contains("\"extensions\":{\"scim\":{\"users\":[");
    assertThat(SyncStateJson.read(SyncStateJson.write(SyncState.empty()))).isEqualTo(SyncState.empty());
  }

  @Test
  void aDocumentWithoutFormatIsReadAsTheFirstVersionWrote() {
    String old = "{\"cursor\":{\"provider\":\"okta\",\"value\":\"2026-01-01T00:00:00Z\","
        + "\"createdAt\":\"2026-12-03T06:00:00Z\"},\"lastFullSync\":\"2026-12-03T06:00:00Z\"}";

    SyncState s = SyncStateJson.read(old);

    assertThat(s.cursor()).contains(ChangeCursor.of("okta", "2026-01-01T00:00:00Z", T));
    assertThat(s.lastFullSync()).contains(T);
    assertThat(s.managedGroups()).isEmpty();
  }

  @Test
  void aFormatOneDocumentIsStillRead() {
    String v1 = "{\"format\":1,\"lastFullSync\":\"2026-12-03T06:00:00Z\",\"photos\":{\"u3\":\"etag-1\"}}";

    SyncState s = SyncStateJson.read(v1);

    assertThat(s.lastFullSync()).contains(T);
    assertThat(s.photos()).containsEntry("u3", "etag-1");
    assertThat(s.held()).isEmpty();
    assertThat(SyncStateJson.write(s)).contains("\"format\":2");
  }

  @Test
  void unknownFieldsAreIgnored() {
    assertThat(SyncStateJson.read("{\"format\":1,\"later\":{\"x\":1}}")).isEqualTo(SyncState.empty());
  }

  @Test
  void aNewerFormatOrABrokenDocumentIsRefusedWithTheWayOut() {
    assertThatThrownBy(() -> SyncStateJson.read("{\"format\":3}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("newer usersync")
        .hasMessageContaining("delete it");
    assertThatThrownBy(() -> SyncStateJson.read("{\"format\":1,\"pending\":{\"u\":{\"reason\":1}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"reason\" is missing or not a string");
    assertThatThrownBy(() -> SyncStateJson.read("{\"format\":1,\"refusals\":{\"u\":{\"fingerprint\":\"f\",\"reason\":\"r\",\"since\":\"2026-12-03T06:00:00Z\",\"changes\":\"UPDATE_USER\"}}}"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("\"changes\" is not a list");
    assertThatThrownBy(() -> SyncStateJson.read("{\"format\":1,\"lastFullSync\":\"yesterday\"}"))
        .isInstanceOf(ConfigurationException.class);
    for (String runs : new String[] {"-1", "1.5", "\"7\""}) {
      assertThatThrownBy(() -> SyncStateJson.read("{\"format\":2,\"fullRuns\":" + runs + "}"))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("\"fullRuns\" is not a whole number of runs");
    }
    assertThat(SyncStateJson.read("{\"format\":2}").fullRuns()).as("absent: none counted yet").isZero();
    assertThatThrownBy(() -> SyncStateJson.read("{\"format\":1,"))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("not JSON");
    assertThatThrownBy(() -> SyncStateJson.read("[]"))
        .isInstanceOf(ConfigurationException.class);
  }
}
