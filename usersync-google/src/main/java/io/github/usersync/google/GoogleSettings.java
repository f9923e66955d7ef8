package io.github.usersync.google;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
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
public interface GoogleSettings {
  /** Read-only access to users, their photos and custom schema values. */
  String SCOPE_USER_READONLY = "https://www.googleapis.com/auth/admin.directory.user.readonly";

  /** Read-only access to groups and their members. */
  String SCOPE_GROUP_READONLY = "https://www.googleapis.com/auth/admin.directory.group.readonly";

  /** Read-only access to group members only (a subset of {@link #SCOPE_GROUP_READONLY}). */
  String SCOPE_GROUP_MEMBER_READONLY =
      "https://www.googleapis.com/auth/admin.directory.group.member.readonly";

  /** The scopes asked for unless {@code scopes} says otherwise. */
  List<String> DEFAULT_SCOPES =
      Collections.unmodifiableList(Arrays.asList(SCOPE_USER_READONLY, SCOPE_GROUP_READONLY));

  /** The Admin SDK host. */
  URI DEFAULT_BASE_URL = URI.create("https://admin.googleapis.com");

  /** Google's OAuth 2.0 token endpoint. */
  URI DEFAULT_TOKEN_URL = URI.create("https://oauth2.googleapis.com/token");

  /** The customer alias for "the account the credential belongs to". */
  String MY_CUSTOMER = "my_customer";

  /** The largest page users.list allows. */
  int MAX_PAGE_SIZE = 500;

  /** Setting: path of the service account's JSON key file. */
  SettingKey SERVICE_ACCOUNT_KEY_FILE =
      SettingKey.optional(
          "serviceAccountKeyFile",
          "Path of the service account's JSON key file (from the Google Cloud console); or give"
              + " its content in serviceAccountKey");

  /** Setting: the JSON key file's content. */
  SettingKey SERVICE_ACCOUNT_KEY =
      SettingKey.optionalSecret(
          "serviceAccountKey",
          "The service account's JSON key (the whole file's content); or give its path in"
              + " serviceAccountKeyFile");

  /** Setting: the administrator the service account impersonates. */
  SettingKey ADMIN_EMAIL =
      SettingKey.optional(
          "adminEmail",
          "Email of a Workspace administrator the service account impersonates (the JWT's sub);"
              + " required with a service account");

  /** Setting: OAuth client id (refresh-token mode). */
  SettingKey CLIENT_ID =
      SettingKey.optional("clientId", "OAuth client id, with clientSecret and refreshToken");

  /** Setting: OAuth client secret (refresh-token mode). */
  SettingKey CLIENT_SECRET =
      SettingKey.optionalSecret("clientSecret", "OAuth client secret, with clientId and refreshToken");

  /** Setting: refresh token an administrator granted (refresh-token mode). */
  SettingKey REFRESH_TOKEN =
      SettingKey.optionalSecret(
          "refreshToken",
          "Refresh token from an administrator's consent (see GoogleOAuthConsent), with clientId and"
              + " clientSecret");

  /** Setting: the customer id. */
  SettingKey CUSTOMER =
      SettingKey.optional(
          "customer",
          "Workspace customer id whose users and groups are read; default my_customer (the"
              + " credential's own account). Do not combine with domain",
          MY_CUSTOMER);

  /** Setting: one domain instead of the whole customer. */
  SettingKey DOMAIN =
      SettingKey.optional(
          "domain", "Read only the users and groups of this domain instead of the whole customer");

  /** Setting: the OAuth scopes. */
  SettingKey SCOPES =
      SettingKey.optional(
          "scopes",
          "OAuth scopes, separated by commas or spaces",
          String.join(",", DEFAULT_SCOPES));

  /** Setting: the Admin SDK base URL. */
  SettingKey BASE_URL =
      SettingKey.optional(
          "baseUrl", "Admin SDK base URL (tests, proxies)", DEFAULT_BASE_URL.toString());

  /** Setting: the token endpoint. */
  SettingKey TOKEN_URL =
      SettingKey.optional("tokenUrl", "OAuth 2.0 token endpoint", DEFAULT_TOKEN_URL.toString());

  /** Setting: users per page. */
  SettingKey PAGE_SIZE =
      SettingKey.optional("pageSize", "Users per page, 1 to 500", Integer.toString(MAX_PAGE_SIZE));

  /** Setting: requests in flight. */
  SettingKey MAX_CONCURRENT_REQUESTS =
      SettingKey.optional(
          "maxConcurrentRequests",
          "Most requests in flight at once (Google's default quota is 2,400 queries per minute per"
              + " user)",
          "4");

  /** Setting: per-request timeout. */
  SettingKey REQUEST_TIMEOUT =
      SettingKey.optional("requestTimeout", "Time allowed per request, e.g. 60s", "60s");

