package io.github.usersync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.core.sync.SyncMode;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSyncResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import io.github.usersync.cli.internal.demo.SampleGraph;
import io.github.usersync.cli.internal.demo.Samples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every example program runs in the build, so none can rot. */
class ExamplesTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String out() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void configFile(@TempDir Path dir) throws IOException {
    try (SampleGraph graph = Samples.tenant()) {
      Path config = dir.resolve("usersync.yaml");
      Files.writeString(config, Samples.config("embedded", graph.baseUrl(), graph.baseUrl()));
      SyncReport first = ConfigFileExample.run(config);
      assertThat(first.success()).isTrue();
      assertThat(first.mode()).isEqualTo(SyncMode.FULL);
      assertThat(first.counts().created()).isEqualTo(300);
      assertThat(Files.readString(dir.resolve("host.json"))).contains(Samples.userId(300));
      assertThat(dir.resolve(".embedded.usersync-state.json")).exists();

      SyncReport second = ConfigFileExample.run(config);
      assertThat(second.mode()).isEqualTo(SyncMode.INCREMENTAL);
      assertThat(second.counts().created()).isZero();
    }
  }

  @Test
  void customTarget() {
    SyncReport r = CustomTargetExample.run(out);
    assertThat(r.success()).isTrue();
    assertThat(out()).contains("INSERT user ada@example.com", "INSERT group analysts",
        "INSERT membership ada@example.com -> analysts");
  }

  @Test
  void scheduled() throws Exception {
    List<SyncReport> reports = ScheduledSyncExample.run(out);
    assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
    assertThat(reports.get(0).mode()).isEqualTo(SyncMode.FULL);
    assertThat(reports.get(1).mode()).isEqualTo(SyncMode.INCREMENTAL);
    assertThat(reports.get(1).counts().created()).isEqualTo(1);
  }

  @Test
  void logins() {
    assertThat(LoginExamples.syncAtLogin(out).status()).isEqualTo(UserSyncResult.Status.CREATED);
    assertThat(LoginExamples.jitFromClaims(out).allowed()).isTrue();
    assertThat(out()).contains("JIT: first login CREATED, second login UNCHANGED, user dorothy");
  }

  @Test
  void discovery() {
    assertThat(DiscoveryExample.run(out)).contains("entra", "google", "keycloak", "okta", "onelogin");
  }

  @Test
  void albLogin() throws Exception {
    assertThat(AlbLoginExample.run(out)).containsExactly(200, 200, 403);
    assertThat(out()).contains("first login: HTTP 200 Welcome, Mary Jackson (CREATED)")
        .contains("second login (key cached): HTTP 200 Welcome, Mary Jackson (UNCHANGED)")
        .contains("tampered token: HTTP 403 Forbidden: login refused (BAD_SIGNATURE)")
        .contains("key endpoint requests: 1; host users: 1");
  }

  @Test
  void scimServe() throws Exception {
    assertThat(ScimServeExample.run(out).displayName()).contains("Ada Lovelace");
    assertThat(out()).contains("POST /Users: HTTP 201; host user ada@example.com (Ada Lovelace),"
        + " linked to 0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef");
  }
}
