package io.github.usersync.core.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static final SettingKey DOMAIN = SettingKey.required("domain", "the Okta domain");
  private static final SettingKey TOKEN = SettingKey.requiredSecret("apiToken", "an API token");
  private static final SettingKey PAGE = SettingKey.optional("pageSize", "users per page", "200");
  private static final SettingKey TIMEOUT = SettingKey.optional("timeout", "request timeout", "30s");
  private static final SettingKey BASE = SettingKey.optional("baseUrl", "override");

  @Test
  void missingRequiredKeyIsNamed() {
    assertThatThrownBy(() -> Settings.of(Map.of()).require(DOMAIN))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("domain"))
        .hasMessage("domain: is required: the Okta domain");
  }

  @Test
  void resolvesEnvironmentReferences() {
    Settings s = Settings.of(Map.of("apiToken", "${env:OKTA_TOKEN}", "domain", "x-${env:ORG}.okta.com",
        "literal", "$${env:KEEP}"), Map.of("OKTA_TOKEN", "t0k3n", "ORG", "acme")::get);

    assertThat(s.requireSecret(TOKEN).reveal()).isEqualTo("t0k3n");
    assertThat(s.require(DOMAIN)).isEqualTo("x-acme.okta.com");
    assertThat(s.get("literal")).contains("${env:KEEP}");
  }

  @Test
  void unsetEnvironmentVariableNamesKeyAndVariable() {
    assertThatThrownBy(() -> Settings.of(Map.of("apiToken", "${env:NOPE}"), name -> null))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("apiToken")
        .hasMessageContaining("NOPE");
  }

  @Test
  void typedValuesWithDefaultsAndErrors() {
    Settings s = Settings.of(Map.of("pageSize", "500", "timeout", "2m"));
    assertThat(s.integer(PAGE, 1, 1000)).contains(500);
    assertThat(s.duration(TIMEOUT)).contains(Duration.ofMinutes(2));
    assertThat(Settings.empty().integer(PAGE, 1, 1000)).contains(200);
    assertThat(Settings.empty().duration(TIMEOUT)).contains(Duration.ofSeconds(30));
    assertThat(Settings.of(Map.of("timeout", "PT5S")).duration(TIMEOUT)).contains(Duration.ofSeconds(5));
    assertThatThrownBy(() -> Settings.of(Map.of("pageSize", "5000")).integer(PAGE, 1, 1000))
        .hasMessage("pageSize: must be between 1 and 1000, got 5000");
    assertThatThrownBy(() -> Settings.of(Map.of("pageSize", "lots")).integer(PAGE, 1, 1000))
        .hasMessageStartingWith("pageSize: must be a whole number");
    assertThatThrownBy(() -> Settings.of(Map.of("timeout", "soon")).duration(TIMEOUT))
        .hasMessageStartingWith("timeout: must be a duration");
  }

  @Test
  void urlsMustBeHttpsExceptLoopback() {
    assertThat(Settings.of(Map.of("baseUrl", "https://acme.okta.com")).url(BASE)).isPresent();
    assertThat(Settings.of(Map.of("baseUrl", "http://127.0.0.1:8080")).url(BASE)).isPresent();
    assertThatThrownBy(() -> Settings.of(Map.of("baseUrl", "http://acme.okta.com")).url(BASE))
        .hasMessageStartingWith("baseUrl: uses plain http:// for acme.okta.com");
    assertThatThrownBy(() -> Settings.of(Map.of("baseUrl", "https://user:pw@acme.okta.com")).url(BASE))
        .hasMessageContaining("must not carry user information");
    assertThatThrownBy(() -> Settings.of(Map.of("baseUrl", "acme.okta.com")).url(BASE))
        .hasMessageContaining("absolute URL");
  }

  @Test
  void unknownKeysAreNamedWithTheNearestKnownKey() {
    assertThatThrownBy(() -> Settings.of(Map.of("domian", "x")).requireKnown(List.of(DOMAIN, TOKEN, PAGE)))
        .isInstanceOfSatisfying(ConfigurationException.class, e -> assertThat(e.key()).contains("domian"))
        .hasMessageContaining("did you mean 'domain'?");
  }

  @Test
  void suggestions() {
    assertThat(Suggestions.closest("lowr", List.of("lower", "upper", "trim"))).contains("lower");
    assertThat(Suggestions.closest("lowre", List.of("lower", "upper"))).contains("lower");
    assertThat(Suggestions.closest("xyzzy", List.of("lower", "upper"))).isEmpty();
  }
}
