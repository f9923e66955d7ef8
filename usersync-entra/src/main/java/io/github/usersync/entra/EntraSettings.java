package io.github.usersync.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.entra.internal.SettingsValidation;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach one Microsoft Entra tenant: the tenant, the application's client id and exactly one
 * credential (a client secret, or a certificate with its private key), the cloud, and limits.
 * Secrets are {@link Secret}s, so {@code toString()} never shows them.
 *
 * <pre>{@code
 * EntraSettings settings = EntraSettings.builder()
 *     .tenant("contoso.onmicrosoft.com")
 *     .clientId("00001111-aaaa-2222-bbbb-3333cccc4444")
 *     .clientSecret(Secret.of(System.getenv("ENTRA_CLIENT_SECRET")))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public interface EntraSettings {
  /** {@code tenant}: the directory (tenant) id or a verified domain of the tenant. */
  SettingKey TENANT =
      SettingKey.required(
          "tenant",
          "the directory (tenant) ID, a GUID, or a verified domain such as"
              + " contoso.onmicrosoft.com");

  /** {@code clientId}: the application (client) id of the app registration. */
  SettingKey CLIENT_ID =
      SettingKey.required(
          "clientId", "the Application (client) ID of the app registration, a GUID");

  /** {@code clientSecret}: a client secret's value; or use a certificate. */
  SettingKey CLIENT_SECRET =
      SettingKey.optionalSecret(
          "clientSecret",
          "a client secret's Value (not its Secret ID); set this or certificate and privateKey");

  /** {@code certificate}: the PEM certificate registered on the app; needs {@code privateKey}. */
  SettingKey CERTIFICATE =
      SettingKey.optional(
          "certificate",
          "the PEM text (-----BEGIN CERTIFICATE-----) of a certificate uploaded to the app"
              + " registration; use with privateKey instead of clientSecret");

  /** {@code privateKey}: the certificate's unencrypted PEM RSA private key. */
  SettingKey PRIVATE_KEY =
      SettingKey.optionalSecret(
          "privateKey",
          "the certificate's RSA private key as unencrypted PEM (PKCS#8 BEGIN PRIVATE KEY or"
              + " PKCS#1 BEGIN RSA PRIVATE KEY)");

  /** {@code cloud}: global, usgov, usgov-dod or china. */
  SettingKey CLOUD =
      SettingKey.optional(
          "cloud",
          "the Microsoft cloud of the tenant: global, usgov (US Gov L4, GCC High), usgov-dod"
              + " (US Gov L5) or china (21Vianet)",
          "global");

  /** {@code apiVersion}: v1.0 or beta. */
  SettingKey API_VERSION =
      SettingKey.optional(
          "apiVersion",
          "the Microsoft Graph version: v1.0, or beta (not supported by Microsoft for production)",
          "v1.0");

  /** {@code loginBaseUrl}: overrides the cloud's sign-in host (tests, proxies). */
  SettingKey LOGIN_BASE_URL =
      SettingKey.optional(
          "loginBaseUrl",
          "overrides the cloud's sign-in host, e.g. for tests or a reverse proxy; https:// (http://"
              + " only on loopback)");

  /** {@code graphBaseUrl}: overrides the cloud's Graph host (tests, proxies). */
  SettingKey GRAPH_BASE_URL =
      SettingKey.optional(
          "graphBaseUrl",
          "overrides the cloud's Microsoft Graph host, e.g. for tests or a reverse proxy;"
              + " https:// (http:// only on loopback); the API version is appended");

  /** {@code pageSize}: users, groups and members asked for per request, at most 999. */
  SettingKey PAGE_SIZE =
      SettingKey.optional(
          "pageSize", "objects asked for per request ($top), 1 to 999", "999");

  /** {@code maxConcurrentRequests}: the bound on requests in flight. */
  SettingKey MAX_CONCURRENT_REQUESTS =
      SettingKey.optional(
          "maxConcurrentRequests",
          "how many requests may be in flight at once, 1 to 64",
          "8");

  /** {@code requestTimeout}: time allowed for one answer. */
  SettingKey REQUEST_TIMEOUT =
      SettingKey.optional(
          "requestTimeout", "time allowed for one answer, e.g. 60s or PT1M", "60s");

  /** Every key {@link #fromSettings(Settings)} accepts. */
  List<SettingKey> KEYS =
      List.of(
          TENANT,
          CLIENT_ID,
          CLIENT_SECRET,
          CERTIFICATE,
          PRIVATE_KEY,
          CLOUD,
          API_VERSION,
          LOGIN_BASE_URL,
          GRAPH_BASE_URL,
          PAGE_SIZE,
          MAX_CONCURRENT_REQUESTS,
          REQUEST_TIMEOUT);

  /** The largest page Microsoft Graph serves for users, groups and members. */
  int MAX_PAGE_SIZE = 999;

  /** The directory (tenant) id or a verified domain, e.g. {@code contoso.onmicrosoft.com}. */
  String tenant();

  /** The application (client) id of the app registration. */
  String clientId();

  /** The client secret, when the app authenticates with a secret. */
  Optional<Secret> clientSecret();

  /**
   * The PEM certificate registered on the app, when it authenticates with a certificate. Not a
   * secret, but left out of {@code toString()} for brevity.
   */
  @Value.Redacted
  Optional<String> certificate();

  /** The certificate's private key (PEM), with {@link #certificate()}. */
  Optional<Secret> privateKey();

  /** The Microsoft cloud (default {@link EntraCloud#GLOBAL}). */
  @Value.Default
  default EntraCloud cloud() {
    return EntraCloud.GLOBAL;
  }

  /** The Graph version, {@code v1.0} (default) or {@code beta}. */
  @Value.Default
  default String apiVersion() {
    return "v1.0";
  }

  /** Overrides the cloud's sign-in host. */
  Optional<URI> loginBaseUrl();

  /** Overrides the cloud's Graph host (the API version is appended). */
  Optional<URI> graphBaseUrl();

  /** Objects per request ({@code $top}), 1 to 999 (default 999). */
  @Value.Default
  default int pageSize() {
    return MAX_PAGE_SIZE;
  }

  /** Requests in flight at once (default 8). */
  @Value.Default
  default int maxConcurrentRequests() {
    return 8;
  }

  /** Time allowed for one answer (default 60 s). */
  @Value.Default
  default Duration requestTimeout() {
    return Duration.ofSeconds(60);
  }

  /** The host's HTTP client (its proxy and TLS settings); else one is created. */
  @Value.Auxiliary
  Optional<HttpClient> httpClient();

  /** The host's Jackson mapper; else usersync's default. */
  @Value.Auxiliary
  Optional<ObjectMapper> objectMapper();

  /** How to wait between retries; tests pass one that does not sleep. */
  @Value.Default
  @Value.Auxiliary
  default Sleeper sleeper() {
    return Sleeper.system();
  }

  /** The token endpoint: {@code {login host}/{tenant}/oauth2/v2.0/token}. */
  default URI tokenUrl() {
    String base = trimSlash(loginBaseUrl().orElse(cloud().loginHost()).toString());
    return URI.create(base + "/" + Urls.encodePathSegment(tenant()) + "/oauth2/v2.0/token");
  }

  /** The Graph root requests resolve against, e.g. {@code https://graph.microsoft.com/v1.0}. */
  default URI graphApiUrl() {
    String base = trimSlash(graphBaseUrl().orElse(cloud().graphHost()).toString());
    return URI.create(base + "/" + apiVersion());
  }

  /** The scope asked for: the cloud's Graph host with {@code /.default}, whatever the overrides. */
  default String scope() {
    return cloud().scope();
  }

  /** Checks the values; every failure names the setting. */
  @Value.Check
  default void check() {
    SettingsValidation.check(this);
  }

  /**
   * Reads settings from a map of keys (see {@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when a setting is missing, unknown or invalid
   */
  static EntraSettings fromSettings(Settings settings) {
    settings.requireKnown(KEYS);
    Builder b = builder().tenant(settings.require(TENANT)).clientId(settings.require(CLIENT_ID));
    settings.secret(CLIENT_SECRET).ifPresent(b::clientSecret);
    settings.get(CERTIFICATE).ifPresent(b::certificate);
    settings.secret(PRIVATE_KEY).ifPresent(b::privateKey);
    settings.get(CLOUD).map(EntraCloud::fromSetting).ifPresent(b::cloud);
    settings.get(API_VERSION).ifPresent(b::apiVersion);
    settings.url(LOGIN_BASE_URL).ifPresent(b::loginBaseUrl);
    settings.url(GRAPH_BASE_URL).ifPresent(b::graphBaseUrl);
    settings.integer(PAGE_SIZE, 1, MAX_PAGE_SIZE).ifPresent(b::pageSize);
    settings.integer(MAX_CONCURRENT_REQUESTS, 1, 64).ifPresent(b::maxConcurrentRequests);
    settings.duration(REQUEST_TIMEOUT).ifPresent(b::requestTimeout);
    return b.build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link EntraSettings}: {@code tenant}, {@code clientId} and one credential. */
  final class Builder extends ImmutableEntraSettings.Builder {}

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
