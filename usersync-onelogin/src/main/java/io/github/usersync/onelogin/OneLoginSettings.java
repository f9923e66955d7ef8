package io.github.usersync.onelogin;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.SharedKeys;
import io.github.usersync.core.settings.Suggestions;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.immutables.value.Value;

/**
 * How to reach a OneLogin account and what to read from it: where the API is (a region, the
 * account's subdomain, or a base URL), the API credential pair, whether roles, groups or both are
 * offered as groups, and the guard for the account's shared hourly API budget.
 *
 * <p>Build it with {@link #builder()} or read it from a settings map with {@link
 * #fromSettings(Settings)}. The client secret is a {@link Secret}, so {@code toString} never shows
 * it.
 */
@Value.Immutable
public abstract class OneLoginSettings implements ConnectionSettings {
  /** {@code region}: {@code us} or {@code eu}, for {@code https://api.<region>.onelogin.com}. */
  public static final SettingKey REGION =
      SettingKey.optional(
          "region",
          "OneLogin API region, us or eu, for https://api.<region>.onelogin.com; set exactly one of"
              + " region, subdomain and baseUrl");

  /** {@code subdomain}: the account's subdomain, for {@code https://<subdomain>.onelogin.com}. */
  public static final SettingKey SUBDOMAIN =
      SettingKey.optional(
          "subdomain",
          "the OneLogin account's subdomain (acme for acme.onelogin.com), for"
              + " https://<subdomain>.onelogin.com; set exactly one of region, subdomain and baseUrl");


  /** {@code clientId}: the API credential pair's client id. */
  public static final SettingKey CLIENT_ID =
      SettingKey.required(
          "clientId",
          "client id of a OneLogin API credential pair with the Read users (or Read all) scope");

  /** {@code clientSecret}: the API credential pair's client secret. */
  public static final SettingKey CLIENT_SECRET =
      SettingKey.requiredSecret("clientSecret", "client secret of the OneLogin API credential pair");

  /** {@code groupSource}: {@code roles}, {@code groups} or {@code both}. */
  public static final SettingKey GROUP_SOURCE =
      SettingKey.optional(
          "groupSource",
          "what the connector offers as groups: roles (OneLogin roles), groups (OneLogin groups, one"
              + " per user) or both",
          "roles");

  /** {@code minRemainingApiCalls}: the budget guard; 0 turns it off. */
  public static final SettingKey MIN_REMAINING_API_CALLS =
      SettingKey.optional(
          "minRemainingApiCalls",
          "the API calls to leave for other integrations of the account: a read stops (and the sync"
              + " skips cleanup) before it would bring X-RateLimit-Remaining below this; 0 turns"
              + " the guard off",
          "500");

  /** The keys every connector shares, with OneLogin's defaults and bounds. */
  static final SharedKeys SHARED =
      SharedKeys.builder()
          .baseUrl(
              SharedKeys.baseUrl(
                  false,
                  "The API's base URL (tests, proxies); set exactly one of region, subdomain and"
                      + " baseUrl."))
          .pageSize(100, 100, "users or role members")
          .maxConcurrentRequests(2, 8, "OneLogin's API budget is shared by the whole account.")
          .build();

  /** Every key {@link #fromSettings(Settings)} accepts. */
  public static final List<SettingKey> KEYS =
      SHARED.keys(REGION, SUBDOMAIN, CLIENT_ID, CLIENT_SECRET, GROUP_SOURCE, MIN_REMAINING_API_CALLS);

  /** OneLogin's API regions. */
  public enum Region {
    /** {@code https://api.us.onelogin.com}. */
    US,
    /** {@code https://api.eu.onelogin.com}. */
    EU;

    /** The region's API host. */
    public String host() {
      return "api." + name().toLowerCase(Locale.ROOT) + ".onelogin.com";
    }

    static Region parse(String key, String value) {
      for (Region r : values()) {
        if (r.name().equalsIgnoreCase(value.trim())) {
          return r;
        }
      }
      throw new ConfigurationException(key, "must be us or eu, got '" + value + "'");
    }
  }

  /** What the connector offers as groups. */
  public enum GroupSource {
    /**
     * OneLogin roles (the default): roles are what OneLogin assigns apps by, and a user may hold
     * many, so they are the closest thing OneLogin has to groups.
     */
    ROLES,
    /** OneLogin groups: each user is in at most one, mostly used for security policies. */
    GROUPS,
    /** Roles and groups, told apart by their id prefix and {@code raw().usersyncKind}. */
    BOTH;

    /** Whether roles are offered. */
    public boolean roles() {
      return this != GROUPS;
    }

    /** Whether groups are offered. */
    public boolean groups() {
      return this != ROLES;
    }

    static GroupSource parse(String key, String value) {
      for (GroupSource g : values()) {
        if (g.name().equalsIgnoreCase(value.trim())) {
          return g;
        }
      }
      List<String> names =
          Arrays.stream(values()).map(g -> g.name().toLowerCase(Locale.ROOT)).collect(Collectors.toList());
      throw new ConfigurationException(
          key,
          "must be one of " + String.join(", ", names) + ", got '" + value + "'"
              + Suggestions.didYouMean(value, names));
    }
  }