  /** Every key {@link #fromSettings(Settings)} accepts. */
  List<SettingKey> KEYS =
      Collections.unmodifiableList(
          Arrays.asList(
              SERVICE_ACCOUNT_KEY_FILE,
              SERVICE_ACCOUNT_KEY,
              ADMIN_EMAIL,
              CLIENT_ID,
              CLIENT_SECRET,
              REFRESH_TOKEN,
              CUSTOMER,
              DOMAIN,
              SCOPES,
              BASE_URL,
              TOKEN_URL,
              PAGE_SIZE,
              MAX_CONCURRENT_REQUESTS,
              REQUEST_TIMEOUT));

  /** Path of the service account's JSON key file. */
  Optional<Path> serviceAccountKeyFile();

  /** The service account's JSON key file content. */
  Optional<Secret> serviceAccountKey();

  /** The administrator a service account impersonates (the JWT's {@code sub}). */
  Optional<String> adminEmail();

  /** OAuth client id (refresh-token mode). */
  Optional<String> clientId();

  /** OAuth client secret (refresh-token mode). */
  Optional<Secret> clientSecret();

  /** Refresh token (refresh-token mode). */
  Optional<Secret> refreshToken();

  /** The customer id; when neither this nor {@link #domain()} is set, {@code my_customer}. */
  Optional<String> customer();

  /** One domain to read instead of the whole customer. */
  Optional<String> domain();

  /** The OAuth scopes; default {@link #DEFAULT_SCOPES}. */
  @Value.Default
  default List<String> scopes() {
    return DEFAULT_SCOPES;
  }

  /** The Admin SDK base URL, without {@code /admin/directory/v1}. */
  @Value.Default
  default URI baseUrl() {
    return DEFAULT_BASE_URL;
  }

  /** The OAuth token endpoint (also the JWT's {@code aud}). */
  @Value.Default
  default URI tokenUrl() {
    return DEFAULT_TOKEN_URL;
  }

  /** Users per page, 1 to 500 (default 500). */
  @Value.Default
  default int pageSize() {
    return MAX_PAGE_SIZE;
  }

  /** Requests in flight at once (default 4). */
  @Value.Default
  default int maxConcurrentRequests() {
    return 4;
  }

  /** Time allowed per request (default 60 s). */
  @Value.Default
  default Duration requestTimeout() {
    return Duration.ofSeconds(60);
  }

  /** Whether the credential is a service account (else an OAuth refresh token). */
  default boolean usesServiceAccount() {
    return serviceAccountKey().isPresent() || serviceAccountKeyFile().isPresent();
  }

  /** Checks that exactly one complete credential is given and that limits are in range. */
  @Value.Check
  default void check() {
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
    if (pageSize() < 1 || pageSize() > MAX_PAGE_SIZE) {
      throw new ConfigurationException(
          PAGE_SIZE.name(), "must be between 1 and " + MAX_PAGE_SIZE + ", got " + pageSize());
    }
    if (maxConcurrentRequests() < 1 || maxConcurrentRequests() > 64) {
      throw new ConfigurationException(
          MAX_CONCURRENT_REQUESTS.name(),
          "must be between 1 and 64, got " + maxConcurrentRequests());
    }
    if (requestTimeout().isNegative() || requestTimeout().isZero()) {
      throw new ConfigurationException(REQUEST_TIMEOUT.name(), "must be positive");
    }
    Settings.parseSecureUrl(BASE_URL.name(), baseUrl().toString());
    Settings.parseSecureUrl(TOKEN_URL.name(), tokenUrl().toString());
  }

  /**
   * Settings from a map of keys ({@link #KEYS}), as read from a config file.
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  static GoogleSettings fromSettings(Settings settings) {
    settings.requireKnown(KEYS);
    Builder b = builder();
    settings.get(SERVICE_ACCOUNT_KEY_FILE.name()).ifPresent(p -> b.serviceAccountKeyFile(path(p)));
    settings.secret(SERVICE_ACCOUNT_KEY).ifPresent(b::serviceAccountKey);
    settings.get(ADMIN_EMAIL.name()).ifPresent(b::adminEmail);
    settings.get(CLIENT_ID.name()).ifPresent(b::clientId);
    settings.secret(CLIENT_SECRET).ifPresent(b::clientSecret);
    settings.secret(REFRESH_TOKEN).ifPresent(b::refreshToken);
    settings.get(CUSTOMER.name()).ifPresent(b::customer);
    settings.get(DOMAIN.name()).ifPresent(b::domain);
    settings.get(SCOPES.name()).ifPresent(s -> b.scopes(parseScopes(s)));
    settings.url(BASE_URL).ifPresent(b::baseUrl);
    settings.url(TOKEN_URL).ifPresent(b::tokenUrl);
    settings.integer(PAGE_SIZE, 1, MAX_PAGE_SIZE).ifPresent(b::pageSize);
    settings.integer(MAX_CONCURRENT_REQUESTS, 1, 64).ifPresent(b::maxConcurrentRequests);
    settings.duration(REQUEST_TIMEOUT).ifPresent(b::requestTimeout);
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
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link GoogleSettings}; see the class comment for which credentials go together. */
  final class Builder extends ImmutableGoogleSettings.Builder {}
}
