package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Settings from maps: names of missing or wrong keys, secrets kept out of text, the factory by type. */
class SettingsTest {
  private static Map<String, String> jira() {
    Map<String, String> m = new HashMap<>();
    m.put("baseUrl", "https://jira.example.com/");
    m.put("token", "pat-secret-value");
    m.put("crowdApplicationName", "usersync");
    m.put("crowdApplicationPassword", "app-secret-value");
    return m;
  }

  @Test
  void jiraReadsEveryKeyAndHidesSecrets() {
    Map<String, String> m = jira();
    m.put("attributeStore", "Entity-Properties");
    m.put("applicationKeys", "jira-software, jira-servicedesk");
    m.put("protectedGroups", "none");
    m.put("pageSize", "500");

    JiraSettings s = JiraSettings.fromSettings(Settings.of(m));

    assertThat(s.baseUrl()).hasToString("https://jira.example.com");
    assertThat(s.attributeStore()).isEqualTo(JiraAttributeStore.ENTITY_PROPERTIES);
    assertThat(s.applicationKeys()).containsExactly("jira-software", "jira-servicedesk");
    assertThat(s.protectedGroups()).isEmpty();
    assertThat(s.pageSize()).isEqualTo(500);
    assertThat(s.toString()).doesNotContain("pat-secret-value").doesNotContain("app-secret-value");
  }

  @Test
  void missingAndUnknownKeysAreNamed() {
    Map<String, String> m = jira();
    m.remove("crowdApplicationPassword");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(m)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("crowdApplicationPassword: is required");

    Map<String, String> typo = jira();
    typo.put("atributeStore", "crowd-attributes");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(typo)))
        .hasMessageContaining("atributeStore: is not a known setting")
        .hasMessageContaining("attributeStore");

    Map<String, String> noUrl = jira();
    noUrl.remove("baseUrl");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(noUrl))).hasMessageStartingWith("baseUrl: is required");
  }

  @Test
  void credentialsMustBeOneWay() {
    Map<String, String> both = jira();
    both.put("username", "admin");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(both)))
        .hasMessageContaining("token: is set together with username");

    Map<String, String> none = jira();
    none.remove("token");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(none)))
        .hasMessageContaining("no credentials are set");

    Map<String, String> half = jira();
    half.remove("token");
    half.put("username", "admin");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(half)))
        .hasMessageStartingWith("password: is required with username");
  }

  @Test
  void plainHttpIsRefusedExceptOnLoopbackAndBadValuesAreNamed() {
    Map<String, String> m = jira();
    m.put("baseUrl", "http://jira.example.com");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(m))).hasMessageStartingWith("baseUrl: uses plain http://");

    Map<String, String> store = jira();
    store.put("attributeStore", "user-properties");
    assertThatThrownBy(() -> JiraSettings.fromSettings(Settings.of(store)))
        .hasMessageContaining("attributeStore: must be crowd-attributes or entity-properties");
  }

  @Test
  void confluenceChecksTheLinkSpaceAndTheVersion() {
    Map<String, String> m = new HashMap<>();
    m.put("baseUrl", "https://example.com/confluence");
    m.put("username", "admin");
    m.put("password", "pw-secret-value");
    m.put("linkSpaceKey", "USERSYNC");
    m.put("version", "8.5.4");
    ConfluenceSettings s = ConfluenceSettings.fromSettings(Settings.of(m));
    assertThat(s.version()).contains("8.5.4");
    assertThat(s.toString()).doesNotContain("pw-secret-value");

    m.put("linkSpaceKey", "user sync");
    assertThatThrownBy(() -> ConfluenceSettings.fromSettings(Settings.of(m))).hasMessageStartingWith("linkSpaceKey: must be a space key");
    m.put("linkSpaceKey", "USERSYNC");
    m.put("version", "latest");
    assertThatThrownBy(() -> ConfluenceSettings.fromSettings(Settings.of(m))).hasMessageStartingWith("version: is not a Confluence version");
  }

  @Test
  void crowdNeedsTheApplicationCredentials() {
    Map<String, String> m = new HashMap<>();
    m.put("baseUrl", "https://crowd.example.com/crowd");
    m.put("applicationName", "usersync");
    assertThatThrownBy(() -> CrowdSettings.fromSettings(Settings.of(m))).hasMessageStartingWith("applicationPassword: is required");
  }

  @Test
  void theFactoryKnowsTheThreeTypesAndSuggestsForATypo() {
    assertThat(AtlassianTargets.TYPES).containsExactly("jira", "confluence", "crowd");
    assertThat(AtlassianTargets.settingKeys("crowd").stream().map(SettingKey::name).collect(Collectors.toList()))
        .contains("baseUrl", "applicationName", "applicationPassword", "protectedGroups");
    assertThat(AtlassianTargets.settingKeys("jira").stream().filter(SettingKey::isSecret).map(SettingKey::name)
        .collect(Collectors.toList())).containsExactlyInAnyOrder("password", "token", "crowdApplicationPassword");
    assertThatThrownBy(() -> AtlassianTargets.create("confluense", Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no target with id 'confluense' is on the classpath (did you mean 'confluence'?)")
        .hasMessageContaining("found: confluence, crowd, jira, memory");
    assertThatThrownBy(() -> AtlassianTargets.create("memory", Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("'memory' is not an Atlassian target type; the types are jira, confluence, crowd");
  }

  @Test
  void theFactoryBuildsAWorkingTargetFromAMap() {
    SimState state = new SimState();
    state.addLocalUser("admin", "crowd-administrators");
    try (SimServer server = CrowdSim.server(state)) {
      Map<String, String> m = new HashMap<>();
      m.put("baseUrl", server.baseUrl() + "/crowd");
      m.put("applicationName", "usersync");
      m.put("applicationPassword", "${env:CROWD_PW}");
      Settings settings = Settings.of(m, name -> name.equals("CROWD_PW") ? "app-secret" : null);

      try (AtlassianTarget target = AtlassianTargets.create("crowd", settings, Sims.options())) {
        assertThat(target.name()).isEqualTo("crowd");
        assertThat(target.userByUsername("admin")).isPresent();
        assertThat(target.protectedGroups()).containsExactly("crowd-administrators");
        assertThat(target.requestStats().requests()).isPositive();
      }
    }
  }
}
