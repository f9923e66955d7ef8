package io.github.usersync.scim;

import static io.github.usersync.scim.Calls.fixture;
import static io.github.usersync.scim.Calls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the requests Microsoft Entra provisioning sends, as Microsoft publishes them ("Tutorial:
 * Develop and plan provisioning for a SCIM endpoint in Microsoft Entra ID"; "Known issues and
 * resolutions with SCIM 2.0 protocol compliance"; see fixtures/README.md), byte for byte, and checks
 * the host each sequence leaves. Where an example addresses a resource by the id Microsoft's example
 * server assigned, the id this service assigned is put in its place.
 */
class EntraReplayTest {
  private final InMemoryTarget host = InMemoryTarget.create();
  private final Deque<String> ids = new ArrayDeque<>(Arrays.asList("48af03ac28ad4fb88478", "927fa2c08dcb4a7fae9e"));
  private final ScimServiceProvider scim = ScimServiceProvider.builder(host)
      .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN)))
      .mapper(UserMapping.builder()
          .attribute("employeeNumber",
              "[\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"].employeeNumber")
          .attribute("nickName", "nickName")
          .build())
      .idGenerator(() -> ids.isEmpty() ? UUID.randomUUID().toString() : ids.pop())
      .build();
  private final Calls c = new Calls(scim);

  @AfterEach
  void close() {
    scim.close();
  }

  @Test
  void theDocumentedUserAndGroupLifecycleEndsInTheExpectedHost() {
    // Test Connection: a query for a random GUID answers 200 with an empty ListResponse.
    ScimResponse probe = c.get("/Users?filter=userName%20eq%20%22" + UUID.randomUUID() + "%22");
    assertThat(probe.status()).isEqualTo(200);
    assertThat(json(probe).path("totalResults").asInt()).isZero();
    assertThat(json(probe).path("schemas").get(0).asText()).isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");

    ScimResponse created = c.call("POST", "/Users", fixture("entra/users_create.json"));
    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Content-Type")).contains("application/scim+json");
    assertThat(created.header("Location")).contains("https://host.example.com/scim/v2/Users/48af03ac28ad4fb88478");
    JsonNode user = json(created);
    assertThat(user.path("id").asText()).isEqualTo("48af03ac28ad4fb88478");
    assertThat(user.path("externalId").asText()).isEqualTo("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
    HostUser h = host.userByExternalId("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef").orElseThrow();
    assertThat(h.username()).isEqualTo("Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee");
    assertThat(h.email()).contains("Test_User_11bb11bb-cc22-dd33-ee44-55ff55ff55ff@testuser.com");
    assertThat(h.displayName()).contains("givenName familyName");
    assertThat(h.active()).isTrue();

    ScimResponse byName = c.get("/Users?filter=userName%20eq%20%22Test_User_00aa00aa-bb11-cc22-dd33-44ee44ee44ee%22");
    assertThat(json(byName).path("totalResults").asInt()).isEqualTo(1);
    assertThat(json(byName).path("Resources").get(0).path("id").asText()).isEqualTo("48af03ac28ad4fb88478");
    assertThat(json(c.get("/Users?filter=userName%20eq%20%22non-existent%20user%22")).path("totalResults").asInt()).isZero();
    assertThat(c.get("/Users/48af03ac28ad4fb88478").status()).isEqualTo(200);
    ScimResponse missing = c.get("/Users/5171a35d82074e068ce2");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(json(missing).path("status").asText()).isEqualTo("404");

    ScimResponse multi = c.call("PATCH", "/Users/48af03ac28ad4fb88478", fixture("entra/users_patch_multi_valued.json"));
    assertThat(multi.status()).isEqualTo(200);
    h = host.userByExternalId("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef").orElseThrow();
    assertThat(h.email()).contains("updatedEmail@microsoft.com");
    assertThat(h.displayName()).contains("givenName updatedFamilyName");

    assertThat(c.call("PATCH", "/Users/48af03ac28ad4fb88478", fixture("entra/users_patch_single_valued.json")).status())
        .isEqualTo(200);
    HostUser renamed = host.userByExternalId("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef").orElseThrow();
    assertThat(renamed.username()).isEqualTo("5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com");
    assertThat(renamed.key()).isEqualTo(h.key());

    // Groups are created empty, found by displayName without members, then filled by PATCH.
    ScimResponse group = c.call("POST", "/Groups", fixture("entra/groups_create.json"));
    assertThat(group.status()).isEqualTo(201);
    assertThat(json(group).path("id").asText()).isEqualTo("927fa2c08dcb4a7fae9e");
    ScimResponse found = c.get("/Groups?excludedAttributes=members&filter=displayName%20eq%20%22displayName%22");
    assertThat(json(found).path("totalResults").asInt()).isEqualTo(1);
    assertThat(json(found).path("Resources").get(0).has("members")).isFalse();
    assertThat(json(c.get("/Groups/927fa2c08dcb4a7fae9e?excludedAttributes=members")).has("members")).isFalse();

    String addMember = fixture("entra/groups_patch_add_members.json").replace("f648f8d5ea4e4cd38e9c", "48af03ac28ad4fb88478");
    assertThat(c.call("PATCH", "/Groups/927fa2c08dcb4a7fae9e", addMember).status()).isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).containsExactly("displayName");
    JsonNode asMember = json(c.get("/Users/48af03ac28ad4fb88478"));
    assertThat(asMember.path("groups").get(0).path("value").asText()).isEqualTo("927fa2c08dcb4a7fae9e");

    assertThat(c.call("PATCH", "/Groups/927fa2c08dcb4a7fae9e", fixture("entra/groups_patch_rename.json")).status())
        .isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).containsExactly("1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName");

    String removeMember = fixture("entra/groups_patch_remove_members.json").replace("f648f8d5ea4e4cd38e9c", "48af03ac28ad4fb88478");
    assertThat(c.call("PATCH", "/Groups/927fa2c08dcb4a7fae9e", removeMember).status()).isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).isEmpty();

    // The compliant (aadOptscim062020) removal by filter.
    assertThat(c.call("PATCH", "/Groups/927fa2c08dcb4a7fae9e", addMember).status()).isEqualTo(204);
    String removeByFilter = fixture("entra/groups_patch_remove_member_filter.json")
        .replace("7f4bc1a3-285e-48ae-8202-5accb43efb0e", "48af03ac28ad4fb88478");
    assertThat(c.call("PATCH", "/Groups/927fa2c08dcb4a7fae9e", removeByFilter).status()).isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).isEmpty();

    // Disable (soft delete), then delete: deactivated, kept, as the default policy says.
    assertThat(c.call("PATCH", "/Users/48af03ac28ad4fb88478", fixture("entra/users_patch_disable.json")).status())
        .isEqualTo(200);
    assertThat(host.user(h.key()).orElseThrow().active()).isFalse();
    assertThat(json(c.get("/Users/48af03ac28ad4fb88478")).path("active").asBoolean(true)).isFalse();
    assertThat(c.call("DELETE", "/Users/48af03ac28ad4fb88478", "").status()).isEqualTo(204);
    assertThat(c.get("/Users/48af03ac28ad4fb88478").status()).isEqualTo(404);
    assertThat(host.user(h.key())).map(HostUser::active).contains(false);

    assertThat(c.call("DELETE", "/Groups/927fa2c08dcb4a7fae9e", "").status()).isEqualTo(204);
    assertThat(c.get("/Groups/927fa2c08dcb4a7fae9e").status()).isEqualTo(404);
  }

  @Test
  void theRequestsOfTheKnownIssuesPageAreAccepted() {
    String id = json(c.call("POST", "/Users", fixture("entra/users_create.json"))).path("id").asText();
    HostUser h = host.userByExternalId("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef").orElseThrow();

    assertThat(c.call("PATCH", "/Users/" + id, fixture("entra/users_patch_add_single_value.json")).status()).isEqualTo(200);
    assertThat(host.user(h.key()).orElseThrow().attributes()).containsEntry("nickName", "Babs");

    assertThat(c.call("PATCH", "/Users/" + id, fixture("entra/users_patch_replace_without_path.json")).status()).isEqualTo(200);
    HostUser after = host.user(h.key()).orElseThrow();
    assertThat(after.displayName()).contains("Bjfe");
    assertThat(after.email()).contains("TestMhvaes@test.microsoft.com");
    assertThat(after.attributes()).containsEntry("employeeNumber", "Aklq");
    JsonNode r = json(c.get("/Users/" + id));
    assertThat(r.path("name").path("givenName").asText()).isEqualTo("Kkom");
    assertThat(r.path("emails")).hasSize(1);

    assertThat(c.call("PATCH", "/Users/" + id, fixture("entra/users_patch_replace_multiple.json")).status()).isEqualTo(200);
    after = host.user(h.key()).orElseThrow();
    assertThat(after.displayName()).contains("Pvlo");
    assertThat(after.attributes()).containsEntry("employeeNumber", "Eqpj");
    // The link stays the externalId the user was created with.
    assertThat(after.externalId()).contains("0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");

    assertThat(c.call("PATCH", "/Users/" + id, fixture("entra/users_patch_disable_string_false.json")).status()).isEqualTo(200);
    assertThat(host.user(h.key()).orElseThrow().active()).isFalse();
    assertThat(json(c.get("/Users/" + id)).path("active").isBoolean()).isTrue();

    String group = json(c.call("POST", "/Groups", fixture("entra/groups_create.json"))).path("id").asText();
    c.call("PATCH", "/Groups/" + group, fixture("entra/groups_patch_add_members.json").replace("f648f8d5ea4e4cd38e9c", id));
    assertThat(host.groupsOfUser(h.key())).containsExactly("displayName");
    assertThat(c.call("PATCH", "/Groups/" + group, fixture("entra/groups_patch_remove_member_old.json").replace("u1091", id)).status())
        .isEqualTo(204);
    assertThat(host.groupsOfUser(h.key())).isEmpty();
  }

  @Test
  void theSampleCodesRequestsAreAcceptedManagerIncluded() {
    // Example 1: a query with an unquoted value, as the tutorial writes it.
    assertThat(json(c.get("/Users?filter=externalId%20eq%20jyoung")).path("totalResults").asInt()).isZero();
    ScimResponse boss = c.call("POST", "/Users", fixture("entra/users_create_jyoung.json"));
    assertThat(boss.status()).isEqualTo(201);
    String bossId = json(boss).path("id").asText();
    assertThat(json(boss).has("addresses")).isFalse();
    assertThat(json(c.get("/Users?filter=externalId%20eq%20jyoung")).path("totalResults").asInt()).isEqualTo(1);
    assertThat(host.userByExternalId("jyoung").orElseThrow().displayName()).contains("Joy Young");

    String id = json(c.call("POST", "/Users", fixture("entra/users_create.json"))).path("id").asText();
    String manager = fixture("entra/users_patch_manager.json").replace("00aa00aa-bb11-cc22-dd33-44ee44ee44ee", bossId);
    assertThat(c.call("PATCH", "/Users/" + id, manager).status()).isEqualTo(200);
    JsonNode r = json(c.get("/Users/" + id));
    assertThat(r.path("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User").path("manager").path("value").asText())
        .isEqualTo(bossId);
    assertThat(json(c.get("/Users?filter=id%20eq%20%22" + id + "%22%20and%20manager%20eq%20%22" + bossId + "%22"))
        .path("totalResults").asInt()).isEqualTo(1);
  }
}
