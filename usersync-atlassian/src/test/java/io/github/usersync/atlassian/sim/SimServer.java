package io.github.usersync.atlassian.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A loopback HTTP server for the REST simulations: routes every request to a handler, records it
 * (method, path, query, headers, body) for request-shape assertions, and can be told to answer
 * the next matching requests with a fault (401, 403, 429, 5xx…) instead.
 */
public final class SimServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  static {
    // Without TCP_NODELAY the JDK server's header and body writes meet the client's delayed ACK:
    // about 40 ms per request.
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }

  private final HttpServer server;
  private final Function<Req, Res> handler;
  private final List<Req> log = new CopyOnWriteArrayList<>();
  private final Deque<Fault> faults = new ArrayDeque<>();

  SimServer(Function<Req, Res> handler) {
    this.handler = handler;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::exchange);
    server.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request received, in order. */
  public List<Req> requests() {
    return new ArrayList<>(log);
  }

  /** The requests with this method whose path ends with {@code pathSuffix}. */
  public List<Req> requests(String method, String pathSuffix) {
    return log.stream()
        .filter(r -> r.method.equals(method) && r.path.endsWith(pathSuffix))
        .collect(Collectors.toList());
  }

  /** Forgets the recorded requests. */
  public void clearLog() {
    log.clear();
  }

  /**
   * Answers the next {@code times} requests with this method and a path ending with {@code
   * pathSuffix} with {@code status} and a JSON {@code body}, and the given headers.
   */
  public synchronized void failNext(
      String method, String pathSuffix, int times, int status, String body, String... headers) {
    for (int i = 0; i < times; i++) {
      faults.add(new Fault(method, pathSuffix, status, body, headers));
    }
  }

  private synchronized Optional<Fault> takeFault(Req r) {
    for (Fault f : faults) {
      if (f.method.equals(r.method) && r.path.endsWith(f.pathSuffix)) {
        faults.remove(f);
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  private void exchange(HttpExchange ex) throws IOException {
    Req r = new Req(ex);
    log.add(r);
    Res res;
    Optional<Fault> fault = takeFault(r);
    if (fault.isPresent()) {
      Fault f = fault.get();
      res = Res.json(f.status, f.body);
      for (int i = 0; i + 1 < f.headers.length; i += 2) {
        res.header(f.headers[i], f.headers[i + 1]);
      }
    } else {
      try {
        res = handler.apply(r);
      } catch (RuntimeException e) {
        res = Res.json(500, "{\"message\":\"simulation failed: " + e + "\"}");
      }
    }
    res.headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] body = res.body.getBytes(StandardCharsets.UTF_8);
    if (body.length == 0) {
      ex.sendResponseHeaders(res.status, -1);
    } else {
      ex.sendResponseHeaders(res.status, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static final class Fault {
    final String method;
    final String pathSuffix;
    final int status;
    final String body;
    final String[] headers;

    Fault(String method, String pathSuffix, int status, String body, String[] headers) {
      this.method = method;
      this.pathSuffix = pathSuffix;
      this.status = status;
      this.body = body;
      this.headers = headers;
    }
  }

  /** One recorded request. */
  public static final class Req {
    /** The method. */
    public final String method;
    /** The decoded path. */
    public final String path;
    /** The raw query, or empty. */
    public final String rawQuery;
    /** Query parameters, decoded, first value each. */
    public final Map<String, String> query;
    /** Headers, lower-case names, first value each. */
    public final Map<String, String> headers;
    /** The body as text. */
    public final String body;

    Req(HttpExchange ex) throws IOException {
      this.method = ex.getRequestMethod();
      this.path = ex.getRequestURI().getPath();
      String q = ex.getRequestURI().getRawQuery();
      this.rawQuery = q == null ? "" : q;
      Map<String, String> params = new LinkedHashMap<>();
      if (q != null) {
        for (String pair : q.split("&", -1)) {
          int eq = pair.indexOf('=');
          String k = decode(eq < 0 ? pair : pair.substring(0, eq));
          String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
          params.putIfAbsent(k, v);
        }
      }
      this.query = Collections.unmodifiableMap(params);
      Map<String, String> h = new LinkedHashMap<>();
      ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      this.headers = Collections.unmodifiableMap(h);
      this.body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A query parameter, or the empty string. */
    public String q(String name) {
      String v = query.get(name);
      return v == null ? "" : v;
    }

    /** Whether a query parameter is present. */
    public boolean has(String name) {
      return query.containsKey(name);
    }

    /** A header (any case), or null. */
    public @Nullable String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** The body as JSON. */
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** An int query parameter, or a default. */
    public int intQ(String name, int dflt) {
      String v = query.get(name);
      return v == null || v.isEmpty() ? dflt : Integer.parseInt(v);
    }

    @Override
    public String toString() {
      return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery);
    }
  }

  /** One answer. */
  public static final class Res {
    final int status;
    final String body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Res(int status, String body, String contentType) {
      this.status = status;
      this.body = body;
      if (!body.isEmpty()) {
        headers.put("Content-Type", contentType);
      }
    }

    static Res json(int status, String body) {
      return new Res(status, body, "application/json;charset=UTF-8");
    }

    static Res json(int status, JsonNode body) {
      return json(status, body.toString());
    }

    static Res xml(int status, String body) {
      return new Res(status, body, "application/xml;charset=UTF-8");
    }

    static Res empty(int status) {
      return new Res(status, "", "");
    }

    Res header(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }

  static ObjectNode obj() {
    return JSON.createObjectNode();
  }
}
