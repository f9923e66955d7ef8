package io.github.usersync.core.sync;

import static io.github.usersync.core.sync.Fixture.directory;
import static io.github.usersync.core.sync.Fixture.sync;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 19, problem 4: {@link UserSync#check()} validates what a run validates, with the run's
 * message, and probes both ends; it never says "OK" for a configuration a run refuses.
 */
class UserSyncCheckTest {
  @Test
  void aGoodConfigurationPassesAndSaysWhatWasChecked() {
    CheckReport r = sync(directory(2), InMemoryTarget.create())
        .policy(SyncPolicy.builder().addRequiredGroups("Engineering").build()).build().check();

    assertThat(r.ok()).as(r.toText()).isTrue();
    assertThat(r.configuration().checks()).extracting(EndpointCheck::name)
        .containsExactly("mapping fits the target", "required groups exist", "sync state readable");
    assertThat(r.toText()).contains("Configuration check for sync test-").contains(": OK")
        .contains("Check passed in");
  }

  @Test
  void aRequiredGroupMissingInTheIdpFailsWithTheMessageARunRefusesItWith() {
    InMemoryDirectory d = directory(3);
    UserSync s = sync(d, InMemoryTarget.create())
        .policy(SyncPolicy.builder().addRequiredGroups("jira-userz").build()).build();
    String runMessage = null;
    try {
      s.run();
    } catch (ConfigurationException e) {
      runMessage = e.getMessage();
    }
    assertThat(runMessage).contains("'jira-userz' is not a group in the IdP");

    CheckReport r = s.check();

    assertThat(r.ok()).isFalse();
    assertThat(r.configurationOk()).isFalse();
    assertThat(r.connectionsOk()).isTrue();
    EndpointCheck failed = r.configuration().checks().stream().filter(c -> !c.ok()).findFirst().orElseThrow();
    assertThat(failed.name()).isEqualTo("required groups exist");
    assertThat(failed.problem()).contains(runMessage);
    assertThat(r.toText()).contains("Configuration check for sync").contains("FAILED").contains("jira-userz")
        .doesNotContain("Check passed");
  }

  @Test
  void aTargetThatFailsItsProbesFailsTheCheck() {
    ForwardingTarget t = new ForwardingTarget(InMemoryTarget.create()) {
      @Override
      public ConnectionReport checkConnection() {
        return ConnectionReport.builder().provider("forwarding").addChecks(EndpointCheck.builder()
            .name("list users").endpoint("GET https://host/users").status(EndpointCheck.Status.FAILED)
            .httpStatus(500).problem("answered HTTP 500").fix("ask the host's administrator").build()).build();
      }
    };

    CheckReport failing = UserSync.builder(directory(1), t).mapper(new TestMapper()).build().check();

    assertThat(failing.ok()).isFalse();
    assertThat(failing.configurationOk()).isTrue();
    assertThat(failing.target().ok()).isFalse();
    assertThat(failing.toText()).contains("Connection check for forwarding: FAILED").contains("ask the host's administrator");
  }

  @Test
  void aSourceThatCannotBeReachedSkipsTheRequiredGroupsWithoutCallingThemAConfigurationError() {
    InMemoryDirectory d = directory(2);
    d.failEverything(new io.github.usersync.core.DirectoryException("the IdP is down"));
    CheckReport r = sync(d, InMemoryTarget.create())
        .policy(SyncPolicy.builder().addRequiredGroups("Engineering").build()).build().check();

    assertThat(r.ok()).isFalse();
    assertThat(r.connectionsOk()).isFalse();
    assertThat(r.configurationOk()).isTrue();
    assertThat(r.configuration().checks()).filteredOn(c -> c.name().equals("required groups exist")).singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo(EndpointCheck.Status.SKIPPED));
  }

  @Test
  void aStoredStateThatCannotBeReadFailsTheCheckAsItFailsARun() {
    SyncStateStore broken = new SyncStateStore() {
      @Override
      public Optional<SyncState> load(String syncName) {
        throw new ConfigurationException("state", "the stored sync state cannot be read: not JSON");
      }

      @Override
      public void save(String syncName, SyncState state) {}
    };
    UserSync s = sync(directory(1), InMemoryTarget.create()).stateStore(broken).build();
    assertThatThrownBy(s::run).hasMessageContaining("the stored sync state cannot be read");

    CheckReport r = s.check();

    assertThat(r.configurationOk()).isFalse();
    assertThat(r.configuration().checks()).filteredOn(c -> !c.ok()).singleElement()
        .satisfies(c -> assertThat(c.problem()).hasValueSatisfying(p -> assertThat(p).contains("not JSON")));
  }

  /**
   * A mapping that writes what the target never accepts fails when the sync is built, once, naming
   * every such field and the target's way out; not one refusal per user.
   */
  @Test
  void aMappingTheTargetCanNeverWriteFailsWhenTheSyncIsBuilt() {
    ForwardingTarget t = new ForwardingTarget(InMemoryTarget.create()) {
      @Override
      public TargetCapabilities capabilities() {
        return TargetCapabilities.builder().allowedAttributes(Set.of())
            .unsupportedAttributesFix("Provision the host in-process, with its bridge").build();
      }
    };
    UserMapping mapping = UserMapping.builder().attribute("department", "profile.department")
        .attribute("phone", "profile.mobilePhone").build();

    assertThatThrownBy(() -> UserSync.builder(directory(1), t).mapper(mapping).build())
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("the target does not accept the attributes 'department', 'phone'")
        .hasMessageContaining("it accepts no attributes")
        .hasMessageContaining("Provision the host in-process, with its bridge");
  }
}
