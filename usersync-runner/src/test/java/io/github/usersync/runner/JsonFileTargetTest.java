package io.github.usersync.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.testkit.ProvisioningTargetContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFileTargetTest extends ProvisioningTargetContract {
  @TempDir Path dir;

  @Override
  protected ProvisioningTarget createTarget() {
    return JsonFileTarget.open(dir.resolve("host.json"), Duration.ZERO);
  }

  @Test
  void theFileIsReadableJsonAndReadsBackTheSameHost() throws IOException {
    Path file = dir.resolve("host.json");
    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      HostUser boss = t.createUser(NewHostUser.builder().username("boss").externalId("00u-boss").build());
      HostUser zoe = t.createUser(NewHostUser.builder().username("zoë").email("zoe@example.com")
          .displayName("Zoë Łukasiewicz").putAttributes("department", "R&D").externalId("00u-zoe").build());
      t.createGroup("Engineering");
      t.addMembership(zoe.key(), "Engineering");
      t.setManager(zoe.key(), Optional.of(boss.key()));
      t.deactivateUser(boss.key());
    }

    JsonNode json = new ObjectMapper().readTree(file.toFile());
    JsonNode zoe = json.path("users").get(1);
    assertThat(zoe.path("id").asText()).isEqualTo("00u-zoe");
    assertThat(zoe.path("username").asText()).isEqualTo("zoë");
    assertThat(zoe.path("attributes").path("department").asText()).isEqualTo("R&D");
    assertThat(zoe.path("groups").get(0).asText()).isEqualTo("Engineering");
    assertThat(zoe.path("manager").asText()).isEqualTo("boss");
    assertThat(json.path("users").get(0).path("active").asBoolean()).isFalse();
    assertThat(json.path("groups").get(0).path("name").asText()).isEqualTo("Engineering");

    try (JsonFileTarget again = JsonFileTarget.open(file)) {
      HostUser z = again.userByExternalId("00u-zoe").orElseThrow();
      assertThat(z.displayName()).contains("Zoë Łukasiewicz");
      assertThat(again.groupsOfUser(z.key())).containsExactly("Engineering");
      assertThat(again.user(z.managerKey().orElseThrow()).map(HostUser::username)).contains("boss");
      assertThat(again.userByExternalId("00u-boss").orElseThrow().active()).isFalse();
    }
  }

  @Test
  void aCrashBetweenWriteAndRenameLeavesTheOldFileIntact() throws IOException {
    Path file = dir.resolve("host.json");
    try (JsonFileTarget t = JsonFileTarget.open(file, Duration.ZERO)) {
      t.createUser(NewHostUser.builder().username("alice").externalId("1").build());
    }
    String before = Files.readString(file);

    JsonFileTarget t = JsonFileTarget.open(file, Duration.ofHours(1));
    t.createUser(NewHostUser.builder().username("bob").externalId("2").build());
    t.beforeRename = () -> {
      throw new IllegalStateException("simulated crash after writing the temporary file");
    };
    assertThatThrownBy(t::flush).hasMessageContaining("simulated crash");

    assertThat(Files.readString(file)).isEqualTo(before);
    try (JsonFileTarget reopened = JsonFileTarget.open(file)) {
      assertThat(reopened.users().map(HostUser::username).collect(Collectors.toList())).containsExactly("alice");
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()).collect(Collectors.toList()))
        .containsExactly("host.json");
  }

  @Test
  void aCorruptFileIsReportedAndNeverOverwritten() throws IOException {
    Path file = dir.resolve("host.json");
    Files.writeString(file, "{\"users\": [ {\"username\": \"a\"}, ", StandardCharsets.UTF_8);

    assertThatThrownBy(() -> JsonFileTarget.open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("target.path: the host file " + file + " is not valid JSON")
        .hasMessageContaining("never overwrites");
    assertThat(Files.readString(file)).isEqualTo("{\"users\": [ {\"username\": \"a\"}, ");

    Files.writeString(file, "{\"users\": {}}");
    assertThatThrownBy(() -> JsonFileTarget.open(file)).hasMessageContaining("is not a host file");
  }

  @Test
  void aFileWithMoreAfterItsJsonDocumentIsRefusedAndLeftUntouched() throws IOException {
    Path file = dir.resolve("host.json");
    for (String content : new String[] {
        "{\"users\": [], \"groups\": []}\n{\"users\": [{\"username\": \"x\"}]}\n",
        "{\"users\": [], \"groups\": []}\ngarbage",
        "{\"users\": [], \"groups\": []}]"}) {
      Files.writeString(file, content, StandardCharsets.UTF_8);
      assertThatThrownBy(() -> JsonFileTarget.open(file, Duration.ZERO))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("the host file " + file + " has more after its JSON document (at line ")
          .hasMessageContaining("never overwrites");
      assertThat(Files.readString(file)).isEqualTo(content);
    }
  }

  @Test
  void aKeyTwiceIsRefusedNamingTheKeyAndTheLine() throws IOException {
    Path file = dir.resolve("host.json");
    String content = "{\"users\": [\n  {\"username\": \"a\",\n   \"active\": true,\n   \"active\": false}\n],\n"
        + "\"groups\": []}";
    Files.writeString(file, content, StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JsonFileTarget.open(file))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("has the key 'users[0].active' twice (again at line 4");
    assertThat(Files.readString(file)).isEqualTo(content);
  }

  @Test
  void temporaryFilesAKilledRunLeftAreRemovedOnTheNextOpen() throws IOException {
    Path file = dir.resolve("host.json");
    try (JsonFileTarget t = JsonFileTarget.open(file, Duration.ZERO)) {
      t.createUser(NewHostUser.builder().username("alice").externalId("1").build());
    }
    Files.writeString(dir.resolve(".host.json.4471942019384755.tmp"), "{\"users\": [");
    Files.writeString(dir.resolve(".host.json.18.tmp"), "");
    // not ours: kept
    Files.writeString(dir.resolve(".host.json.bak.tmp"), "");
    Files.writeString(dir.resolve(".other.json.18.tmp"), "");
    Files.writeString(dir.resolve("host.json.18.tmp"), "");

    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      assertThat(t.userByExternalId("1")).isPresent();
    }
    assertThat(Files.list(dir).map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()))
        .containsExactly(".host.json.bak.tmp", ".other.json.18.tmp", "host.json", "host.json.18.tmp");
  }

  @Test
  void temporaryFilesStayWhileTheHostFileCannotBeRead() throws IOException {
    Path file = dir.resolve("host.json");
    Files.writeString(file, "{ not json");
    Path leftover = Files.writeString(dir.resolve(".host.json.77.tmp"), "{\"users\": []}");
    assertThatThrownBy(() -> JsonFileTarget.open(file)).isInstanceOf(ConfigurationException.class);
    assertThat(leftover).exists();
  }

  @Test
  void unlinkedUsersInTheFileCanBeAdopted() throws IOException {
    Path file = dir.resolve("host.json");
    Files.writeString(file, "{\"users\":[{\"username\":\"jdoe\",\"email\":\"j@example.com\",\"active\":true,"
        + "\"attributes\":{},\"groups\":[\"local-team\"]}],\"groups\":[{\"name\":\"local-team\"}]}");

    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      HostUser j = t.userByUsername("jdoe").orElseThrow();
      assertThat(j.externalId()).isEmpty();
      t.updateUser(j.key(), HostUserUpdate.builder().externalId("00u-j").build());
    }
    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      assertThat(t.userByExternalId("00u-j").map(HostUser::username)).contains("jdoe");
      assertThat(t.groupsOfUser(t.userByExternalId("00u-j").orElseThrow().key())).containsExactly("local-team");
    }
  }

  @Test
  void theConnectionCheckProbesReadingTheFileAndWritingBesideIt() throws IOException {
    Path file = dir.resolve("host.json");
    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      ConnectionReport absent = t.checkConnection();
      assertThat(absent.ok()).as(absent.toText()).isTrue();
      assertThat(absent.checks()).extracting(EndpointCheck::name).containsExactly("read host file", "write host file");
      assertThat(absent.checks().get(0).endpoint()).contains("absent");
    }
    Files.writeString(file, "{\"users\": [], \"groups\": []}");
    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      assertThat(t.checkConnection().ok()).isTrue();
      try (java.util.stream.Stream<Path> left = Files.list(dir)) {
        assertThat(left).as("the write probe leaves nothing behind").containsExactly(file);
      }
    }
  }

  @Test
  void theConnectionCheckFailsForADirectoryThatIsNotThere() {
    Path file = dir.resolve("missing").resolve("host.json");
    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      ConnectionReport report = t.checkConnection();

      assertThat(report.ok()).isFalse();
      EndpointCheck write = report.checks().get(1);
      assertThat(write.status()).isEqualTo(EndpointCheck.Status.FAILED);
      assertThat(write.problem()).contains("the directory does not exist");
      assertThat(write.fix()).hasValueSatisfying(f -> assertThat(f).contains(dir.resolve("missing").toString()));
    }
  }

  @Test
  void theConnectionCheckFailsForAReadOnlyFile() throws IOException {
    Path file = dir.resolve("host.json");
    Files.writeString(file, "{\"users\": [], \"groups\": []}");
    org.junit.jupiter.api.Assumptions.assumeTrue(file.toFile().setWritable(false), "the file system keeps permissions");
    org.junit.jupiter.api.Assumptions.assumeFalse(Files.isWritable(file), "not running as a user who may write anyway");
    try (JsonFileTarget t = JsonFileTarget.open(file)) {
      ConnectionReport report = t.checkConnection();

      assertThat(report.ok()).isFalse();
      assertThat(report.toText()).contains("the file is read-only").contains("write permission");
    } finally {
      file.toFile().setWritable(true);
    }
  }

  @Test
  void isFoundAsTargetTypeJsonFileWithAPathSetting() {
    Path file = dir.resolve("host.json");
    try (ProvisioningTarget t = io.github.usersync.core.ProvisioningTargets.open("json-file",
        io.github.usersync.core.settings.Settings.of(java.util.Map.of("path", file.toString())))) {
      assertThat(t).isInstanceOf(JsonFileTarget.class);
      assertThat(((JsonFileTarget) t).path()).isEqualTo(file);
    }
    assertThatThrownBy(() -> io.github.usersync.core.ProvisioningTargets.open("json-file",
            io.github.usersync.core.settings.Settings.empty()))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("path: is required");
  }
}
