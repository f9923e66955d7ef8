package io.github.usersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.cli.internal.demo.SampleGraph;
import io.github.usersync.cli.internal.demo.Samples;
import io.github.usersync.testkit.ChildJvm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, problems 5 and 6 through the CLI with the json-file host: two {@code sync} processes on
 * one config never run at once (the second waits, or exits 4 naming the first), and {@code sync
 * --full} forces a full run that notices a deletion the change feed did not report.
 */
class CliLockAndFullTest {
  private static final Duration PROCESS = Duration.ofSeconds(120);
  private static final String TOKEN = "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"demo-access-token\"}";
  @TempDir Path dir;
  private SampleGraph graph;
  // The token endpoint answers its first request only when the test opens the gate: the first
  // process is then mid-run (holding the lock) for as long as the test needs.
  private LocalApiServer login;
  private final CountDownLatch firstTokenRequest = new CountDownLatch(1);
  private final CountDownLatch gate = new CountDownLatch(1);
  private final AtomicInteger tokenRequests = new AtomicInteger();

  @BeforeEach
  void start() {
    graph = Samples.tenant();
    login = LocalApiServer.start().route("/" + SampleGraph.TENANT + "/oauth2/v2.0/token", (r, base) -> {
      if (tokenRequests.incrementAndGet() == 1) {
        firstTokenRequest.countDown();
        try {
          gate.await(50, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return LocalApiServer.Response.json(200, TOKEN);
    });
  }

  @AfterEach
  void stop() {
    gate.countDown();
    login.close();
    graph.close();
  }

  private Path config() throws IOException {
    Path f = dir.resolve("usersync.yaml");
    Files.writeString(f, Samples.config("nightly", login.baseUrl(), graph.baseUrl()));
    return f;
  }

  private JsonNode host() throws IOException {
    return new ObjectMapper().readTree(dir.resolve("host.json").toFile());
  }

  @Test
  void aSecondSyncOfTheSameConfigExits4NamingTheFirst() throws Exception {
    String cfg = config().toString();
    try (ChildJvm first = ChildJvm.start(Main.class, "sync", "--config", cfg, "--quiet")) {
      assertThat(firstTokenRequest.await(PROCESS.toSeconds(), TimeUnit.SECONDS)).as(first.output()).isTrue();

      try (ChildJvm second = ChildJvm.start(Main.class, "sync", "--config", cfg, "--quiet")) {
        assertThat(second.exitCode(PROCESS)).as(second.output()).isEqualTo(Cli.LOCKED);
        assertThat(second.output())
            .contains("a run of the sync 'nightly' is already in progress (pid " + first.pid() + " on host ")
            .contains(" since ")
            .contains("--lock-wait");
      }
      assertThat(tokenRequests.get()).as("the refused process never read the IdP").isEqualTo(1);

      gate.countDown();
      assertThat(first.exitCode(PROCESS)).as(first.output()).isZero();
      assertThat(first.output()).containsPattern("created\\s+300");
    }
    assertThat(host().path("users")).hasSize(300);
    assertThat(Files.readString(dir.resolve("usersync-nightly.lock"))).as("released").isEmpty();
  }

  @Test
  void withLockWaitTheSecondSyncRunsAfterTheFirstHasWrittenEverything() throws Exception {
    String cfg = config().toString();
    try (ChildJvm first = ChildJvm.start(Main.class, "sync", "--config", cfg, "--quiet")) {
      assertThat(firstTokenRequest.await(PROCESS.toSeconds(), TimeUnit.SECONDS)).as(first.output()).isTrue();

      try (ChildJvm second = ChildJvm.start(Main.class, "sync", "--config", cfg, "--lock-wait", "120s")) {
        second.awaitLine("waiting up to 120s for it to finish", PROCESS);
        assertThat(second.output()).contains("another run of nightly is in progress (pid " + first.pid() + " on host ");
        assertThat(tokenRequests.get()).as("the waiting process has not read the IdP").isEqualTo(1);

        gate.countDown();
        assertThat(first.exitCode(PROCESS)).as(first.output()).isZero();
        assertThat(first.output()).contains("full sync").containsPattern("created\\s+300");
        assertThat(second.exitCode(PROCESS)).as(second.output()).isZero();
        // It read the host file and the state the first wrote: nothing left to do.
        assertThat(second.output()).contains("incremental sync").containsPattern("created\\s+0");
      }
    }
    JsonNode users = host().path("users");
    assertThat(users).hasSize(300);
    assertThat(StreamSupport.stream(users.spliterator(), false).map(u -> u.path("id").asText()).distinct().count())
        .isEqualTo(300);
  }

  @Test
  void syncFullReadsEverythingAndDeactivatesAUserTheChangeFeedNeverReported() throws Exception {
    gate.countDown();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Cli cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    String cfg = config().toString();
    assertThat(cli.run("sync", "--config", cfg, "--quiet")).isZero();
    String gone = Samples.userId(9);
    graph.deleteUserUnseenByDelta(gone);

    out.reset();
    assertThat(cli.run("sync", "--config", cfg, "--quiet")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("incremental sync").containsPattern("deactivated\\s+0");
    assertThat(active(gone)).isTrue();

    out.reset();
    long before = graph.requests();
    assertThat(cli.run("sync", "--config", cfg, "--quiet", "--full")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("full sync").containsPattern("deactivated\\s+1");
    assertThat(active(gone)).isFalse();
    assertThat(graph.requests() - before).as("a full run lists every user again").isGreaterThanOrEqualTo(3);
  }

  @Test
  void lockWaitMustBeADuration() throws Exception {
    gate.countDown();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Cli cli = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(cli.run("sync", "--config", config().toString(), "--lock-wait", "soon")).isEqualTo(Cli.BAD_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--lock-wait").contains("30s");

    Files.writeString(dir.resolve("usersync.yaml"), Files.readString(config()) + "lockWait: PT-5S\n");
    assertThat(cli.run("sync", "--config", dir.resolve("usersync.yaml").toString())).isEqualTo(Cli.BAD_CONFIG);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("lockWait: cannot be negative");
    assertThat(cli.run("sync", "--user", Samples.userId(1), "--full", "--config", config().toString())).isEqualTo(Cli.BAD_CONFIG);
  }

  private boolean active(String id) throws IOException {
    for (JsonNode u : host().path("users")) {
      if (u.path("id").asText().equals(id)) {
        return u.path("active").asBoolean();
      }
    }
    throw new AssertionError("no host user linked to " + id);
  }
}
