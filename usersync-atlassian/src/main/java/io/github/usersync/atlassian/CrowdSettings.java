package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.SettingChecks;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import java.net.URI;
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
public abstract class CrowdSettings implements ConnectionSettings, CachedMemberships {
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
      SettingChecks.protectedGroups(String.join(",", CrowdTarget.DEFAULT_PROTECTED_GROUPS));
  /** {@code membershipCache}. */
  public static final SettingKey MEMBERSHIP_CACHE = SettingChecks.MEMBERSHIP_CACHE;

  /** The keys every connector and target shares, with Crowd's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  true,
                  "The Crowd server's base URL with its context path, e.g."
                      + " https://crowd.example.com/crowd; the API is <baseUrl>/rest/usermanagement/1."))
          .pageSize(1000, 10000, "users or groups (Crowd's max-results)")
          .maxConcurrentRequests(4, 32, null)
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(APPLICATION_NAME, APPLICATION_PASSWORD, PROTECTED_GROUPS, MEMBERSHIP_CACHE);

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

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  @Value.Check
  CrowdSettings check() {
    URI clean = SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), baseUrl());
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
  public static CrowdSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    b.baseUrl(SettingChecks.requireUrl(settings, SHARED));
    b.applicationName(settings.require(APPLICATION_NAME));
    b.applicationPassword(settings.requireSecret(APPLICATION_PASSWORD));
    settings.get(PROTECTED_GROUPS.name()).map(SettingChecks::groups).ifPresent(b::protectedGroups);
    settings.duration(MEMBERSHIP_CACHE).ifPresent(b::membershipCache);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link CrowdSettings}; {@link #build()} checks the values. */
  public static final class Builder extends ImmutableCrowdSettings.Builder {}
}
