package io.github.usersync.scim;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach a SCIM 2.0 service provider (Atlassian Cloud, Slack, Zoom, GitHub Enterprise
 * Managed Users, or usersync's own {@link ScimServiceProvider}): its base URL and either a bearer
 * token or OAuth 2.0 client credentials. Immutable; secrets never show in {@code toString}.
 *
 * <pre>{@code
 * ScimTargetSettings settings = ScimTargetSettings.builder()
 *     .baseUrl(URI.create("https://api.example.com/scim/v2"))
 *     .token(Secret.of(System.getenv("SCIM_TOKEN")))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class ScimTargetSettings {
  /** {@code baseUrl}. */
  public static final SettingKey BASE_URL = SettingKey.required("baseUrl",
      "The SCIM base URL, e.g. https://api.example.com/scim/v2 (the one /Users and /Groups are below)."
          + " https:// only, except loopback hosts.");
  /** {@code token}. */
  public static final SettingKey TOKEN = SettingKey.optionalSecret("token",
      "A bearer token the service issued (or use tokenUrl, clientId and clientSecret).");
  /** {@code tokenUrl}. */
  public static final SettingKey TOKEN_URL = SettingKey.optional("tokenUrl",
      "The OAuth 2.0 token endpoint, for the client credentials grant.");
  /** {@code clientId}. */
  public static final SettingKey CLIENT_ID = SettingKey.optional("clientId", "The OAuth 2.0 client id.");
  /** {@code clientSecret}. */
  public static final SettingKey CLIENT_SECRET = SettingKey.optionalSecret("clientSecret", "The OAuth 2.0 client secret.");
  /** {@code scope}. */
  public static final SettingKey SCOPE = SettingKey.optional("scope", "The OAuth 2.0 scope to ask for, if the service needs one.");
  /** {@code pageSize}. */
  public static final SettingKey PAGE_SIZE = SettingKey.optional("pageSize",
      "Users or groups per page (SCIM count), 1 to 1000; the service may answer fewer.", "100");
  /** {@code maxConcurrentRequests}. */
  public static final SettingKey MAX_CONCURRENT_REQUESTS =
      SettingKey.optional("maxConcurrentRequests", "Requests in flight at once, 1 to 32.", "4");
  /** {@code requestTimeout}. */
  public static final SettingKey REQUEST_TIMEOUT =
      SettingKey.optional("requestTimeout", "Time allowed per request, e.g. 60s.", "60s");

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS = Collections.unmodifiableList(Arrays.asList(
      BASE_URL, TOKEN, TOKEN_URL, CLIENT_ID, CLIENT_SECRET, SCOPE, PAGE_SIZE, MAX_CONCURRENT_REQUESTS,
      REQUEST_TIMEOUT));

  ScimTargetSettings() {}

  /** The SCIM base URL. */
  public abstract URI baseUrl();

  /** A bearer token, when the service issued one. */
  public abstract Optional<Secret> token();

  /** The OAuth 2.0 token endpoint, for client credentials. */
  public abstract Optional<URI> tokenUrl();

  /** The OAuth 2.0 client id. */
  public abstract Optional<String> clientId();

  /** The OAuth 2.0 client secret. */
  public abstract Optional<Secret> clientSecret();

  /** The OAuth 2.0 scope. */
  public abstract Optional<String> scope();

  /** Resources per page. */
  @Value.Default
  public int pageSize() {
    return 100;
  }

  /** Requests in flight at once. */
  @Value.Default
  public int maxConcurrentRequests() {
    return 4;
  }

  /** Time allowed per request. */
  @Value.Default
  public Duration requestTimeout() {
    return Duration.ofSeconds(60);
  }

  @Value.Check
  ScimTargetSettings check() {
    Settings.parseSecureUrl(BASE_URL.name(), baseUrl().toString());
    boolean oauth = tokenUrl().isPresent() || clientId().isPresent() || clientSecret().isPresent();
    if (token().isPresent() == oauth) {
      throw new ConfigurationException(TOKEN.name(), "give either a token, or tokenUrl, clientId and clientSecret"
          + " (the OAuth 2.0 client credentials grant)");
    }
    if (oauth && !(tokenUrl().isPresent() && clientId().isPresent() && clientSecret().isPresent())) {
      throw new ConfigurationException(TOKEN_URL.name(), "the client credentials grant needs tokenUrl, clientId"
          + " and clientSecret");
    }
    tokenUrl().ifPresent(u -> Settings.parseSecureUrl(TOKEN_URL.name(), u.toString()));
    range(PAGE_SIZE, pageSize(), 1, 1000);
    range(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests(), 1, 32);
    if (requestTimeout().isNegative() || requestTimeout().isZero()) {
      throw new ConfigurationException(REQUEST_TIMEOUT.name(), "must be positive");
    }
    String b = baseUrl().toString();
    return b.endsWith("/") ? builder().from(this).baseUrl(URI.create(b.substring(0, b.length() - 1))).build() : this;
  }

  private static void range(SettingKey key, int v, int min, int max) {
    if (v < min || v > max) {
      throw new ConfigurationException(key.name(), "must be between " + min + " and " + max + ", got " + v);
    }
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  public static ScimTargetSettings fromSettings(Settings settings) {
    settings.requireKnown(KEYS);
    Builder b = builder();
    b.baseUrl(settings.url(BASE_URL).orElseThrow(() -> new ConfigurationException(BASE_URL.name(),
        "is required: " + BASE_URL.description())));
    b.token(settings.secret(TOKEN));
    b.tokenUrl(settings.url(TOKEN_URL));
    b.clientId(settings.get(CLIENT_ID));
    b.clientSecret(settings.secret(CLIENT_SECRET));
    b.scope(settings.get(SCOPE));
    settings.integer(PAGE_SIZE, 1, 1000).ifPresent(b::pageSize);
    settings.integer(MAX_CONCURRENT_REQUESTS, 1, 32).ifPresent(b::maxConcurrentRequests);
    settings.duration(REQUEST_TIMEOUT).ifPresent(b::requestTimeout);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ScimTargetSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableScimTargetSettings.Builder {}
}
