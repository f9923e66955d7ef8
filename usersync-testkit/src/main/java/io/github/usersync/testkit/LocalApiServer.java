package io.github.usersync.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * A small HTTP server on 127.0.0.1 that answers in an IdP's wire format from handlers that generate
 * pages on the fly (so 100,000 users need no fixture files), with an optional fixed delay per
 * request to model a real IdP's round trip, and counts requests and concurrency. For the demo,
 * examples and benchmarks; never bound to anything but loopback. Uses the JDK's {@code
 * jdk.httpserver} module.
 */
public final class LocalApiServer implements AutoCloseable {
  /** A request as a handler sees it. */
  public static final class Request {
    private final String method;
    private final String path;
    private final Map<String, String> query;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    Request(String method, String path, Map<String, String> query, Map<String, List<String>> headers, byte[] body) {
      this.method = method;
      this.path = path;
      this.query = query;
      this.headers = headers;
      this.body = body;
    }

    /** The HTTP method. */
    public String method() {
      return method;
    }

    /** The decoded path. */
    public String path() {
      return path;
    }

    /** A decoded query parameter. */
    public @Nullable String query(String name) {
      return query.get(name);
    }

    /** A decoded query parameter as an int, or a default. */
    public int queryInt(String name, int defaultValue) {
      String v = query.get(name);
      return v == null ? defaultValue : Integer.parseInt(v);
    }

    /** The first value of a header. */
    public @Nullable String header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return e.getValue().get(0);
        }
      }
      return null;
    }

    /** The body. */
    public byte[] body() {
      return body.clone();
    }
  }

  /** An answer. */
  public static final class Response {
    final int status;
    final Map<String, List<String>> headers = new LinkedHashMap<>();
    final byte[] body;

    private Response(int status, byte[] body) {
      this.status = status;
      this.body = body;
    }

    /** A JSON answer. */
    public static Response json(int status, String json) {
      Response r = new Response(status, json.getBytes(StandardCharsets.UTF_8));
      r.header("Content-Type", "application/json; charset=utf-8");
      return r;
    }

    /** An answer of raw bytes (a photo, say) with this content type. */
    public static Response bytes(int status, String contentType, byte[] body) {
      Response r = new Response(status, body.clone());
      r.header("Content-Type", contentType);
      return r;
    }

    /** Sets a header, replacing earlier values of the same name. */
    public Response header(String name, String value) {
      List<String> values = new ArrayList<>();
      values.add(value);
      headers.put(name, values);
      return this;
    }

    /** Adds one more value of a header, sent as a separate header line (as Okta sends two {@code Link}s). */
    public Response addHeader(String name, String value) {
      headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
      return this;
    }
  }

  /** Answers requests under a path prefix. */
  @FunctionalInterface
  public interface Handler {
    /** The answer, given the request and this server's base URL. */
    Response handle(Request request, String baseUrl);
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, Handler> routes = Collections.synchronizedMap(new LinkedHashMap<>());
  private final AtomicLong requests = new AtomicLong();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger maxInFlight = new AtomicInteger();
  private volatile Duration delay = Duration.ZERO;

  static {
    // The JDK server writes an answer's headers and body apart; with Nagle's algorithm on, the body
    // waits for the client's delayed ACK of the headers (about 40 ms on Linux loopback), which no
    // real IdP adds: POSTs such as Graph's $batch measured ~50 ms slower each. Read once, when the
    // JDK server's configuration is first loaded; a value set on the command line wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private LocalApiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    executor = Executors.newFixedThreadPool(64, r -> {
      Thread t = new Thread(r, "local-api");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(executor);
    server.createContext("/", this::serve);
    server.start();
  }

  /** Starts a server on a free loopback port. */
  public static LocalApiServer start() {
    try {
      return new LocalApiServer();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start a loopback server: " + e.getMessage(), e);
    }
  }

  /** Routes requests whose path starts with {@code prefix} to {@code handler}; longest prefix wins. */
  public LocalApiServer route(String prefix, Handler handler) {
    routes.put(prefix, handler);
    return this;
  }

  /** Delays every answer by {@code delay}, as a remote IdP's round trip would. */
  public LocalApiServer delay(Duration delay) {
    this.delay = delay;
    return this;
  }

  /** {@code http://127.0.0.1:port}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Requests served so far. */
  public long requests() {
    return requests.get();
  }

  /** The most requests that were in flight at once. */
  public int maxInFlight() {
    return maxInFlight.get();
  }

  /** Resets the counters. */
  public void resetCounters() {
    requests.set(0);
    maxInFlight.set(0);
  }

  private void serve(HttpExchange exchange) throws IOException {
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    requests.incrementAndGet();
    try {
      if (!delay.isZero()) {
        Thread.sleep(delay.toMillis());
      }
      URI uri = exchange.getRequestURI();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      Request request = new Request(exchange.getRequestMethod(), uri.getPath(), parseQuery(uri.getRawQuery()),
          exchange.getRequestHeaders(), body);
      Handler handler = null;
      int best = -1;
      synchronized (routes) {
        for (Map.Entry<String, Handler> e : routes.entrySet()) {
          if (request.path().startsWith(e.getKey()) && e.getKey().length() > best) {
            handler = e.getValue();
            best = e.getKey().length();
          }
        }
      }
      Response response = handler == null
          ? Response.json(404, "{\"error\":\"no route for " + request.path() + "\"}")
          : handler.handle(request, baseUrl());
      response.headers.forEach((k, vs) -> vs.forEach(v -> exchange.getResponseHeaders().add(k, v)));
      exchange.sendResponseHeaders(response.status, response.body.length == 0 ? -1 : response.body.length);
      if (response.body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(response.body);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      byte[] b = ("{\"error\":\"" + e + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(500, b.length);
      exchange.getResponseBody().write(b);
    } finally {
      exchange.close();
      inFlight.decrementAndGet();
    }
  }

  static Map<String, String> parseQuery(@Nullable String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v.replace("+", "%2B"), StandardCharsets.UTF_8));
    }
    return out;
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  /** Splits a list into pages, for handlers. */
  public static <T> List<T> page(List<T> all, int from, int size) {
    if (from >= all.size()) {
      return new ArrayList<>();
    }
    return all.subList(from, Math.min(all.size(), from + size));
  }
}
