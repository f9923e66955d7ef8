package io.github.usersync.scim;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
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
public abstract class ScimTargetSettings implements ConnectionSettings {
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

  /** The keys every connector and target shares, with SCIM's defaults and bounds. */
  static final SharedKeys SHARED = SharedKeys.builder()
      .baseUrl(SharedKeys.baseUrl(true,
          "The SCIM base URL, e.g. https://api.example.com/scim/v2 (the one /Users and /Groups are below)."))
      .pageSize(100, 1000, "users or groups (SCIM count; the service may answer fewer)")
      .maxConcurrentRequests(4, 32, null)
      .build();

  /** {@code baseUrl}. */
  public static final SettingKey BASE_URL = SHARED.baseUrl().orElseThrow();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS = SHARED.keys(TOKEN, TOKEN_URL, CLIENT_ID, CLIENT_SECRET, SCOPE);

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

  /** The shared keys with SCIM's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  ScimTargetSettings check() {
    URI clean = SharedKeys.checkUrl(BASE_URL, baseUrl());
    SHARED.check(this);
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
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  public static ScimTargetSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    b.baseUrl(settings.url(BASE_URL).orElseThrow(() -> new ConfigurationException(BASE_URL.name(),
        "is required: " + BASE_URL.description())));
    b.token(settings.secret(TOKEN));
    b.tokenUrl(settings.url(TOKEN_URL));
    b.clientId(settings.get(CLIENT_ID));
    b.clientSecret(settings.secret(CLIENT_SECRET));
    b.scope(settings.get(SCOPE));
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ScimTargetSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableScimTargetSettings.Builder {}
}
