package io.github.usersync.scim;

import static io.github.usersync.scim.Calls.fixture;
import static io.github.usersync.scim.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays Okta's published SCIM 2.0 request sequence ("SCIM 2.0 Protocol Reference",
 * developer.okta.com/docs/reference/scim/scim-20/; see fixtures/README.md) byte for byte, URLs
 * included: the service is told to assign the ids Okta's examples show, so nothing is substituted.
 */
class OktaReplayTest {
  private static final String USER = "23a35c27-23d3-4c03-b4c5-6443c09e7173";
  private static final String GROUP = "abf4dd94-a4c0-4f67-89c9-76b03340cb9b";

  private final InMemoryTarget host = InMemoryTarget.create();
  private final Deque<String> ids = new ArrayDeque<>(Arrays.asList(USER, GROUP));
  private final ScimServiceProvider scim = ScimServiceProvider.builder(host)
      .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN)))
      .idGenerator(ids::pop)
      .build();
  private final Calls c = new Calls(scim);

  @AfterEach
  void close() {
    scim.close();
  }

  @Test
  void theDocumentedSequenceEndsInTheExpectedHost() {
    ScimResponse none = c.get("/Users?filter=userName%20eq%20%22test.user%40okta.local%22&startIndex=1&count=100");
    assertThat(none.status()).isEqualTo(200);
    assertThat(json(none).path("totalResults").isInt()).isTrue();
    assertThat(json(none).path("totalResults").asInt()).isZero();

    ScimResponse created = c.call("POST", "/Users", fixture("okta/users_create.json"));
    assertThat(created.status()).isEqualTo(201);
    JsonNode user = json(created);
    assertThat(user.path("id").asText()).isEqualTo(USER);
    assertThat(user.has("password")).as("a password is never stored or returned").isFalse();
    assertThat(created.bodyText()).doesNotContain("1mz050nq");
    HostUser h = host.userByExternalId("00ujl29u0le5T6Aj10h7").orElseThrow();
    assertThat(h.username()).isEqualTo("test.user@okta.local");
    assertThat(h.displayName()).contains("Test User");
    assertThat(h.email()).contains("test.user@okta.local");

    // A second create of the same userName is refused with 409, which stops Okta's job.
    ScimResponse again = c.call("POST", "/Users", fixture("okta/users_create.json"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(json(again).path("scimType").asText()).isEqualTo("uniqueness");

    assertThat(json(c.get("/Users?startIndex=1&count=100")).path("totalResults").asInt()).isEqualTo(1);
    assertThat(json(c.get("/Users/" + USER)).path("userName").asText()).isEqualTo("test.user@okta.local");

    ScimResponse put = c.call("PUT", "/Users/" + USER, fixture("okta/users_replace.json"));
    assertThat(put.status()).isEqualTo(200);
    assertThat(json(put).path("name").path("middleName").asText()).isEqualTo("Excited");
    assertThat(host.user(h.key()).orElseThrow().displayName()).contains("Another User"); // the PUT drops displayName

    assertThat(c.call("POST", "/Groups", fixture("okta/groups_create.json")).status()).isEqualTo(201);
    assertThat(c.call("PATCH", "/Groups/" + GROUP, fixture("okta/groups_patch_rename.json")).status()).isEqualTo(204);
    assertThat(c.call("PATCH", "/Groups/" + GROUP, fixture("okta/groups_patch_members.json")).status()).isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).containsExactly("Test SCIMv2");
    assertThat(c.call("PATCH", "/Groups/" + GROUP, fixture("okta/groups_patch_replace_members.json")).status()).isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).containsExactly("Test SCIMv2");
    JsonNode g = json(c.get("/Groups/" + GROUP));
    assertThat(g.path("members")).hasSize(2);
    assertThat(json(c.get("/Groups?startIndex=1&count=100")).path("totalResults").asInt()).isEqualTo(1);

    ScimResponse off = c.call("PATCH", "/Users/" + USER, fixture("okta/users_patch_deactivate.json"));
    assertThat(off.status()).isEqualTo(200);
    assertThat(json(off).path("active").asBoolean(true)).isFalse();
    assertThat(host.user(h.key()).orElseThrow().active()).isFalse();

    assertThat(c.call("DELETE", "/Groups/" + GROUP, "").status()).isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).isEmpty();
  }
}
