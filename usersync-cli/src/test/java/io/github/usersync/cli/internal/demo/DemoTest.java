package io.github.usersync.cli.internal.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
  @TempDir Path dir;

  @Test
  void theDemoSyncsFullyThenOnlyTheChanges() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path host = dir.resolve("host.json");

    int code = new DemoRun(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(true, host);

    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(text).isZero();
    assertThat(text).contains("== 1. First (full) sync").containsPattern("created\\s+300")
        .contains("== 3. Second sync").contains("incremental sync")
        .contains("UPDATE_USER jurgen.7@contoso.com").contains("renamed in the IdP")
        .contains("DEACTIVATE_USER").contains("CREATE_USER ngozi.301@contoso.com")
        .contains("REMOVE_MEMBERSHIP ngoc.10@contoso.com → Mobile").contains("ADD_MEMBERSHIP")
        .contains("department: 'Finance' → 'Legal'");
    assertThat(text).doesNotContain("FAILED");
    JsonNode json = new ObjectMapper().readTree(host.toFile());
    assertThat(json.path("users")).hasSize(301);
    assertThat(json.toString()).contains("juergen.gross@contoso.com").doesNotContain("jurgen.7@").contains("Łukasiewicz");
  }
}
