package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.SettingChecks;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.immutables.value.Value;

/**
 * How to reach a Crowd server's user-management API: its base URL and the credentials of a Crowd
 * application (Crowd authenticates applications, not users, on this API). Immutable; the password
 * never shows in {@code toString}.
 *
 * <pre>{@code
 * CrowdSettings settings = CrowdSettings.builder()
 *     .baseUrl(URI.create("https://crowd.example.com/crowd"))
 *     .applicationName("usersync")
 *     .applicationPassword(Secret.of(System.getenv("CROWD_APP_PASSWORD")))
 *     .build();
 * }</pre>
 */
@Value.Immutable
public abstract class CrowdSettings {
  /** {@code baseUrl}. */
  public static final SettingKey BASE_URL =
      SettingKey.required(
          "baseUrl",
          "The Crowd server's base URL with its context path, e.g. https://crowd.example.com/crowd;"
              + " the API is <baseUrl>/rest/usermanagement/1. https:// only, except loopback hosts.");
  /** {@code applicationName}. */
  public static final SettingKey APPLICATION_NAME =
      SettingKey.required(
          "applicationName",
          "Name of the Crowd application usersync signs in as (Applications in Crowd's console).");
  /** {@code applicationPassword}. */
  public static final SettingKey APPLICATION_PASSWORD =
      SettingKey.requiredSecret("applicationPassword", "The Crowd application's password.");
  /** {@code protectedGroups}. */
  public static final SettingKey PROTECTED_GROUPS =
      SettingKey.optional(
          "protectedGroups",
          "Comma-separated groups whose members usersync never changes, deactivates or deletes;"
              + " 'none' protects none.",
          "crowd-administrators");
  /** {@code pageSize}. */
  public static final SettingKey PAGE_SIZE =
      SettingKey.optional("pageSize", "Users or groups per page (Crowd's max-results), 1 to 10000.", "1000");
  /** {@code membershipCache}. */
  public static final SettingKey MEMBERSHIP_CACHE =
      SettingKey.optional(
          "membershipCache",
          "How long the members of every group, read in one request (Crowd's /group/membership),"
              + " are reused, e.g. 60s; 0s reads each group's members when asked.",
          "60s");
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
              BASE_URL, APPLICATION_NAME, APPLICATION_PASSWORD, PROTECTED_GROUPS, PAGE_SIZE,
              MAX_CONCURRENT_REQUESTS, REQUEST_TIMEOUT));

  CrowdSettings() {}

  /** The server's base URL with its context path, e.g. {@code https://crowd.example.com/crowd}. */
  public abstract URI baseUrl();

  /** The Crowd application's name. */
  public abstract String applicationName();

  /** The Crowd application's password. */
  public abstract Secret applicationPassword();

  /** Groups whose members usersync never changes. */
  @Value.Default
  public Set<String> protectedGroups() {
    return CrowdTarget.DEFAULT_PROTECTED_GROUPS;
  }

  /** Users or groups per page. */
  @Value.Default
  public int pageSize() {
    return 1000;
  }

  /** How long group memberships read in one request are reused; zero turns it off. */
  @Value.Default
  public Duration membershipCache() {
    return Duration.ofSeconds(60);
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
  CrowdSettings check() {
    URI clean = SettingChecks.baseUrl(BASE_URL, baseUrl(), "https://crowd.example.com/crowd");
    SettingChecks.range(PAGE_SIZE, pageSize(), 1, 10000);
    SettingChecks.range(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests(), 1, 32);
    SettingChecks.positive(REQUEST_TIMEOUT, requestTimeout());
    if (membershipCache().isNegative()) {
      throw new io.github.usersync.core.ConfigurationException(MEMBERSHIP_CACHE.name(), "must not be negative");
    }
    return clean.equals(baseUrl()) ? this : builder().from(this).baseUrl(clean).build();
  }

  /**
   * Reads settings from a map of keys ({@link #KEYS}).
   *
   * @throws io.github.usersync.core.ConfigurationException naming the key when one is unknown,
   *     missing or invalid
   */
  public static CrowdSettings fromSettings(Settings settings) {
    settings.requireKnown(KEYS);
    Builder b = builder();
    b.baseUrl(settings.url(BASE_URL).orElseThrow(() -> missing(settings, BASE_URL)));
    b.applicationName(settings.require(APPLICATION_NAME));
    b.applicationPassword(settings.requireSecret(APPLICATION_PASSWORD));
    settings.get(PROTECTED_GROUPS.name()).map(SettingChecks::groups).ifPresent(b::protectedGroups);
    settings.integer(PAGE_SIZE, 1, 10000).ifPresent(b::pageSize);
    settings.duration(MEMBERSHIP_CACHE).ifPresent(b::membershipCache);
    settings.integer(MAX_CONCURRENT_REQUESTS, 1, 32).ifPresent(b::maxConcurrentRequests);
    settings.duration(REQUEST_TIMEOUT).ifPresent(b::requestTimeout);
    return b.build();
  }

  static RuntimeException missing(Settings settings, SettingKey key) {
    settings.require(key);
    return new IllegalStateException(key.name());
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CrowdSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableCrowdSettings.Builder {}
}
