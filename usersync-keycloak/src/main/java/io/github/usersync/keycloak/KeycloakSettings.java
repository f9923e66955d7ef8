package io.github.usersync.keycloak;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * How to reach one Keycloak realm's Admin REST API: the server URL (with the legacy {@code /auth}
 * context path when the server has one), the realm to read, and the credentials, either a
 * confidential client's service account (client credentials, recommended) or a user with the
 * password grant (usually {@code admin-cli} in the {@code master} realm, for older set-ups).
 *
 * <p>Secrets are {@link Secret}s, so {@code toString} never shows them.
 */
@Value.Immutable
public abstract class KeycloakSettings implements ConnectionSettings {
  /** How the connector obtains its access token. */
  public enum GrantType {
    /** {@code grant_type=client_credentials} for a confidential client with a service account. */
    CLIENT_CREDENTIALS,
    /** {@code grant_type=password} for a user, usually on the public client {@code admin-cli}. */
    PASSWORD;

    /** The setting value, e.g. {@code client_credentials}. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** What a group's {@link io.github.usersync.core.model.DirectoryGroup#name()} is. */
  public enum GroupName {
    /** The group's own name, e.g. {@code backend}. Subgroups of different parents may share it. */
    NAME,
    /** The group's full path, e.g. {@code /engineering/backend}, unique within the realm. */
    PATH;

    /** The setting value, e.g. {@code path}. */
    public String value() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The most users asked for in one page. */
  public static final int MAX_PAGE_SIZE = 1000;

  /** The keys every connector shares, with Keycloak's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  true,
                  "The Keycloak server URL, e.g. https://sso.example.com. For servers with the legacy"
                      + " /auth context path (Keycloak 16 and older, or --http-relative-path=/auth)"
                      + " include it: https://sso.example.com/auth."))
          .pageSize(200, MAX_PAGE_SIZE, "users and groups (the max parameter)")
          .maxConcurrentRequests(4, 16, null)
          .build();

  /** Setting {@code realm}. */
  public static final SettingKey REALM =
      SettingKey.required("realm", "The realm whose users and groups are read, e.g. acme.");
  /** Setting {@code grantType}. */
  public static final SettingKey GRANT_TYPE =
      SettingKey.optional(
          "grantType",
          "client_credentials (a confidential client's service account, recommended) or password"
              + " (a user, usually on admin-cli in the master realm).",
          "client_credentials");
  /** Setting {@code clientId}. */
  public static final SettingKey CLIENT_ID =
      SettingKey.optional(
          "clientId",
          "The client id. Required for client_credentials; for password it defaults to admin-cli.");
  /** Setting {@code clientSecret}. */
  public static final SettingKey CLIENT_SECRET =
      SettingKey.optionalSecret(
          "clientSecret",
          "The client secret (Clients > client > Credentials). Required for client_credentials;"
              + " for password only when the client is confidential.");
  /** Setting {@code username}. */
  public static final SettingKey USERNAME =
      SettingKey.optional("username", "The user for the password grant.");
  /** Setting {@code password}. */
  public static final SettingKey PASSWORD =
      SettingKey.optionalSecret("password", "The user's password for the password grant.");
  /** Setting {@code authRealm}. */
  public static final SettingKey AUTH_REALM =
      SettingKey.optional(
          "authRealm",
          "The realm whose token endpoint issues the token. Default: the realm setting for"
              + " client_credentials, master for password.");
  /** Setting {@code groupName}. */
  public static final SettingKey GROUP_NAME =
      SettingKey.optional(
          "groupName",
          "name (the group's own name) or path (its full path such as /engineering/backend, unique"
              + " in the realm).",
          "name");

  /**
   * Setting {@code memberPageSize}: members per page of {@code GET /groups/{id}/members}, which
   * answers brief representations; apart from {@code pageSize} because a page of full user
   * representations costs Keycloak far more than a page of members (measured in the README's
   * Performance section).
   */
  public static final SettingKey MEMBER_PAGE_SIZE =
      SettingKey.optional(
          "memberPageSize",
          "Members per page when listing a group's members (the max parameter), 1 to " + MAX_PAGE_SIZE + ".",
          "500");

  /** Every setting key, in the order the README lists them. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(
          REALM, GRANT_TYPE, CLIENT_ID, CLIENT_SECRET, USERNAME, PASSWORD, AUTH_REALM, GROUP_NAME,
          MEMBER_PAGE_SIZE);

  /** The server URL, without a trailing slash; includes the {@code /auth} context path if any. */
  public abstract URI baseUrl();

  /** The realm whose users and groups are read. */
  public abstract String realm();

