package io.github.usersync.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jspecify.annotations.Nullable;

/**
 * A loopback server that behaves like a badly written API: every error answer echoes the request
 * line, every header (the {@code Authorization} value included) and the body back, in the error
 * shapes the IdPs use ({@code {"error":{"code","message"}}}, OAuth's {@code error_description},
 * Okta's {@code errorSummary}, Keycloak's {@code errorMessage}, OneLogin's {@code status}, a plain
 * {@code message}) and in a response header. Tests point a connector at it and check that no
 * secret, in any encoding, reaches an exception, a report or a log.
 *
 * <p>Paths registered with {@link #token} answer 200 with the given JSON (an OAuth token answer),
 * so the connector goes on to an API call with a runtime credential; paths registered with {@link
 * #echoAt} answer that status; every other path answers {@link #defaultStatus}.
 */
public final class EchoServer implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, String> tokens = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private volatile int defaultStatus = 403;

  private EchoServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  public static EchoServer start() {
    try {
      HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      ExecutorService ex = Executors.newFixedThreadPool(4);
      EchoServer echo = new EchoServer(s, ex);
      s.createContext("/", echo::handle);
      s.setExecutor(ex);
      s.start();
      return echo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests whose path starts with {@code pathPrefix} answer 200 with {@code json}. */
  public EchoServer token(String pathPrefix, String json) {
    tokens.put(pathPrefix, json);
    return this;
  }

  /** Requests whose path starts with {@code pathPrefix} answer {@code status} with the echo. */
  public EchoServer echoAt(String pathPrefix, int status) {
    statuses.put(pathPrefix, status);
    return this;
  }

  /** The status of every other answer (default 403). */
  public EchoServer defaultStatus(int status) {
    this.defaultStatus = status;
    return this;
  }

  /** Every request received, as echoed. */
  public List<String> requests() {
    return requests;
  }

  private void handle(HttpExchange x) throws IOException {
    try {
      String path = x.getRequestURI().getPath();
      // The credential-bearing parts first (Authorization, then the body), so that they survive
      // when a client cuts a long error message short; the other headers after them.
      StringBuilder echo = new StringBuilder();
      echo.append(x.getRequestMethod()).append(' ').append(x.getRequestURI()).append(' ')
          .append(x.getProtocol()).append('\n');
      String auth = x.getRequestHeaders().getFirst("Authorization");
      if (auth != null) {
        echo.append("Authorization: ").append(auth).append('\n');
      }
      echo.append('\n').append(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
          .append("\n\n");
      x.getRequestHeaders().forEach((name, values) -> {
        if (!name.equalsIgnoreCase("Authorization")) {
          values.forEach(v -> echo.append(name).append(": ").append(v).append('\n'));
        }
      });
      requests.add(echo.toString());
      // One line, as some parsers keep only an error message's first line (Entra's token errors).
      String request = echo.toString().trim().replace("\r", "").replace("\n", " | ");

      @Nullable String token = longestPrefix(tokens, path);
      if (token != null && !statuses.containsKey(path)) {
        send(x, 200, token);
        return;
      }
      Integer status = longestPrefix(statuses, path);
      ObjectNode body = JSON.createObjectNode();
      body.putObject("error").put("code", "echo").put("message", "you sent: " + request);
      body.put("error_description", "you sent: " + request);
      body.put("errorCode", "E0000006").put("errorSummary", "you sent: " + request);
      body.put("errorMessage", "you sent: " + request);
      body.put("message", "you sent: " + request);
      body.putObject("status").put("error", true).put("code", status == null ? defaultStatus : status)
          .put("type", "echo").put("message", "you sent: " + request);
      String authorization = x.getRequestHeaders().getFirst("Authorization");
      if (authorization != null) {
        x.getResponseHeaders().add("X-Echo-Authorization", authorization);
      }
      send(x, status == null ? defaultStatus : status, JSON.writeValueAsString(body));
    } finally {
      x.close();
    }
  }

  private static <T> @Nullable T longestPrefix(Map<String, T> map, String path) {
    @Nullable String best = null;
    for (String p : map.keySet()) {
      if (path.startsWith(p) && (best == null || p.length() > best.length())) {
        best = p;
      }
    }
    return best == null ? null : map.get(best);
  }

  private static void send(HttpExchange x, int status, String json) throws IOException {
    byte[] b = json.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, b.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
