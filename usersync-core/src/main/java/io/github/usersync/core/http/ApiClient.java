package io.github.usersync.core.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ConnectionFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.NotFoundException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.ThrottledException;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.WeakHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link ApiRequest}s to one API: attaches credentials, retries what is worth retrying,
 * honours rate limits, bounds the requests in flight, counts, and turns failures into the {@link
 * io.github.usersync.core.UsersyncException} hierarchy with messages that say what to fix.
 *
 * <p>Retries, by kind of failure (limits in {@link RetryPolicy}):
 *
 * <ul>
 *   <li>Throttling (429, 503 with {@code Retry-After}, or what the {@link ApiErrorParser}
 *       classifies as such) is flow control: the provider's advertised wait ({@code Retry-After}
 *       or the {@link RateLimitPolicy}'s reset) holds every request of the connector, the number
 *       of requests in flight is halved (down to 1) and grows again with successes, and the
 *       request is sent again, with no count of attempts, until throttling has let nothing
 *       through for {@link RetryPolicy#throttleBudget()}. Without an advertised wait the request
 *       backs off exponentially.
 *   <li>5xx (500, 502, 503, 504) and 408, connection resets and timeouts (for non-idempotent
 *       requests only failures before sending): exponential backoff with jitter, up to {@link
 *       RetryPolicy#maxAttempts()} within {@link RetryPolicy#maxTotalWait()}; a refused connection
 *       at most three times in all; never an unknown host or a TLS failure. A rate-limit reset
 *       header does not delay these, unless it says the budget is spent.
 *   <li>A 401 on an authenticated call makes the {@link TokenProvider} fetch a new token once.
 * </ul>
 *
 * <p>The provider's remaining budget ({@link RateLimitPolicy#budget}) is read from every answer:
 * when it is spent, requests hold until the window resets; when it runs low, they are spaced out
 * so it lasts. Throttle waits are counted in {@link RequestStats} as wall-clock time.
 *
 * <p>Credentials are sent only to the base URL's origin: an absolute URL (a next-page link) on
 * another host is refused. Headers and bodies are never logged; every message passes through the
 * {@link Redactor}, which masks the configured secrets and every credential used at run time in
 * all their encodings. Thread-safe; one client per connector instance (or several sharing one
 * {@link RequestStats}).
 */
public final class ApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);

  private final String service;
  private final URI baseUri;
  private final HttpClient http;
  private final ObjectMapper mapper;
  private final @Nullable TokenProvider tokens;
  private final RetryPolicy retry;
  private final RetryPolicy probeRetry;
  private final RateLimitPolicy rateLimits;
  private final ApiErrorParser errors;
  private final Duration requestTimeout;
  private final long maxResponseBytes;
  private final Clock clock;
  private final int maxConcurrentRequests;
  private final RequestStats stats;
  private final Map<String, String> defaultHeaders;
  private final List<ResponseListener> listeners;
  private final FlowControl flow;
  private final Redactor redactor;

  private ApiClient(Builder b) {
    this.service = b.service;
    this.baseUri = Objects.requireNonNull(b.baseUri, "baseUri");
    this.mapper = b.mapper != null ? b.mapper : defaultMapper();
    this.tokens = b.tokens;
    this.retry = b.retry;
    this.probeRetry = b.probeRetry;
    this.rateLimits = b.rateLimits;
    this.errors = b.errors;
    this.requestTimeout = b.requestTimeout;
    this.maxResponseBytes = b.maxResponseBytes;
    this.clock = b.clock;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.stats = b.stats;
    this.defaultHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.defaultHeaders));
    this.listeners = Collections.unmodifiableList(new ArrayList<>(b.listeners));
    Shared shared = Shared.of(b.stats, b.maxConcurrentRequests, b.maxConcurrentSet, b.clock, b.sleeper);
    this.flow = shared.flow;
    this.redactor = shared.redactor;
    b.secrets.forEach(redactor::add);
    defaultHeaders.forEach((name, value) -> {
      if (name.equalsIgnoreCase("Authorization")) {
        redactor.addAuthorization(value);
      }
    });
    this.http = httpClient(b.http, b.connectTimeout, b.proxy);
  }

  /** The host's client, else a new one: no redirects, through {@code proxy} when one is set. */
  private static HttpClient httpClient(
      @Nullable HttpClient host, Duration connectTimeout, @Nullable InetSocketAddress proxy) {
    if (host != null) {
      if (proxy != null) {
        throw new ConfigurationException(
            "proxy",
            "is set, but the host passes its own HttpClient (ConnectorOptions); set the proxy on"
                + " that client, or remove the proxy setting");
      }
      return host;
    }
    HttpClient.Builder h =
        HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER);
    if (proxy != null) {
      h.proxy(ProxySelector.of(proxy));
    }
    return h.build();
  }

  /** A builder for a client of {@code service} (e.g. {@code okta}) at {@code baseUri}. */
  public static Builder builder(String service, URI baseUri) {
    return new Builder(service, baseUri);
  }

  /**
   * The Jackson mapper usersync uses when a host passes none: unknown properties are ignored, and
   * exactly the {@code Optional} and {@code java.time} modules are registered (not whatever
   * modules the host happens to have on its class path).
   */
  public static ObjectMapper defaultMapper() {
    return new ObjectMapper()
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
        .registerModule(new Jdk8Module())
        .registerModule(new JavaTimeModule());
  }

  /** The service name used in messages, e.g. {@code okta}. */
  public String service() {
    return service;
  }

  /** The base URL relative requests resolve against. */
  public URI baseUri() {
    return baseUri;
  }

  /** The mapper used for JSON. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** The counters of this client. */
  public RequestStats stats() {
    return stats;
  }

  /** The bound on requests in flight. */
  public int maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /** The requests allowed in flight now (flow control lowers it under throttling). */
  int inFlightLimit() {
    return flow.currentLimit();
  }

  /**
   * The redactor every message of this client passes through; token providers register what they
   * obtain here, and a caller may pass other text through it.
   */
  public Redactor redactor() {
    return redactor;
  }

  /**
   * Turns off the JDK {@link HttpClient}'s own silent re-sends, so that every attempt goes through
   * usersync's retry and is counted: sets the JDK's documented networking properties ({@code
   * java.net.http} module summary) {@code jdk.httpclient.disableRetryConnect=true} (no silent
   * second connect after a refused one) and {@code jdk.httpclient.redirects.retrylimit=1} (no
   * silent re-send of a GET whose pooled connection the server closed; usersync never follows
   * redirects). A property already set is left alone.
   *
   * <p>The JDK reads them once, when the first request of the JVM is sent, so an application (the
   * command-line tool, a benchmark) calls this first thing in {@code main}. A library never sets
   * JVM-wide properties behind a host's back: a host that wants exact counts calls it itself or
   * passes {@code -D} flags; otherwise a reset the JDK re-sent successfully is not counted.
   *
   * @return whether both properties now have the values above
   */
  public static boolean disableJdkSilentRetries() {
    if (System.getProperty(DISABLE_RETRY_CONNECT) == null) {
      System.setProperty(DISABLE_RETRY_CONNECT, "true");
    }
    if (System.getProperty(RETRY_LIMIT) == null) {
      System.setProperty(RETRY_LIMIT, "1");
    }
    return "true".equals(System.getProperty(DISABLE_RETRY_CONNECT))
        && "1".equals(System.getProperty(RETRY_LIMIT));
  }

  private static final String DISABLE_RETRY_CONNECT = "jdk.httpclient.disableRetryConnect";
  private static final String RETRY_LIMIT = "jdk.httpclient.redirects.retrylimit";

  /** {@code METHOD url-without-query} for a request, as messages and checks show it. */
  public String describe(ApiRequest request) {
    return request.describe(baseUri);
  }

  /** Sends and parses the answer as JSON. */
  public JsonNode json(ApiRequest request) {
    return send(request).json();
  }

  /**
   * Sends and returns the answer, or empty for 404 (the request accepts 404 implicitly). For
   * "get one user", "manager", "photo".
   */
  public Optional<ApiResponse> sendOptional(ApiRequest request) {
    ApiRequest r = request.acceptedStatuses().contains(404) ? request : request.toBuilder().accept(404).build();
    ApiResponse response = send(r);
    return response.status() == 404 ? Optional.empty() : Optional.of(response);
  }

  /**
   * Sends the request, retrying as described on the class.
   *
   * @return the answer: 2xx, or a status the request accepts
   * @throws ConnectionFailedException when no answer arrived after retries
   * @throws ApiException (or a status-specific leaf) for an error answer
   * @throws DirectoryException when an absolute URL points at another origin
   */
  public ApiResponse send(ApiRequest request) {
    URI uri = request.resolve(baseUri);
    String endpoint = redactor.redact(request.method() + " " + Urls.withoutQuery(uri));
    checkDestination(request, uri, endpoint);
    request.headers().forEach((name, value) -> {
      if (name.equalsIgnoreCase("Authorization")) {
        redactor.addAuthorization(value);
      }
    });
    long started = flow.millis();
    Duration errorWaited = Duration.ZERO;
    int attempts = 0;
    int errorAttempts = 0;
    int throttles = 0;
    boolean refreshedToken = false;
    while (true) {
      String authorization =
          request.authenticated() && tokens != null ? tokens.authorization() : null;
      redactor.addAuthorization(authorization);
      FlowControl.Permit permit = acquire(endpoint);
      attempts++;
      ApiResponse response;
      try {
        response = exchange(request, uri, authorization);
      } catch (IOException | InterruptedException e) {
        flow.release(permit, FlowControl.Outcome.OTHER);
        BoundedBody.TooLargeException tooLarge = BoundedBody.tooLarge(e);
        if (tooLarge != null) {
          stats.recordFailure();
          throw new DirectoryException(
              service + ": " + endpoint + " answered with more than " + tooLarge.limit + " bytes, more"
                  + " than an answer of this API can be; the server or a proxy in between is broken,"
                  + " or the URL points at something else (check the base URL).");
        }
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        ConnectionFailedException failure = Failures.connectionFailed(service, endpoint, uri, e);
        errorAttempts++;
        boolean mayRetry =
            failure.retryable()
                && (request.idempotent() || (e instanceof IOException && Failures.beforeSending((IOException) e)));
        String stop = !mayRetry ? null : errorRetryStop(errorAttempts, attemptsFor(failure.problem()));
        if (mayRetry && stop == null) {
          Duration d = retry().backoff(errorAttempts);
          if (withinErrorWait(errorWaited, d)) {
            LOG.warn(
                "{}: {} failed ({}); retrying in {} ms (retry {})",
                service, endpoint, failure.problem(), d.toMillis(), attempts);
            pause(d, false);
            errorWaited = errorWaited.plus(d);
            stats.recordRetry();
            continue;
          }
          stop = "the next wait would pass the retry wait limit of " + retry().maxTotalWait().toSeconds() + " s";
        }
        stats.recordFailure();
        throw attempts > 1 ? gaveUp(failure, attempts, stop) : failure;
      }
      ApiError error;
      ApiError.Kind kind;
      try {
        for (ResponseListener l : listeners) {
          l.onResponse(response);
        }
        rateLimits.pauseAfter(response, clock).ifPresent(d -> holdRequests(d, response.isSuccess()));
        rateLimits.budget(response, clock).ifPresent(b -> flow.observe(permit, b));
        if (response.isSuccess() || request.acceptedStatuses().contains(response.status())) {
          flow.release(permit, FlowControl.Outcome.SUCCESS);
          return response;
        }
        error = errors.parse(request, redacted(response))
            .withRequestIdIfAbsent(ApiErrorParser.requestIdHeader(response));
        kind = classify(response.status(), error);
      } catch (RuntimeException e) {
        // A listener or parser that throws must not keep the permit.
        flow.release(permit, FlowControl.Outcome.OTHER);
        throw e;
      }

      if (kind == ApiError.Kind.AUTHENTICATION_FAILED
          && authorization != null
          && tokens != null
          && tokens.refreshable()
          && !refreshedToken) {
        flow.release(permit, FlowControl.Outcome.OTHER);
        LOG.debug("{}: {} answered 401; fetching a new token once", service, endpoint);
        tokens.invalidate(authorization);
        refreshedToken = true;
        stats.recordRetry();
        continue;
      }
      boolean throttled =
          kind == ApiError.Kind.THROTTLED
              || (kind == ApiError.Kind.RETRYABLE
                  && response.status() == 503
                  && response.header("Retry-After").isPresent());
      if (throttled) {
        flow.release(permit, FlowControl.Outcome.THROTTLED);
        stats.recordThrottled();
        throttles++;
        Optional<Duration> asked = rateLimits.retryDelay(response, clock);
        // An advertised wait of 0 is no reason to send again at once, again and again.
        Duration d = asked.isPresent() && !asked.get().isZero() ? asked.get() : retry().backoff(throttles);
        Duration stalled = flow.stalledSince(started);
        // A probe retries a throttled call once at most, like any other failure.
        boolean probeSpent = ConnectionChecks.probing() && attempts >= retry().maxAttempts();
        if (!probeSpent && !retry().throttleBudget().isZero()
            && stalled.plus(d).compareTo(retry().throttleBudget()) <= 0) {
          LOG.info(
              "{}: {} answered HTTP {} (throttled); {} {} ms, then sending it again; at most {}"
                  + " requests in flight now",
              service, endpoint, response.status(),
              asked.isPresent() ? "holding requests for" : "backing off for", d.toMillis(),
              flow.currentLimit());
          if (asked.isPresent()) {
            holdAndWait(d);
          } else {
            pause(d, true);
          }
          stats.recordRetry();
          continue;
        }
        stats.recordFailure();
        throw new ThrottledException(
            service, endpoint, response.status(), code(error), message(error), requestId(error),
            asked.orElse(null),
            fix(error).orElse(
                "The provider kept throttling: "
                    + (stalled.isZero() ? "" : "no request succeeded for " + stalled.toSeconds() + " s, and ")
                    + (asked.isPresent() ? "it asks for a wait of " : "the next backoff is ")
                    + d.toSeconds() + " s, which would pass the throttle"
                    + " budget of " + retry().throttleBudget().toSeconds() + " s (gave up after "
                    + attempts + (attempts == 1 ? " attempt" : " attempts") + "); run the sync"
                    + " later, lower its concurrency, or ask the provider for a higher rate limit."));
      }
      flow.release(permit, FlowControl.Outcome.OTHER);
      if (kind == ApiError.Kind.RETRYABLE) {
        errorAttempts++;
        String stop = errorRetryStop(errorAttempts, retry().maxAttempts());
        if (stop == null) {
          Duration d = retry().backoff(errorAttempts);
          if (withinErrorWait(errorWaited, d)) {
            LOG.warn(
                "{}: {} answered HTTP {}; retrying in {} ms (retry {})",
                service, endpoint, response.status(), d.toMillis(), attempts);
            pause(d, false);
            errorWaited = errorWaited.plus(d);
            stats.recordRetry();
            continue;
          }
          stop = "the next wait would pass the retry wait limit of " + retry().maxTotalWait().toSeconds() + " s";
        }
        stats.recordFailure();
        throw toException(kind, response.status(), error, endpoint, attempts > 1 ? gaveUpNote(attempts, stop) : null);
      }
      stats.recordFailure();
      throw toException(kind, response.status(), error, endpoint, null);
    }
  }

  /**
   * The limits for this call: the probe policy while a connection check runs on this thread
   * ({@link ConnectionChecks#probe}), else the client's.
   */
  private RetryPolicy retry() {
    return ConnectionChecks.probing() ? probeRetry : retry;
  }

  /** Why no further error retry is made, or null when one may be. */
  private static @Nullable String errorRetryStop(int errorAttempts, int allowed) {
    if (errorAttempts >= allowed) {
      return allowed == 1 ? "this failure is not retried" : "that is the most made for this kind of failure";
    }
    return null;
  }

  private static String gaveUpNote(int attempts, @Nullable String stop) {
    return "Gave up after " + attempts + " attempts" + (stop == null ? "" : ": " + stop) + ".";
  }

  private ConnectionFailedException gaveUp(ConnectionFailedException f, int attempts, @Nullable String stop) {
    return new ConnectionFailedException(
        f.service(), f.endpoint(), f.problem(), f.host(), f.port(),
        f.fix() + " " + gaveUpNote(attempts, stop), f.getCause());
  }

  private FlowControl.Permit acquire(String endpoint) {
    try {
      FlowControl.Permit p = flow.acquire();
      if (!p.throttleWait.isZero()) {
        stats.recordThrottleWait(p.throttleWait);
      }
      return p;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(endpoint, e);
    }
  }

  /**
   * Attempts worth making for a network failure: an unknown host or an untrusted certificate does
   * not fix itself within seconds (no retry); a refused connection may be a restarting server (two
   * more tries); a reset or a timeout is worth every attempt.
   */
  private int attemptsFor(ConnectionFailedException.Problem problem) {
    switch (problem) {
      case UNKNOWN_HOST:
      case TLS:
        return 1;
      case CONNECTION_REFUSED:
        return Math.min(3, retry().maxAttempts());
      default:
        return retry().maxAttempts();
    }
  }

  private void checkDestination(ApiRequest request, URI uri, String endpoint) {
    if (!request.isAbsolute()) {
      return;
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme();
    boolean secure =
        scheme.equalsIgnoreCase("https")
            || (scheme.equalsIgnoreCase("http") && uri.getHost() != null && Urls.isLoopback(uri.getHost()));
    if (!secure) {
      throw new DirectoryException(
          service + ": refusing to call " + endpoint + ": only https:// URLs (or http:// on loopback)"
              + " are called");
    }
    if (request.authenticated() && tokens != null && !Urls.sameOrigin(uri, baseUri)) {
      throw new DirectoryException(
          service
              + ": the API returned a link to "
              + Urls.withoutQuery(uri)
              + ", which is not on "
              + baseUri.getScheme() + "://" + baseUri.getAuthority()
              + "; credentials are sent only there, so the link was not followed. If the base URL"
              + " setting names another host than the API uses, correct it.");
    }
  }

  private ApiResponse exchange(ApiRequest request, URI uri, @Nullable String authorization)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(requestTimeout);
    if ("http".equalsIgnoreCase(uri.getScheme())) {
      b.version(HttpClient.Version.HTTP_1_1);
    }
    b.header("Accept", "application/json");
    defaultHeaders.forEach(b::setHeader);
    request.headers().forEach(b::setHeader);
    if (authorization != null) {
      b.setHeader("Authorization", authorization);
    }
    byte[] body = request.body();
    b.method(
        request.method(),
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    HttpRequest httpRequest = b.build();
    long start = System.nanoTime();
    stats.recordRequest();
    HttpResponse<byte[]> r = BoundedBody.send(http, httpRequest, requestTimeout, maxResponseBytes);
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{}: {} {} -> {} ({} ms)",
          service, request.method(), redactor.redact(Urls.withoutQuery(uri)), r.statusCode(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return new ApiResponse(service, request, uri, r.statusCode(), r.headers(), r.body(), mapper, redactor);
  }

  private static ApiError.Kind classify(int status, ApiError error) {
    if (error.kind() != ApiError.Kind.BY_STATUS) {
      return error.kind();
    }
    switch (status) {
      case 401:
        return ApiError.Kind.AUTHENTICATION_FAILED;
      case 403:
        return ApiError.Kind.PERMISSION_DENIED;
      case 404:
      case 410:
        return ApiError.Kind.NOT_FOUND;
      case 429:
        return ApiError.Kind.THROTTLED;
      case 408:
      case 500:
      case 502:
      case 503:
      case 504:
        return ApiError.Kind.RETRYABLE;
      default:
        return ApiError.Kind.PERMANENT;
    }
  }

  private ApiException toException(
      ApiError.Kind kind, int status, ApiError error, String endpoint, @Nullable String note) {
    String code = code(error);
    String message = message(error);
    String requestId = requestId(error);
    switch (kind) {
      case AUTHENTICATION_FAILED:
        return new AuthenticationFailedException(
            service, endpoint, status, code, message, requestId,
            fix(error).orElse(
                "The credentials were rejected; check the secret, token or key in the "
                    + service + " settings, and that it has not expired or been revoked."));
      case PERMISSION_DENIED:
        return new PermissionDeniedException(
            service, endpoint, status, code, message, requestId,
            fix(error).orElse(
                "The credentials are valid but lack a permission this call needs; grant it to the"
                    + " application or service account in " + service + "."));
      case NOT_FOUND:
        return new NotFoundException(
            service, endpoint, status, code, message, requestId, fix(error).orElse(null));
      default:
        String fix = fix(error).orElse(null);
        return new ApiException(
            service, endpoint, status, code, message, requestId,
            kind == ApiError.Kind.RETRYABLE,
            note == null ? fix : fix == null ? note : fix + " " + note);
    }
  }

  private @Nullable String code(ApiError e) {
    return e.code().map(redactor::redact).orElse(null);
  }

  private @Nullable String message(ApiError e) {
    return e.message().map(redactor::redact).orElse(null);
  }

  private @Nullable String requestId(ApiError e) {
    return e.requestId().map(redactor::redact).orElse(null);
  }

  private Optional<String> fix(ApiError e) {
    return e.fix().map(redactor::redact);
  }

  /** The answer as the error parser sees it: body and headers with every known secret masked. */
  private ApiResponse redacted(ApiResponse r) {
    return r.redactedWith(redactor);
  }

  /** Masks every known secret in a text that may reach a message or log. */
  String redact(String text) {
    return redactor.redact(text);
  }

  private boolean withinErrorWait(Duration waited, Duration next) {
    return waited.plus(next).compareTo(retry().maxTotalWait()) <= 0;
  }

  private void holdRequests(Duration d, boolean success) {
    flow.hold(d);
    if (success) {
      // (a throttled answer says so in its own line)
      LOG.info("{}: rate-limit budget spent; holding requests for {} ms", service, d.toMillis());
    }
  }

  private void pause(Duration d, boolean throttle) {
    try {
      Duration added = flow.sleep(d, throttle);
      if (!added.isZero()) {
        stats.recordThrottleWait(added);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted("wait before retry", e);
    }
  }

  private void holdAndWait(Duration d) {
    try {
      Duration added = flow.holdAndWait(d);
      if (!added.isZero()) {
        stats.recordThrottleWait(added);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted("wait before retry", e);
    }
  }

  private ConnectionFailedException interrupted(String endpoint, InterruptedException e) {
    return new ConnectionFailedException(
        service, endpoint, ConnectionFailedException.Problem.INTERRUPTED,
        baseUri.getHost() == null ? "?" : baseUri.getHost(), Urls.port(baseUri),
        "The thread was interrupted while waiting to retry; run the sync again.", e);
  }

  /**
   * What the clients of one connector share: those built with the same {@link RequestStats}
   * share flow control and the redactor. Held weakly by the stats, so nothing outlives the
   * connector.
   */
  private static final class Shared {
    private static final Map<RequestStats, Shared> BY_STATS = new WeakHashMap<>();

    final FlowControl flow;
    final Redactor redactor;

    private Shared(FlowControl flow, Redactor redactor) {
      this.flow = flow;
      this.redactor = redactor;
    }

    /**
     * The shared parts for {@code stats}. The bound on requests in flight is the one a client
     * set explicitly (a token client that leaves the default does not lower or raise the API
     * client's bound).
     */
    static synchronized Shared of(RequestStats stats, int max, boolean maxSet, Clock clock, Sleeper sleeper) {
      Shared s = BY_STATS.get(stats);
      if (s == null) {
        s = new Shared(new FlowControl(max, clock, sleeper), Redactor.create());
        BY_STATS.put(stats, s);
      } else if (maxSet) {
        s.flow.bound(max);
      }
      return s;
    }
  }

  @Override
  public String toString() {
    return "ApiClient[" + service + " " + baseUri + "]";
  }

  /** Observes every answer (e.g. to track a provider's remaining API budget). */
  @FunctionalInterface
  public interface ResponseListener {
    /** Called for every answer, success or error, before it is handled. */
    void onResponse(ApiResponse response);
  }

  /** Builds an {@link ApiClient}. */
  public static final class Builder {
    private final String service;
    private final URI baseUri;
    private @Nullable HttpClient http;
    private @Nullable ObjectMapper mapper;
    private @Nullable TokenProvider tokens;
    private RetryPolicy retry = RetryPolicy.defaults();
    private RetryPolicy probeRetry = RetryPolicy.probe();
    private RateLimitPolicy rateLimits = RateLimitPolicy.retryAfter();
    private ApiErrorParser errors = ApiErrorParser.standard();
    private Duration requestTimeout = Duration.ofSeconds(60);
    private long maxResponseBytes = 64L * 1024 * 1024;
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private int maxConcurrentRequests = 8;
    private @Nullable InetSocketAddress proxy;
    private boolean maxConcurrentSet;
    private RequestStats stats = new RequestStats();
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final List<ResponseListener> listeners = new ArrayList<>();
    private final List<Secret> secrets = new ArrayList<>();

    private Builder(String service, URI baseUri) {
      this.service = Objects.requireNonNull(service, "service");
      this.baseUri = Urls.requireSecure("baseUrl", baseUri.toString());
      defaultHeaders.put("User-Agent", "usersync/0.1 (+https://github.com/usersync/usersync)");
    }

    /**
     * What a connector's settings say of every call: the time allowed for an answer, the requests
     * in flight, and the proxy (refused when the host passes its own HTTP client).
     */
    public Builder settings(ConnectionSettings settings) {
      requestTimeout(settings.requestTimeout());
      maxConcurrentRequests(settings.maxConcurrentRequests());
      this.proxy = settings.proxy().orElse(null);
      return this;
    }

    /** The JDK client to use (a host's, with its proxy and TLS settings); else one is created. */
    public Builder httpClient(@Nullable HttpClient http) {
      this.http = http;
      return this;
    }

    /** The Jackson mapper (a host's); else {@link #defaultMapper()}. */
    public Builder objectMapper(@Nullable ObjectMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    /** Where credentials come from; absent for unauthenticated APIs. */
    public Builder tokenProvider(@Nullable TokenProvider tokens) {
      this.tokens = tokens;
      return this;
    }

    /** Retry limits (default {@link RetryPolicy#defaults()}). */
    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /**
     * Retry limits while a connection check probes (default {@link RetryPolicy#probe()}: one
     * retry at most), so a check against a failing server ends in seconds.
     */
    public Builder probeRetryPolicy(RetryPolicy probeRetry) {
      this.probeRetry = probeRetry;
      return this;
    }

    /** How the provider signals waits (default: {@code Retry-After} only). */
    public Builder rateLimitPolicy(RateLimitPolicy rateLimits) {
      this.rateLimits = rateLimits;
      return this;
    }

    /** How error bodies are read (default {@link ApiErrorParser#standard()}). */
    public Builder errorParser(ApiErrorParser errors) {
      this.errors = errors;
      return this;
    }

    /**
     * Time allowed per request for the whole answer, headers and body (default 60 s); a body that
     * trickles in past it fails the attempt as a timeout.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /**
     * The largest answer body read (default 64 MiB); a larger one fails the request without
     * being read into memory, and is not retried.
     */
    public Builder maxResponseBytes(long maxResponseBytes) {
      if (maxResponseBytes < 1) {
        throw new IllegalArgumentException("maxResponseBytes must be at least 1");
      }
      this.maxResponseBytes = maxResponseBytes;
      return this;
    }

    /** Time allowed to connect, used when this builder creates the HttpClient (default 15 s). */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** How to wait between retries (tests pass one that records instead of sleeping). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The clock rate-limit headers are compared with. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The most requests in flight at once through this client (default 8); clients sharing {@link
     * RequestStats} share the bound last set explicitly.
     */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1");
      }
      this.maxConcurrentRequests = max;
      this.maxConcurrentSet = true;
      return this;
    }

    /**
     * The counters to add to; share one between the clients of one connector. Clients with the
     * same counters also share flow control (requests in flight, rate-limit holds and pacing) and
     * the {@link Redactor}, as the clients of one connector should.
     */
    public Builder stats(RequestStats stats) {
      this.stats = stats;
      return this;
    }

    /** A header sent with every request (never logged). */
    public Builder defaultHeader(String name, String value) {
      defaultHeaders.put(name, value);
      return this;
    }

    /** Observes every answer. */
    public Builder listener(ResponseListener listener) {
      listeners.add(listener);
      return this;
    }

    /**
     * Secrets to mask, in every encoding, should an API echo them (see {@link Redactor}); the
     * credentials obtained at run time are masked without being named here.
     */
    public Builder redact(Secret... secrets) {
      Collections.addAll(this.secrets, secrets);
      return this;
    }

    /** The client. */
    public ApiClient build() {
      return new ApiClient(this);
    }
  }
}