  OneLoginSettings() {}

  /** The API region, when the account is addressed by region. */
  public abstract Optional<Region> region();

  /** The account's subdomain ({@code acme} for {@code acme.onelogin.com}). */
  public abstract Optional<String> subdomain();

  /** The API's base URL, overriding region and subdomain. */
  public abstract Optional<URI> baseUrl();

  /** The API credential pair's client id. */
  public abstract String clientId();

  /** The API credential pair's client secret. */
  public abstract Secret clientSecret();

  /** What the connector offers as groups (default {@link GroupSource#ROLES}). */
  @Value.Default
  public GroupSource groupSource() {
    return GroupSource.ROLES;
  }

  /**
   * The API calls to leave for the account's other integrations (default 500; 0 turns the guard
   * off). OneLogin's hourly budget is per account, not per credential, so a sync that spends it
   * all stops every other integration until the hour resets.
   */
  @Value.Default
  public int minRemainingApiCalls() {
    return 500;
  }

  /** The base URL API calls go to: {@link #baseUrl()}, else from the subdomain or region. */
  public URI apiBaseUrl() {
    Optional<URI> base = baseUrl();
    if (base.isPresent()) {
      return base.get();
    }
    Optional<String> sub = subdomain();
    if (sub.isPresent()) {
      return URI.create("https://" + sub.get().toLowerCase(Locale.ROOT) + ".onelogin.com");
    }
    return URI.create("https://" + region().orElse(Region.US).host());
  }

  /** The shared keys with this connector's defaults and bounds. */
  @Override
  public SharedKeys sharedKeys() {
    return SHARED;
  }

  /** Rejects settings that name no API location or more than one, and out-of-range numbers. */
  @Value.Check
  void check() {
    int locations =
        (region().isPresent() ? 1 : 0) + (subdomain().isPresent() ? 1 : 0) + (baseUrl().isPresent() ? 1 : 0);
    if (locations != 1) {
      throw new ConfigurationException(
          locations == 0 ? SUBDOMAIN.name() : "baseUrl",
          (locations == 0 ? "is missing: " : "conflicts with another location setting: ")
              + "set exactly one of subdomain (acme for acme.onelogin.com, what OneLogin's"
              + " current docs use), region (us or eu) or baseUrl");
    }
    subdomain().ifPresent(OneLoginSettings::requireSubdomainLabel);
    baseUrl().ifPresent(u -> SharedKeys.checkUrl(SHARED.baseUrl().orElseThrow(), u));
    if (clientId().trim().isEmpty()) {
      throw new ConfigurationException(CLIENT_ID.name(), "must not be blank");
    }
    requireRange(MIN_REMAINING_API_CALLS, minRemainingApiCalls(), 0, 1_000_000);
    SHARED.check(this);
  }

  /**
   * Reads the settings from a map of keys (see {@link #KEYS}).
   *
   * @throws ConfigurationException naming the key that is missing, unknown or invalid
   */
  public static OneLoginSettings fromSettings(Settings settings) {
    Builder b = builder().from(SHARED.read(settings, KEYS));
    b.clientId(settings.require(CLIENT_ID));
    b.clientSecret(settings.requireSecret(CLIENT_SECRET));
    settings.get(REGION).ifPresent(v -> b.region(Region.parse(REGION.name(), v)));
    settings.get(SUBDOMAIN).ifPresent(v -> b.subdomain(normaliseSubdomain(v)));
    SHARED.baseUrl().flatMap(settings::url).ifPresent(b::baseUrl);
    settings.get(GROUP_SOURCE).ifPresent(v -> b.groupSource(GroupSource.parse(GROUP_SOURCE.name(), v)));
    settings.integer(MIN_REMAINING_API_CALLS, 0, 1_000_000).ifPresent(b::minRemainingApiCalls);
    return b.build();
  }

  /** A new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link OneLoginSettings}; {@code clientId}, {@code clientSecret} and one location are required. */
  public static final class Builder extends ImmutableOneLoginSettings.Builder {}

  // People paste the host they log in to; accept it and keep the label.
  private static String normaliseSubdomain(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.endsWith(".onelogin.com")) {
      v = v.substring(0, v.length() - ".onelogin.com".length());
    }
    return v;
  }

  private static void requireSubdomainLabel(String subdomain) {
    if (!subdomain.matches("[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?")) {
      throw new ConfigurationException(
          SUBDOMAIN.name(),
          "must be the account's subdomain, one DNS label such as acme for acme.onelogin.com, got '"
              + subdomain + "'");
    }
  }

  private static void requireRange(SettingKey key, int value, int min, int max) {
    if (value < min || value > max) {
      throw new ConfigurationException(
          key.name(), "must be between " + min + " and " + max + ", got " + value);
    }
  }
}