  /** How the token is obtained. */
  @Value.Default
  public GrantType grantType() {
    return GrantType.CLIENT_CREDENTIALS;
  }

  /** The client id; absent means {@code admin-cli} for the password grant. */
  public abstract Optional<String> clientId();

  /** The client secret. */
  public abstract Optional<Secret> clientSecret();

  /** The user of the password grant. */
  public abstract Optional<String> username();

  /** The password of the password grant. */
  public abstract Optional<Secret> password();

  /** The realm that issues the token, when it is not the default. */
  public abstract Optional<String> authRealm();

  /** What a group's name is. */
  @Value.Default
  public GroupName groupName() {
    return GroupName.NAME;
  }

  /** Group members per page, 1 to {@link #MAX_PAGE_SIZE} (default 500). */
  @Value.Default
  public int memberPageSize() {
    return 500;
  }

  /** The client id the token request sends. */
  public String effectiveClientId() {
    return clientId().orElse("admin-cli");
  }

  /** The realm whose token endpoint is called: {@link #authRealm()}, else the default. */
  public String tokenRealm() {
    return authRealm().orElse(grantType() == GrantType.PASSWORD ? "master" : realm());
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  KeycloakSettings normalize() {
    URI clean = SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), baseUrl());
    requireNotBlank(REALM, realm());
    authRealm().ifPresent(r -> requireNotBlank(AUTH_REALM, r));
    if (grantType() == GrantType.CLIENT_CREDENTIALS) {
      if (!clientId().isPresent()) {
        throw new ConfigurationException(
            CLIENT_ID.name(), "is required for grantType client_credentials: " + CLIENT_ID.description());
      }
      if (!clientSecret().isPresent()) {
        throw new ConfigurationException(
            CLIENT_SECRET.name(),
            "is required for grantType client_credentials: " + CLIENT_SECRET.description());
      }
    } else {
      if (!username().isPresent()) {
        throw new ConfigurationException(USERNAME.name(), "is required for grantType password");
      }
      if (!password().isPresent()) {
        throw new ConfigurationException(PASSWORD.name(), "is required for grantType password");
      }
    }
    if (memberPageSize() < 1 || memberPageSize() > MAX_PAGE_SIZE) {
      throw new ConfigurationException(
          MEMBER_PAGE_SIZE.name(), "must be between 1 and " + MAX_PAGE_SIZE + ", got " + memberPageSize());
    }
    SHARED.check(this);
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  private static void requireNotBlank(SettingKey key, String value) {
    if (value.trim().isEmpty()) {
      throw new ConfigurationException(key.name(), "must not be blank");
    }
  }

  /**
   * Reads settings from a map of keys (see {@link #KEYS}).
   *
   * @throws ConfigurationException naming the key that is missing, unknown or invalid
   */
  public static KeycloakSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    SettingKey baseUrl = SHARED.baseUrl().orElseThrow();
    b.baseUrl(settings.url(baseUrl).orElseThrow(() -> missing(baseUrl)));
    b.realm(settings.require(REALM));
    b.grantType(parse(GRANT_TYPE, settings.require(GRANT_TYPE), GrantType.values()));
    settings.get(CLIENT_ID).ifPresent(b::clientId);
    settings.secret(CLIENT_SECRET).ifPresent(b::clientSecret);
    settings.get(USERNAME).ifPresent(b::username);
    settings.secret(PASSWORD).ifPresent(b::password);
    settings.get(AUTH_REALM).ifPresent(b::authRealm);
    b.groupName(parse(GROUP_NAME, settings.require(GROUP_NAME), GroupName.values()));
    settings.integer(MEMBER_PAGE_SIZE, 1, MAX_PAGE_SIZE).ifPresent(b::memberPageSize);
    return b.build();
  }

  private static ConfigurationException missing(SettingKey key) {
    return new ConfigurationException(key.name(), "is required: " + key.description());
  }

  private static <E extends Enum<E>> E parse(SettingKey key, String value, E[] values) {
    for (E e : values) {
      if (e.name().equalsIgnoreCase(value.trim())) {
        return e;
      }
    }
    StringBuilder allowed = new StringBuilder();
    for (E e : values) {
      allowed.append(allowed.length() == 0 ? "" : " or ").append(e.name().toLowerCase(Locale.ROOT));
    }
    throw new ConfigurationException(key.name(), "must be " + allowed + ", got '" + value + "'");
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link KeycloakSettings}; {@code baseUrl}, {@code realm} and credentials are required. */
  public static final class Builder extends ImmutableKeycloakSettings.Builder {}
}
