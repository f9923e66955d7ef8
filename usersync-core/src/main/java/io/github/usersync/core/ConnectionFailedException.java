package io.github.usersync.core;

import org.jspecify.annotations.Nullable;

/**
 * A remote API could not be reached or the connection broke before an answer arrived. The message
 * and {@link #fix()} say what the host must change (DNS, proxy, firewall, TLS trust).
 */
public class ConnectionFailedException extends RemoteCallException {
  private static final long serialVersionUID = 1L;

  /** What kind of network failure happened. */
  public enum Problem {
    /** The host name does not resolve. */
    UNKNOWN_HOST,
    /** Nothing listens on the host and port, or a firewall rejects the connection. */
    CONNECTION_REFUSED,
    /** The connection was reset or closed mid-way, typically by a proxy or firewall. */
    CONNECTION_RESET,
    /** Connecting or waiting for an answer took longer than the configured timeout. */
    TIMEOUT,
    /** The TLS handshake failed, e.g. an intercepting proxy's certificate is not trusted. */
    TLS,
    /** The call was interrupted. */
    INTERRUPTED,
    /** Any other I/O failure. */
    OTHER
  }

  private final Problem problem;
  private final String reason;
  private final String host;
  private final int port;
  private final String fix;

  /** Creates the exception; the message is composed from the parts. */
  public ConnectionFailedException(
      String service,
      String endpoint,
      Problem problem,
      String host,
      int port,
      String fix,
      @Nullable Throwable cause) {
    super(
        service,
        endpoint,
        service + ": " + endpoint + " failed: " + describe(problem, host, port, cause) + ". " + fix,
        cause);
    this.problem = problem;
    this.reason = describe(problem, host, port, cause);
    this.host = host;
    this.port = port;
    this.fix = fix;
  }

  private static String describe(Problem problem, String host, int port, @Nullable Throwable cause) {
    String where = host + ":" + port;
    String detail = cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")";
    switch (problem) {
      case UNKNOWN_HOST:
        return "the host name " + host + " could not be resolved" + detail;
      case CONNECTION_REFUSED:
        return "the connection to " + where + " was refused" + detail;
      case CONNECTION_RESET:
        return "the connection to " + where + " was reset before an answer arrived" + detail;
      case TIMEOUT:
        return "no answer from " + where + " within the timeout" + detail;
      case TLS:
        return "the TLS handshake with " + where + " failed" + detail;
      case INTERRUPTED:
        return "the call to " + where + " was interrupted";
      default:
        return "the connection to " + where + " failed" + detail;
    }
  }

  /** What happened, in one sentence without the fix, e.g. "the connection to h:443 was reset". */
  public String reason() {
    return reason;
  }

  /** What kind of failure happened. */
  public Problem problem() {
    return problem;
  }

  /** The host name the call tried to reach. */
  public String host() {
    return host;
  }

  /** The port the call tried to reach. */
  public int port() {
    return port;
  }

  /** What to change so the call can succeed, one or two sentences. */
  public String fix() {
    return fix;
  }

  @Override
  public boolean retryable() {
    return problem != Problem.INTERRUPTED;
  }
}
