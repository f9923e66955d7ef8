package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.SettingChecks;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * How to reach Jira Data Center over REST: its base URL, a Jira administrator's credentials for
 * REST API 2 (a personal access token, or username and password), and the application credentials
 * of Jira's embedded Crowd API ("Jira user server"), which changes the active flag and keeps
 * attributes and the IdP link. Immutable; secrets never show in {@code toString}.
 *
 * <pre>{@code
 * JiraSettings settings = JiraSettings.builder()
 *     .baseUrl(URI.create("https://jira.example.com"))
 *     .token(Secret.of(System.getenv("JIRA_PAT")))
 *     .crowdApplicationName("usersync")
 *     .crowdApplicationPassword(Secret.of(System.getenv("JIRA_USER_SERVER_PASSWORD")))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class JiraSettings implements ConnectionSettings, CachedMemberships {
  /** {@code username}. */
  public static final SettingKey USERNAME = SettingChecks.username("Jira");
  /** {@code password}. */
  public static final SettingKey PASSWORD = SettingChecks.PASSWORD;
  /** {@code token}. */
  public static final SettingKey TOKEN = SettingChecks.token("Jira");
  /** {@code crowdApplicationName}. */
  public static final SettingKey CROWD_APPLICATION_NAME =
      SettingKey.required(
          "crowdApplicationName",
          "Application name of the 'Jira user server' entry usersync signs in as on Jira's embedded"
              + " Crowd API (User management > Jira user server).");
  /** {@code crowdApplicationPassword}. */
  public static final SettingKey CROWD_APPLICATION_PASSWORD =
      SettingKey.requiredSecret("crowdApplicationPassword", "That application's password.");
  /** {@code attributeStore}. */
  public static final SettingKey ATTRIBUTE_STORE =
      SettingKey.optional(
          "attributeStore",
          "Where attributes are kept: crowd-attributes or entity-properties. Neither is the"
              + " profile's 'User Properties' list, which only the in-process target writes.",
          "crowd-attributes");
  /** {@code applicationKeys}. */
  public static final SettingKey APPLICATION_KEYS =
      SettingKey.optional(
          "applicationKeys",
          "Comma-separated application keys new users get access to, e.g. jira-software; default:"
              + " Jira's default applications.");
  /** {@code protectedGroups}. */
  public static final SettingKey PROTECTED_GROUPS =
      SettingChecks.protectedGroups(String.join(",", JiraTarget.DEFAULT_PROTECTED_GROUPS));
  /** {@code membershipCache}. */
  public static final SettingKey MEMBERSHIP_CACHE = SettingChecks.MEMBERSHIP_CACHE;

  /** The keys every connector and target shares, with Jira's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  true, "Jira's base URL with its context path, e.g. https://jira.example.com."))
          .pageSize(1000, 1000, "users or groups")
          .maxConcurrentRequests(4, 32, null)
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(
          USERNAME, PASSWORD, TOKEN, CROWD_APPLICATION_NAME, CROWD_APPLICATION_PASSWORD,
          ATTRIBUTE_STORE, APPLICATION_KEYS, PROTECTED_GROUPS, MEMBERSHIP_CACHE);

  JiraSettings() {}

  /** Jira's base URL, e.g. {@code https://jira.example.com}. */
  public abstract URI baseUrl();

  /** An administrator's username, with {@link #password()}. */
  public abstract Optional<String> username();

  /** That administrator's password. */
  public abstract Optional<Secret> password();

  /** An administrator's personal access token, instead of username and password. */
  public abstract Optional<Secret> token();

  /** The "Jira user server" application name. */
  public abstract String crowdApplicationName();

  /** The "Jira user server" application password. */
  public abstract Secret crowdApplicationPassword();

  /** Where attributes are kept. */
  @Value.Default
  public JiraAttributeStore attributeStore() {
    return JiraAttributeStore.CROWD_ATTRIBUTES;
  }

  /** Application keys new users get; empty for Jira's defaults. */
  public abstract List<String> applicationKeys();

  /** Groups whose members usersync never changes. */
  @Value.Default
  public Set<String> protectedGroups() {
    return JiraTarget.DEFAULT_PROTECTED_GROUPS;
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  JiraSettings check() {
    URI clean = SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), baseUrl());
    SettingChecks.userCredentials(USERNAME, PASSWORD, TOKEN,
        username().isPresent(), password().isPresent(), token().isPresent(), "Jira");
    SHARED.check(this);
    SettingChecks.notNegative(MEMBERSHIP_CACHE, membershipCache());
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws io.github.usersync.core.ConfigurationException naming the key when one is unknown,
   *     missing or invalid
   */
  public static JiraSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    b.baseUrl(SettingChecks.requireUrl(settings, SHARED));
    settings.get(USERNAME.name()).ifPresent(b::username);
    settings.secret(PASSWORD).ifPresent(b::password);
    settings.secret(TOKEN).ifPresent(b::token);
    b.crowdApplicationName(settings.require(CROWD_APPLICATION_NAME));
    b.crowdApplicationPassword(settings.requireSecret(CROWD_APPLICATION_PASSWORD));
    settings.get(ATTRIBUTE_STORE.name()).map(JiraAttributeStore::fromSetting).ifPresent(b::attributeStore);
    settings.get(APPLICATION_KEYS.name()).map(SettingChecks::groups).ifPresent(b::addAllApplicationKeys);
    settings.get(PROTECTED_GROUPS.name()).map(SettingChecks::groups).ifPresent(b::protectedGroups);
    settings.duration(MEMBERSHIP_CACHE).ifPresent(b::membershipCache);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link JiraSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableJiraSettings.Builder {}
}
