package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.ConfluenceVersion;
import io.github.usersync.atlassian.internal.SettingChecks;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * How to reach Confluence Data Center over REST: its base URL, a Confluence administrator's
 * credentials (a personal access token, or username and password), and the key of the space whose
 * properties keep usersync's links (Confluence's REST API has no per-user store). Immutable;
 * secrets never show in {@code toString}.
 *
 * <pre>{@code
 * ConfluenceSettings settings = ConfluenceSettings.builder()
 *     .baseUrl(URI.create("https://wiki.example.com"))
 *     .token(Secret.of(System.getenv("CONFLUENCE_PAT")))
 *     .linkSpaceKey("USERSYNC")
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class ConfluenceSettings implements ConnectionSettings {
  /** {@code username}. */
  public static final SettingKey USERNAME = SettingChecks.username("Confluence");
  /** {@code password}. */
  public static final SettingKey PASSWORD = SettingChecks.PASSWORD;
  /** {@code token}. */
  public static final SettingKey TOKEN = SettingChecks.token("Confluence");
  /** {@code linkSpaceKey}. */
  public static final SettingKey LINK_SPACE_KEY =
      SettingKey.required(
          "linkSpaceKey",
          "Key of a space (best a restricted one made for usersync) whose space properties keep"
              + " each user's IdP link; the administrator needs space admin permission on it.");
  /** {@code version}. */
  public static final SettingKey VERSION =
      SettingKey.optional(
          "version",
          "Confluence's version, e.g. 8.5.4; default: read from the server (applinks manifest).");
  /** {@code protectedGroups}. */
  public static final SettingKey PROTECTED_GROUPS =
      SettingChecks.protectedGroups(String.join(",", ConfluenceTarget.DEFAULT_PROTECTED_GROUPS));
  /** {@code deleteTimeout}. */
  public static final SettingKey DELETE_TIMEOUT =
      SettingKey.optional(
          "deleteTimeout",
          "How long to wait for Confluence's user-deletion task to finish, e.g. 5m.", "5m");

  /** The keys every connector and target shares, with Confluence's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  true,
                  "Confluence's base URL with its context path, e.g. https://wiki.example.com or"
                      + " https://example.com/confluence."))
          .pageSize(200, 1000, "users, groups or links")
          .maxConcurrentRequests(4, 32, null)
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(USERNAME, PASSWORD, TOKEN, LINK_SPACE_KEY, VERSION, PROTECTED_GROUPS, DELETE_TIMEOUT);

  ConfluenceSettings() {}

  /** Confluence's base URL with its context path. */
  public abstract URI baseUrl();

  /** An administrator's username, with {@link #password()}. */
  public abstract Optional<String> username();

  /** That administrator's password. */
  public abstract Optional<Secret> password();

  /** An administrator's personal access token, instead of username and password. */
  public abstract Optional<Secret> token();

  /** The key of the space whose properties keep the links. */
  public abstract String linkSpaceKey();

  /** Confluence's version, when given; else read from the server. */
  public abstract Optional<String> version();

  /** Groups whose members usersync never changes. */
  @Value.Default
  public Set<String> protectedGroups() {
    return ConfluenceTarget.DEFAULT_PROTECTED_GROUPS;
  }

  /** How long to wait for the user-deletion task. */
  @Value.Default
  public Duration deleteTimeout() {
    return Duration.ofMinutes(5);
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  ConfluenceSettings check() {
    URI clean = SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), baseUrl());
    SettingChecks.userCredentials(USERNAME, PASSWORD, TOKEN,
        username().isPresent(), password().isPresent(), token().isPresent(), "Confluence");
    if (linkSpaceKey().trim().isEmpty() || !linkSpaceKey().matches("[A-Za-z0-9~]+")) {
      throw new ConfigurationException(
          LINK_SPACE_KEY.name(), "must be a space key (letters and digits, e.g. USERSYNC), got '"
              + linkSpaceKey() + "'");
    }
    version().ifPresent(v -> ConfluenceVersion.parse(VERSION.name(), v));
    SHARED.check(this);
    SettingChecks.positive(DELETE_TIMEOUT, deleteTimeout());
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  public static ConfluenceSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    b.baseUrl(SettingChecks.requireUrl(settings, SHARED));
    settings.get(USERNAME.name()).ifPresent(b::username);
    settings.secret(PASSWORD).ifPresent(b::password);
    settings.secret(TOKEN).ifPresent(b::token);
    b.linkSpaceKey(settings.require(LINK_SPACE_KEY));
    settings.get(VERSION.name()).ifPresent(b::version);
    settings.get(PROTECTED_GROUPS.name()).map(SettingChecks::groups).ifPresent(b::protectedGroups);
    settings.duration(DELETE_TIMEOUT).ifPresent(b::deleteTimeout);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ConfluenceSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableConfluenceSettings.Builder {}
}
