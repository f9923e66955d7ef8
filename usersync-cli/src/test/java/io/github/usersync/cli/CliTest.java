package io.github.usersync.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.cli.internal.demo.SampleGraph;
import io.github.usersync.cli.internal.demo.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  /** A server that answers every call with 500, for check's bound. */
  @RegisterExtension
  static WireMockExtension failing =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();

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

  private int run(String... args) {
    out.reset();
    err.reset();
    return cli.run(args);
  }

  private String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Path config(String extra) throws IOException {
    return config(graph.baseUrl(), extra);
  }

  private Path config(String base, String extra) throws IOException {
    Path f = dir.resolve("usersync.yaml");
    Files.writeString(f, Samples.config("test", base, base, extra));
    return f;
  }

  @Test
  void helpAndBadUsage() {
    assertThat(run("help")).isZero();
    assertThat(out()).contains("Usage: usersync [-hV] [COMMAND]").contains("sync", "schedule", "explain", "completion")
        .contains("Exit codes:");
    assertThat(run()).isZero();
    assertThat(out()).contains("Usage: usersync [-hV] [COMMAND]");
    assertThat(run("snyc")).isEqualTo(2);
    assertThat(err()).contains("unknown command 'snyc' (did you mean 'sync'?)");
    assertThat(run("sync", "--dryrun")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--dryrun' (did you mean '--dry-run'?)")
        .contains("Run 'usersync sync --help' for its options.");
    assertThat(run("sync")).isEqualTo(2);
    assertThat(err()).contains("sync needs --config FILE");
    assertThat(run("check", "--config", "x.yaml", "--full")).isEqualTo(2);
    assertThat(err()).contains("unknown option '--full'");
  }

  @Test
  void everyCommandHasHelpAndTheToolHasAVersion() {
    assertThat(run("sync", "--help")).isZero();
    assertThat(out()).contains("Usage: usersync sync").contains("--config=FILE").contains("--dry-run")
        .contains("--report-file=PATH").contains("--lock-wait=DURATION").contains("--user=IDP_USER_ID");
    assertThat(run("help", "explain")).isZero();
    assertThat(out()).contains("Usage: usersync explain").contains("--user=IDP_USER_ID");
    assertThat(run("--version")).isZero();
    assertThat(out()).startsWith("usersync " + io.github.usersync.core.Usersync.version() + "\n");
  }

  @Test
  void optionsThatWouldBeIgnoredAreRefused() throws IOException {
    String cfg = config("").toString();
    assertThat(run("sync", "--config", cfg, "--dry-run", "--full")).isEqualTo(2);
    assertThat(err()).contains("cannot be combined with --full");
    assertThat(run("sync", "--config", cfg, "--dry-run", "--lock-wait", "5m")).isEqualTo(2);
    assertThat(err()).contains("--lock-wait has no effect with --dry-run");
    assertThat(run("sync", "--config", cfg, "--report", "xml")).isEqualTo(2);
    assertThat(err()).contains("--report").contains("xml");
    assertThat(dir.resolve("host.json")).doesNotExist();
  }

  @Test
  void completionPrintsABashScript() {
    assertThat(run("completion")).isZero();
    assertThat(out()).contains("complete -F").contains("usersync").contains("--dry-run").contains("--lock-wait");
  }

  @Test
  void providersListsEveryConnectorWithItsSettings() {
    assertThat(run("providers")).isZero();
    assertThat(out()).contains("entra", "google", "okta", "onelogin")
        .contains("clientSecret").contains("[secret]").contains("[required]")
        .contains("Targets (target.type, target.settings):")
        .contains("json-file", "memory", "jira", "confluence", "crowd")
        .contains("requestTimeout", "[default 60s]");
  }

  @Test
  void checkProbesEveryEndpoint() throws IOException {
    assertThat(run("check", "--config", config("").toString())).as(err()).isZero();
    assertThat(out()).contains("Connection check for entra: all endpoints OK")
        .contains("token").contains("list users").contains("users delta")
        .contains("Connection check for json-file: all endpoints OK")
        .contains("read host file").contains("write host file");
  }

  /**
   * Issue 19, problem 4: a config sync rejects makes check fail with sync's message, never pass.
   * Runs both on {@code cfg}; returns what check printed.
   */
  private String checkFailsWithSyncsMessage(Path cfg, int syncCode, int checkCode, String message) {
    assertThat(run("sync", "--config", cfg.toString(), "--quiet", "--report", "json")).as(err() + out()).isEqualTo(syncCode);
    String syncSaid = err() + out();
    assertThat(syncSaid).contains(message);

    assertThat(run("check", "--config", cfg.toString())).as(err() + out()).isEqualTo(checkCode);
    String checkSaid = err() + out();
    assertThat(checkSaid).contains(message).doesNotContain("Check passed");
    return checkSaid;
  }

  @Test
  void checkFailsAnUnknownTransformAsSyncDoes() throws IOException {
    Path cfg = config("mapping: { attributes: { department: \"department | lowr\" } }");

    checkFailsWithSyncsMessage(cfg, 2, 2, "usersync: configuration error: mapping.attributes.department: unknown transform 'lowr'");
  }

  @Test
  void checkFailsAnUnknownTargetTypeAsSyncDoes() throws IOException {
    Path cfg = config("");
    Files.writeString(cfg, Files.readString(cfg).replace("type: json-file", "type: jsonfile"));

    checkFailsWithSyncsMessage(cfg, 2, 2, "type: no target with id 'jsonfile' is on the classpath (did you mean 'json-file'?)");
  }

  @Test
  void checkFailsARequiredGroupMissingInTheIdpAsSyncDoes() throws IOException {
    Path cfg = config("policy: { requiredGroups: [no-such-group] }");

    String said = checkFailsWithSyncsMessage(cfg, 2, 2,
        "usersync: configuration error: policy.requiredGroups: 'no-such-group' is not a group in the IdP");
    assertThat(said).contains("FAILED  required groups exist").contains("Connection check for entra: all endpoints OK");
  }

  @Test
  void checkFailsAnUnwritableHostPathAsSyncDoes() throws IOException {
    Files.writeString(dir.resolve("blocked"), "a file where the host file's directory should be");
    Path cfg = config("");
    Files.writeString(cfg, Files.readString(cfg).replace("path: host.json", "path: blocked/host.json"));

    String said = checkFailsWithSyncsMessage(cfg, 1, 3, "cannot write the host file " + dir.resolve("blocked/host.json")
        + ": " + dir.resolve("blocked") + " is a file, not a directory");
    assertThat(said).contains("Connection check for json-file: FAILED");
  }

  @Test
  void checkOfAHostDirectoryNotYetMadePassesAsSyncMakesIt() throws IOException {
    Path cfg = config("");
    Files.writeString(cfg, Files.readString(cfg).replace("path: host.json", "path: missing/host.json"));

    assertThat(run("check", "--config", cfg.toString())).as(out()).isZero();
    assertThat(out()).contains("created on the first write").contains("Check passed");
    assertThat(dir.resolve("missing")).doesNotExist();
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(err()).isZero();
    assertThat(dir.resolve("missing/host.json")).exists();
  }

  /**
   * Issue 19, problem 4: against a Graph that answered every call with 500, {@code check} ran more
   * than 2 minutes. Probes retry once at most, so every call is sent twice (the token, which
   * answers, once), whatever the run's retry limits; the time is measured and printed, not asserted.
   */
  @Test
  void checkAgainstAServerThatAlwaysAnswers500SendsEachProbeTwiceAndEnds() throws IOException {
    // Entra's token endpoint answers (so every Graph probe is made); every other call, Graph's and
    // Jira's, answers 500.
    failing.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}")));
    failing.stubFor(post(urlPathMatching("/.*/oauth2/v2.0/token"))
        .willReturn(okJson("{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"eyJ0eXAi.probe.token\"}")));
    Path cfg = config(failing.baseUrl(), "");
    Files.writeString(cfg, Files.readString(cfg).replace("  type: json-file\n  path: host.json", String.join("\n",
        "  type: jira", "  settings:", "    baseUrl: " + failing.baseUrl(), "    token: jira-token",
        "    crowdApplicationName: usersync", "    crowdApplicationPassword: app-secret")));

    long start = System.nanoTime();
    int code = run("check", "--config", cfg.toString());
    long millis = (System.nanoTime() - start) / 1_000_000;

    String said = out() + err();
    assertThat(code).as(said).isEqualTo(3);
    assertThat(said).contains("Connection check for entra: FAILED").contains("Connection check for jira: FAILED")
        .contains("HTTP 500").contains("Check FAILED").doesNotContain("all endpoints OK");
    List<LoggedRequest> requests = failing.findAll(anyRequestedFor(anyUrl()));
    Map<String, Long> perCall = requests.stream().collect(Collectors.groupingBy(
        r -> r.getMethod() + " " + r.getUrl(), TreeMap::new, Collectors.counting()));
    String token = "POST /" + SampleGraph.TENANT + "/oauth2/v2.0/token";
    assertThat(perCall).containsEntry(token, 1L);
    assertThat(perCall.keySet()).anyMatch(k -> k.startsWith("GET /v1.0/users"))
        .anyMatch(k -> k.startsWith("GET /rest/api/2/serverInfo"));
    // Every probe of Graph and Jira: the call and its one retry.
    perCall.forEach((call, n) -> assertThat(n).as(call).isEqualTo(call.equals(token) ? 1L : 2L));
    System.out.printf("check against an always-500 server: exit %d in %d ms, %d requests (%d calls)%n",
        code, millis, requests.size(), perCall.size());
  }

  @Test
  void checkOfAnUnreachableHostSaysWhatToFixAndExits3() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThat(run("check", "--config", config("http://127.0.0.1:" + port, "").toString())).isEqualTo(3);
    // Nothing listens on a loopback port: the server or the URL is wrong, not a proxy setting.
    assertThat(out()).contains("FAILED").contains("Is the server running at 127.0.0.1:" + port)
        .contains("is the base URL (baseUrl) right?").doesNotContain("proxyHost");
  }

  @Test
  void syncThenAnIncrementalSyncWithNothingToDo() throws IOException {
    Path cfg = config("");
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(err()).isZero();
    assertThat(out()).contains("full sync").containsPattern("created\\s+300");
    JsonNode host = new ObjectMapper().readTree(dir.resolve("host.json").toFile());
    assertThat(host.path("users")).hasSize(300);
    assertThat(err()).isEmpty();

    assertThat(run("sync", "--config", cfg.toString())).isZero();
    assertThat(out()).contains("incremental sync").containsPattern("unchanged\\s+0");
    assertThat(err()).contains("usersync: read users");
  }

  @Test
  void dryRunPrintsJsonAndChangesNothing() throws IOException {
    assertThat(run("sync", "--config", config("").toString(), "--dry-run", "--report", "json", "--quiet")).isZero();
    JsonNode report = new ObjectMapper().readTree(out());
    assertThat(report.path("dryRun").asBoolean()).isTrue();
    assertThat(report.path("counts").path("created").asInt()).isEqualTo(300);
    assertThat(report.path("counts").path("groupsCreated").asInt()).isEqualTo(12);
    assertThat(Files.exists(dir.resolve("host.json"))).isFalse();
  }

  @Test
  void aReportFileGetsTheJsonAndStdoutOnlyTheText() throws IOException {
    Path report = dir.resolve("report.json");
    assertThat(run("sync", "--config", config("").toString(), "--quiet", "--report-file", report.toString())).isZero();
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    assertThat(json.path("counts").path("created").asInt()).isEqualTo(300);
    assertThat(json.path("status").asText()).isEqualTo("success");
    assertThat(json.path("runId").asText()).hasSize(36);
    assertThat(json.path("usersyncVersion").asText()).isEqualTo(io.github.usersync.core.Usersync.version());
    assertThat(json.path("changes").get(0).path("at").asText()).isNotEmpty();
    assertThat(out()).contains("full sync").doesNotContain("\"runId\"");
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    assertThat(run("sync", "--config", config("").toString(), "--quiet", "--report", "json", "--report-file",
        dir.resolve("missing").resolve("r.json").toString())).isEqualTo(1);
    assertThat(err()).contains("cannot write the report to");
  }

  @Test
  void theTextReportListsTheChangesCappedAndADryRunPrintsThePlanThatWay() throws IOException {
    assertThat(run("sync", "--config", config("").toString(), "--dry-run", "--quiet")).isZero();
    assertThat(out()).contains("(dry run)").contains("Planned changes (").contains("nothing was applied")
        .containsPattern("NOT_APPLIED +CREATE_USER \\S+ .*\\(new in the IdP\\)")
        .containsPattern("… and \\d+ more; use --report json");
    assertThat(out().lines().filter(l -> l.startsWith("  NOT_APPLIED"))).hasSize(50);

    assertThat(run("sync", "--config", config("").toString(), "--quiet")).isZero();
    assertThat(out()).contains("Changes applied (").containsPattern("APPLIED +CREATE_USER");
  }

  @Test
  void aCsvReportHasOneRowPerChange() throws IOException {
    Path csv = dir.resolve("changes.csv");
    assertThat(run("sync", "--config", config("").toString(), "--quiet", "--report", "csv", "--report-file", csv.toString())).isZero();
    java.util.List<String> rows = Files.readAllLines(csv);
    assertThat(rows.get(0)).isEqualTo("run_id,type,subject,group,outcome,error_code,at,reason,message");
    JsonNode host = new ObjectMapper().readTree(dir.resolve("host.json").toFile());
    assertThat(rows.stream().filter(r -> r.contains(",CREATE_USER,"))).hasSize(host.path("users").size());
    assertThat(rows.get(1)).contains(",APPLIED,");
  }

  @Test
  void syncOneUser() throws IOException {
    assertThat(run("sync", "--config", config("").toString(), "--user", Samples.userId(5), "--quiet")).isZero();
    assertThat(err()).contains(Samples.userId(5) + ": CREATED");
    assertThat(new ObjectMapper().readTree(dir.resolve("host.json").toFile()).path("users")).hasSize(1);
  }

  @Test
  void explainShowsEachRule() throws IOException {
    Path cfg = config(String.join("\n", "mapping:", "  attributes:", "    department: \"department | lower\""));
    assertThat(run("explain", "--config", cfg.toString(), "--user", Samples.userId(3))).as(err()).isZero();
    assertThat(out()).contains("department").contains("lower").contains("sls");
  }

  @Test
  void badConfigsExit2NamingTheProblem() throws IOException {
    assertThat(run("sync", "--config", dir.resolve("nope.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("does not exist");

    Files.writeString(dir.resolve("bad.yaml"), "source: [unclosed");
    assertThat(run("sync", "--config", dir.resolve("bad.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("is not valid JSON or YAML");

    assertThat(run("sync", "--config", config("soruce: x").toString())).isEqualTo(2);
    assertThat(err()).contains("soruce: is not a known key (did you mean 'source'?)");

    Files.writeString(dir.resolve("provider.yaml"), Files.readString(config("")).replace("provider: entra", "provider: entraa"));
    assertThat(run("sync", "--config", dir.resolve("provider.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("no connector with id 'entraa' is on the classpath (did you mean 'entra'?)");

    Files.writeString(dir.resolve("missing.yaml"), Files.readString(config("")).replace("    tenant: " + SampleGraph.TENANT + "\n", ""));
    assertThat(run("sync", "--config", dir.resolve("missing.yaml").toString())).isEqualTo(2);
    assertThat(err()).contains("tenant");

    assertThat(run("schedule", "--config", config("schedule: { cron: \"*/5 * * * *\" }").toString())).isEqualTo(2);
    assertThat(err()).contains("schedule.cron: '*/5 * * * *' is not a Quartz cron expression");

    assertThat(run("sync", "--config", config("mapping: { attributes: { department: \"department | lowr\" } }").toString())).isEqualTo(2);
    assertThat(err()).contains("mapping.attributes.department: unknown transform 'lowr'").contains("did you mean 'lower'?");

    assertThat(run("sync", "--config", config("policy: { missingUsers: deactivat }").toString())).isEqualTo(2);
    assertThat(err()).contains("policy.missingUsers").contains("did you mean 'deactivate'?");

    Files.writeString(dir.resolve("host.json"), "{ not json");
    assertThat(run("sync", "--config", config("").toString())).isEqualTo(2);
    assertThat(err()).contains("the host file").contains("never overwrites");
    assertThat(Files.readString(dir.resolve("host.json"))).isEqualTo("{ not json");
  }

  @Test
  void explainSaysWhatEachTransformDoes() throws IOException {
    Path cfg = config(String.join("\n", "mapping:", "  attributes:", "    department: \"department | trim | lower\""));
    assertThat(run("explain", "--config", cfg.toString(), "--user", Samples.userId(3))).as(err()).isZero();
    assertThat(out()).contains("\ntransforms\n")
        .contains("  trim   removes leading and trailing white space\n")
        .contains("  lower  changes to lower case (locale-independent)\n");
  }

  @Test
  void aKeyGivenTwiceIsAnErrorNamingTheKeyAndTheLine() throws IOException {
    // Before: the last one won, so this config deleted users where the first line says keep.
    Path cfg = config(String.join("\n", "policy:", "  missingUsers: keep", "  maxDestructiveChanges: 5",
        "  missingUsers: delete"));
    int line = Files.readAllLines(cfg).indexOf("  missingUsers: delete") + 1;
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isEqualTo(2);
    assertThat(err()).contains("configuration error: --config: the file " + cfg
        + " has the key 'policy.missingUsers' twice (again at line " + line + ",");
    assertThat(dir.resolve("host.json")).doesNotExist();

    cfg = config(String.join("\n", "mapping:", "  attributes:", "    department: department",
        "    department: \"department | lower\""));
    assertThat(run("check", "--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("has the key 'mapping.attributes.department' twice");

    Files.writeString(cfg, "{\"name\": \"a\", \"name\": \"b\"}");
    assertThat(run("check", "--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("has the key 'name' twice (again at line 1,");
  }

  @Test
  void aHostFileWithMoreAfterItsJsonIsRefusedAndLeftUntouched() throws IOException {
    String host = "{\"users\": [], \"groups\": []}\n{\"users\": []}\n";
    Files.writeString(dir.resolve("host.json"), host);
    assertThat(run("sync", "--config", config("").toString(), "--quiet")).isEqualTo(2);
    assertThat(err()).contains("the host file").contains("has more after its JSON document (at line 2")
        .contains("never overwrites");
    assertThat(Files.readString(dir.resolve("host.json"))).isEqualTo(host);
  }

  @Test
  void temporaryFilesAKilledRunLeftAreRemovedByTheNextRun() throws IOException {
    Path cfg = config("");
    Files.writeString(dir.resolve(".host.json.3141592653589793.tmp"), "{\"users\": [");
    // the state file is .test.usersync-state.json; its temporary files get one more dot
    Files.writeString(dir.resolve("..test.usersync-state.json2718281828.tmp"), "{");
    Files.writeString(dir.resolve("..test.usersync-state.json.2718281828.tmp"), "{");
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(err()).isZero();
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("usersync.yaml", "host.json", ".test.usersync-state.json",
              // the run's lock and the state file's save lock stay (emptied): see docs/cli.md
              "usersync-test.lock", ".test.usersync-state.json.lock");
    }
  }

  @Test
  void aSyncNameThatCouldLeaveTheDirectoryIsRefused() throws IOException {
    Path base = config("");
    for (String name : new String[] {"../../etc/x", "/tmp/x", "a/b", ".hidden", "a b", "x".repeat(65)}) {
      Path cfg = dir.resolve("named.yaml");
      Files.writeString(cfg, Files.readString(base).replace("name: test", "name: \"" + name + "\""));
      assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(name).isEqualTo(2);
      assertThat(err()).as(name).contains("configuration error: name: '" + name + "' cannot be a sync name")
          .contains("letters (a-z, A-Z), digits, '.', '_' and '-'");
    }
    assertThat(dir.resolve("host.json")).doesNotExist();
    assertThat(dir.resolve("../../etc/x.usersync-state.json").normalize()).doesNotExist();

    Files.writeString(dir.resolve("named.yaml"), Files.readString(base).replace("name: test", "name: okta-to-jira_2.prod"));
    assertThat(run("sync", "--config", dir.resolve("named.yaml").toString(), "--quiet")).as(err()).isZero();
    assertThat(dir.resolve(".okta-to-jira_2.prod.usersync-state.json")).exists();
  }

  @Test
  void aBinaryOrUnreadableConfigGetsAPlainMessage() throws IOException {
    Path binary = dir.resolve("config.yaml");
    Files.write(binary, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0x89, 'P', 'N', 'G', 0});
    assertThat(run("check", "--config", binary.toString())).isEqualTo(2);
    assertThat(err()).contains("the file " + binary + " is not UTF-8 text (byte 0x89 at offset 6)")
        .doesNotContain("Input length");

    assertThat(run("check", "--config", dir.toString())).isEqualTo(2);
    assertThat(err()).contains("the file " + dir + " is a directory, not a file");
  }

  @Test
  void atlassianTargetTypesAreAcceptedAndTheirSettingsChecked() throws IOException {
    Path cfg = dir.resolve("crowd.yaml");
    String base = Files.readString(config(""));
    Files.writeString(cfg, base.replace("  type: json-file\n  path: host.json",
        "  type: crowd\n  settings:\n    baseUrl: https://crowd.example.com/crowd\n    applicationName: usersync"));
    assertThat(run("sync", "--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("applicationPassword");

    Files.writeString(cfg, base.replace("type: json-file", "type: jria"));
    assertThat(run("sync", "--config", cfg.toString())).isEqualTo(2);
    assertThat(err()).contains("type: no target with id 'jria' is on the classpath (did you mean 'jira'?)")
        .contains("confluence").contains("crowd").contains("json-file");
  }

  @Test
  void aGuardThatHoldsBackCleanupExits3() throws IOException {
    Path cfg = config("policy: { maxDestructiveChanges: 0 }");
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isZero();
    graph.deleteUser(Samples.userId(9));

    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isEqualTo(3);
    assertThat(out()).contains("Cleanup skipped:").contains("over the limit of 0 users");
  }

  // ------------------------------------------------------------------ issue 25: cleanup

  private JsonNode hostUser(String id) throws IOException {
    for (JsonNode u : new ObjectMapper().readTree(dir.resolve("host.json").toFile()).path("users")) {
      if (u.path("id").asText().equals(id)) {
        return u;
      }
    }
    throw new AssertionError("no host user " + id);
  }

  private static java.util.List<String> groups(JsonNode user) {
    java.util.List<String> out = new java.util.ArrayList<>();
    user.path("groups").forEach(g -> out.add(g.asText()));
    return out;
  }

  /** Adds host-local groups to users in the host file, as a host admin would. */
  private void addLocalGroups(java.util.Map<String, java.util.List<String>> groupsById) throws IOException {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(dir.resolve("host.json").toFile());
    for (JsonNode u : root.path("users")) {
      java.util.List<String> extra = groupsById.get(u.path("id").asText());
      if (extra != null) {
        extra.forEach(((com.fasterxml.jackson.databind.node.ArrayNode) u.path("groups"))::add);
      }
    }
    json.writeValue(dir.resolve("host.json").toFile(), root);
  }

  @Test
  void anonymizeStripsMembershipsAndAReturningUserGetsEverythingBack() throws IOException {
    Path cfg = config(String.join("\n", "policy:", "  requiredGroups: [Legal]", "  missingUsers: anonymize",
        "  anonymizeEmailDomain: gone.invalid", "  stripMembershipsOnCleanup: true",
        "  keepGroups: [Keep-Me, \"team-.*\"]", "  protectedGroups: [jira-administrators]",
        "  maxDestructivePercent: 100"));
    String leaver = Samples.userId(5);
    String admin = Samples.userId(13);
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(err()).isZero();
    JsonNode before = hostUser(leaver);
    addLocalGroups(java.util.Map.of(leaver, java.util.List.of("keep-me", "team-red", "local-wiki"),
        admin, java.util.List.of("jira-administrators", "local-wiki")));

    graph.removeMember("g-lgl", leaver);
    graph.removeMember("g-lgl", admin);
    assertThat(run("sync", "--config", cfg.toString(), "--full", "--quiet", "--report", "json")).as(out()).isZero();

    JsonNode report = new ObjectMapper().readTree(out());
    assertThat(report.path("counts").path("anonymized").asInt()).isEqualTo(1);
    assertThat(report.path("counts").path("membershipsRemoved").asInt()).isEqualTo(4);
    JsonNode anon = hostUser(leaver);
    String alias = anon.path("username").asText();
    assertThat(alias).matches("user-[0-9a-f]{12}");
    assertThat(anon.path("email").asText()).isEqualTo(alias + "@gone.invalid");
    assertThat(anon.path("displayName").asText()).isEqualTo(alias);
    assertThat(anon.path("active").asBoolean()).isFalse();
    assertThat(groups(anon)).containsExactlyInAnyOrder("keep-me", "team-red");
    assertThat(out()).contains("\"ANONYMIZE_USER\"", "cleanup: " + before.path("username").asText()
        + " is anonymized (not in a required group), and stripMembershipsOnCleanup removes");
    JsonNode kept = hostUser(admin);
    assertThat(kept.path("active").asBoolean()).isTrue();
    assertThat(groups(kept)).contains("jira-administrators", "local-wiki", "Legal");

    graph.addMember("g-lgl", leaver);
    assertThat(run("sync", "--config", cfg.toString(), "--full", "--quiet")).as(out()).isZero();

    JsonNode back = hostUser(leaver);
    assertThat(back.path("username").asText()).isEqualTo(before.path("username").asText());
    assertThat(back.path("email").asText()).isEqualTo(before.path("email").asText());
    assertThat(back.path("displayName").asText()).isEqualTo(before.path("displayName").asText());
    assertThat(back.path("active").asBoolean()).isTrue();
    assertThat(groups(back)).containsAll(groups(before)).contains("keep-me", "team-red").doesNotContain("local-wiki");
  }

  @Test
  void heldChangesAreListedAndApprovedMinusTheUsersWhoCameBack() throws IOException {
    Path cfg = config("policy: { requiredGroups: [Legal], maxDestructiveChanges: 2 }");
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isZero();
    assertThat(run("held", "--config", cfg.toString())).isZero();
    assertThat(out()).contains("no changes are held");
    for (int i : new int[] {5, 13, 21}) {
      graph.removeMember("g-lgl", Samples.userId(i));
    }

    assertThat(run("sync", "--config", cfg.toString(), "--full", "--quiet")).isEqualTo(3);
    assertThat(out()).contains("Cleanup skipped:").contains("destructive changes are held as run");
    assertThat(run("held", "--config", cfg.toString())).isZero();
    String listing = out();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("held by run (\\S+) at").matcher(listing);
    assertThat(m.find()).as(listing).isTrue();
    String runId = m.group(1);
    assertThat(listing).contains("3 changes held by run " + runId).contains("approvable until")
        .contains("DEACTIVATE_USER " + hostUser(Samples.userId(21)).path("username").asText() + " (not in a required group)")
        .contains("usersync approve --config " + cfg + " --run " + runId);

    graph.addMember("g-lgl", Samples.userId(13));
    assertThat(run("approve", "--config", cfg.toString(), "--run", runId, "--quiet")).as(err()).isZero();

    assertThat(out()).contains("approval").contains("is back in the IdP (active and in a required group)");
    assertThat(hostUser(Samples.userId(5)).path("active").asBoolean()).isFalse();
    assertThat(hostUser(Samples.userId(21)).path("active").asBoolean()).isFalse();
    assertThat(hostUser(Samples.userId(13)).path("active").asBoolean()).isTrue();
    assertThat(run("held", "--config", cfg.toString())).isZero();
    assertThat(out()).contains("no changes are held");
    assertThat(run("approve", "--config", cfg.toString(), "--quiet")).isEqualTo(1);
    assertThat(err()).contains("has no held changes to approve");
  }

  @Test
  void anApprovalAfterExpiryIsRefusedWithAClearMessage() throws IOException {
    Path cfg = config("policy: { requiredGroups: [Legal], maxDestructiveChanges: 0 }");
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isZero();
    graph.removeMember("g-lgl", Samples.userId(5));
    assertThat(run("sync", "--config", cfg.toString(), "--full", "--quiet")).isEqualTo(3);
    // Seven days pass: the state file's expiry is moved into the past.
    Path state = dir.resolve(".test.usersync-state.json");
    Files.writeString(state, Files.readString(state).replaceAll("\"expiresAt\"\\s*:\\s*\"[^\"]+\"",
        "\"expiresAt\":\"2026-01-01T00:00:00Z\""));

    assertThat(run("held", "--config", cfg.toString())).isZero();
    assertThat(out()).contains("expired at 2026-01-01T00:00:00Z").contains("can no longer be approved");
    assertThat(run("approve", "--config", cfg.toString(), "--quiet")).isEqualTo(1);
    assertThat(err()).contains("expired at 2026-01-01T00:00:00Z (heldChangesExpireAfter: PT168H) and cannot be"
        + " approved any more; run the sync again");
    assertThat(hostUser(Samples.userId(5)).path("active").asBoolean()).isTrue();
  }

  @Test
  void aBadKeepGroupsExpressionIsAConfigError() throws IOException {
    Path cfg = config("policy: { stripMembershipsOnCleanup: true, keepGroups: [\"team-[red\"] }");
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isEqualTo(2);
    assertThat(err()).contains("policy: keepGroups: 'team-[red' is not a valid regular expression");
  }

  @Test
  void managerAndPhotoRefreshRunsAreReadAndABadValueIsAConfigError() throws IOException {
    io.github.usersync.core.sync.SyncPolicy policy = io.github.usersync.runner.ConfigFile
        .load(config("policy: { managerRefreshRuns: 3, photoRefreshRuns: 7 }")).policy();
    assertThat(policy.managerRefreshRuns()).hasValue(3);
    assertThat(policy.photoRefreshRuns()).isEqualTo(7);
    io.github.usersync.core.sync.SyncPolicy defaults =
        io.github.usersync.runner.ConfigFile.load(config("policy: { }")).policy();
    assertThat(defaults.managerRefreshRuns()).as("automatic: by whether incremental runs bring manager changes")
        .isEmpty();
    assertThat(defaults.photoRefreshRuns()).isEqualTo(io.github.usersync.core.sync.SyncPolicy.DEFAULT_PHOTO_REFRESH_RUNS);
    assertThat(run("sync", "--config", config("policy: { managerRefreshRuns: 0 }").toString(), "--quiet"))
        .isEqualTo(2);
    assertThat(err()).contains("policy: managerRefreshRuns must be at least 1");
    assertThat(run("sync", "--config", config("policy: { photoRefreshRuns: 2.5 }").toString(), "--quiet"))
        .isEqualTo(2);
    assertThat(err()).contains("policy.photoRefreshRuns: must be a whole number of full runs");
  }

  @Test
  void failedChangesExit1() throws IOException {
    Files.writeString(dir.resolve("host.json"), "{\"users\":[{\"username\":\"siobhan.6@contoso.com\",\"active\":true}],\"groups\":[]}");
    Path cfg = config("policy: { linkUnlinkedBy: none }");

    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).isEqualTo(1);
    assertThat(out()).contains("FAILED CREATE_USER siobhan.6@contoso.com").contains("username is taken");
  }

  /**
   * Issue 17, problem 1: a host file that cannot be written fails the run (exit 1), the report says
   * nothing was committed and no state is written; once the path is fixed, the next run creates
   * everyone (it used to be an incremental run that read nobody).
   */
  @Test
  void aHostFileThatCannotBeWrittenFailsTheRunAndCommitsNothing() throws IOException {
    Files.writeString(dir.resolve("blocked"), "a file where the host file's directory should be");
    Path cfg = config("");
    Files.writeString(cfg, Files.readString(cfg).replace("path: host.json", "path: blocked/host.json"));
    Path state = dir.resolve(".test.usersync-state.json");

    assertThat(run("sync", "--config", cfg.toString(), "--quiet", "--report", "json")).isEqualTo(1);
    JsonNode report = new ObjectMapper().readTree(out());
    assertThat(report.path("status").asText()).isEqualTo("failed");
    assertThat(report.path("success").asBoolean()).isFalse();
    assertThat(report.path("committed").asBoolean()).isFalse();
    assertThat(report.path("error").asText()).contains("the host could not save this run's changes")
        .contains("cannot write the host file").contains("nothing was committed");
    assertThat(Files.exists(state)).isFalse();

    Files.delete(dir.resolve("blocked"));
    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(err()).isZero();
    assertThat(out()).contains("full sync").contains(": success").containsPattern("created\\s+300");
    assertThat(new ObjectMapper().readTree(dir.resolve("blocked/host.json").toFile()).path("users")).hasSize(300);
    assertThat(Files.exists(state)).isTrue();
  }

  /**
   * Issue 17, problem 4: a change the host never makes (here a protected group, as Jira's
   * administrators group would be) is reported once as skipped with the way out, the run exits 0,
   * and the next run plans nothing.
   */
  @Test
  void aProtectedGroupIsSkippedOnceAndTheRunSucceeds() throws IOException {
    Path cfg = config("policy: { protectedGroups: [jira-software-users] }");

    assertThat(run("sync", "--config", cfg.toString(), "--quiet")).as(out()).isZero();
    assertThat(out()).contains(": success").contains("SKIPPED ADD_MEMBERSHIP")
        .contains("'jira-software-users' is a protected group of json-file");
    JsonNode host = new ObjectMapper().readTree(dir.resolve("host.json").toFile());
    assertThat(host.findValuesAsText("name")).doesNotContain("jira-software-users");

    assertThat(run("sync", "--config", cfg.toString(), "--quiet", "--report", "json")).isZero();
    JsonNode second = new ObjectMapper().readTree(out());
    assertThat(second.path("mode").asText()).isEqualTo("INCREMENTAL");
    assertThat(second.path("status").asText()).isEqualTo("success");
    assertThat(second.path("changes")).isEmpty();
  }

  @Test
  void scheduleRunsOnTheCronUntilStopped() throws Exception {
    Path cfg = config("schedule: { cron: \"* * * * * ?\", zone: UTC }");
    CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> run("schedule", "--config", cfg.toString(), "--quiet"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!out().contains("usersync test:") && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    cli.stopSchedule();
    assertThat(code.get(20, TimeUnit.SECONDS)).isZero();
    assertThat(out()).contains("usersync test: full sync");
    assertThat(err()).contains("scheduled on '* * * * * ?' (UTC)").contains("stopping");
  }
}
