package io.github.usersync.google;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach one Google Workspace account: the credential (a service account with domain-wide
 * delegation, or an OAuth client with a refresh token), which users to read ({@code customer} or
 * {@code domain}), the scopes, and transport limits. Secrets are {@link Secret}s, so {@code
 * toString()} never shows them.
 *
 * <p>Exactly one credential: either {@link #serviceAccountKeyFile()} or {@link
 * #serviceAccountKey()} together with {@link #adminEmail()}, or {@link #clientId()}, {@link
 * #clientSecret()} and {@link #refreshToken()}.
 */
@Value.Immutable
public abstract class GoogleSettings implements ConnectionSettings {
  /** Read-only access to users, their photos and custom schema values. */
  public static final String SCOPE_USER_READONLY = "https://www.googleapis.com/auth/admin.directory.user.readonly";

  /** Read-only access to groups and their members. */
  public static final String SCOPE_GROUP_READONLY = "https://www.googleapis.com/auth/admin.directory.group.readonly";

  /** Read-only access to group members only (a subset of {@link #SCOPE_GROUP_READONLY}). */
  public static final String SCOPE_GROUP_MEMBER_READONLY =
      "https://www.googleapis.com/auth/admin.directory.group.member.readonly";

  /** The scopes asked for unless {@code scopes} says otherwise. */
  public static final List<String> DEFAULT_SCOPES =
      Collections.unmodifiableList(Arrays.asList(SCOPE_USER_READONLY, SCOPE_GROUP_READONLY));

  /** The Admin SDK host. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://admin.googleapis.com");

  /** Google's OAuth 2.0 token endpoint. */
  public static final URI DEFAULT_TOKEN_URL = URI.create("https://oauth2.googleapis.com/token");

  /** The customer alias for "the account the credential belongs to". */
  public static final String MY_CUSTOMER = "my_customer";

  /** The largest page users.list allows. */
  public static final int MAX_PAGE_SIZE = 500;

  /** Setting: path of the service account's JSON key file. */
  public static final SettingKey SERVICE_ACCOUNT_KEY_FILE =
      SettingKey.optional(
          "serviceAccountKeyFile",
          "Path of the service account's JSON key file (from the Google Cloud console); or give"
              + " its content in serviceAccountKey");

  /** Setting: the JSON key file's content. */
  public static final SettingKey SERVICE_ACCOUNT_KEY =
      SettingKey.optionalSecret(
          "serviceAccountKey",
          "The service account's JSON key (the whole file's content); or give its path in"
              + " serviceAccountKeyFile");

  /** Setting: the administrator the service account impersonates. */
  public static final SettingKey ADMIN_EMAIL =
      SettingKey.optional(
          "adminEmail",
          "Email of a Workspace administrator the service account impersonates (the JWT's sub);"
              + " required with a service account");

  /** Setting: OAuth client id (refresh-token mode). */
  public static final SettingKey CLIENT_ID =
      SettingKey.optional("clientId", "OAuth client id, with clientSecret and refreshToken");

  /** Setting: OAuth client secret (refresh-token mode). */
  public static final SettingKey CLIENT_SECRET =
      SettingKey.optionalSecret("clientSecret", "OAuth client secret, with clientId and refreshToken");

  /** Setting: refresh token an administrator granted (refresh-token mode). */
  public static final SettingKey REFRESH_TOKEN =
      SettingKey.optionalSecret(
          "refreshToken",
          "Refresh token from an administrator's consent (see GoogleOAuthConsent), with clientId and"
              + " clientSecret");

  /** Setting: the customer id. */
  public static final SettingKey CUSTOMER =
      SettingKey.optional(
          "customer",
          "Workspace customer id whose users and groups are read; default my_customer (the"
              + " credential's own account). Do not combine with domain",
          MY_CUSTOMER);

  /** Setting: one domain instead of the whole customer. */
  public static final SettingKey DOMAIN =
      SettingKey.optional(
          "domain", "Read only the users and groups of this domain instead of the whole customer");

  /** Setting: the OAuth scopes. */
  public static final SettingKey SCOPES =
      SettingKey.optional(
          "scopes",
          "OAuth scopes, separated by commas or spaces",
          String.join(",", DEFAULT_SCOPES));

  /** Setting: the token endpoint. */
  public static final SettingKey TOKEN_URL =
      SettingKey.optional(
          "tokenUrl",
          "OAuth 2.0 token endpoint (tests, proxies); https:// only; http:// only for loopback hosts"
              + " (tests, local proxies).",
          DEFAULT_TOKEN_URL.toString());

  /** The keys every connector shares, with Google's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(SharedKeys.baseUrl("Admin SDK base URL (tests, proxies).", DEFAULT_BASE_URL.toString()))
          .pageSize(MAX_PAGE_SIZE, MAX_PAGE_SIZE, "users")
          .maxConcurrentRequests(
              4, 64, "Google's default quota is 2,400 queries per minute per user.")
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(
          SERVICE_ACCOUNT_KEY_FILE,
          SERVICE_ACCOUNT_KEY,
          ADMIN_EMAIL,
          CLIENT_ID,
          CLIENT_SECRET,
          REFRESH_TOKEN,
          CUSTOMER,
          DOMAIN,
          SCOPES,
          TOKEN_URL);

  GoogleSettings() {}

  /** Path of the service account's JSON key file. */
  public abstract Optional<Path> serviceAccountKeyFile();

  /** The service account's JSON key file content. */
  public abstract Optional<Secret> serviceAccountKey();

  /** The administrator a service account impersonates (the JWT's {@code sub}). */
  public abstract Optional<String> adminEmail();

  /** OAuth client id (refresh-token mode). */
  public abstract Optional<String> clientId();

  /** OAuth client secret (refresh-token mode). */
  public abstract Optional<Secret> clientSecret();

  /** Refresh token (refresh-token mode). */
  public abstract Optional<Secret> refreshToken();

  /** The customer id; when neither this nor {@link #domain()} is set, {@code my_customer}. */
  public abstract Optional<String> customer();

  /** One domain to read instead of the whole customer. */
  public abstract Optional<String> domain();

  /** The OAuth scopes; default {@link #DEFAULT_SCOPES}. */
  @Value.Default
  public List<String> scopes() {
    return DEFAULT_SCOPES;
  }

  /** The Admin SDK base URL, without {@code /admin/directory/v1}. */
  @Value.Default
  public URI baseUrl() {
    return DEFAULT_BASE_URL;
  }

  /** The OAuth token endpoint (also the JWT's {@code aud}). */
  @Value.Default
  public URI tokenUrl() {
    return DEFAULT_TOKEN_URL;
  }

  /** Whether the credential is a service account (else an OAuth refresh token). */
  public boolean usesServiceAccount() {
    return serviceAccountKey().isPresent() || serviceAccountKeyFile().isPresent();
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  /** Checks that exactly one complete credential is given and that limits are in range. */
  @Value.Check
  void check() {
    boolean serviceAccount = usesServiceAccount();
    boolean oauth = clientId().isPresent() || clientSecret().isPresent() || refreshToken().isPresent();
    if (serviceAccount && oauth) {
      throw new ConfigurationException(
          SERVICE_ACCOUNT_KEY.name(),
          "and clientId/clientSecret/refreshToken are both set; give either a service account"
              + " (serviceAccountKeyFile or serviceAccountKey, with adminEmail) or an OAuth client"
              + " (clientId, clientSecret, refreshToken), not both");
    }
    if (!serviceAccount && !oauth) {
      throw new ConfigurationException(
          SERVICE_ACCOUNT_KEY_FILE.name(),
          "is required (or serviceAccountKey), with adminEmail; or give clientId, clientSecret and"
              + " refreshToken for an OAuth client");
    }
    if (serviceAccountKey().isPresent() && serviceAccountKeyFile().isPresent()) {
      throw new ConfigurationException(
          SERVICE_ACCOUNT_KEY.name(),
          "and serviceAccountKeyFile are both set; give the key once, as a file path or as content");
    }
    if (serviceAccount && !adminEmail().isPresent()) {
      throw new ConfigurationException(
          ADMIN_EMAIL.name(),
          "is required with a service account: the Directory API answers a service account only"
              + " when it impersonates a Workspace administrator through domain-wide delegation");
    }
    if (oauth) {
      if (!clientId().isPresent()) {
        throw new ConfigurationException(CLIENT_ID.name(), "is required: " + CLIENT_ID.description());
      }
      if (!clientSecret().isPresent()) {
        throw new ConfigurationException(
            CLIENT_SECRET.name(), "is required: " + CLIENT_SECRET.description());
      }
      if (!refreshToken().isPresent()) {
        throw new ConfigurationException(
            REFRESH_TOKEN.name(), "is required: " + REFRESH_TOKEN.description());
      }
    }
    if (customer().isPresent() && domain().isPresent()) {
      throw new ConfigurationException(
          DOMAIN.name(),
          "and customer are both set; Google accepts one of them: customer for every domain of the"
              + " account, domain for one");
    }
    if (scopes().isEmpty()) {
      throw new ConfigurationException(SCOPES.name(), "must name at least one scope");
    }
    SHARED.check(this);
    SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), baseUrl());
    Settings.parseSecureUrl(TOKEN_URL.name(), tokenUrl().toString());
  }

  /**
   * Settings from a map of keys ({@link #KEYS}), as read from a config file.
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  public static GoogleSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    settings.get(SERVICE_ACCOUNT_KEY_FILE.name()).ifPresent(p -> b.serviceAccountKeyFile(path(p)));
    settings.secret(SERVICE_ACCOUNT_KEY).ifPresent(b::serviceAccountKey);
    settings.get(ADMIN_EMAIL.name()).ifPresent(b::adminEmail);
    settings.get(CLIENT_ID.name()).ifPresent(b::clientId);
    settings.secret(CLIENT_SECRET).ifPresent(b::clientSecret);
    settings.secret(REFRESH_TOKEN).ifPresent(b::refreshToken);
    settings.get(CUSTOMER.name()).ifPresent(b::customer);
    settings.get(DOMAIN.name()).ifPresent(b::domain);
    settings.get(SCOPES.name()).ifPresent(s -> b.scopes(parseScopes(s)));
    SHARED.baseUrl().flatMap(settings::url).ifPresent(b::baseUrl);
    settings.url(TOKEN_URL).ifPresent(b::tokenUrl);
    return b.build();
  }

  /** Splits a scope list written with commas or spaces. */
  private static List<String> parseScopes(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.trim().split("[,\\s]+")) {
      if (!s.isEmpty() && !out.contains(s)) {
        out.add(s);
      }
    }
    return out;
  }

  private static Path path(String value) {
    try {
      String v = value.startsWith("~/") ? System.getProperty("user.home") + value.substring(1) : value;
      return Paths.get(v);
    } catch (InvalidPathException e) {
      throw new ConfigurationException(
          SERVICE_ACCOUNT_KEY_FILE.name(), "is not a valid path: " + e.getReason(), e);
    }
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GoogleSettings}; see the class comment for which credentials go together. */
  public static final class Builder extends ImmutableGoogleSettings.Builder {}
}
