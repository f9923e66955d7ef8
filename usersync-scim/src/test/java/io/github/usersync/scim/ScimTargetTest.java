package io.github.usersync.scim;

import io.github.usersync.core.ConnectorOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SCIM target against SCIM-SDK's server: PUT where PATCH is off, paging, checks, settings. */
class ScimTargetTest {
  private static ScimTarget target(GoldfishScimServer server, String token, int pageSize) {
    return ScimTarget.create(ScimTargetSettings.builder().baseUrl(server.baseUri()).token(Secret.of(token))
        .pageSize(pageSize).build(), ConnectorOptions.builder().sleeper(d -> { }).build());
  }

  private static NewHostUser user(String name) {
    return NewHostUser.builder().username(name).email(name + "@example.com").displayName(name.toUpperCase())
        .externalId("idp-" + name).putAttributes("department", "R&D").build();
  }

  @Test
  void withoutPatchSupportChangesAreMadeWithPut() throws Exception {
    try (GoldfishScimServer server = new GoldfishScimServer(false, 50)) {
      ScimTarget t = target(server, GoldfishScimServer.TOKEN, 50);
      HostUser u = t.createUser(user("pat"));
      t.createGroup("team");
      t.addMembership(u.key(), "team");
      t.updateUser(u.key(), HostUserUpdate.builder().displayName("Pat P").putSetAttributes("title", "Boss").build());
      t.deactivateUser(u.key());

      assertThat(server.patches.get()).isZero();
      assertThat(server.puts.get()).isPositive();
      HostUser after = t.user(u.key()).orElseThrow();
      assertThat(after.displayName()).contains("Pat P");
      assertThat(after.attributes()).containsEntry("title", "Boss").containsEntry("department", "R&D");
      assertThat(after.active()).isFalse();
      assertThat(t.groupMembers("team")).containsExactly(u.key());
      assertThat(t.toString()).contains("patch=false");
    }
  }

  @Test
  void membershipChangesOfAGroupGoInOnePatchPerHundredMembers() throws Exception {
    // RFC 7644 §3.5.2.1 (add with a list of members) and §3.5.2.2 (remove by a value filter).
    try (GoldfishScimServer server = new GoldfishScimServer(true, 500)) {
      ScimTarget t = target(server, GoldfishScimServer.TOKEN, 500);
      java.util.List<String> keys = new java.util.ArrayList<>();
      for (int i = 0; i < 250; i++) {
        keys.add(t.createUser(user("m" + i)).key());
      }
      t.createGroup("team");
      int before = server.patches.get();

      assertThat(t.applyMemberships("team", keys, java.util.List.of())).isEmpty();
      assertThat(server.patches.get() - before).isEqualTo(3);
      assertThat(t.groupMembers("team")).containsExactlyInAnyOrderElementsOf(keys);

      // Members already there are left out: nothing to send.
      assertThat(t.applyMemberships("team", keys.subList(0, 10), java.util.List.of())).isEmpty();
      assertThat(server.patches.get() - before).isEqualTo(3);

      assertThat(t.applyMemberships("team", java.util.List.of(), keys.subList(0, 150))).isEmpty();
      assertThat(server.patches.get() - before).isEqualTo(5);
      assertThat(t.groupMembers("team")).containsExactlyInAnyOrderElementsOf(keys.subList(150, 250));
    }
  }

  @Test
  void membershipChangesOfAGroupThatIsGoneFailTogether() throws Exception {
    try (GoldfishScimServer server = new GoldfishScimServer(true, 50)) {
      ScimTarget t = target(server, GoldfishScimServer.TOKEN, 50);
      String a = t.createUser(user("a1")).key();
      String b = t.createUser(user("b1")).key();
      assertThatThrownBy(() -> t.applyMemberships("nowhere", java.util.List.of(a, b), java.util.List.of()))
          .isInstanceOf(ProvisioningException.class).hasMessageContaining("nowhere");
      // Removing from a group that is gone: the memberships do not exist, which is success.
      assertThat(t.applyMemberships("nowhere", java.util.List.of(), java.util.List.of(a, b))).isEmpty();
    }
  }

  @Test
  void listsFollowStartIndexWhenTheServiceAnswersShorterPages() throws Exception {
    try (GoldfishScimServer server = new GoldfishScimServer(true, 5)) {
      ScimTarget t = target(server, GoldfishScimServer.TOKEN, 100);
      for (int i = 0; i < 12; i++) {
        t.createUser(user("u" + i));
      }
      assertThat(t.users().map(HostUser::username)).hasSize(12).doesNotHaveDuplicates();
    }
  }

  @Test
  void theConnectionCheckSaysWhatFailed() throws Exception {
    try (GoldfishScimServer server = new GoldfishScimServer(true, 50)) {
      ConnectionReport ok = target(server, GoldfishScimServer.TOKEN, 50).checkConnection();
      assertThat(ok.ok()).as(ok.toText()).isTrue();

      ScimTarget wrong = target(server, "wrong-token-123", 50);
      ConnectionReport bad = wrong.checkConnection();
      assertThat(bad.ok()).isFalse();
      assertThat(bad.toText()).contains("401").doesNotContain("wrong-token-123");
      assertThatThrownBy(() -> wrong.createUser(user("x")))
          .isInstanceOf(ProvisioningException.class).hasMessageContaining("create user 'x'")
          .hasMessageNotContaining("wrong-token-123");
    }
  }

  @Test
  void settingsAreReadFromKeysAndHideSecrets() {
    ScimTargetSettings s = ScimTargetSettings.fromSettings(Settings.of(Map.of(
        "baseUrl", "https://scim.example.com/v2/", "token", "tok-abcdef", "pageSize", "200")));
    assertThat(s.baseUrl()).hasToString("https://scim.example.com/v2");
    assertThat(s.pageSize()).isEqualTo(200);
    assertThat(s.toString()).doesNotContain("tok-abcdef");
    assertThatThrownBy(() -> ScimTargetSettings.fromSettings(Settings.of(Map.of("baseUrl", "http://scim.example.com"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> ScimTargetSettings.fromSettings(Settings.of(Map.of("baseUrl", "https://scim.example.com"))))
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("token");
    assertThatThrownBy(() -> ScimTargetSettings.fromSettings(Settings.of(Map.of("baseUrl", "https://x.example.com",
        "tokn", "x")))).isInstanceOf(ConfigurationException.class).hasMessageContaining("tokn");
    assertThat(ScimTarget.quote("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
  }

  @Test
  void theTargetIsFoundByTypeLikeEveryOther() {
    assertThat(io.github.usersync.core.ProvisioningTargets.provider("scim").settingKeys())
        .extracting(k -> k.name()).contains("baseUrl", "token", "pageSize", "requestTimeout", "proxy");
    try (var t = io.github.usersync.core.ProvisioningTargets.open("scim", Settings.of(Map.of(
        "baseUrl", "https://scim.example.com/v2", "token", "tok-abcdef")))) {
      assertThat(t).isInstanceOf(ScimTarget.class);
      assertThat(t.name()).isEqualTo("scim");
    }
  }
}
