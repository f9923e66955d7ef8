package io.github.usersync.core.settings;

import io.github.usersync.core.ConfigurationException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link ConnectionSettings} keys as one connector or target offers them: the same names,
 * descriptions, parsing and checks everywhere, with the connector's own defaults and bounds (Okta
 * serves at most 200 users a page, Graph 999). Create one per settings type and keep it in a
 * constant.
 */
public final class SharedKeys {
  /** The default of {@code requestTimeout}. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

  /** {@code requestTimeout}: time allowed for one answer. */
  public static final SettingKey REQUEST_TIMEOUT =
      SettingKey.optional(
          "requestTimeout", "Time allowed for one answer, e.g. 60s or PT1M.", "60s");

  /** {@code proxy}: an HTTP proxy for every call. */
  public static final SettingKey PROXY =
      SettingKey.optional(
          "proxy",
          "An HTTP proxy every call goes through, host:port such as proxy.example.com:3128;"
              + " default: the JVM's proxy settings (https.proxyHost, https.proxyPort).");

  private static final String SECURE =
      " https:// only; http:// only for loopback hosts (tests, local proxies).";

  private final @Nullable SettingKey baseUrl;
  private final SettingKey pageSize;
  private final int defaultPageSize;
  private final int maxPageSize;
  private final SettingKey maxConcurrentRequests;
  private final int defaultMaxConcurrentRequests;
  private final int maxMaxConcurrentRequests;

  private SharedKeys(Builder b) {
    this.baseUrl = b.baseUrl;
    this.defaultPageSize = b.defaultPageSize;
    this.maxPageSize = b.maxPageSize;
    this.pageSize =
        SettingKey.optional(
            "pageSize",
            capitalise(b.pageItems) + " asked for per page, 1 to " + maxPageSize + ".",
            Integer.toString(defaultPageSize));
    this.defaultMaxConcurrentRequests = b.defaultMaxConcurrent;
    this.maxMaxConcurrentRequests = b.maxConcurrent;
    this.maxConcurrentRequests =
        SettingKey.optional(
            "maxConcurrentRequests",
            "Requests in flight at once, 1 to " + maxMaxConcurrentRequests + "."
                + (b.concurrencyNote == null ? "" : " " + b.concurrencyNote),
            Integer.toString(defaultMaxConcurrentRequests));
  }

  /** A builder; {@link Builder#pageSize} and {@link Builder#maxConcurrentRequests} are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The {@code baseUrl} key: where the API is called. {@code description} says what it is (the
   * server's URL, or an override of the cloud's host); the rule for the scheme is added.
   */
  public static SettingKey baseUrl(boolean required, String description) {
    String d = description.trim() + SECURE;
    return required ? SettingKey.required("baseUrl", d) : SettingKey.optional("baseUrl", d);
  }

  /** An optional {@code baseUrl} key with a default: the IdP's own API host. */
  public static SettingKey baseUrl(String description, String defaultValue) {
    return SettingKey.optional("baseUrl", description.trim() + SECURE, defaultValue);
  }

