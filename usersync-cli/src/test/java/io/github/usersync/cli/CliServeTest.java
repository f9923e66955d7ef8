package io.github.usersync.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.cli.internal.demo.SampleGraph;
import io.github.usersync.cli.internal.demo.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code usersync serve}: the console over a config file, its options, and its refusals. */
class CliServeTest {
  private static final Pattern URL = Pattern.compile("console of test at (http://\\S+/);");
  @TempDir Path dir;
  private SampleGraph graph;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private Cli cli;

  @BeforeEach
  void start() {
    graph = Samples.tenant();
    cli = new Cli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    graph.close();
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path config(String extra) throws IOException {
    Path f = dir.resolve("usersync.yaml");
    Files.writeString(f, String.join("\n",
        "name: test",
        "source:",
        "  provider: entra",
        "  settings:",
        "    tenant: " + SampleGraph.TENANT,
        "    clientId: 5b1f6c2e-1d7a-4c4e-9a3b-6f0d2c8e7a41",
        "    clientSecret: demo-secret",
        "    loginBaseUrl: " + graph.baseUrl(),
        "    baseUrl: " + graph.baseUrl(),
        "target:",
        "  type: json-file",
        "  path: host.json",
        extra));
    return f;
  }

  @Test
  void servesTheConsoleAndRunsTheScheduleUntilStopped() throws Exception {
    Path cfg = config("schedule: { cron: \"0 0 3 * * ?\", zone: UTC }");
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
        () -> cli.run("serve", "--config", cfg.toString(), "--port", "0", "--quiet"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Matcher m = URL.matcher("");
    while (!(m = URL.matcher(err())).find() && !code.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(m.find(0)).as(err()).isTrue();
    URI console = URI.create(m.group(1));
    assertThat(err()).contains("scheduled on '0 0 3 * * ?' (UTC)");

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> status = http.send(HttpRequest.newBuilder(console).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("usersync · test", "0 0 3 * * ? (UTC)", "Sync now").doesNotContain("demo-secret");
    HttpResponse<String> health = http.send(HttpRequest.newBuilder(console.resolve("/health")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(console.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(console).build(), HttpResponse.BodyHandlers.ofString());
    String cookie = page.headers().firstValue("Set-Cookie").orElse("").split(";", 2)[0];
    Matcher csrf = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
    assertThat(csrf.find()).isTrue();
    String origin = console.toString().substring(0, console.toString().length() - 1);
    HttpResponse<String> run = http.send(HttpRequest.newBuilder(console.resolve("/sync")).header("Cookie", cookie)
        .header("Origin", origin).header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=" + csrf.group(1))).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(run.statusCode()).isEqualTo(303);
    String scrape = http.send(HttpRequest.newBuilder(console.resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(scrape).as("the runner's SyncMetrics in a Prometheus registry")
        .contains("usersync_runs_total{", "sync=\"test\"", "usersync_changes_total{");

    assertThat(cli.run("sync", "--config", cfg.toString(), "--quiet")).as("serve holds the sync's lock").isEqualTo(4);

    cli.stopSchedule();
    assertThat(code.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(err()).contains("stopping");
  }

  @Test
  void refusesANonLoopbackBindWithoutATokenFile() throws Exception {
    Path cfg = config("");
    assertThat(cli.run("serve", "--config", cfg.toString(), "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
    assertThat(err()).contains("console.bind", "0.0.0.0", "not a loopback address", "--token-file");

    err.reset();
    { // the same refusal while another serve holds the lock: the bind is checked before the lock is taken
      CompletableFuture<Integer> first = CompletableFuture.supplyAsync(
          () -> cli.run("serve", "--config", cfg.toString(), "--port", "0", "--quiet"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!URL.matcher(err()).find() && !first.isDone() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Cli second = new Cli(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8));
      assertThat(second.run("serve", "--config", cfg.toString(), "--bind", "0.0.0.0", "--port", "0")).isEqualTo(2);
      cli.stopSchedule();
      assertThat(first.get(30, TimeUnit.SECONDS)).isZero();
    }
    assertThat(err()).contains("console.bind");

    err.reset();
    Files.writeString(dir.resolve("empty-token"), "\n");
    assertThat(cli.run("serve", "--config", cfg.toString(), "--token-file", dir.resolve("empty-token").toString()))
        .isEqualTo(2);
    assertThat(err()).contains("--token-file", "is empty");
  }

  @Test
  void helpListsTheOptions() {
    assertThat(cli.run("serve", "--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("--config=FILE", "--bind=ADDR", "--port=N",
        "--token-file=FILE");
  }
}
