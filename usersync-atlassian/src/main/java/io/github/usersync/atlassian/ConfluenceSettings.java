package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.ConfluenceVersion;
import io.github.usersync.atlassian.internal.SettingChecks;
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
public abstract class ConfluenceSettings {
  /** {@code baseUrl}. */
  public static final SettingKey BASE_URL =
      SettingKey.required(
          "baseUrl",
          "Confluence's base URL with its context path, e.g. https://wiki.example.com or"
              + " https://example.com/confluence; https:// only, except loopback hosts.");
  /** {@code username}. */
  public static final SettingKey USERNAME =
      SettingKey.optional("username", "A Confluence administrator's username (with password).");
  /** {@code password}. */
  public static final SettingKey PASSWORD =
      SettingKey.optionalSecret("password", "That administrator's password.");
  /** {@code token}. */
  public static final SettingKey TOKEN =
      SettingKey.optionalSecret(
          "token", "A Confluence administrator's personal access token (instead of username and password).");
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
      SettingKey.optional(
          "protectedGroups",
          "Comma-separated groups whose members usersync never changes, deactivates or deletes;"
              + " 'none' protects none.",
          "confluence-administrators");
  /** {@code pageSize}. */
  public static final SettingKey PAGE_SIZE =
      SettingKey.optional("pageSize", "Users, groups or links per page, 1 to 1000.", "200");
  /** {@code deleteTimeout}. */
  public static final SettingKey DELETE_TIMEOUT =
      SettingKey.optional(
          "deleteTimeout",
          "How long to wait for Confluence's user-deletion task to finish, e.g. 5m.", "5m");
  /** {@code maxConcurrentRequests}. */
  public static final SettingKey MAX_CONCURRENT_REQUESTS =
      SettingKey.optional("maxConcurrentRequests", "Requests in flight at once, 1 to 32.", "4");
  /** {@code requestTimeout}. */
  public static final SettingKey REQUEST_TIMEOUT =
      SettingKey.optional("requestTimeout", "Time allowed per request, e.g. 60s.", "60s");

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      Collections.unmodifiableList(
          Arrays.asList(
              BASE_URL, USERNAME, PASSWORD, TOKEN, LINK_SPACE_KEY, VERSION, PROTECTED_GROUPS,
              PAGE_SIZE, DELETE_TIMEOUT, MAX_CONCURRENT_REQUESTS, REQUEST_TIMEOUT));

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

  /** Users, groups or links per page. */
  @Value.Default
  public int pageSize() {
    return 200;
  }

  /** How long to wait for the user-deletion task. */
  @Value.Default
  public Duration deleteTimeout() {
    return Duration.ofMinutes(5);
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
  ConfluenceSettings check() {
    URI clean = SettingChecks.baseUrl(BASE_URL, baseUrl(), "https://wiki.example.com");
    SettingChecks.userCredentials(USERNAME, PASSWORD, TOKEN,
        username().isPresent(), password().isPresent(), token().isPresent(), "Confluence");
    if (linkSpaceKey().trim().isEmpty() || !linkSpaceKey().matches("[A-Za-z0-9~]+")) {
      throw new ConfigurationException(
          LINK_SPACE_KEY.name(), "must be a space key (letters and digits, e.g. USERSYNC), got '"
              + linkSpaceKey() + "'");
    }
    version().ifPresent(v -> ConfluenceVersion.parse(VERSION.name(), v));
    SettingChecks.range(PAGE_SIZE, pageSize(), 1, 1000);
    SettingChecks.range(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests(), 1, 32);
    SettingChecks.positive(REQUEST_TIMEOUT, requestTimeout());
    SettingChecks.positive(DELETE_TIMEOUT, deleteTimeout());
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws ConfigurationException naming the key when one is unknown, missing or invalid
   */
  public static ConfluenceSettings fromSettings(Settings settings) {
    settings.requireKnown(KEYS);
    Builder b = builder();
    b.baseUrl(settings.url(BASE_URL).orElseThrow(() -> CrowdSettings.missing(settings, BASE_URL)));
    settings.get(USERNAME.name()).ifPresent(b::username);
    settings.secret(PASSWORD).ifPresent(b::password);
    settings.secret(TOKEN).ifPresent(b::token);
    b.linkSpaceKey(settings.require(LINK_SPACE_KEY));
    settings.get(VERSION.name()).ifPresent(b::version);
    settings.get(PROTECTED_GROUPS.name()).map(SettingChecks::groups).ifPresent(b::protectedGroups);
    settings.integer(PAGE_SIZE, 1, 1000).ifPresent(b::pageSize);
    settings.duration(DELETE_TIMEOUT).ifPresent(b::deleteTimeout);
    settings.integer(MAX_CONCURRENT_REQUESTS, 1, 32).ifPresent(b::maxConcurrentRequests);
    settings.duration(REQUEST_TIMEOUT).ifPresent(b::requestTimeout);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link ConfluenceSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableConfluenceSettings.Builder {}
}