  /**
   * A URL setting after the same checks for every connector: {@code https://} (or {@code http://}
   * on loopback), no user information, no query or fragment; trailing slashes removed.
   *
   * @throws ConfigurationException naming {@code key}
   */
  public static URI checkUrl(SettingKey key, URI url) {
    Settings.parseSecureUrl(key.name(), url.toString());
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new ConfigurationException(
          key.name(), "must not have a query or fragment; write the base URL only, got '" + url + "'");
    }
    String s = url.toString();
    String trimmed = s.replaceAll("/+$", "");
    return trimmed.equals(s) ? url : URI.create(trimmed);
  }

  /** The {@code baseUrl} key, when the connector has one. */
  public Optional<SettingKey> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** The {@code pageSize} key. */
  public SettingKey pageSize() {
    return pageSize;
  }

  /** The {@code maxConcurrentRequests} key. */
  public SettingKey maxConcurrentRequests() {
    return maxConcurrentRequests;
  }

  /** The page size when none is set. */
  public int defaultPageSize() {
    return defaultPageSize;
  }

  /** The largest page size accepted. */
  public int maxPageSize() {
    return maxPageSize;
  }

  /** The requests in flight when none is set. */
  public int defaultMaxConcurrentRequests() {
    return defaultMaxConcurrentRequests;
  }

  /**
   * Every key a settings type accepts: {@code baseUrl} (if any) first, then its own keys, then
   * {@code pageSize}, {@code maxConcurrentRequests}, {@code requestTimeout} and {@code proxy}.
   */
  public List<SettingKey> keys(SettingKey... own) {
    List<SettingKey> out = new ArrayList<>();
    if (baseUrl != null) {
      out.add(baseUrl);
    }
    out.addAll(Arrays.asList(own));
    out.addAll(Arrays.asList(pageSize, maxConcurrentRequests, REQUEST_TIMEOUT, PROXY));
    return Collections.unmodifiableList(out);
  }

  /**
   * Reads the shared values from a map of keys, after checking that every key present is among
   * {@code known}; merge them into a settings builder with its {@code from(ConnectionSettings)}.
   *
   * @throws ConfigurationException naming the key that is unknown or invalid
   */
  public ConnectionSettings read(Settings settings, List<SettingKey> known) {
    settings.requireKnown(known);
    int page = settings.integer(pageSize, 1, maxPageSize).orElse(defaultPageSize);
    int concurrent =
        settings
            .integer(maxConcurrentRequests, 1, maxMaxConcurrentRequests)
            .orElse(defaultMaxConcurrentRequests);
    Duration timeout = settings.duration(REQUEST_TIMEOUT).orElse(DEFAULT_REQUEST_TIMEOUT);
    Optional<InetSocketAddress> proxy = settings.get(PROXY).map(SharedKeys::parseProxy);
    return new Values(this, timeout, concurrent, page, proxy);
  }

  /**
   * Checks the shared values of a settings object (from a builder or a map alike).
   *
   * @throws ConfigurationException naming the key at fault
   */
  public void check(ConnectionSettings s) {
    range(pageSize, s.pageSize(), maxPageSize);
    range(maxConcurrentRequests, s.maxConcurrentRequests(), maxMaxConcurrentRequests);
    if (s.requestTimeout().isNegative() || s.requestTimeout().isZero()) {
      throw new ConfigurationException(REQUEST_TIMEOUT.name(), "must be longer than zero");
    }
  }

  private static void range(SettingKey key, int value, int max) {
    if (value < 1 || value > max) {
      throw new ConfigurationException(
          key.name(), "must be between 1 and " + max + ", got " + value);
    }
  }

  /** {@code host:port}, optionally written as {@code http://host:port}. */
  static InetSocketAddress parseProxy(String value) {
    String v = value.trim();
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://")) {
      v = v.substring("http://".length());
    }
    v = v.replaceAll("/+$", "");
    int colon = v.lastIndexOf(':');
    String host = colon > 0 ? v.substring(0, colon) : "";
    int port = -1;
    try {
      port = colon > 0 ? Integer.parseInt(v.substring(colon + 1)) : -1;
    } catch (NumberFormatException e) {
      // reported below
    }
    if (host.isEmpty() || host.contains("/") || host.contains("@") || port < 1 || port > 65535) {
      throw new ConfigurationException(
          PROXY.name(), "must be host:port, e.g. proxy.example.com:3128, got '" + value + "'");
    }
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  /** The shared values read from a map, to merge into a settings builder. */
  private static final class Values implements ConnectionSettings {
    private final SharedKeys keys;
    private final Duration requestTimeout;
    private final int maxConcurrentRequests;
    private final int pageSize;
    private final Optional<InetSocketAddress> proxy;

    Values(
        SharedKeys keys,
        Duration requestTimeout,
        int maxConcurrentRequests,
        int pageSize,
        Optional<InetSocketAddress> proxy) {
      this.keys = keys;
      this.requestTimeout = requestTimeout;
      this.maxConcurrentRequests = maxConcurrentRequests;
      this.pageSize = pageSize;
      this.proxy = proxy;
    }

    @Override
    public SharedKeys sharedKeys() {
      return keys;
    }

    @Override
    public Duration requestTimeout() {
      return requestTimeout;
    }

    @Override
    public int maxConcurrentRequests() {
      return maxConcurrentRequests;
    }

    @Override
    public int pageSize() {
      return pageSize;
    }

    @Override
    public Optional<InetSocketAddress> proxy() {
      return proxy;
    }
  }

  /** Builds {@link SharedKeys}. */
  public static final class Builder {
    private @Nullable SettingKey baseUrl;
    private int defaultPageSize = -1;
    private int maxPageSize;
    private String pageItems = "items";
    private int defaultMaxConcurrent = -1;
    private int maxConcurrent;
    private @Nullable String concurrencyNote;

    private Builder() {}

    /** The connector's {@code baseUrl} key (see {@link SharedKeys#baseUrl(boolean, String)}). */
    public Builder baseUrl(SettingKey baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * The page size: default, largest accepted, and what a page holds (e.g. {@code "users"}).
     */
    public Builder pageSize(int defaultValue, int max, String items) {
      this.defaultPageSize = defaultValue;
      this.maxPageSize = max;
      this.pageItems = Objects.requireNonNull(items);
      return this;
    }

    /**
     * The requests in flight: default, most accepted, and a note on the IdP's limits (or null).
     */
    public Builder maxConcurrentRequests(int defaultValue, int max, @Nullable String note) {
      this.defaultMaxConcurrent = defaultValue;
      this.maxConcurrent = max;
      this.concurrencyNote = note;
      return this;
    }

    /** The keys. */
    public SharedKeys build() {
      if (defaultPageSize < 1 || defaultPageSize > maxPageSize) {
        throw new IllegalStateException("pageSize: default " + defaultPageSize + " not in 1.." + maxPageSize);
      }
      if (defaultMaxConcurrent < 1 || defaultMaxConcurrent > maxConcurrent) {
        throw new IllegalStateException(
            "maxConcurrentRequests: default " + defaultMaxConcurrent + " not in 1.." + maxConcurrent);
      }
      return new SharedKeys(this);
    }
  }
}
