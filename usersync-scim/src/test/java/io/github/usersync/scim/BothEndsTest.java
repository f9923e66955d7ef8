package io.github.usersync.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both ends together: an IdP synced through usersync's {@link ScimTarget} into usersync's {@link
 * ScimServiceProvider} in front of an in-memory host gives the same host as the same IdP synced
 * straight into an in-memory host — on the first run and after renames, a deactivation, a removal,
 * moved memberships, changed attributes and managers.
 */
class BothEndsTest {
  private final InMemoryDirectory idp = InMemoryDirectory.create();
  private final InMemoryTarget direct = InMemoryTarget.create();
  private final InMemoryTarget viaScim = InMemoryTarget.create();
  private final ScimServiceProvider provider = ScimServiceProvider.builder(viaScim)
      .authentication(ScimAuthentication.bearerToken(Secret.of(Calls.TOKEN)))
      .mapper(UserMapping.builder()
          .attribute("department", "[\"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"].department")
          .manager(true).build())
      .build();
  private final ScimServer server = ScimServer.builder(provider).build().start();
  private final ScimTarget scimTarget = ScimTarget.create(ScimTargetSettings.builder().baseUrl(server.uri())
      .token(Secret.of(Calls.TOKEN)).build());
  private final UserMapping mapping = UserMapping.builder().attribute("department", "department").manager(true).build();

  @AfterEach
  void stop() {
    server.close();
    provider.close();
  }

  private static DirectoryUser user(String id, String name, String department, boolean active) {
    ObjectNode raw = Calls.JSON.createObjectNode().put("department", department);
    return DirectoryUser.builder().id(id).username(name).email(name + "@example.com").givenName(name)
        .familyName("Doe").active(active).raw(raw).build();
  }

  private SyncReport sync(ProvisioningTarget target) {
    // A small directory: two of four users leaving is 50 %, over the default 10 % threshold.
    return UserSync.builder(idp, target).mapper(mapping)
        .policy(SyncPolicy.builder().maxDestructivePercent(100).build()).build().runFull();
  }

  @Test
  void pushingThroughScimGivesTheSameHostAsADirectSync() {
    idp.putUsers(List.of(user("u1", "ann", "R&D", true), user("u2", "bob", "Sales", true),
        user("u3", "cid", "R&D", true), user("u4", "dee", "Ops", false)));
    idp.putGroup(DirectoryGroup.of("g1", "engineering")).putGroup(DirectoryGroup.of("g2", "sales"));
    idp.setUserMembers("g1", List.of("u1", "u3")).setUserMembers("g2", List.of("u2"));
    idp.setManager("u3", "u1");

    SyncReport first = sync(direct);
    SyncReport pushed = sync(scimTarget);
    assertThat(first.counts().failed()).isZero();
    assertThat(pushed.counts().failed()).as(pushed.toText()).isZero();
    assertThat(snapshot(viaScim)).isEqualTo(snapshot(direct)).isNotEmpty();

    idp.putUser(user("u1", "ann.renamed", "Research", true));
    idp.putUser(user("u2", "bob", "Sales", false));
    idp.removeUser("u3");
    idp.putUser(user("u5", "eve", "Ops", true));
    idp.setUserMembers("g1", List.of("u1", "u5")).setUserMembers("g2", List.of("u5"));
    idp.setManager("u5", "u1");

    SyncReport second = sync(direct);
    SyncReport pushedAgain = sync(scimTarget);
    assertThat(second.counts().failed()).isZero();
    assertThat(pushedAgain.counts().failed()).as(pushedAgain.toText()).isZero();
    assertThat(snapshot(viaScim)).isEqualTo(snapshot(direct));
    assertThat(snapshot(direct)).containsKeys("u1", "u2", "u3", "u5");
    assertThat(snapshot(direct).get("u2")).contains("active=false");
    assertThat(snapshot(direct).get("u3")).contains("active=false");
    assertThat(snapshot(direct).get("u5")).contains("groups=[engineering, sales]").contains("manager=u1");
  }

  /** Each linked user as the host keeps them, by IdP id; managers by their IdP id, keys left out. */
  private static Map<String, String> snapshot(InMemoryTarget host) {
    Map<String, String> out = new TreeMap<>();
    for (HostUser u : host.users().toArray(HostUser[]::new)) {
      String manager = u.managerKey().flatMap(host::user).flatMap(HostUser::externalId).orElse("-");
      out.put(u.externalId().orElse("?"), u.username() + " | " + u.email().orElse("-") + " | "
          + u.displayName().orElse("-") + " | active=" + u.active() + " | " + new TreeMap<>(u.attributes())
          + " | groups=" + new TreeSet<>(host.groupsOfUser(u.key())) + " | manager=" + manager);
    }
    return out;
  }

}
