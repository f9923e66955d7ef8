package io.github.usersync.entra;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import io.github.usersync.entra.internal.CertificateCredential;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
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
public abstract class EntraSettings implements ConnectionSettings {
  /** {@code tenant}: the directory (tenant) id or a verified domain of the tenant. */
  public static final SettingKey TENANT =
      SettingKey.required(
          "tenant",
          "The directory (tenant) ID, a GUID, or a verified domain such as"
              + " contoso.onmicrosoft.com.");

  /** {@code clientId}: the application (client) id of the app registration. */
  public static final SettingKey CLIENT_ID =
      SettingKey.required(
          "clientId", "The Application (client) ID of the app registration, a GUID.");

  /** {@code clientSecret}: a client secret's value; or use a certificate. */
  public static final SettingKey CLIENT_SECRET =
      SettingKey.optionalSecret(
          "clientSecret",
          "A client secret's Value (not its Secret ID); set this or certificate and privateKey.");

  /** {@code certificate}: the PEM certificate registered on the app; needs {@code privateKey}. */
  public static final SettingKey CERTIFICATE =
      SettingKey.optional(
          "certificate",
          "The PEM text (-----BEGIN CERTIFICATE-----) of a certificate uploaded to the app"
              + " registration; use with privateKey instead of clientSecret.");

  /** {@code privateKey}: the certificate's unencrypted PEM RSA private key. */
  public static final SettingKey PRIVATE_KEY =
      SettingKey.optionalSecret(
          "privateKey",
          "The certificate's RSA private key as unencrypted PEM (PKCS#8 BEGIN PRIVATE KEY or"
              + " PKCS#1 BEGIN RSA PRIVATE KEY).");

  /** {@code cloud}: global, usgov, usgov-dod or china. */
  public static final SettingKey CLOUD =
      SettingKey.optional(
          "cloud",
          "The Microsoft cloud of the tenant: global, usgov (US Gov L4, GCC High), usgov-dod"
              + " (US Gov L5) or china (21Vianet).",
          "global");

  /** {@code apiVersion}: v1.0 or beta. */
  public static final SettingKey API_VERSION =
      SettingKey.optional(
          "apiVersion",
          "The Microsoft Graph version: v1.0, or beta (not supported by Microsoft for production).",
          "v1.0");

  /** {@code loginBaseUrl}: overrides the cloud's sign-in host (tests, proxies). */
  public static final SettingKey LOGIN_BASE_URL =
      SettingKey.optional(
          "loginBaseUrl",
          "Overrides the cloud's sign-in host, e.g. for tests or a reverse proxy; https:// only;"
              + " http:// only for loopback hosts (tests, local proxies).");

  /** The largest page Microsoft Graph serves for users, groups and members. */
  public static final int MAX_PAGE_SIZE = 999;

  /** The keys every connector shares, with Graph's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  false,
                  "Overrides the cloud's Microsoft Graph host, e.g. for tests or a reverse proxy; the"
                      + " API version is appended."))
          .pageSize(MAX_PAGE_SIZE, MAX_PAGE_SIZE, "users, groups or members ($top)")
          .maxConcurrentRequests(8, 64, null)
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(
          TENANT, CLIENT_ID, CLIENT_SECRET, CERTIFICATE, PRIVATE_KEY, CLOUD, API_VERSION, LOGIN_BASE_URL);

  EntraSettings() {}

  /** The directory (tenant) id or a verified domain, e.g. {@code contoso.onmicrosoft.com}. */
  public abstract String tenant();

  /** The application (client) id of the app registration. */
  public abstract String clientId();

  /** The client secret, when the app authenticates with a secret. */
  public abstract Optional<Secret> clientSecret();

  /**
   * The PEM certificate registered on the app, when it authenticates with a certificate. Not a
   * secret, but left out of {@code toString()} for brevity.
   */
  @Value.Redacted
  public abstract Optional<String> certificate();

  /** The certificate's private key (PEM), with {@link #certificate()}. */
  public abstract Optional<Secret> privateKey();

  /** The Microsoft cloud (default {@link EntraCloud#GLOBAL}). */
  @Value.Default
  public EntraCloud cloud() {
    return EntraCloud.GLOBAL;
  }

  /** The Graph version, {@code v1.0} (default) or {@code beta}. */
  @Value.Default
  public String apiVersion() {
    return "v1.0";
  }

  /** Overrides the cloud's sign-in host. */
  public abstract Optional<URI> loginBaseUrl();

  /** Overrides the cloud's Graph host (the API version is appended). */
  public abstract Optional<URI> baseUrl();

  /** The token endpoint: {@code {login host}/{tenant}/oauth2/v2.0/token}. */
  public URI tokenUrl() {
    String base = trimSlash(loginBaseUrl().orElse(cloud().loginHost()).toString());
    return URI.create(base + "/" + Urls.encodePathSegment(tenant()) + "/oauth2/v2.0/token");
  }

