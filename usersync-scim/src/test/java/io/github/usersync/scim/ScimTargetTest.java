package io.github.usersync.scim;

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
        .pageSize(pageSize).build(), null, d -> { });
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
}
