package io.github.usersync.scim;

import static io.github.usersync.scim.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.settings.Secret;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Versions and ETags (RFC 7644 §3.14): every resource has {@code meta.version} and an {@code ETag}
 * header; {@code If-None-Match} on GET answers 304 when unchanged; {@code If-Match} on PUT, PATCH
 * and DELETE answers 412 when the resource changed since the client read it, and nothing is applied.
 */
class ETagTest {
  private static final String USER = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],"
      + "\"userName\":\"babs\",\"externalId\":\"idp-babs\",\"displayName\":\"Babs\",\"active\":true}";
  private static final String RENAME = "{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"],"
      + "\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"%s\"}]}";

  private final InMemoryTarget host = InMemoryTarget.create();
  private final ScimServiceProvider scim = ScimServiceProvider.builder(host)
      .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN))).build();
  private final Calls calls = new Calls(scim);

  @AfterEach
  void close() {
    scim.close();
  }

  private ScimResponse with(String method, String path, String header, String value, String body) {
    ScimRequest.Builder r = ScimRequest.builder().method(method).path(path)
        .putHeaders("Authorization", "Bearer " + Calls.TOKEN).putHeaders(header, value)
        .baseUrl("https://host.example.com/scim/v2");
    if (!body.isEmpty()) {
      r.body(body.getBytes(StandardCharsets.UTF_8)).putHeaders("Content-Type", "application/scim+json");
    }
    return scim.handle(r.build());
  }

  @Test
  void versionsAreServedAndConditionalRequestsHonoured() {
    assertThat(json(calls.get("/ServiceProviderConfig")).path("etag").path("supported").asBoolean()).isTrue();
    ScimResponse created = calls.call("POST", "/Users", USER);
    String id = json(created).path("id").asText();
    String v1 = created.header("ETag").orElseThrow();
    assertThat(v1).isEqualTo("W/\"1\"");
    assertThat(json(created).path("meta").path("version").asText()).isEqualTo(v1);

    assertThat(with("GET", "/Users/" + id, "If-None-Match", v1, "").status()).isEqualTo(304);

    ScimResponse renamed = with("PATCH", "/Users/" + id, "If-Match", v1, String.format(RENAME, "Babs Jensen"));
    assertThat(renamed.status()).isEqualTo(200);
    String v2 = renamed.header("ETag").orElseThrow();
    assertThat(v2).isEqualTo("W/\"2\"");
    assertThat(with("GET", "/Users/" + id, "If-None-Match", v1, "").status()).isEqualTo(200);

    ScimResponse stale = with("PATCH", "/Users/" + id, "If-Match", v1, String.format(RENAME, "Stale"));
    assertThat(stale.status()).isEqualTo(412);
    assertThat(json(stale).path("detail").asText()).contains("changed since it was read");
    assertThat(host.userByExternalId("idp-babs").orElseThrow().displayName()).contains("Babs Jensen");

    assertThat(with("DELETE", "/Users/" + id, "If-Match", v1, "").status()).isEqualTo(412);
    assertThat(host.userByExternalId("idp-babs").orElseThrow().active()).isTrue();
    assertThat(with("DELETE", "/Users/" + id, "If-Match", "*", "").status()).isEqualTo(204);

    ScimResponse group = calls.call("POST", "/Groups", "{\"displayName\":\"engineering\"}");
    String gid = json(group).path("id").asText();
    assertThat(with("PUT", "/Groups/" + gid, "If-Match", "W/\"7\"", "{\"displayName\":\"eng\"}").status())
        .isEqualTo(412);
    assertThat(with("PUT", "/Groups/" + gid, "If-Match", group.header("ETag").orElseThrow(), "{\"displayName\":\"eng\"}")
        .headers()).containsEntry("ETag", "W/\"2\"");
  }
}
