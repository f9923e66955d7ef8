package io.github.usersync.console.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.usersync.console.internal.Sessions.Session;
import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every request of the console: the Host check (against DNS rebinding on loopback), the access
 * token, sessions, the CSRF check of every POST, then the route.
 *
 * <p>A POST is accepted only with the session's cookie, the session's CSRF token in the form, a
 * form content type, and an {@code Origin} (or, without one, a {@code Referer}) of this console.
 */
public final class ConsoleHandler implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern RUN = Pattern.compile("/runs/(\\d{1,9})");
  private static final Pattern APPLY = Pattern.compile("/runs/(\\d{1,9})/apply");
  private static final int MAX_FORM = 64 * 1024;
  private static final String CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self';"
      + " form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private final String syncName;
  private final IdpDirectory directory;
  private final ProvisioningTarget target;
  private final UserMapping mapping;
  private final SyncPolicy policy;
  private final Runs runs;
  private final RunHistory history;
  private final Pages pages;
  private final Sessions sessions = new Sessions();
  private final @Nullable Secret token;
  private final @Nullable Set<String> allowedHosts;
  private final Duration waitForRun;
  private final @Nullable Supplier<String> metrics;

  /**
   * A handler. {@code allowedHosts}: the {@code Host} header values accepted (for a loopback bind),
   * or null to accept any (a bind elsewhere, where the token protects).
   */
  public ConsoleHandler(String syncName, IdpDirectory directory, ProvisioningTarget target, UserMapping mapping,
      SyncPolicy policy, Runs runs, RunHistory history, @Nullable Secret token, @Nullable Set<String> allowedHosts,
      Duration waitForRun, @Nullable Supplier<String> metrics) {
    this.syncName = syncName;
    this.directory = directory;
    this.target = target;
    this.mapping = mapping;
    this.policy = policy;
    this.runs = runs;
    this.history = history;
    this.token = token;
    this.allowedHosts = allowedHosts;
    this.waitForRun = waitForRun;
    this.metrics = metrics;
    this.pages = new Pages(syncName, directory.providerId(), target.name());
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try {
      route(ex);
    } catch (RuntimeException e) {
      LOG.warn("console: {} {} failed: {}", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e.toString());
      send(ex, 500, "text/plain; charset=utf-8", "The console could not answer this request: "
          + e.getClass().getSimpleName() + "; see the log.");
    } finally {
      ex.close();
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String host = ex.getRequestHeaders().getFirst("Host");
    if (allowedHosts != null && (host == null || !allowedHosts.contains(host.toLowerCase(Locale.ROOT)))) {
      send(ex, 421, "text/plain; charset=utf-8", "This console answers only to " + String.join(", ", allowedHosts) + ".");
      return;
    }
    Optional<Session> session = sessions.find(cookie(ex));
    boolean get = method.equals("GET") || method.equals("HEAD");
    if (!get && !method.equals("POST")) {
      ex.getResponseHeaders().set("Allow", "GET, HEAD, POST");
      send(ex, 405, "text/plain; charset=utf-8", "Method not allowed.");
      return;
    }
    if (path.equals("/login")) {
      login(ex, get, session);
      return;
    }
    boolean bearer = bearer(ex);
    if (token != null && !bearer && !session.map(Session::authenticated).orElse(false)) {
      if (get && !path.equals("/metrics") && !path.equals("/health")) {
        redirect(ex, "/login");
      } else {
        ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"usersync console\"");
        send(ex, 401, "text/plain; charset=utf-8", "The console needs its access token: sign in at /login, or send"
            + " 'Authorization: Bearer <token>'.");
      }
      return;
    }
    if (get && (path.equals("/metrics") || path.equals("/health"))) {
      monitoring(ex, path); // no session: a scraper calling every few seconds must not crowd out browsers'
      return;
    }
    if (get) {
      // A bearer request gets no signed-in session: its cookie must not stand in for the token.
      Session s = session.orElseGet(() -> newSession(ex, token == null));
      get(ex, path, s);
      return;
    }
    Map<String, String> form = readForm(ex);
    Optional<String> refused = refuse(ex, session, form);
    if (refused.isPresent()) {
      send(ex, 403, "text/plain; charset=utf-8", refused.get());
      return;
    }
    post(ex, path, session.orElseThrow(), form);
  }

  private void get(HttpExchange ex, String path, Session s) throws IOException {
    Map<String, String> q = parse(ex.getRequestURI().getRawQuery());
    Matcher run = RUN.matcher(path);
    if (path.equals("/")) {
      html(ex, 200, pages.status(runs, history, s.csrf(), s.takeNotice()));
    } else if (path.equals("/runs")) {
      html(ex, 200, pages.history(history, s.takeNotice()));
    } else if (run.matches()) {
      Optional<RunRecord> r = history.run(Integer.parseInt(run.group(1)));
      if (!r.isPresent()) {
        html(ex, 404, Html.page(syncName, "Not found", "<h1>No such run</h1><p>The console keeps the most recent"
            + " runs only. <a href=\"/runs\">History</a></p>", false));
        return;
      }
      RunRecord from = r.get().appliedFrom().isPresent() ? history.run(r.get().appliedFrom().getAsInt()).orElse(null) : null;
      html(ex, 200, pages.run(r.get(), from, runs.applicable(r.get()), enumOrNull(ChangeType.class, q.get("type")),
          enumOrNull(ChangeOutcome.Status.class, q.get("outcome")), s.csrf(), s.takeNotice()));
    } else if (path.equals("/check")) {
      ConnectionReport idp = directory.checkConnection();
      ConnectionReport host = target.checkConnection();
      html(ex, 200, pages.check(idp, host, s.takeNotice()));
    } else if (path.equals("/explain")) {
      explain(ex, q.get("user"));
    } else {
      html(ex, 404, Html.page(syncName, "Not found", "<h1>Not found</h1><p><a href=\"/\">Status</a></p>", false));
    }
  }

  private void monitoring(HttpExchange ex, String path) throws IOException {
    if (path.equals("/metrics")) {
      Supplier<String> m = metrics;
      send(ex, 200, PrometheusText.CONTENT_TYPE, m != null ? m.get()
          : PrometheusText.render(syncName, history, runs.inProgress().isPresent()));
    } else {
      health(ex);
    }
  }

  private void explain(HttpExchange ex, @Nullable String user) throws IOException {
    String u = user == null ? "" : user.trim();
    if (u.isEmpty()) {
      html(ex, 200, pages.explain(null, null, null));
      return;
    }
    try {
      Optional<String> trace = Explain.explain(directory, mapping, policy, u);
      html(ex, 200, pages.explain(u, trace.orElse(null), trace.isPresent() ? null : "The IdP has no user with id " + u + "."));
    } catch (UsersyncException e) {
      html(ex, 200, pages.explain(u, null, "Reading the user failed: " + e.getMessage()));
    }
  }

  private void health(HttpExchange ex) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    Optional<RunRecord> last = history.latestApplied();
    boolean up = last.map(r -> r.report().success()).orElse(true);
    n.put("status", up ? "UP" : "DOWN");
    n.put("sync", syncName);
    n.put("running", runs.inProgress().isPresent());
    last.ifPresent(r -> {
      SyncReport rep = r.report();
      ObjectNode l = n.putObject("lastRun");
      l.put("id", r.id());
      l.put("trigger", r.trigger().label());
      l.put("status", rep.status().id());
      l.put("finishedAt", rep.finishedAt().toString());
      l.put("durationMillis", rep.duration().toMillis());
      l.put("changes", rep.counts().changes());
      l.put("failed", rep.counts().failed());
      rep.error().ifPresent(e -> l.put("error", e));
    });
    history.lastSuccess().ifPresent(t -> n.put("lastSuccess", t.toString()));
    runs.nextRun().ifPresent(t -> n.put("nextRun", t.toInstant().toString()));
    send(ex, up ? 200 : 503, "application/json", n.toString());
  }

  private void post(HttpExchange ex, String path, Session s, Map<String, String> form) throws IOException {
    Matcher apply = APPLY.matcher(path);
    if (path.equals("/sync")) {
      await(ex, s, runs.syncNow(), "Sync now");
    } else if (path.equals("/dry-run")) {
      await(ex, s, runs.dryRun(), "The dry run");
    } else if (apply.matches()) {
      Optional<RunRecord> dry = history.run(Integer.parseInt(apply.group(1)));
      if (!dry.isPresent()) {
        s.notice("That dry run is no longer kept; make a new one.");
        redirect(ex, "/");
        return;
      }
      await(ex, s, runs.apply(dry.get()), "Apply");
    } else if (path.equals("/held/approve")) {
      String runId = form.getOrDefault("runId", "");
      if (runId.isEmpty()) {
        s.notice("Approve needs the id of the run that held the changes.");
        redirect(ex, "/");
        return;
      }
      await(ex, s, runs.approve(runId), "Approve");
    } else if (path.equals("/logout")) {
      sessions.remove(s.id());
      ex.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
      redirect(ex, token == null ? "/" : "/login");
    } else {
      send(ex, 404, "text/plain; charset=utf-8", "Not found.");
    }
  }

  /** Waits a little for a run, then shows it; a long run is shown on the status page as running. */
  private void await(HttpExchange ex, Session s, CompletableFuture<RunRecord> f, String what) throws IOException {
    try {
      RunRecord r = f.get(waitForRun.toMillis(), TimeUnit.MILLISECONDS);
      redirect(ex, "/runs/" + r.id());
    } catch (TimeoutException e) {
      s.notice(what + " is still going; it appears in the history when it ends.");
      redirect(ex, "/");
    } catch (ExecutionException | CompletionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      s.notice(cause instanceof SyncInProgressException
          ? cause.getMessage() + "; try again when it has finished."
          : what + " did not start: " + cause.getMessage());
      redirect(ex, "/");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      redirect(ex, "/");
    }
  }

  private void login(HttpExchange ex, boolean get, Optional<Session> session) throws IOException {
    if (token == null) {
      redirect(ex, "/");
      return;
    }
    if (get) {
      Session s = session.orElseGet(() -> newSession(ex, false));
      html(ex, 200, pages.login(s.csrf(), false));
      return;
    }
    Map<String, String> form = readForm(ex);
    Optional<String> refused = refuse(ex, session, form);
    if (refused.isPresent()) {
      send(ex, 403, "text/plain; charset=utf-8", refused.get());
      return;
    }
    Session anonymous = session.orElseThrow();
    if (!equal(form.getOrDefault("token", "").trim(), token.reveal())) {
      LOG.warn("console: a sign-in with a wrong access token");
      html(ex, 403, pages.login(anonymous.csrf(), true));
      return;
    }
    sessions.remove(anonymous.id());
    newSession(ex, true);
    redirect(ex, "/");
  }

  /** Why a POST is refused, if it is: no session, a wrong CSRF token, a foreign or missing origin. */
  private Optional<String> refuse(HttpExchange ex, Optional<Session> session, Map<String, String> form) {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return Optional.of("Refused: the console accepts only its own forms (application/x-www-form-urlencoded).");
    }
    if (!session.isPresent() || !equal(form.getOrDefault("csrf", ""), session.get().csrf())) {
      return Optional.of("Refused: the form's CSRF token is missing or does not match this session; reload the page"
          + " and try again.");
    }
    String expected = "http://" + ex.getRequestHeaders().getFirst("Host");
    String origin = ex.getRequestHeaders().getFirst("Origin");
    if (origin != null) {
      return origin.equalsIgnoreCase(expected) ? Optional.empty()
          : Optional.of("Refused: the request came from another origin.");
    }
    String referer = ex.getRequestHeaders().getFirst("Referer");
    if (referer != null && referer.toLowerCase(Locale.ROOT).startsWith(expected.toLowerCase(Locale.ROOT) + "/")) {
      return Optional.empty();
    }
    return Optional.of("Refused: the request has no Origin (or Referer) of this console.");
  }

  private boolean bearer(HttpExchange ex) {
    String auth = ex.getRequestHeaders().getFirst("Authorization");
    return token != null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)
        && equal(auth.substring(7).trim(), token.reveal());
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private Session newSession(HttpExchange ex, boolean authenticated) {
    Session s = sessions.create(authenticated);
    ex.getResponseHeaders().add("Set-Cookie", Sessions.COOKIE + "=" + s.id() + "; Path=/; HttpOnly; SameSite=Strict");
    return s;
  }

  private static @Nullable String cookie(HttpExchange ex) {
    for (String header : ex.getRequestHeaders().getOrDefault("Cookie", java.util.List.of())) {
      for (String part : header.split(";")) {
        String p = part.trim();
        if (p.startsWith(Sessions.COOKIE + "=")) {
          return p.substring(Sessions.COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private static Map<String, String> readForm(HttpExchange ex) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (InputStream in = ex.getRequestBody()) {
      byte[] buf = new byte[8192];
      int n;
      while ((n = in.read(buf)) > 0) {
        if (out.size() + n > MAX_FORM) {
          return Map.of();
        }
        out.write(buf, 0, n);
      }
    }
    return parse(out.toString(StandardCharsets.UTF_8));
  }

  static Map<String, String> parse(@Nullable String encoded) {
    Map<String, String> m = new LinkedHashMap<>();
    if (encoded == null || encoded.isEmpty()) {
      return m;
    }
    for (String pair : encoded.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      try {
        m.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: the pair is ignored
      }
    }
    return m;
  }

  private static <E extends Enum<E>> @Nullable E enumOrNull(Class<E> type, @Nullable String name) {
    if (name == null || name.isEmpty()) {
      return null;
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    return null;
  }

  private static void redirect(HttpExchange ex, String location) throws IOException {
    ex.getResponseHeaders().set("Location", location);
    send(ex, 303, "text/plain; charset=utf-8", "See " + location);
  }

  private static void html(HttpExchange ex, int status, String body) throws IOException {
    send(ex, status, "text/html; charset=utf-8", body);
  }

  private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    ex.getResponseHeaders().set("X-Frame-Options", "DENY");
    ex.getResponseHeaders().set("Referrer-Policy", "same-origin");
    ex.getResponseHeaders().set("Content-Security-Policy", CSP);
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
    if (!head && bytes.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
