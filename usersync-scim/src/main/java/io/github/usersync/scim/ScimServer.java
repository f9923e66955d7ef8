package io.github.usersync.scim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link ScimServiceProvider} on the JDK's built-in HTTP server, e.g. for {@code usersync
 * serve} or a small sidecar. Binds to loopback ({@code 127.0.0.1}) unless told otherwise: put a TLS
 * reverse proxy in front (Entra and Okta call {@code https://} URLs only), or bind another address
 * deliberately with {@link Builder#bindAddress}. Bodies over the provider's size cap are refused
 * (413) without being read further; nothing about a request but its method, path and status is
 * logged.
 *
 * <pre>{@code
 * try (ScimServer server = ScimServer.builder(provider).port(8443).contextPath("/scim/v2").build().start()) {
 *   // Tenant URL for Entra or Okta: https://<proxy host>/scim/v2
 * }
 * }</pre>
 */
public final class ScimServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScimServer.class);

  private final ScimServiceProvider provider;
  private final InetSocketAddress address;
  private final String contextPath;
  private final @Nullable String publicBaseUrl;
  private final int threads;
  private @Nullable HttpServer server;
  private @Nullable ExecutorService executor;

  private ScimServer(Builder b) {
    this.provider = b.provider;
    this.address = new InetSocketAddress(b.bindAddress, b.port);
    this.contextPath = b.contextPath;
    this.publicBaseUrl = b.publicBaseUrl;
    this.threads = b.threads;
  }

  /** A builder for a server of {@code provider}. */
  public static Builder builder(ScimServiceProvider provider) {
    return new Builder(provider);
  }

  /**
   * Starts listening.
   *
   * @throws UncheckedIOException when the address cannot be bound
   */
  public ScimServer start() {
    try {
      HttpServer s = HttpServer.create(address, 50);
      AtomicInteger n = new AtomicInteger();
      ExecutorService ex = Executors.newFixedThreadPool(threads, r -> {
        Thread t = new Thread(r, "usersync-scim-http-" + n.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
      s.setExecutor(ex);
      s.createContext(contextPath.isEmpty() ? "/" : contextPath, this::exchange);
      s.start();
      this.server = s;
      this.executor = ex;
      LOG.info("SCIM service listening on {}", uri());
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("could not listen on " + address + ": " + e.getMessage(), e);
    }
  }

  /** The base URL the server listens on, e.g. {@code http://127.0.0.1:41234/scim/v2}. */
  public URI uri() {
    HttpServer s = server;
    int port = s == null ? address.getPort() : s.getAddress().getPort();
    String host = address.getAddress().getHostAddress();
    if (host.contains(":")) {
      host = "[" + host + "]";
    }
    return URI.create("http://" + host + ":" + port + contextPath);
  }

  private void exchange(HttpExchange ex) throws IOException {
    try {
      int cap = provider.maxRequestBytes();
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = readAtMost(in, cap + 1);
      }
      ScimResponse response;
      if (body.length > cap) {
        response = ScimResponse.builder().status(413).putHeaders("Content-Type", "application/scim+json")
            .putHeaders("Connection", "close")
            .body(("{\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"detail\":\"the request body"
                + " exceeds " + cap + " bytes\",\"status\":\"413\"}").getBytes(StandardCharsets.UTF_8))
            .build();
      } else {
        URI u = ex.getRequestURI();
        String raw = u.getRawPath();
        String path = raw.length() > contextPath.length() ? raw.substring(contextPath.length()) : "/";
        ScimRequest.Builder r = ScimRequest.builder().method(ex.getRequestMethod()).path(path)
            .query(u.getRawQuery() == null ? "" : u.getRawQuery()).body(body).baseUrl(baseUrl(ex));
        for (Map.Entry<String, List<String>> h : ex.getRequestHeaders().entrySet()) {
          if (!h.getValue().isEmpty()) {
            r.putHeaders(h.getKey(), h.getValue().get(0));
          }
        }
        response = provider.handle(r.build());
      }
      response.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      byte[] out = response.body();
      ex.sendResponseHeaders(response.status(), out.length == 0 ? -1 : out.length);
      if (out.length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(out);
        }
      }
    } finally {
      ex.close();
    }
  }

  private String baseUrl(HttpExchange ex) {
    if (publicBaseUrl != null) {
      return publicBaseUrl;
    }
    String host = ex.getRequestHeaders().getFirst("Host");
    return host == null ? "" : "http://" + host + contextPath;
  }

  private static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int n;
    while (out.size() < max && (n = in.read(buf, 0, Math.min(buf.length, max - out.size()))) > 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  /** Stops the server (waiting up to a second for requests in flight). The provider stays open. */
  @Override
  public void close() {
    HttpServer s = server;
    if (s != null) {
      s.stop(1);
      server = null;
    }
    ExecutorService ex = executor;
    if (ex != null) {
      ex.shutdownNow();
      executor = null;
    }
  }

  @Override
  public String toString() {
    return "ScimServer[" + uri() + "]";
  }

  /** Builds a {@link ScimServer}. */
  public static final class Builder {
    /** {@code bindAddress}: the address to listen on (default 127.0.0.1). */
    public static final String BIND_ADDRESS = "bindAddress";
    /** {@code port}: the port (default 0: any free port). */
    public static final String PORT = "port";
    /** {@code contextPath}: where the SCIM base is (default {@code /scim/v2}). */
    public static final String CONTEXT_PATH = "contextPath";
    /** {@code publicBaseUrl}: the URL clients use, for locations (default from the Host header). */
    public static final String PUBLIC_BASE_URL = "publicBaseUrl";

    private final ScimServiceProvider provider;
    private InetAddress bindAddress = InetAddress.getLoopbackAddress();
    private int port;
    private String contextPath = "/scim/v2";
    private @Nullable String publicBaseUrl;
    private int threads = 4;

    private Builder(ScimServiceProvider provider) {
      this.provider = Objects.requireNonNull(provider);
    }

    /** The address to listen on (default loopback); another address exposes the service to the network. */
    public Builder bindAddress(InetAddress address) {
      this.bindAddress = Objects.requireNonNull(address);
      return this;
    }

    /** The port (default 0: a free port, see {@link #uri()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535");
      }
      this.port = port;
      return this;
    }

    /** The path the SCIM base URL has on this server (default {@code /scim/v2}; empty for the root). */
    public Builder contextPath(String contextPath) {
      String c = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1) : contextPath;
      if (!c.isEmpty() && !c.startsWith("/")) {
        throw new IllegalArgumentException("contextPath starts with '/'");
      }
      this.contextPath = c;
      return this;
    }

    /** The base URL clients use (behind a proxy), for {@code Location} and {@code meta.location}. */
    public Builder publicBaseUrl(@Nullable String url) {
      this.publicBaseUrl = url == null ? null : (url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
      return this;
    }

    /** Request threads (default 4; writes are applied one at a time anyway). */
    public Builder threads(int threads) {
      this.threads = Math.max(1, threads);
      return this;
    }

    /**
     * Reads {@link #BIND_ADDRESS}, {@link #PORT}, {@link #CONTEXT_PATH} and {@link
     * #PUBLIC_BASE_URL} from settings (for a command line or config file).
     *
     * @throws ConfigurationException naming the key for a bad value
     */
    public Builder settings(Settings settings) {
      settings.get(BIND_ADDRESS).ifPresent(a -> {
        try {
          bindAddress(InetAddress.getByName(a));
        } catch (IOException e) {
          throw new ConfigurationException(BIND_ADDRESS, "is not an address of this machine: " + a, e);
        }
      });
      settings.get(PORT).ifPresent(p -> {
        try {
          port(Integer.parseInt(p));
        } catch (IllegalArgumentException e) {
          throw new ConfigurationException(PORT, "must be a port number between 0 and 65535, got '" + p + "'", e);
        }
      });
      settings.get(CONTEXT_PATH).ifPresent(this::contextPath);
      settings.get(PUBLIC_BASE_URL).ifPresent(u -> publicBaseUrl(Settings.parseSecureUrl(PUBLIC_BASE_URL, u).toString()));
      return this;
    }

    /** The server (not started). */
    public ScimServer build() {
      return new ScimServer(this);
    }
  }
}
