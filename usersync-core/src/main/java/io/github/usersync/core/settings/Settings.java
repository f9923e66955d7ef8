package io.github.usersync.core.settings;

import io.github.usersync.core.ConfigurationException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * An immutable map of setting values, as read from a config file or given by a host, with typed
 * accessors that fail naming the key.
 *
 * <p>Values may reference environment variables as {@code ${env:NAME}} (resolved when the settings
 * are created; {@code $${env:NAME}} stands for the literal text), so config files need not hold
 * secrets. {@link #toString()} shows keys only, never values.
 */
public final class Settings {
  private static final Pattern ENV_REF = Pattern.compile("\\$?\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  private final Map<String, String> values;

  private Settings(Map<String, String> values) {
    this.values = values;
  }

  /** Settings from a map, resolving {@code ${env:NAME}} against the process environment. */
  public static Settings of(Map<String, String> values) {
    return of(values, System::getenv);
  }

  /**
   * Settings from a map, resolving {@code ${env:NAME}} with {@code environment}.
   *
   * @throws ConfigurationException if a referenced variable is not set
   */
  public static Settings of(
      Map<String, String> values, Function<String, @Nullable String> environment) {
    Map<String, String> resolved = new LinkedHashMap<>();
    values.forEach((k, v) -> resolved.put(k, resolve(k, v, environment)));
    return new Settings(Collections.unmodifiableMap(resolved));
  }

  /** No settings at all. */
  public static Settings empty() {
    return new Settings(Collections.emptyMap());
  }

  private static String resolve(
      String key, String value, Function<String, @Nullable String> environment) {
    if (value.indexOf("${") < 0) {
      return value;
    }
    Matcher m = ENV_REF.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().startsWith("$$")) {
        replacement = m.group().substring(1);
      } else {
        String name = m.group(1);
        String env = environment.apply(name);
        if (env == null) {
          throw new ConfigurationException(
              key,
              "refers to the environment variable "
                  + name
                  + ", which is not set; set it before starting, or put the value in the setting");
        }
        replacement = env;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A copy with {@code key} set to {@code value} (taken literally, not resolved). */
  public Settings with(String key, String value) {
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new Settings(Collections.unmodifiableMap(copy));
  }

  /** The keys present. */
  public Set<String> keys() {
    return values.keySet();
  }

  /** The raw value of {@code key}; blank values count as absent. */
  public Optional<String> get(String key) {
    String v = values.get(key);
    return v == null || v.trim().isEmpty() ? Optional.empty() : Optional.of(v.trim());
  }

  /** The value of {@code key}, else its default. */
  public Optional<String> get(SettingKey key) {
    Optional<String> v = get(key.name());
    return v.isPresent() ? v : key.defaultValue();
  }

  /**
   * The value of a key that must be present.
   *
   * @throws ConfigurationException naming the key if it is absent and has no default
   */
  public String require(SettingKey key) {
    return get(key)
        .orElseThrow(
            () -> new ConfigurationException(key.name(), "is required: " + key.description()));
  }

  /** A secret value, if present. */
  public Optional<Secret> secret(SettingKey key) {
    return get(key.name()).map(Secret::of);
  }

  /**
   * A secret value that must be present.
   *
   * @throws ConfigurationException naming the key if it is absent
   */
  public Secret requireSecret(SettingKey key) {
    return secret(key)
        .orElseThrow(
            () -> new ConfigurationException(key.name(), "is required: " + key.description()));
  }

  /**
   * An integer value within {@code [min, max]}, or the key's default.
   *
   * @throws ConfigurationException naming the key if the value is not such an integer
   */
  public Optional<Integer> integer(SettingKey key, int min, int max) {
    Optional<String> v = get(key);
    if (!v.isPresent()) {
      return Optional.empty();
    }
    try {
      int i = Integer.parseInt(v.get());
      if (i < min || i > max) {
        throw new ConfigurationException(
            key.name(), "must be between " + min + " and " + max + ", got " + i);
      }
      return Optional.of(i);
    } catch (NumberFormatException e) {
      throw new ConfigurationException(
          key.name(), "must be a whole number between " + min + " and " + max, e);
    }
  }

  /**
   * A boolean value ({@code true}/{@code false}, case-insensitive), or the key's default.
   *
   * @throws ConfigurationException naming the key for any other text
   */
  public Optional<Boolean> bool(SettingKey key) {
    return get(key)
        .map(
            v -> {
              String s = v.toLowerCase(Locale.ROOT);
              if (s.equals("true") || s.equals("false")) {
                return Boolean.valueOf(s);
              }
              throw new ConfigurationException(key.name(), "must be true or false, got '" + v + "'");
            });
  }

  /**
   * A duration written as ISO-8601 ({@code PT30S}) or as a number with a unit ({@code 500ms},
   * {@code 30s}, {@code 5m}, {@code 1h}), or the key's default.
   */
  public Optional<Duration> duration(SettingKey key) {
    return get(key).map(v -> parseDuration(key.name(), v));
  }

  static Duration parseDuration(String key, String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("pt") || s.startsWith("p")) {
        return Duration.parse(v.trim().toUpperCase(Locale.ROOT));
      }
      Matcher m = Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(s);
      if (m.matches()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms":
            return Duration.ofMillis(n);
          case "s":
            return Duration.ofSeconds(n);
          case "m":
            return Duration.ofMinutes(n);
          default:
            return Duration.ofHours(n);
        }
      }
    } catch (DateTimeParseException | NumberFormatException e) {
      // fall through to the error below
    }
    throw new ConfigurationException(
        key, "must be a duration such as 30s, 5m, 500ms or PT30S, got '" + v + "'");
  }

  /**
   * A URL value, or the key's default. Only {@code https://} is accepted, except {@code http://}
   * for loopback hosts (tests, local proxies).
   *
   * @throws ConfigurationException naming the key if the value is not such a URL
   */
  public Optional<URI> url(SettingKey key) {
    return get(key).map(v -> parseSecureUrl(key.name(), v));
  }

  /**
   * Parses an absolute URL that may be used for API calls: {@code https://}, or {@code http://}
   * only for a loopback host. The key names the setting in the error.
   */
  public static URI parseSecureUrl(String key, String value) {
    URI uri;
    try {
      uri = new URI(value.trim());
    } catch (URISyntaxException e) {
      throw new ConfigurationException(key, "is not a valid URL: " + e.getMessage(), e);
    }
    if (uri.getScheme() == null || uri.getHost() == null) {
      throw new ConfigurationException(
          key, "must be an absolute URL such as https://host.example.com, got '" + value + "'");
    }
    if (uri.getRawUserInfo() != null) {
      throw new ConfigurationException(
          key, "must not carry user information (user:password@); put credentials in their settings");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("http")) {
      if (!isLoopback(uri.getHost())) {
        throw new ConfigurationException(
            key,
            "uses plain http:// for "
                + uri.getHost()
                + "; credentials and user data must travel over https://, so use https:// "
                + "(http:// is accepted only for loopback hosts such as 127.0.0.1 and localhost)");
      }
    } else if (!scheme.equals("https")) {
      throw new ConfigurationException(
          key, "must start with https://, got scheme '" + uri.getScheme() + "'");
    }
    return uri;
  }

  /** Whether {@code host} names this machine's loopback interface. */
  public static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.equals("::1")
        || h.equals("0:0:0:0:0:0:0:1")
        || h.matches("127(\\.\\d{1,3}){3}");
  }

  /**
   * Fails if any key present is not among {@code known}, naming it and the closest known key.
   *
   * @return this, for chaining
   * @throws ConfigurationException for the first unknown key
   */
  public Settings requireKnown(Collection<SettingKey> known) {
    Set<String> names = known.stream().map(SettingKey::name).collect(Collectors.toSet());
    for (String key : new TreeSet<>(values.keySet())) {
      if (!names.contains(key)) {
        throw new ConfigurationException(
            key,
            "is not a known setting"
                + Suggestions.didYouMean(key, names)
                + "; known settings: "
                + String.join(", ", new TreeSet<>(names)));
      }
    }
    return this;
  }

  /** Shows the keys only: values may be secrets. */
  @Override
  public String toString() {
    return "Settings" + new TreeSet<>(values.keySet());
  }
}
