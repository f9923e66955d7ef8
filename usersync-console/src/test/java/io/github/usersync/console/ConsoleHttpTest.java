package io.github.usersync.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.sync.SyncLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The console over plain HTTP, no browser: token, CSRF, Host check, escaping, /health, /metrics, no secrets. */
class ConsoleHttpTest {
  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
  private static final String CONSOLE_TOKEN = "console-token-Zq8v3LmN2pXw7rT5";
  private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
  @SuppressWarnings("NullAway.Init") // set by each test (or @BeforeEach), closed after it
  private ConsoleFixture f;

  @AfterEach
  void close() {
    if (f != null) {
      f.close();
    }
  }

  /** A browser-like session: its cookie and the CSRF token of the page it loaded. */
  private final class Browser {
    String cookie = "";
    String csrf = "";

    HttpResponse<String> get(String path, String... headers) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url(path))).GET();
      if (!cookie.isEmpty()) {
        b.header("Cookie", cookie);
      }
      for (int i = 0; i < headers.length; i += 2) {
        b.header(headers[i], headers[i + 1]);
      }
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      remember(r);
      Matcher m = CSRF.matcher(r.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return r;
    }

    HttpResponse<String> post(String path, String form, Optional<String> origin) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.url(path)))
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(form));
      if (!cookie.isEmpty()) {
        b.header("Cookie", cookie);
      }
      origin.ifPresent(o -> b.header("Origin", o));
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      remember(r);
      return r;
    }

    private void remember(HttpResponse<String> r) {
      List<String> set = r.headers().allValues("Set-Cookie");
      for (String c : set) {
        String v = c.split(";", 2)[0];
        if (!v.endsWith("=")) {
          cookie = v;
        }
      }
    }
  }

  private String origin() {
    String u = f.console.uri().toString();
    return u.substring(0, u.length() - 1);
  }

  @Test
  void refusesANonLoopbackBindWithoutAToken() throws Exception {
    f = new ConsoleFixture(b -> b);
    ConsoleServer.Builder wide = ConsoleServer.builder(f.sync, f.directory, f.target)
        .bind(InetAddress.getByName("0.0.0.0")).port(0);
    assertThatThrownBy(wide::build)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("0.0.0.0")
        .hasMessageContaining("not a loopback address")
        .hasMessageContaining("access token");
    assertThatThrownBy(() -> ConsoleServer.builder(f.sync, f.directory, f.target).token(Secret.of("short")).port(0).build())
        .isInstanceOf(ConfigurationException.class).hasMessageContaining("shorter than 16");
  }

  @Test
  void aPostWithoutTheSessionsCsrfTokenOrFromAnotherOriginIsRefusedAndRunsNothing() throws Exception {
    f = new ConsoleFixture(b -> b);
    Browser b = new Browser();
    assertThat(b.get("/").statusCode()).isEqualTo(200);
    assertThat(b.csrf).isNotEmpty();

    HttpResponse<String> noToken = b.post("/sync", "", Optional.of(origin()));
    assertThat(noToken.statusCode()).isEqualTo(403);
    assertThat(noToken.body()).contains("CSRF token is missing or does not match");
    assertThat(b.post("/sync", "csrf=wrong", Optional.of(origin())).statusCode()).isEqualTo(403);
    HttpResponse<String> foreign = b.post("/dry-run", "csrf=" + b.csrf, Optional.of("http://evil.example"));
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.body()).contains("another origin");
    assertThat(b.post("/dry-run", "csrf=" + b.csrf, Optional.empty()).statusCode()).isEqualTo(403);
    Browser other = new Browser();
    assertThat(other.post("/sync", "csrf=" + b.csrf, Optional.of(origin())).statusCode())
        .as("another client's CSRF token without its session cookie").isEqualTo(403);
    assertThat(f.target.users().count()).isZero();
    assertThat(b.get("/runs").body()).contains("No runs yet");

    HttpResponse<String> ok = b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    assertThat(ok.statusCode()).isEqualTo(303);
    assertThat(ok.headers().firstValue("Location")).contains("/runs/1");
    assertThat(f.target.users().count()).isEqualTo(5);
  }

  @Test
  void answersOnlyToItsOwnHostNamesOnLoopback() throws Exception {
    f = new ConsoleFixture(b -> b);
    int port = f.console.uri().getPort();
    assertThat(rawGet(port, "127.0.0.1:" + port)).startsWith("HTTP/1.1 200");
    assertThat(rawGet(port, "localhost:" + port)).startsWith("HTTP/1.1 200");
    assertThat(rawGet(port, "attacker.example:" + port)).as("DNS rebinding").startsWith("HTTP/1.1 421");
  }

  private static String rawGet(int port, String host) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream out = s.getOutputStream();
      out.write(("GET /health HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void withATokenBrowsersSignInAndMonitoringSendsItAsBearer() throws Exception {
    f = new ConsoleFixture(b -> b.token(Secret.of(CONSOLE_TOKEN)));
    Browser b = new Browser();
    HttpResponse<String> first = b.get("/");
    assertThat(first.statusCode()).isEqualTo(303);
    assertThat(first.headers().firstValue("Location")).contains("/login");
    assertThat(b.get("/metrics").statusCode()).isEqualTo(401);
    assertThat(b.get("/health").statusCode()).isEqualTo(401);
    assertThat(b.get("/health", "Authorization", "Bearer not-the-token").statusCode()).isEqualTo(401);
    assertThat(b.get("/health", "Authorization", "Bearer " + CONSOLE_TOKEN).statusCode()).isEqualTo(200);

    b.get("/login");
    HttpResponse<String> wrong = b.post("/login", "csrf=" + b.csrf + "&token=guess", Optional.of(origin()));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(b.post("/sync", "csrf=" + b.csrf, Optional.of(origin())).statusCode())
        .as("not signed in").isEqualTo(401);
    String anonymous = b.cookie;
    HttpResponse<String> right = b.post("/login", "csrf=" + b.csrf + "&token=" + CONSOLE_TOKEN, Optional.of(origin()));
    assertThat(right.statusCode()).isEqualTo(303);
    assertThat(b.cookie).as("a new session after sign-in").isNotEqualTo(anonymous);
    HttpResponse<String> status = b.get("/");
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(status.body()).contains("Sync now").doesNotContain(CONSOLE_TOKEN);
    assertThat(b.post("/dry-run", "csrf=" + b.csrf, Optional.of(origin())).statusCode()).isEqualTo(303);
  }

  @Test
  void everyValueFromTheIdpAndTheRequestIsEscaped() throws Exception {
    f = new ConsoleFixture(b -> b);
    Browser b = new Browser();
    b.get("/");
    String run = b.post("/sync", "csrf=" + b.csrf, Optional.of(origin())).headers().firstValue("Location").orElseThrow();
    String page = b.get(run).body();
    assertThat(page).contains("&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; Mallory")
        .doesNotContain("<script>");
    String explain = b.get("/explain?user=" + URLEncoder.encode("\"><img src=x onerror=alert(1)>", StandardCharsets.UTF_8)).body();
    assertThat(explain).contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img");
    String mallory = b.get("/explain?user=00u5mallory00000005").body();
    assertThat(mallory).contains("&lt;script&gt;").doesNotContain("<script>");
    assertThat(b.get("/runs/1?type=%3Cscript%3E&outcome=x").statusCode()).isEqualTo(200);
  }

  @Test
  void healthIs200AfterASuccessAnd503AfterAFailedRun() throws Exception {
    f = new ConsoleFixture(b -> b);
    Browser b = new Browser();
    HttpResponse<String> before = b.get("/health");
    assertThat(before.statusCode()).isEqualTo(200);
    assertThat(before.headers().allValues("Set-Cookie")).as("monitoring gets no session").isEmpty();
    assertThat(before.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/json");
    assertThat(before.body()).contains("\"status\":\"UP\"").doesNotContain("lastRun");

    b.get("/");
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    HttpResponse<String> up = b.get("/health");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).contains("\"status\":\"UP\"", "\"lastRun\":{\"id\":1", "\"status\":\"success\"");

    f.org.forbidGroups = true;
    b.get("/");
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    HttpResponse<String> down = b.get("/health");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.body()).contains("\"status\":\"DOWN\"", "\"id\":2").doesNotContain("\"status\":\"success\"");
  }

  @Test
  void metricsAfterTwoRunsShowTheirCountersInPrometheusText() throws Exception {
    f = new ConsoleFixture(b -> b);
    Browser b = new Browser();
    b.get("/");
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    f.org.users.get(1).status = "DEPROVISIONED";
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    b.post("/dry-run", "csrf=" + b.csrf, Optional.of(origin()));

    HttpResponse<String> m = b.get("/metrics");
    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
    assertThat(m.body())
        .contains("# TYPE usersync_runs_total counter")
        .contains("usersync_runs_total{sync=\"okta-to-host\",status=\"success\",dry_run=\"false\"} 2\n")
        .contains("usersync_runs_total{sync=\"okta-to-host\",status=\"success\",dry_run=\"true\"} 1\n")
        .contains("usersync_changes_total{sync=\"okta-to-host\",type=\"create_user\",outcome=\"applied\"} 5\n")
        .contains("usersync_changes_total{sync=\"okta-to-host\",type=\"deactivate_user\",outcome=\"applied\"} 1\n")
        .contains("usersync_run_in_progress{sync=\"okta-to-host\"} 0\n")
        .contains("usersync_last_run_success{sync=\"okta-to-host\"} 1\n")
        .containsPattern("usersync_last_success_timestamp_seconds\\{sync=\"okta-to-host\"} \\d+\\.\\d{3}\n");
  }

  @Test
  void approvingHeldChangesNeedsTheCsrfTokenToo() throws Exception {
    f = new ConsoleFixture(b -> b);
    Browser b = new Browser();
    b.get("/");
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    for (int i = 0; i < 3; i++) {
      f.org.users.get(i).status = "DEPROVISIONED";
    }
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    String status = b.get("/").body();
    Matcher run = Pattern.compile("name=\"runId\" value=\"([^\"]+)\"").matcher(status);
    assertThat(run.find()).isTrue();
    String form = "runId=" + URLEncoder.encode(run.group(1), StandardCharsets.UTF_8);
    assertThat(b.post("/held/approve", form, Optional.of(origin())).statusCode()).isEqualTo(403);
    assertThat(f.target.users().filter(u -> !u.active()).count()).isZero();
    HttpResponse<String> ok = b.post("/held/approve", form + "&csrf=" + b.csrf, Optional.of(origin()));
    assertThat(ok.headers().firstValue("Location")).contains("/runs/3");
    assertThat(f.target.users().filter(u -> !u.active()).count()).isEqualTo(3);
  }

  @Test
  void aRunNeverOverlapsAnotherHoldingTheSyncsLock() throws Exception {
    f = new ConsoleFixture(b -> b);
    Browser b = new Browser();
    b.get("/");
    try (SyncLock.Handle other = SyncLock.local().acquire("okta-to-host")) {
      for (String button : List.of("/sync", "/dry-run")) {
        HttpResponse<String> r = b.post(button, "csrf=" + b.csrf, Optional.of(origin()));
        assertThat(r.headers().firstValue("Location")).contains("/");
        assertThat(b.get("/").body()).as(button).contains("id=\"notice\"", "already in progress",
            "try again when it has finished");
      }
    }
    assertThat(f.target.users().count()).isZero();
    assertThat(b.get("/runs").body()).contains("No runs yet");
    assertThat(b.post("/sync", "csrf=" + b.csrf, Optional.of(origin())).headers().firstValue("Location"))
        .contains("/runs/1");
  }

  @Test
  void onAScheduleTheStatusShowsTheNextRunAndSyncNowGoesThroughTheScheduler() throws Exception {
    f = new ConsoleFixture(b -> b.schedule("0 0 3 * * ?", ZoneId.of("UTC")));
    Browser b = new Browser();
    String status = b.get("/").body();
    assertThat(status).contains("0 0 3 * * ? (UTC)").containsPattern("id=\"next-run\">\\d{4}-\\d\\d-\\d\\d 03:00:00 UTC");
    assertThat(b.post("/sync", "csrf=" + b.csrf, Optional.of(origin())).headers().firstValue("Location"))
        .contains("/runs/1");
    assertThat(b.get("/runs/1").body()).contains("Run #1 · manual");
    assertThat(b.get("/health").body()).contains("\"nextRun\":\"");
  }

  @Test
  void noSecretIsRendered() throws Exception {
    f = new ConsoleFixture(b -> b.token(Secret.of(CONSOLE_TOKEN)));
    Browser b = new Browser();
    b.get("/login");
    b.post("/login", "csrf=" + b.csrf + "&token=" + CONSOLE_TOKEN, Optional.of(origin()));
    b.get("/");
    b.post("/sync", "csrf=" + b.csrf, Optional.of(origin()));
    f.org.forbidGroups = true;
    for (String path : List.of("/", "/runs", "/runs/1", "/check", "/explain?user=00u1alice0000000001", "/metrics", "/health")) {
      String body = b.get(path).body();
      assertThat(body).as(path).doesNotContain(OktaOrg.TOKEN).doesNotContain(CONSOLE_TOKEN)
          .doesNotContain("SSWS");
    }
  }
}
