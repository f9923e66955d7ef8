package io.github.usersync.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code scim} section of a config file: defaults, secrets from the environment, refusals naming the key. */
class ConfigFileScimTest {
  private static final String TOKEN = "token-from-the-environment-0123";
  @TempDir Path dir;

  private ConfigFile load(String text) throws IOException {
    Path f = dir.resolve("usersync.yaml");
    Files.writeString(f, text);
    return ConfigFile.load(f, Map.of("SCIM_TOKEN", TOKEN, "SCIM_SECRET", "client-secret-0123456789")::get);
  }

  @Test
  void aScimOnlyConfigHasDefaultsAndKeepsItsTokenOutOfToString() throws IOException {
    ConfigFile c = load("name: pushed\ntarget: { type: memory }\nscim: { token: \"${env:SCIM_TOKEN}\" }\n");

    assertThat(c.hasSource()).isFalse();
    ConfigFile.Scim s = c.scim().orElseThrow();
    assertThat(s.token().orElseThrow().reveal()).isEqualTo(TOKEN);
    assertThat(s.bind()).isEqualTo("127.0.0.1");
    assertThat(s.port()).isEqualTo(8090);
    assertThat(s.contextPath()).isEqualTo("/scim/v2");
    assertThat(s.lockWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.retryAfter()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.maxDestructiveChanges()).isEqualTo(50);
    assertThat(s.destructiveWindow()).isEqualTo(Duration.ofMinutes(10));
    assertThat(c.toString()).contains("scim[127.0.0.1:8090/scim/v2").doesNotContain(TOKEN);
    assertThatThrownBy(c::sourceProvider).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("source.provider").hasMessageContaining("usersync serve");
  }

  @Test
  void clientCredentialsAndASourceBesideScim() throws IOException {
    ConfigFile c = load("source: { provider: okta }\ntarget: { type: memory }\n"
        + "scim: { clientId: usersync, clientSecret: \"${env:SCIM_SECRET}\", bind: 0.0.0.0, port: 0, lockWait: 0s }\n");

    assertThat(c.hasSource()).isTrue();
    assertThat(c.sourceProvider()).isEqualTo("okta");
    ConfigFile.Scim s = c.scim().orElseThrow();
    assertThat(s.clientId()).contains("usersync");
    assertThat(s.bind()).as("another address only when set").isEqualTo("0.0.0.0");
    assertThat(s.lockWait()).isZero();
    assertThat(s.toString()).contains("client credentials usersync").doesNotContain("client-secret-0123456789");
  }

  @Test
  void refusalsNameTheKey() {
    assertThatThrownBy(() -> load("target: { type: memory }\n")).isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("source").hasMessageContaining("scim section");
    assertThatThrownBy(() -> load("target: { type: memory }\nscim: { port: 0 }\n"))
        .hasMessageContaining("scim.token");
    assertThatThrownBy(() -> load("target: { type: memory }\nscim: { token: \"${env:SCIM_TOKEN}\", clientId: x }\n"))
        .hasMessageContaining("scim.token").hasMessageContaining("cannot be combined").hasMessageNotContaining(TOKEN);
    assertThatThrownBy(() -> load("target: { type: memory }\nscim: { token: abc }\n"))
        .hasMessageContaining("too short").hasMessageNotContaining("abc'");
    assertThatThrownBy(() -> load("target: { type: memory }\nscim: { token: \"${env:SCIM_TOKEN}\", prot: 1 }\n"))
        .hasMessageContaining("scim.prot").hasMessageContaining("port");
    assertThatThrownBy(() -> load("target: { type: memory }\nscim: { token: \"${env:SCIM_TOKEN}\", port: 70000 }\n"))
        .hasMessageContaining("scim.port");
    assertThatThrownBy(() -> load("target: { type: memory }\nscim: { token: \"${env:SCIM_TOKEN}\", retryAfter: 0s }\n"))
        .hasMessageContaining("scim.retryAfter");
  }
}
