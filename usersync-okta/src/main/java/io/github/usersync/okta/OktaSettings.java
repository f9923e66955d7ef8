package io.github.usersync.okta;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import io.github.usersync.okta.internal.OktaDomain;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach one Okta org: its domain (or a base URL), and either an API token or an OAuth 2.0
 * service app (client id and private key, which Okta recommends). Immutable; secrets never show in
 * {@code toString}. Build with {@link #builder()} or read from a map with {@link
 * #fromSettings(Settings)}.
 *
 * <pre>{@code
 * OktaSettings settings = OktaSettings.builder()
 *     .domain("acme.okta.com")
 *     .clientId("0oa1b2c3d4")
 *     .privateKey(Secret.of(System.getenv("OKTA_PRIVATE_KEY")))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class OktaSettings implements ConnectionSettings {
  /** The scopes asked for by default: read users and read groups. */
  public static final String DEFAULT_SCOPES = "okta.users.read okta.groups.read";

  /** {@code domain}: the Okta domain, a host name. */
  public static final SettingKey DOMAIN =
      SettingKey.optional(
          "domain",
          "Your Okta domain, a host name such as acme.okta.com, or a custom domain such as"
              + " login.acme.com; no https://, port or path. Required unless baseUrl is set.");
  /** {@code apiToken}: an Okta API token. */
  public static final SettingKey API_TOKEN =
      SettingKey.optionalSecret(
          "apiToken",
          "An Okta API token (sent as 'SSWS <token>'); set either this or clientId and privateKey.");
  /** {@code clientId}: the OAuth 2.0 service app's client id. */
  public static final SettingKey CLIENT_ID =
      SettingKey.optional(
          "clientId",
          "Client id of an OAuth 2.0 'API Services' app with Public key / Private key client"
              + " authentication (recommended by Okta over API tokens).");
  /** {@code privateKey}: the service app's private key. */
  public static final SettingKey PRIVATE_KEY =
      SettingKey.optionalSecret(
          "privateKey",
          "The service app's private key: PEM (BEGIN PRIVATE KEY or BEGIN RSA PRIVATE KEY) or the"
              + " JWK JSON that Okta's Admin Console shows when it generates a key.");
  /** {@code keyId}: the {@code kid} of the registered public key. */
  public static final SettingKey KEY_ID =
      SettingKey.optional(
          "keyId",
          "The kid of the public key registered on the service app; default: the kid in the JWK,"
              + " none for a PEM key.");
  /** {@code scopes}: the OAuth scopes requested. */
  public static final SettingKey SCOPES =
      SettingKey.optional(
          "scopes", "OAuth scopes requested for the service app, space-separated.", DEFAULT_SCOPES);
  /**
   * {@code memberPageSize}: group members per page, default 1000, the most {@code GET
   * /api/v1/groups/{id}/users} returns (Okta Management API, Group operations, "List all member
   * users", {@code limit}; developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/).
   */
  public static final SettingKey MEMBER_PAGE_SIZE =
      SettingKey.optional(
          "memberPageSize",
          "Members per page when listing a group's users, 1 to 1000 (Okta's maximum, the default).",
          "1000");
  /**
   * {@code groupPageSize}: groups per page of {@code GET /api/v1/groups}. Okta documents {@code
   * limit <= 10000} and recommends 200 or less, as larger pages "affect performance and accuracy"
   * (Okta Management API, Group operations, "List all groups", {@code limit};
   * developer.okta.com/docs/api/openapi/okta-management/management/tag/Group/), so the default is
   * 200.
   */
  public static final SettingKey GROUP_PAGE_SIZE =
      SettingKey.optional(
          "groupPageSize",
          "Groups per page when listing groups, 1 to 10000; Okta recommends 200 or less (the default).",
          "200");
  /** The default of {@link #userListRanges()}, when {@code maxConcurrentRequests} allows it. */
  public static final int DEFAULT_USER_LIST_RANGES = 4;
  /**
   * {@code userListRanges}: chains of pages a full user listing reads at once, each over a range of
   * {@code lastUpdated} (Okta's {@code filter} takes {@code lastUpdated} with {@code ge} and {@code
   * lt}, joined by {@code and}: Management API, User, "List all users", {@code filter};
   * developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers).
   * 1 reads the one cursor chain Okta's plain listing is.
   */
  public static final SettingKey USER_LIST_RANGES =
      SettingKey.optional(
          "userListRanges",
          "Chains of pages a full user listing reads at once, each over a range of lastUpdated, plus"
              + " one catch-up chain for users updated during the read; 1 to maxConcurrentRequests;"
              + " 1 reads Okta's single cursor chain. Default "
              + DEFAULT_USER_LIST_RANGES
              + ", or maxConcurrentRequests when lower.");
  /** The keys every connector shares, with Okta's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  false,
                  "Overrides the origin the API is called at (a proxy, a test server such as"
                      + " http://127.0.0.1:8080)."))
          .pageSize(200, 200, "users (Okta's maximum)")
          .maxConcurrentRequests(4, 32, "Okta limits concurrent requests per org.")
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(
          DOMAIN, API_TOKEN, CLIENT_ID, PRIVATE_KEY, KEY_ID, SCOPES, MEMBER_PAGE_SIZE, GROUP_PAGE_SIZE,
          USER_LIST_RANGES);

  OktaSettings() {}

  /** The Okta domain, e.g. {@code acme.okta.com}; required unless {@link #baseUrl()} is set. */
  public abstract Optional<String> domain();

  /** Where to call the API instead of {@code https://<domain>}. */
  public abstract Optional<URI> baseUrl();

  /** An API token, sent as {@code SSWS <token>}. */
  public abstract Optional<Secret> apiToken();

  /** The OAuth 2.0 service app's client id. */
  public abstract Optional<String> clientId();

  /** The service app's private key, PEM or JWK JSON. */
  public abstract Optional<Secret> privateKey();

  /** The {@code kid} sent with the client assertion; default the JWK's own. */
  public abstract Optional<String> keyId();

  /** The OAuth scopes requested, space-separated. */
  @Value.Default
  public String scopes() {
    return DEFAULT_SCOPES;
  }

  /** Group members per page, 1 to 1000 (default 1000, Okta's maximum). */
  @Value.Default
  public int memberPageSize() {
    return 1000;
  }

  /** Groups per page, 1 to 10000 (default 200, Okta's recommendation). */
  @Value.Default
  public int groupPageSize() {
    return 200;
  }

  /**
   * Chains of pages a full user listing ({@link OktaDirectory#users}) reads at once, 1 to {@link
   * #maxConcurrentRequests()} (default {@value #DEFAULT_USER_LIST_RANGES}, or {@code
   * maxConcurrentRequests} when lower).
   *
   * <p>Okta pages users with a cursor, so a listing is one chain of requests, each sent when the
   * one before has answered (100 round trips for 20,000 users at 200 a page). With 2 or more, the
   * first page is read as before; if there is more, its users' {@code lastUpdated} are a sample
   * whose quantiles split time into this many ranges ({@code lastUpdated lt "b1"}, {@code
   * lastUpdated ge "b1" and lastUpdated lt "b2"}, …, {@code lastUpdated ge "bn"}), read at once;
   * then one catch-up chain lists the users updated since the first answer (its {@code Date}, less
   * a minute), who may have moved from a range not yet read into one already read. A filter reads
   * Okta's up-to-date data (search would read an eventually consistent index), so every user is
   * listed, once; {@code DEPROVISIONED} users, which filters return, are dropped when the query
   * leaves them out. Cost: one page more than the plain listing per range at most, plus the
   * catch-up page; an org that fits on one page costs one request, as before. 1 reads the plain
   * chain.
   */
  @Value.Default
  public int userListRanges() {
    return Math.min(DEFAULT_USER_LIST_RANGES, maxConcurrentRequests());
  }

  /** Whether the connector signs in as an OAuth 2.0 service app (else with the API token). */
  public boolean usesServiceApp() {
    return clientId().isPresent();
  }

  /** The origin API paths are resolved against: {@link #baseUrl()}, else {@code https://<domain>}. */
  public URI origin() {
    Optional<URI> base = baseUrl();
    return base.isPresent() ? base.get() : URI.create("https://" + domain().orElseThrow());
  }

  /** The org authorization server's token endpoint, {@code <origin>/oauth2/v1/token}. */
  public URI tokenUrl() {
    String o = origin().toString();
    return URI.create((o.endsWith("/") ? o.substring(0, o.length() - 1) : o) + "/oauth2/v1/token");
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  OktaSettings normalize() {
    Optional<String> d = domain();
    if (d.isPresent()) {
      String host = OktaDomain.check(DOMAIN.name(), d.get());
      if (!host.equals(d.get())) {
        return builder().from(this).domain(host).build();
      }
    } else if (!baseUrl().isPresent()) {
      throw new ConfigurationException(
          DOMAIN.name(), "is required: write your Okta domain, e.g. acme.okta.com");
    }
    Optional<URI> base = baseUrl();
    if (base.isPresent()) {
      URI clean = SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), base.get());
      if (!clean.equals(base.get())) {
        return builder().from(this).baseUrl(clean).build();
      }
    }
    checkCredentials();
    SHARED.check(this);
    if (memberPageSize() < 1 || memberPageSize() > 1000) {
      throw new ConfigurationException(
          MEMBER_PAGE_SIZE.name(), "must be between 1 and 1000, got " + memberPageSize());
    }
    if (groupPageSize() < 1 || groupPageSize() > 10000) {
      throw new ConfigurationException(
          GROUP_PAGE_SIZE.name(), "must be between 1 and 10000, got " + groupPageSize());
    }
    if (userListRanges() < 1 || userListRanges() > maxConcurrentRequests()) {
      throw new ConfigurationException(
          USER_LIST_RANGES.name(),
          "must be between 1 and maxConcurrentRequests (" + maxConcurrentRequests() + "), got "
              + userListRanges() + ": each range is a chain with a request in flight; lower"
              + " userListRanges or raise maxConcurrentRequests");
    }
    if (scopes().trim().isEmpty()) {
      throw new ConfigurationException(SCOPES.name(), "is empty; the default is " + DEFAULT_SCOPES);
    }
    return this;
  }

  private void checkCredentials() {
    boolean token = apiToken().isPresent();
    boolean client = clientId().isPresent();
    boolean key = privateKey().isPresent();
    if (token && (client || key)) {
      throw new ConfigurationException(
          API_TOKEN.name(),
          "is set together with " + (client ? "clientId" : "privateKey") + "; sign in one way only:"
              + " remove apiToken to use the service app, or remove clientId and privateKey to use"
              + " the API token");
    }
    if (!token && !client && !key) {
      throw new ConfigurationException(
          API_TOKEN.name(),
          "no credentials are set: set clientId and privateKey (an OAuth 2.0 service app, which"
              + " Okta recommends) or apiToken (an Okta API token)");
    }
    if (client && !key) {
      throw new ConfigurationException(
          PRIVATE_KEY.name(),
          "is required with clientId: the private key of the service app, as PEM or JWK JSON");
    }
    if (key && !client) {
      throw new ConfigurationException(
          CLIENT_ID.name(), "is required with privateKey: the service app's client id");
    }
    if (keyId().isPresent() && !client) {
      throw new ConfigurationException(
          KEY_ID.name(), "applies only to a service app (clientId and privateKey); remove it");
    }
    if (token) {
      String t = apiToken().get().reveal().trim();
      String lower = t.toLowerCase(Locale.ROOT);
      if (lower.startsWith("ssws ") || lower.startsWith("bearer ")) {
        throw new ConfigurationException(
            API_TOKEN.name(), "starts with a scheme ('SSWS ' or 'Bearer '); write the token only");
      }
    }
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  public static OktaSettings fromSettings(Settings settings) {
    ConnectionSettings shared = SHARED.read(settings, KEYS);
    Builder b = builder().from(shared);
    settings.get(DOMAIN.name()).ifPresent(b::domain);
    SHARED.baseUrl().flatMap(settings::url).ifPresent(b::baseUrl);
    settings.secret(API_TOKEN).ifPresent(b::apiToken);
    settings.get(CLIENT_ID.name()).ifPresent(b::clientId);
    settings.secret(PRIVATE_KEY).ifPresent(b::privateKey);
    settings.get(KEY_ID.name()).ifPresent(b::keyId);
    settings.get(SCOPES).ifPresent(b::scopes);
    settings.integer(MEMBER_PAGE_SIZE, 1, 1000).ifPresent(b::memberPageSize);
    settings.integer(GROUP_PAGE_SIZE, 1, 10000).ifPresent(b::groupPageSize);
    settings.integer(USER_LIST_RANGES, 1, shared.maxConcurrentRequests()).ifPresent(b::userListRanges);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link OktaSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableOktaSettings.Builder {}
}
