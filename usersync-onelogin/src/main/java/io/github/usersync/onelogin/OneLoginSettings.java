package io.github.usersync.onelogin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.settings.SettingKey;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.Suggestions;
import java.net.URI;
import java.net.http.HttpClient;
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
public interface OneLoginSettings {
  /** {@code region}: {@code us} or {@code eu}, for {@code https://api.<region>.onelogin.com}. */
  SettingKey REGION =
      SettingKey.optional(
          "region",
          "OneLogin API region, us or eu, for https://api.<region>.onelogin.com; set exactly one of"
              + " region, subdomain and baseUrl");

  /** {@code subdomain}: the account's subdomain, for {@code https://<subdomain>.onelogin.com}. */
  SettingKey SUBDOMAIN =
      SettingKey.optional(
          "subdomain",
          "the OneLogin account's subdomain (acme for acme.onelogin.com), for"
              + " https://<subdomain>.onelogin.com; set exactly one of region, subdomain and baseUrl");

  /** {@code baseUrl}: the API's base URL, overriding region and subdomain. */
  SettingKey BASE_URL =
      SettingKey.optional(
          "baseUrl",
          "the API's base URL (tests, proxies); https:// only, http:// only for loopback; set"
              + " exactly one of region, subdomain and baseUrl");

  /** {@code clientId}: the API credential pair's client id. */
  SettingKey CLIENT_ID =
      SettingKey.required(
          "clientId",
          "client id of a OneLogin API credential pair with the Read users (or Read all) scope");

  /** {@code clientSecret}: the API credential pair's client secret. */
  SettingKey CLIENT_SECRET =
      SettingKey.requiredSecret("clientSecret", "client secret of the OneLogin API credential pair");

  /** {@code groupSource}: {@code roles}, {@code groups} or {@code both}. */
  SettingKey GROUP_SOURCE =
      SettingKey.optional(
          "groupSource",
          "what the connector offers as groups: roles (OneLogin roles), groups (OneLogin groups, one"
              + " per user) or both",
          "roles");

  /** {@code minRemainingApiCalls}: the budget guard; 0 turns it off. */
  SettingKey MIN_REMAINING_API_CALLS =
      SettingKey.optional(
          "minRemainingApiCalls",
          "the API calls to leave for other integrations of the account: a read stops (and the sync"
              + " skips cleanup) before it would bring X-RateLimit-Remaining below this; 0 turns"
              + " the guard off",
          "500");

  /** {@code pageSize}: users, roles' users per page. */
  SettingKey PAGE_SIZE =
      SettingKey.optional(
          "pageSize", "items asked for per page when listing users and role members (1-100)", "100");

  /** {@code maxConcurrentRequests}: requests in flight at once. */
  SettingKey MAX_CONCURRENT_REQUESTS =
      SettingKey.optional(
          "maxConcurrentRequests", "the most requests in flight at once against OneLogin (1-8)", "2");

  /** Every key {@link #fromSettings(Settings)} accepts. */
  List<SettingKey> KEYS =
      List.of(
          REGION, SUBDOMAIN, BASE_URL, CLIENT_ID, CLIENT_SECRET, GROUP_SOURCE,
          MIN_REMAINING_API_CALLS, PAGE_SIZE, MAX_CONCURRENT_REQUESTS);

  /** OneLogin's API regions. */
  enum Region {
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
  enum GroupSource {
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

  /** The API region, when the account is addressed by region. */
  Optional<Region> region();

  /** The account's subdomain ({@code acme} for {@code acme.onelogin.com}). */
  Optional<String> subdomain();

  /** The API's base URL, overriding region and subdomain. */
  Optional<URI> baseUrl();

  /** The API credential pair's client id. */
  String clientId();

  /** The API credential pair's client secret. */
  Secret clientSecret();

  /** What the connector offers as groups (default {@link GroupSource#ROLES}). */
  @Value.Default
  default GroupSource groupSource() {
    return GroupSource.ROLES;
  }

  /**
   * The API calls to leave for the account's other integrations (default 500; 0 turns the guard
   * off). OneLogin's hourly budget is per account, not per credential, so a sync that spends it
   * all stops every other integration until the hour resets.
   */
  @Value.Default
  default int minRemainingApiCalls() {
    return 500;
  }

  /** Items asked for per page when listing users and role members (default 100, at most 100). */
  @Value.Default
  default int pageSize() {
    return 100;
  }

  /** The most requests in flight at once (default 2). */
  @Value.Default
  default int maxConcurrentRequests() {
    return 2;
  }

  /** The host's JDK HTTP client (proxy, TLS settings); else one is created. */
  @Value.Auxiliary
  Optional<HttpClient> httpClient();

  /** The host's Jackson mapper; else usersync's default. */
  @Value.Auxiliary
  Optional<ObjectMapper> objectMapper();

  /** The base URL API calls go to: {@link #baseUrl()}, else from the subdomain or region. */
  default URI apiBaseUrl() {
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

  /** Rejects settings that name no API location or more than one, and out-of-range numbers. */
  @Value.Check
  default void check() {
    int locations =
        (region().isPresent() ? 1 : 0) + (subdomain().isPresent() ? 1 : 0) + (baseUrl().isPresent() ? 1 : 0);
    if (locations != 1) {
      throw new ConfigurationException(
          locations == 0 ? SUBDOMAIN.name() : BASE_URL.name(),
          (locations == 0 ? "is missing: " : "conflicts with another location setting: ")
              + "set exactly one of subdomain (acme for acme.onelogin.com, what OneLogin's"
              + " current docs use), region (us or eu) or baseUrl");
    }
    subdomain().ifPresent(OneLoginSettings::requireSubdomainLabel);
    baseUrl().ifPresent(u -> Settings.parseSecureUrl(BASE_URL.name(), u.toString()));
    if (clientId().trim().isEmpty()) {
      throw new ConfigurationException(CLIENT_ID.name(), "must not be blank");
    }
    requireRange(MIN_REMAINING_API_CALLS, minRemainingApiCalls(), 0, 1_000_000);
    requireRange(PAGE_SIZE, pageSize(), 1, 100);
    requireRange(MAX_CONCURRENT_REQUESTS, maxConcurrentRequests(), 1, 8);
  }

  /**
   * Reads the settings from a map of keys (see {@link #KEYS}).
   *
   * @throws ConfigurationException naming the key that is missing, unknown or invalid
   */
  static OneLoginSettings fromSettings(Settings settings) {
    settings.requireKnown(KEYS);
    Builder b = builder();
    b.clientId(settings.require(CLIENT_ID));
    b.clientSecret(settings.requireSecret(CLIENT_SECRET));
    settings.get(REGION).ifPresent(v -> b.region(Region.parse(REGION.name(), v)));
    settings.get(SUBDOMAIN).ifPresent(v -> b.subdomain(normaliseSubdomain(v)));
    settings.url(BASE_URL).ifPresent(b::baseUrl);
    settings.get(GROUP_SOURCE).ifPresent(v -> b.groupSource(GroupSource.parse(GROUP_SOURCE.name(), v)));
    settings.integer(MIN_REMAINING_API_CALLS, 0, 1_000_000).ifPresent(b::minRemainingApiCalls);
    settings.integer(PAGE_SIZE, 1, 100).ifPresent(b::pageSize);
    settings.integer(MAX_CONCURRENT_REQUESTS, 1, 8).ifPresent(b::maxConcurrentRequests);
    return b.build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link OneLoginSettings}; {@code clientId}, {@code clientSecret} and one location are required. */
  final class Builder extends ImmutableOneLoginSettings.Builder {}

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
