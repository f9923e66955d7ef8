package io.github.usersync.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.EnterpriseUserExtension;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Manager;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.UserResource;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.glassfish.jersey.client.ClientConfig;
import org.glassfish.jersey.jnh.connector.JavaNetHttpConnectorProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A whole user and group lifecycle driven over HTTP by a SCIM client no one here wrote: UnboundID's
 * (Ping Identity's) {@code scim2-sdk-client} from Maven Central, against {@link ScimServer} on
 * 127.0.0.1, ending in the expected in-memory host.
 */
class UnboundIdClientLifecycleTest {
  private final InMemoryTarget host = InMemoryTarget.create();
  private final ScimServiceProvider provider = ScimServiceProvider.builder(host)
      .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN)))
      .mapper(UserMapping.builder()
          .attribute("department", "[\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"].department")
          .manager(true)
          .build())
      .maxRequestBytes(64 * 1024)
      .build();
  private final ScimServer server = ScimServer.builder(provider).build().start();
  private final Client http = ClientBuilder.newClient(new ClientConfig().connectorProvider(new JavaNetHttpConnectorProvider()))
      .register((ClientRequestFilter) r -> r.getHeaders().putSingle("Authorization", "Bearer " + Calls.TOKEN));
  private final ScimService scim = new ScimService(http.target(server.uri()));

  @AfterEach
  void stop() {
    http.close();
    server.close();
    provider.close();
  }

  private static UserResource user(String name, String externalId) {
    UserResource u = new UserResource().setUserName(name)
        .setName(new Name().setGivenName(name).setFamilyName("Tester"))
        .setEmails(List.of(new Email().setValue(name + "@example.com").setType("work").setPrimary(true)))
        .setActive(true);
    u.setExternalId(externalId);
    return u;
  }

  @Test
  void theClientRunsAWholeLifecycle() throws ScimException {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    ServiceProviderConfigResource config = scim.getServiceProviderConfig();
    assertThat(config.getPatch().isSupported()).isTrue();
    assertThat(scim.getSchemas().getTotalResults()).isEqualTo(3);

    UserResource bossIn = user("boss", "idp-boss");
    UserResource boss = scim.create("Users", bossIn);
    UserResource babsIn = user("babs", "idp-babs");
    babsIn.setExtension(new EnterpriseUserExtension().setDepartment("R&D")
        .setManager(new Manager().setValue(boss.getId())));
    UserResource babs = scim.create("Users", babsIn);
    assertThat(babs.getId()).isNotBlank();
    assertThat(babs.getMeta().getLocation().toString()).startsWith(server.uri().toString());
    assertThatThrownBy(() -> scim.create("Users", user("BABS", "idp-other"))).isInstanceOf(ResourceConflictException.class);

    HostUser h = host.userByExternalId("idp-babs").orElseThrow();
    HostUser hb = host.userByExternalId("idp-boss").orElseThrow();
    assertThat(h.attributes()).containsEntry("department", "R&D");
    assertThat(h.managerKey()).contains(hb.key());

    ListResponse<UserResource> found = scim.searchRequest("Users")
        .filter(Filter.eq("userName", "babs").toString()).page(1, 10).invoke(UserResource.class);
    assertThat(found.getTotalResults()).isEqualTo(1);
    assertThat(found.getResources().get(0).getId()).isEqualTo(babs.getId());

    scim.modifyRequest("Users", babs.getId()).replaceValue("displayName", "Babs Jensen")
        .replaceValue("name.familyName", "Jensen").invoke(UserResource.class);
    assertThat(host.user(h.key()).orElseThrow().displayName()).contains("Babs Jensen");

    UserResource current = scim.retrieve("Users", babs.getId(), UserResource.class);
    current.setUserName("barbara");
    UserResource replaced = scim.replace(current);
    assertThat(replaced.getUserName()).isEqualTo("barbara");
    assertThat(host.user(h.key()).orElseThrow().username()).isEqualTo("barbara");

    GroupResource group = scim.create("Groups", new GroupResource().setDisplayName("engineering")
        .setMembers(List.of(new Member().setValue(babs.getId()), new Member().setValue(boss.getId()))));
    assertThat(host.groupsOfUser(h.key())).containsExactly("engineering");
    assertThat(host.groupMembers("engineering")).containsExactlyInAnyOrder(h.key(), hb.key());

    scim.modifyRequest("Groups", group.getId()).removeValues("members[value eq \"" + boss.getId() + "\"]")
        .invoke(GroupResource.class);
    assertThat(host.groupMembers("engineering")).containsExactly(h.key());

    scim.modifyRequest("Users", babs.getId()).replaceValue("active", false).invoke(UserResource.class);
    assertThat(host.user(h.key()).orElseThrow().active()).isFalse();
    scim.modifyRequest("Users", babs.getId()).replaceValue("active", true).invoke(UserResource.class);
    assertThat(host.user(h.key()).orElseThrow().active()).isTrue();

    scim.delete("Users", babs.getId());
    assertThatThrownBy(() -> scim.retrieve("Users", babs.getId(), UserResource.class))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThat(host.user(h.key()).orElseThrow().active()).isFalse();
    scim.delete("Groups", group.getId());
    assertThat(scim.searchRequest("Groups").invoke(GroupResource.class).getTotalResults()).isZero();
  }

  @Test
  void theServerRefusesOversizedBodiesAndUnknownTokensOverHttp() throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(server.uri() + "/Users").openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setRequestProperty("Authorization", "Bearer " + Calls.TOKEN);
    c.setRequestProperty("Content-Type", "application/scim+json");
    try (OutputStream out = c.getOutputStream()) {
      out.write(("{\"userName\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // the server may close the connection before reading the whole body
    }
    assertThat(c.getResponseCode()).isEqualTo(413);
    assertThat(host.users()).isEmpty();

    HttpURLConnection d = (HttpURLConnection) new URL(server.uri() + "/Users").openConnection();
    d.setRequestProperty("Authorization", "Bearer nope");
    assertThat(d.getResponseCode()).isEqualTo(401);
    try (InputStream err = d.getErrorStream()) {
      assertThat(new String(err.readAllBytes(), StandardCharsets.UTF_8)).contains("urn:ietf:params:scim:api:messages:2.0:Error");
    }
  }
}
