package io.github.usersync.runner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserFilesTest {
  private static final UserFiles.Failure FAIL = (what, cause) -> new ConfigurationException("f", what, cause);

  @TempDir Path dir;

  private static String text(byte... bytes) {
    return UserFiles.decode(bytes, FAIL);
  }

  @Test
  void textThatIsNotUtf8IsNamedByTheByteAndItsOffset() {
    assertThatThrownBy(() -> text((byte) 'a', (byte) ':', (byte) ' ', (byte) 0xFF, (byte) 'b'))
        .hasMessageStartingWith("f: is not UTF-8 text (byte 0xFF at offset 3)");
    // Latin-1 'é' on its own is not UTF-8
    assertThatThrownBy(() -> text((byte) 'J', (byte) 0xE9, (byte) ' '))
        .hasMessageStartingWith("f: is not UTF-8 text (byte 0xE9 at offset 1)");
    // a NUL is valid UTF-8 but never in a text file
    assertThatThrownBy(() -> text((byte) 'a', (byte) 0, (byte) 'b'))
        .hasMessageStartingWith("f: is not UTF-8 text (byte 0x00 at offset 1)");
    // the first problem counts
    assertThatThrownBy(() -> text((byte) 0xC3, (byte) 0x28, (byte) 0))
        .hasMessageStartingWith("f: is not UTF-8 text (byte 0xC3 at offset 0)");
  }

  @Test
  void utf8TextIsReadAndAByteOrderMarkDropped() {
    assertThat(text("zoë: Ø".getBytes(StandardCharsets.UTF_8))).isEqualTo("zoë: Ø");
    assertThat(text((byte) 0xEF, (byte) 0xBB, (byte) 0xBF, (byte) 'a')).isEqualTo("a");
    assertThat(text()).isEmpty();
  }

  @Test
  void aFileThatCannotBeReadSaysWhy() throws IOException {
    assertThat(UserFiles.unreadable(dir.resolve("x"), new AccessDeniedException("x")))
        .startsWith("cannot be read: permission denied");
    assertThatThrownBy(() -> UserFiles.read(dir.resolve("missing.yaml"), 100, FAIL))
        .hasMessage("f: does not exist");
    assertThatThrownBy(() -> UserFiles.read(dir, 100, FAIL)).hasMessage("f: is a directory, not a file");
    Path big = Files.write(dir.resolve("big"), new byte[2 * 1024 * 1024 + 1]);
    assertThatThrownBy(() -> UserFiles.read(big, 2 * 1024 * 1024, FAIL)).hasMessageContaining("larger than 2 MiB");
  }

  @Test
  void aFileWithoutReadPermissionSaysPermissionDenied() throws IOException {
    Path f = Files.writeString(dir.resolve("config.yaml"), "name: x");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("-w-------"));
    assumeFalse(Files.isReadable(f), "the tests run as a user who reads every file (root)");
    assertThatThrownBy(() -> UserFiles.read(f, 100, FAIL)).hasMessageStartingWith("f: cannot be read: permission denied");
  }

  @Test
  void aKeyTwiceIsAnErrorNamingItsPathAndLine() {
    String yaml = "name: x\npolicy:\n  missingUsers: keep\n  failFast: true\n  missingUsers: delete\n";
    assertThatThrownBy(() -> UserFiles.parse(UserFiles.YAML, yaml, "YAML", FAIL))
        .hasMessageStartingWith("f: has the key 'policy.missingUsers' twice (again at line 5");
    String json = "{\"users\": [{\"username\": \"a\"}, {\"username\": \"b\",\n \"username\": \"c\"}]}";
    assertThatThrownBy(() -> UserFiles.parse(UserFiles.JSON, json, "JSON", FAIL))
        .hasMessageStartingWith("f: has the key 'users[1].username' twice (again at line 2");
    assertThatThrownBy(() -> UserFiles.parse(UserFiles.YAML, "a: 1\na: 2", "YAML", FAIL))
        .hasMessageStartingWith("f: has the key 'a' twice (again at line 2");
    // the same key in different objects is fine
    JsonNode ok = UserFiles.parse(UserFiles.YAML, "a: {x: 1}\nb: {x: 2}", "YAML", FAIL);
    assertThat(ok).isNotNull();
    assertThat(java.util.Objects.requireNonNull(ok).path("b").path("x").asInt()).isEqualTo(2);
  }

  @Test
  void exactlyOneDocument() {
    assertThatThrownBy(() -> UserFiles.parse(UserFiles.YAML, "a: 1\n---\na: 2\n", "JSON or YAML", FAIL))
        .hasMessageStartingWith("f: has more after its JSON or YAML document (at line ");
    assertThatThrownBy(() -> UserFiles.parse(UserFiles.JSON, "{} {}", "JSON", FAIL))
        .hasMessageStartingWith("f: has more after its JSON document (at line 1, column 4)");
    assertThatThrownBy(() -> UserFiles.parse(UserFiles.JSON, "{}\n\nx", "JSON", FAIL))
        .hasMessageStartingWith("f: has more after its JSON document (at line 3");
    assertThat(UserFiles.parse(UserFiles.JSON, "{}\n  \n", "JSON", FAIL)).isEmpty();
    assertThat(UserFiles.parse(UserFiles.JSON, "  ", "JSON", FAIL)).isNull();
    assertThat(UserFiles.parse(UserFiles.YAML, "", "YAML", FAIL)).isNull();
  }

  @Test
  void leftoverTemporaryFilesAreRemovedAndNothingElse() throws IOException {
    Path file = dir.resolve("state.json");
    Path made = UserFiles.temporaryBeside(file);
    assertThat(made.getFileName().toString()).matches("\\.state\\.json\\.[0-9]+\\.tmp");
    Files.createFile(dir.resolve(".state.json123.tmp")); // as FileCursorStore named them before
    Path other = Files.createFile(dir.resolve(".state.json.x.tmp"));
    Path mine = Files.createFile(file);
    assertThat(UserFiles.removeLeftovers(file)).isEqualTo(2);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactlyInAnyOrder(other, mine);
    }
    assertThat(UserFiles.removeLeftovers(dir.resolve("absent").resolve("x.json"))).isZero();
  }
}
