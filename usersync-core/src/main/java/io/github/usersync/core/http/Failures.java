package io.github.usersync.core.http;

import io.github.usersync.core.ConnectionFailedException;
import io.github.usersync.core.ConnectionFailedException.Problem;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jspecify.annotations.Nullable;

/** Turns the JDK's I/O failures into {@link ConnectionFailedException}s that say what to fix. */
final class Failures {
  private Failures() {}

  static ConnectionFailedException connectionFailed(
      String service, String endpoint, URI uri, Throwable e) {
    Problem problem = classify(e);
    String host = uri.getHost() == null ? "?" : uri.getHost();
    int port = Urls.port(uri);
    String fix =
        problem == Problem.TLS && plaintextAnswer(e)
            ? "The server at " + host + ":" + port + " answered without TLS: that port speaks plain"
                + " HTTP (or another protocol), not HTTPS. Check the port in the base URL (baseUrl)"
                + " names the server's HTTPS port" + (Urls.isLoopback(host) ? ", or use http:// for"
                + " this loopback server" : "") + "."
            : fix(problem, uri, host, port);
    return new ConnectionFailedException(service, endpoint, problem, host, port, fix, e);
  }

  /**
   * Whether a TLS failure means the server answered in plain text: the JDK's "Unsupported or
   * unrecognized SSL message" (older JDKs: "Unrecognized SSL message, plaintext connection?").
   */
  static boolean plaintextAnswer(Throwable e) {
    String m = messages(e).toLowerCase(Locale.ROOT);
    return m.contains("unrecognized ssl message") || m.contains("plaintext connection");
  }

  static Problem classify(Throwable e) {
    if (e instanceof InterruptedException) {
      return Problem.INTERRUPTED;
    }
    if (has(e, UnknownHostException.class) || has(e, UnresolvedAddressException.class)) {
      return Problem.UNKNOWN_HOST;
    }
    if (has(e, SSLException.class)) {
      return Problem.TLS;
    }
    if (has(e, HttpTimeoutException.class)) {
      return Problem.TIMEOUT;
    }
    if (has(e, ConnectException.class) || has(e, NoRouteToHostException.class)) {
      return Problem.CONNECTION_REFUSED;
    }
    String m = messages(e).toLowerCase(Locale.ROOT);
    if (m.contains("reset")
        || m.contains("closed")
        || m.contains("eof")
        || m.contains("broken pipe")
        || m.contains("received no bytes")
        || m.contains("premature")) {
      return Problem.CONNECTION_RESET;
    }
    if (m.contains("timed out") || m.contains("timeout")) {
      return Problem.TIMEOUT;
    }
    return Problem.OTHER;
  }

  /** Whether the failure happened before the request could have reached the server. */
  static boolean beforeSending(IOException e) {
    return has(e, HttpConnectTimeoutException.class)
        || has(e, UnknownHostException.class)
        || has(e, UnresolvedAddressException.class)
        || has(e, SSLHandshakeException.class)
        || (has(e, ConnectException.class) && !has(e, HttpTimeoutException.class));
  }

  static String fix(Problem problem, URI uri, String host, int port) {
    boolean plain = "http".equalsIgnoreCase(uri.getScheme());
    boolean loopback = Urls.isLoopback(host);
    String proxyHint =
        "a proxy is set with -Dhttps.proxyHost and -Dhttps.proxyPort, or by passing an HttpClient"
            + " with a ProxySelector";
    switch (problem) {
      case CONNECTION_REFUSED:
        // Nothing listens there: the usual cause is a server that is not running or a wrong
        // URL; a proxy or firewall matters only for a remote host.
        return "Is the server running at "
            + host
            + ":"
            + port
            + ", and is the base URL (baseUrl) right?"
            + (loopback
                ? ""
                : " If this host needs a proxy or a firewall opening for outbound "
                    + (plain ? "HTTP" : "HTTPS")
                    + ", check that too ("
                    + proxyHint
                    + ").");
      case UNKNOWN_HOST:
        return "Check the host name "
            + host
            + " in the settings and that this machine's DNS resolves it; if outbound traffic must"
            + " go through a proxy, configure it ("
            + proxyHint
            + ").";
      case TLS:
        return "The certificate presented for "
            + host
            + " is not trusted by this JVM; if a proxy inspects TLS traffic, import its CA"
            + " certificate into the JVM's trust store, or pass an HttpClient whose SSLContext"
            + " trusts it.";
      case INTERRUPTED:
        return "The thread was interrupted, usually because the host is shutting down; run the"
            + " sync again.";
      case TIMEOUT:
        return "The host needs outbound "
            + (plain ? "HTTP" : "HTTPS")
            + " to "
            + host
            + ":"
            + port
            + " and the service must answer within the timeout; check proxy and firewall settings ("
            + proxyHint
            + "), or raise the timeout setting.";
      default:
        return "The host needs outbound "
            + (plain ? "HTTP" : "HTTPS")
            + " to "
            + host
            + ":"
            + port
            + "; check proxy and firewall settings ("
            + proxyHint
            + ").";
    }
  }

  private static boolean has(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static String messages(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      @Nullable String m = t.getMessage();
      if (m != null) {
        b.append(m).append(' ');
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return b.toString();
  }
}