  /** The Graph root requests resolve against, e.g. {@code https://graph.microsoft.com/v1.0}. */
  public URI graphApiUrl() {
    String base = trimSlash(baseUrl().orElse(cloud().graphHost()).toString());
    return URI.create(base + "/" + apiVersion());
  }

  /** The scope asked for: the cloud's Graph host with {@code /.default}, whatever the overrides. */
  public String scope() {
    return cloud().scope();
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  /** Checks the values; every failure names the setting. */
  @Value.Check
  void check() {
    Checks.tenant(tenant());
    if (!Checks.GUID.matcher(clientId()).matches()) {
      throw new ConfigurationException(
          CLIENT_ID.name(),
          "'"
              + clientId()
              + "' is not a GUID; copy the Application (client) ID from the app registration's"
              + " Overview page");
    }
    Checks.credential(this);
    if (!apiVersion().equals("v1.0") && !apiVersion().equals("beta")) {
      throw new ConfigurationException(
          API_VERSION.name(), "must be v1.0 or beta, got '" + apiVersion() + "'");
    }
    SHARED.check(this);
    loginBaseUrl().ifPresent(u -> SharedKeys.checkUrl(LOGIN_BASE_URL, u));
    baseUrl().ifPresent(u -> SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), u));
  }

  /**
   * Reads settings from a map of keys (see {@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when a setting is missing, unknown or invalid
   */
  public static EntraSettings fromSettings(Settings settings) {
    Builder b =
        builder()
            .from(SHARED.read(settings, KEYS))
            .tenant(settings.require(TENANT))
            .clientId(settings.require(CLIENT_ID));
    settings.secret(CLIENT_SECRET).ifPresent(b::clientSecret);
    settings.get(CERTIFICATE).ifPresent(b::certificate);
    settings.secret(PRIVATE_KEY).ifPresent(b::privateKey);
    settings.get(CLOUD).map(EntraCloud::fromSetting).ifPresent(b::cloud);
    settings.get(API_VERSION).ifPresent(b::apiVersion);
    settings.url(LOGIN_BASE_URL).ifPresent(b::loginBaseUrl);
    SHARED.baseUrl().flatMap(settings::url).ifPresent(b::baseUrl);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link EntraSettings}: {@code tenant}, {@code clientId} and one credential. */
  public static final class Builder extends ImmutableEntraSettings.Builder {}

  private static String trimSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /** The checks of {@link #check()} that need more than one line. */
  private static final class Checks {
    static final Pattern GUID =
        Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern DOMAIN =
        Pattern.compile(
            "(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                + "(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+");
    private static final Set<String> MULTI_TENANT = Set.of("common", "organizations", "consumers");

    private Checks() {}

    /** A tenant id (a GUID) or a verified domain; the multi-tenant aliases are refused. */
    static void tenant(String tenant) {
      if (MULTI_TENANT.contains(tenant.toLowerCase(Locale.ROOT))) {
        throw new ConfigurationException(
            TENANT.name(),
            "'"
                + tenant
                + "' is a multi-tenant alias; the client credentials flow needs one tenant: use"
                + " its directory (tenant) ID or a verified domain");
      }
      if (!GUID.matcher(tenant).matches() && !DOMAIN.matcher(tenant).matches()) {
        throw new ConfigurationException(
            TENANT.name(),
            "'"
                + tenant
                + "' is neither a directory (tenant) ID (a GUID) nor a domain name such as"
                + " contoso.onmicrosoft.com; copy the Directory (tenant) ID from the app"
                + " registration's Overview page");
      }
    }

    /** Exactly one credential: a client secret, or a certificate with its private key. */
    static void credential(EntraSettings s) {
      boolean secret = s.clientSecret().isPresent();
      boolean cert = s.certificate().isPresent();
      boolean key = s.privateKey().isPresent();
      if (secret && (cert || key)) {
        throw new ConfigurationException(
            CLIENT_SECRET.name(),
            "is set together with "
                + (cert ? CERTIFICATE.name() : PRIVATE_KEY.name())
                + "; set exactly one credential: either clientSecret, or certificate and"
                + " privateKey");
      }
      if (!secret && !cert && !key) {
        throw new ConfigurationException(
            CLIENT_SECRET.name(),
            "no credential is set; set exactly one: clientSecret (a client secret's Value), or"
                + " certificate and privateKey (a certificate uploaded to the app registration)");
      }
      if (cert != key) {
        throw new ConfigurationException(
            cert ? PRIVATE_KEY.name() : CERTIFICATE.name(),
            "is required with "
                + (cert ? CERTIFICATE.name() : PRIVATE_KEY.name())
                + ": a certificate credential needs both the PEM certificate and its private key");
      }
      if (cert) {
        // Parsed now so a bad PEM or a key of another certificate fails when the settings are
        // built, not at the first token request.
        CertificateCredential.parse(
            CERTIFICATE.name(), s.certificate().get(), PRIVATE_KEY.name(), s.privateKey().get());
      }
    }
  }
}
