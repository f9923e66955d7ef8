package io.github.usersync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void demoReadsTheSampleDirectory() {
    assertThat(run("demo")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Users: 300 (288 active)")
        .contains("Group Everyone: 300 members (transitive)")
        .contains("Group Platform: 100 members (transitive)");
  }

  @Test
  void unknownCommandIsBadUsage() {
    assertThat(run("nope")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'nope'");
  }
}
