package io.github.usersync.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.AuthenticationFailedException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.PermissionDeniedException;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * An OAuth 2.0 token endpoint as a {@link TokenProvider}: client credentials (secret or signed
 * assertion), the JWT bearer grant, the refresh-token grant, or the password grant, all as
 * form-encoded POSTs.
 *
 * <p>The token is cached until {@code expires_in} minus a skew (default 60 s). When it must be
 * fetched, one caller fetches and concurrent callers wait for that result, so there are never two
 * fetches at once. After a 401 the {@link ApiClient} calls {@link #invalidate(String)} and the next
 * call fetches a new token. Every credential it sends or obtains (secrets, assertions, access,
 * refresh and id tokens) is registered with the client's {@link Redactor} first. A rejected credential becomes an {@link AuthenticationFailedException}
 * that names the token endpoint and says what to check.
 */
public final class OAuth2TokenProvider implements TokenProvider {
  private final ApiClient client;
  private final URI tokenEndpoint;
  private final Map<String, String> fixedParams;
  private final Map<String, Secret> secretParams;
  private final @Nullable Supplier<Map<String, String>> dynamicParams;
  private final @Nullable String basicAuth;
  private final Duration skew;
  private final Duration defaultLifetime;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicInteger fetches = new AtomicInteger();
  private volatile @Nullable Token current;

  private OAuth2TokenProvider(Builder b) {
    this.client = b.client;
    this.tokenEndpoint = b.tokenEndpoint;
    this.fixedParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
    this.secretParams = Collections.unmodifiableMap(new LinkedHashMap<>(b.secretParams));
    this.dynamicParams = b.dynamicParams;
    this.basicAuth = b.basicAuth;
    this.skew = b.skew;
    this.defaultLifetime = b.defaultLifetime;
    this.clock = b.clock;
  }

  /**
   * A builder for a token endpoint; tokens are fetched through {@code client} (which may be the
   * API's own client: token requests are unauthenticated, so any https host is allowed).
   */
  public static Builder builder(ApiClient client, URI tokenEndpoint) {
    return new Builder(client, Urls.requireSecure("tokenUrl", tokenEndpoint.toString()));
  }

  @Override
  public String authorization() {
    Token t = current;
    if (t != null && t.validAt(clock.instant())) {
      return t.header;
    }
    lock.lock();
    try {
      t = current;
      if (t != null && t.validAt(clock.instant())) {
        return t.header;
      }
      t = fetch();
      current = t;
      return t.header;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void invalidate(String rejectedAuthorization) {
    lock.lock();
    try {
      Token t = current;
      if (t != null && t.header.equals(rejectedAuthorization)) {
        current = null;
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean refreshable() {
    return true;
  }

  /** How many tokens were fetched so far. */
  public int fetchCount() {
    return fetches.get();
  }

  private Token fetch() {
    Redactor redactor = client.redactor();
    Map<String, String> form = new LinkedHashMap<>(fixedParams);
    secretParams.forEach((k, v) -> {
      redactor.add(v);
      form.put(k, v.reveal());
    });
    if (dynamicParams != null) {
      Map<String, String> dynamic = dynamicParams.get();
      // A signed assertion is a credential until it expires: registered before it is sent, so
      // an endpoint that echoes the request cannot put it in a message.
      dynamic.forEach((k, v) -> {
        if (isCredential(k)) {
          redactor.addValue(v);
        }
      });
      form.putAll(dynamic);
    }
    ApiRequest.Builder rb =
        ApiRequest.post(tokenEndpoint)
            .authenticated(false)
            .idempotent(true)
            .label("token")
            .formBody(form);
    if (basicAuth != null) {
      redactor.addAuthorization(basicAuth);
      rb.header("Authorization", basicAuth);
    }
    ApiRequest request = rb.build();
    fetches.incrementAndGet();
    ApiResponse response;
    try {
      response = client.send(request);
    } catch (AuthenticationFailedException | PermissionDeniedException e) {
      throw rejected(e);
    } catch (ApiException e) {
      if (e.status() == 400) {
        throw rejected(e);
      }
      throw e;
    }
    JsonNode json = response.json();
    for (String field : new String[] {"access_token", "refresh_token", "id_token"}) {
      JsonNode t = json.get(field);
      if (t != null && t.isTextual()) {
        redactor.addValue(t.asText());
      }
    }
    JsonNode token = json.get("access_token");
    if (token == null || !token.isTextual() || token.asText().isEmpty()) {
      throw new DirectoryException(
          client.service()
              + ": the token endpoint "
              + Urls.withoutQuery(tokenEndpoint)
              + " answered without an access_token; check that the URL is the OAuth 2.0 token"
              + " endpoint");
    }
    Duration lifetime = defaultLifetime;
    JsonNode expiresIn = json.get("expires_in");
    if (expiresIn != null && (expiresIn.isNumber() || expiresIn.isTextual())) {
      try {
        lifetime = Duration.ofSeconds(Long.parseLong(expiresIn.asText().trim()));
      } catch (NumberFormatException e) {
        // keep the default lifetime
      }
    }
    String type = json.path("token_type").asText("Bearer");
    String scheme = type.equalsIgnoreCase("bearer") || type.isEmpty() ? "Bearer" : type;
    Duration usable = lifetime.compareTo(skew.multipliedBy(2)) > 0 ? lifetime.minus(skew) : lifetime.dividedBy(2);
    return new Token(scheme + " " + token.asText(), clock.instant().plus(usable));
  }

  /** Whether a form parameter holds a credential (an assertion, a secret, a token, a password). */
  static boolean isCredential(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return !n.endsWith("_type")
        && (n.contains("assertion") || n.contains("secret") || n.contains("token")
            || n.contains("password") || n.equals("code") || n.equals("code_verifier"));
  }

  private ApiException rejected(ApiException e) {
    String code = e.errorCode().orElse(null);
    String endpoint = e.endpoint();
    if ("invalid_scope".equals(code)) {
      return new PermissionDeniedException(
          e.service(), endpoint, e.status(), code, e.providerMessage().orElse(null),
          e.requestId().orElse(null),
          "The token endpoint refused the requested scope; grant the application the scope or"
              + " permission named in the message, or correct the scope setting.");
    }
    return new AuthenticationFailedException(
        e.service(), endpoint, e.status(), code, e.providerMessage().orElse(null),
        e.requestId().orElse(null),
        e.fix().filter(f -> !f.startsWith("The credentials"))
            .orElse(
                "The token endpoint rejected the client credentials; check the client id and the"
                    + " secret or key in the settings, and that they have not expired or been"
                    + " revoked."));
  }

  @Override
  public String toString() {
    return "OAuth2TokenProvider[" + Urls.withoutQuery(tokenEndpoint) + "]";
  }

  private static final class Token {
    final String header;
    final Instant expiresAt;

    Token(String header, Instant expiresAt) {
      this.header = header;
      this.expiresAt = expiresAt;
    }

    boolean validAt(Instant now) {
      return now.isBefore(expiresAt);
    }
  }

  /** Builds an {@link OAuth2TokenProvider}. */
  public static final class Builder {
    private final ApiClient client;
    private final URI tokenEndpoint;
    private final Map<String, String> params = new LinkedHashMap<>();
    private final Map<String, Secret> secretParams = new LinkedHashMap<>();
    private @Nullable Supplier<Map<String, String>> dynamicParams;
    private @Nullable String basicAuth;
    private Duration skew = Duration.ofSeconds(60);
    private Duration defaultLifetime = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder(ApiClient client, URI tokenEndpoint) {
      this.client = Objects.requireNonNull(client);
      this.tokenEndpoint = tokenEndpoint;
    }

    /** {@code grant_type=client_credentials} with {@code client_id} and {@code client_secret} in the body. */
    public Builder clientCredentials(String clientId, Secret clientSecret) {
      params.put("grant_type", "client_credentials");
      params.put("client_id", clientId);
      secretParams.put("client_secret", clientSecret);
      return this;
    }

    /** Sets {@code grant_type}. */
    public Builder grantType(String grantType) {
      params.put("grant_type", grantType);
      return this;
    }

    /** Sets {@code scope}. */
    public Builder scope(String scope) {
      params.put("scope", scope);
      return this;
    }

    /** Adds a form parameter. */
    public Builder param(String name, String value) {
      params.put(name, value);
      return this;
    }

    /** Adds a secret form parameter (never printed). */
    public Builder secretParam(String name, Secret value) {
      secretParams.put(name, value);
      return this;
    }

    /**
     * Parameters computed for each fetch, e.g. a freshly signed {@code client_assertion} or
     * {@code assertion}.
     */
    public Builder dynamicParams(Supplier<Map<String, String>> params) {
      this.dynamicParams = params;
      return this;
    }

    /** Sends the client id and secret as HTTP Basic ({@code client_secret_basic}). */
    public Builder basicAuth(String clientId, Secret clientSecret) {
      String pair = Urls.encodeFormComponent(clientId) + ":" + Urls.encodeFormComponent(clientSecret.reveal());
      this.basicAuth =
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    /** How long before expiry a token is replaced (default 60 s). */
    public Builder expirySkew(Duration skew) {
      this.skew = skew;
      return this;
    }

    /** The lifetime assumed when the answer has no {@code expires_in} (default 5 minutes). */
    public Builder defaultLifetime(Duration lifetime) {
      this.defaultLifetime = lifetime;
      return this;
    }

    /** The clock expiry is measured with. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The provider. */
    public OAuth2TokenProvider build() {
      if (!params.containsKey("grant_type")) {
        throw new IllegalStateException("grant_type is not set");
      }
      return new OAuth2TokenProvider(this);
    }
  }
}
