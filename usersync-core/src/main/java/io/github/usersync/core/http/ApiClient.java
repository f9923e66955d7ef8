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
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends {@link ApiRequest}s to one API: attaches credentials, retries what is worth retrying,
 * honours rate limits, bounds the requests in flight, counts, and turns failures into the {@link
 * io.github.usersync.core.UsersyncException} hierarchy with messages that say what to fix.
 *
 * <p>What is retried (up to {@link RetryPolicy#maxAttempts()}, within {@link
 * RetryPolicy#maxTotalWait()}): connection resets and timeouts (for non-idempotent requests only
 * failures before sending), a refused connection at most three times in all, 408, 500, 502, 503,
 * 504 with exponential backoff and jitter; never an unknown host or a TLS failure; throttling (429, or what
 * the {@link ApiErrorParser} classifies as such) after the wait the provider asks for ({@code
 * Retry-After} or the {@link RateLimitPolicy}'s headers). A 401 on an authenticated call makes the
 * {@link TokenProvider} fetch a new token once. Nothing else is retried.
 *
 * <p>Credentials are sent only to the base URL's origin: an absolute URL (a next-page link) on
 * another host is refused. Headers and bodies are never logged; known secrets are masked in
 * messages. Thread-safe; one client per connector instance.
 */
public final class ApiClient {
  private static final Logger LOG = LoggerFactory.getLogger(ApiClient.class);

  private final String service;
  private final URI baseUri;
  private final HttpClient http;
  private final ObjectMapper mapper;
  private final @Nullable TokenProvider tokens;
  private final RetryPolicy retry;
  private final RateLimitPolicy rateLimits;
  private final ApiErrorParser errors;
  private final Duration requestTimeout;
  private final Sleeper sleeper;
  private final Clock clock;
  private final Semaphore inFlight;
  private final int maxConcurrentRequests;
  private final RequestStats stats;
  private final Map<String, String> defaultHeaders;
  private final List<ResponseListener> listeners;
  private final List<Secret> secrets;
  private final AtomicLong pauseUntilMillis = new AtomicLong();

  private ApiClient(Builder b) {
    this.service = b.service;
    this.baseUri = Objects.requireNonNull(b.baseUri, "baseUri");
    this.mapper = b.mapper != null ? b.mapper : defaultMapper();
    this.tokens = b.tokens;
    this.retry = b.retry;
    this.rateLimits = b.rateLimits;
    this.errors = b.errors;
    this.requestTimeout = b.requestTimeout;
    this.sleeper = b.sleeper;
    this.clock = b.clock;
    this.maxConcurrentRequests = b.maxConcurrentRequests;
    this.inFlight = new Semaphore(b.maxConcurrentRequests, true);
    this.stats = b.stats;
    this.defaultHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(b.defaultHeaders));
    this.listeners = Collections.unmodifiableList(new ArrayList<>(b.listeners));
    this.secrets = Collections.unmodifiableList(new ArrayList<>(b.secrets));
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
    String endpoint = request.method() + " " + Urls.withoutQuery(uri);
    checkDestination(request, uri, endpoint);
    Duration waited = Duration.ZERO;
    boolean refreshedToken = false;
    for (int attempt = 1; ; attempt++) {
      awaitPause();
      String authorization =
          request.authenticated() && tokens != null ? tokens.authorization() : null;
      ApiResponse response;
      try {
        response = exchange(request, uri, authorization);
      } catch (IOException | InterruptedException e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        ConnectionFailedException failure =
            Failures.connectionFailed(service, endpoint, uri, e);
        boolean mayRetry =
            failure.retryable()
                && (request.idempotent() || (e instanceof IOException && Failures.beforeSending((IOException) e)));
        if (mayRetry && attempt < attemptsFor(failure.problem())) {
          Duration d = retry.backoff(attempt);
          if (withinBudget(waited, d)) {
            LOG.warn(
                "{}: {} failed ({}); retrying in {} ms (attempt {} of {})",
                service, endpoint, failure.problem(), d.toMillis(), attempt + 1, retry.maxAttempts());
            pause(d, false);
            waited = waited.plus(d);
            stats.recordRetry();
            continue;
          }
        }
        stats.recordFailure();
        throw failure;
      }
      for (ResponseListener l : listeners) {
        l.onResponse(response);
      }
      rateLimits.pauseAfter(response, clock).ifPresent(this::holdRequests);
      if (response.isSuccess() || request.acceptedStatuses().contains(response.status())) {
        return response;
      }

      ApiError error =
          errors.parse(request, response).withRequestIdIfAbsent(ApiErrorParser.requestIdHeader(response));
      ApiError.Kind kind = classify(response.status(), error);

      if (kind == ApiError.Kind.AUTHENTICATION_FAILED
          && authorization != null
          && tokens != null
          && tokens.refreshable()
          && !refreshedToken) {
        LOG.debug("{}: {} answered 401; fetching a new token once", service, endpoint);
        tokens.invalidate(authorization);
        refreshedToken = true;
        attempt--;
        continue;
      }
      boolean throttled =
          kind == ApiError.Kind.THROTTLED
              || (kind == ApiError.Kind.RETRYABLE
                  && response.status() == 503
                  && response.header("Retry-After").isPresent());
      if (throttled || kind == ApiError.Kind.RETRYABLE) {
        if (throttled) {
          stats.recordThrottled();
        }
        Optional<Duration> asked = rateLimits.retryDelay(response, clock);
        Duration d = asked.isPresent() ? asked.get() : retry.backoff(attempt);
        if (attempt < retry.maxAttempts() && withinBudget(waited, d)) {
          LOG.warn(
              "{}: {} answered HTTP {}{}; retrying in {} ms (attempt {} of {})",
              service, endpoint, response.status(), throttled ? " (throttled)" : "", d.toMillis(),
              attempt + 1, retry.maxAttempts());
          pause(d, throttled);
          waited = waited.plus(d);
          stats.recordRetry();
          continue;
        }
        stats.recordFailure();
        if (throttled) {
          throw new ThrottledException(
              service, endpoint, response.status(), code(error), message(error), requestId(error),
              asked.orElse(null),
              error.fix().orElse(
                  "The provider kept throttling after "
                      + attempt
                      + " attempts and "
                      + waited.toSeconds()
                      + " s of waiting; run the sync later, lower its concurrency, or ask the"
                      + " provider for a higher rate limit."));
        }
      } else {
        stats.recordFailure();
      }
      throw toException(kind, response.status(), error, endpoint);
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
        return Math.min(3, retry.maxAttempts());
      default:
        return retry.maxAttempts();
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
    inFlight.acquire();
    long start = System.nanoTime();
    HttpResponse<byte[]> r;
    try {
      stats.recordRequest();
      r = http.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
    } finally {
      inFlight.release();
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug(
          "{}: {} {} -> {} ({} ms)",
          service, request.method(), Urls.withoutQuery(uri), r.statusCode(),
          (System.nanoTime() - start) / 1_000_000);
    }
    return new ApiResponse(service, request, uri, r.statusCode(), r.headers(), r.body(), mapper);
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

  private ApiException toException(ApiError.Kind kind, int status, ApiError error, String endpoint) {
    String code = code(error);
    String message = message(error);
    String requestId = requestId(error);
    switch (kind) {
      case AUTHENTICATION_FAILED:
        return new AuthenticationFailedException(
            service, endpoint, status, code, message, requestId,
            error.fix().orElse(
                "The credentials were rejected; check the secret, token or key in the "
                    + service + " settings, and that it has not expired or been revoked."));
      case PERMISSION_DENIED:
        return new PermissionDeniedException(
            service, endpoint, status, code, message, requestId,
            error.fix().orElse(
                "The credentials are valid but lack a permission this call needs; grant it to the"
                    + " application or service account in " + service + "."));
      case NOT_FOUND:
        return new NotFoundException(
            service, endpoint, status, code, message, requestId, error.fix().orElse(null));
      default:
        return new ApiException(
            service, endpoint, status, code, message, requestId,
            kind == ApiError.Kind.RETRYABLE, error.fix().orElse(null));
    }
  }

  private @Nullable String code(ApiError e) {
    return e.code().map(this::redact).orElse(null);
  }

  private @Nullable String message(ApiError e) {
    return e.message().map(this::redact).orElse(null);
  }

  private static @Nullable String requestId(ApiError e) {
    return e.requestId().orElse(null);
  }

  /** Masks every known secret in a text that may reach a message or log. */
  String redact(String text) {
    String out = text;
    for (Secret s : secrets) {
      String v = s.reveal();
      if (v.length() >= 4 && out.contains(v)) {
        out = out.replace(v, "****");
      }
    }
    return out;
  }

  private boolean withinBudget(Duration waited, Duration next) {
    return waited.plus(next).compareTo(retry.maxTotalWait()) <= 0;
  }

  private void holdRequests(Duration d) {
    long until = clock.millis() + d.toMillis();
    pauseUntilMillis.accumulateAndGet(until, Math::max);
    LOG.info("{}: rate-limit budget spent; holding requests for {} ms", service, d.toMillis());
  }

  private void awaitPause() {
    long remaining = pauseUntilMillis.get() - clock.millis();
    if (remaining > 0) {
      pause(Duration.ofMillis(remaining), true);
    }
  }

  private void pause(Duration d, boolean throttle) {
    if (throttle) {
      stats.recordThrottleWait(d);
    }
    try {
      sleeper.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionFailedException(
          service, "wait before retry", ConnectionFailedException.Problem.INTERRUPTED,
          baseUri.getHost() == null ? "?" : baseUri.getHost(), Urls.port(baseUri),
          "The thread was interrupted while waiting to retry; run the sync again.", e);
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
    private RateLimitPolicy rateLimits = RateLimitPolicy.retryAfter();
    private ApiErrorParser errors = ApiErrorParser.standard();
    private Duration requestTimeout = Duration.ofSeconds(60);
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();
    private int maxConcurrentRequests = 8;
    private @Nullable InetSocketAddress proxy;
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

    /** Time allowed per request for the whole answer (default 60 s). */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
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

    /** The most requests in flight at once through this client (default 8). */
    public Builder maxConcurrentRequests(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxConcurrentRequests must be at least 1");
      }
      this.maxConcurrentRequests = max;
      return this;
    }

    /** The counters to add to; share one between clients of one connector. */
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

    /** Secrets to mask should an API echo them in an error message. */
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
