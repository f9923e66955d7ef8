package io.github.usersync.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.model.Membership;
import io.github.usersync.runner.internal.UserFiles;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.settings.Suggestions;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncScheduler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A usersync config file, JSON or YAML, loaded and checked; {@link ConfigRunner} runs it:
 *
 * <pre>
 * name: okta-to-jira                 # optional; one lock and one cursor per name; [A-Za-z0-9._-]
 * source:
 *   provider: okta
 *   settings: { domain: acme.okta.com, apiToken: "${env:OKTA_API_TOKEN}" }
 * target:
 *   type: json-file                  # json-file | memory | jira | confluence | crowd
 *   path: host.json                  # json-file
 *   settings: { ... }                # jira, confluence, crowd
 * mapping: { ... }                   # optional; see docs/mapping.md
 * policy: { requiredGroups: [jira-users], missingUsers: deactivate }
 * schedule: { cron: "0 0/15 * * * ?", zone: Europe/Berlin }
 * state: usersync-state.json         # optional; where the sync state is kept (lock file beside it)
 * lockWait: 0s                       # optional; how long sync waits for a run in progress
 * </pre>
 *
 * <p>Unknown keys are errors that name the key and the nearest valid one; so are keys given twice
 * (with the line), text that is not UTF-8 and a second document. {@code ${env:NAME}} is resolved in
 * every string value. The {@code name} is limited to letters, digits, {@code .}, {@code _} and
 * {@code -}, as it becomes part of file names.
 */
public final class ConfigFile {
  private static final Set<String> TOP = keys("name", "source", "target", "mapping", "policy", "schedule", "state", "lockWait");
  private static final Set<String> SOURCE = keys("provider", "settings");
  private static final Set<String> TARGET = keys("type", "path", "settings");
  private static final Set<String> SCHEDULE = keys("cron", "zone");
  private static final Set<String> POLICY = keys("requiredGroups", "missingUsers", "reactivateReturningUsers",
      "createGroups", "additionallyManagedGroups", "linkUnlinkedBy", "membership", "membershipRead",
      "maxDestructiveChanges", "maxDestructivePercent", "failFast", "readConcurrency",
      "applyConcurrency", "incremental", "fullSyncInterval", "protectedGroups", "deleteEmptiedGroups");

  /** What {@code name} may be: it is part of file names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  // A config is a few kilobytes; this only keeps a wrong --config (a disk image) from filling memory.
  private static final long MAX_BYTES = 16L * 1024 * 1024;

  private final Path file;
  private final String name;
  private final String provider;
  private final Settings sourceSettings;
  private final String targetType;
  private final @Nullable Path targetPath;
  private final Map<String, String> targetSettings;
  private final JsonNode mapping;
  private final SyncPolicy policy;
  private final @Nullable String cron;
  private final ZoneId zone;
  private final Path state;
  private final Duration lockWait;

  private ConfigFile(Path file, JsonNode root, Function<String, @Nullable String> env) {
    this.file = file;
    check(root, TOP, "");
    this.name = syncName(text(root, "name", env).orElse("default"));
    JsonNode source = object(root, "source", true);
    check(source, SOURCE, "source.");
    this.provider = text(source, "provider", env)
        .orElseThrow(() -> new ConfigurationException("source.provider",
            "is required: the IdP connector's id, e.g. okta, entra, google, keycloak, onelogin"));
    this.sourceSettings = Settings.of(strings(object(source, "settings", false), "source.settings"), env);
    JsonNode target = object(root, "target", true);
    check(target, TARGET, "target.");
    this.targetType = text(target, "type", env).orElseThrow(() -> new ConfigurationException("target.type",
        "is required: json-file, memory, jira, confluence or crowd"));
    Path base = file.toAbsolutePath().getParent();
    this.targetPath = text(target, "path", env).map(p -> resolve(base, p)).orElse(null);
    this.targetSettings = strings(object(target, "settings", false), "target.settings");
    this.mapping = root.has("mapping") ? object(root, "mapping", false) : JsonNodeFactory.instance.nullNode();
    this.policy = policy(object(root, "policy", false), env);
    JsonNode schedule = object(root, "schedule", false);
    check(schedule, SCHEDULE, "schedule.");
    this.cron = text(schedule, "cron", env).orElse(null);
    if (cron != null) {
      SyncScheduler.parse(cron);
    }
    String z = text(schedule, "zone", env).orElse(null);
    try {
      this.zone = z == null ? ZoneId.systemDefault() : ZoneId.of(z);
    } catch (RuntimeException e) {
      throw new ConfigurationException("schedule.zone", "'" + z + "' is not a time zone such as Europe/Berlin or UTC", e);
    }
    this.state = text(root, "state", env).map(p -> resolve(base, p))
        .orElse(resolve(base, "." + name + ".usersync-state.json"));
    this.lockWait = text(root, "lockWait", env).map(v -> duration("lockWait", v)).orElse(Duration.ZERO);
  }

  /** The file this config was read from. */
  public Path file() {
    return file;
  }

  /** The sync's name ({@code default} when not set): one lock, one state and one change cursor per name. */
  public String name() {
    return name;
  }

  /** {@code source.provider}: the IdP connector's id. */
  public String sourceProvider() {
    return provider;
  }

  /** {@code source.settings}, with {@code ${env:NAME}} resolved. */
  public Settings sourceSettings() {
    return sourceSettings;
  }

  /** {@code target.type}: the target provider's id, e.g. {@code json-file} or {@code jira}. */
  public String targetType() {
    return targetType;
  }

  /** {@code target.settings}, with {@code target.path} (resolved against the config's directory) as {@code path}. */
  public Settings targetSettings() {
    Map<String, String> values = new LinkedHashMap<>(targetSettings);
    Path path = targetPath;
    if (path != null) {
      values.put(JsonFileTargetProvider.PATH.name(), path.toString());
    }
    return Settings.of(values);
  }

  /** The mapping: {@code mapping} when given, the provider's defaults otherwise. */
  public UserMapping mapping() {
    return mapping.isNull() || mapping.isEmpty()
        ? UserMapping.defaultsFor(provider)
        : UserMapping.parse(mapping, provider);
  }

  /** {@code policy}. */
  public SyncPolicy policy() {
    return policy;
  }

  /** {@code schedule.cron}, a Quartz expression, when set. */
  public Optional<String> cron() {
    return Optional.ofNullable(cron);
  }

  /** {@code schedule.zone}; the system's zone when not set. */
  public ZoneId zone() {
    return zone;
  }

  /** Where the sync state is kept: {@code state}, by default {@code .NAME.usersync-state.json} beside the config. */
  public Path stateFile() {
    return state;
  }

  /** {@code lockWait}: how long a run waits for another run of the same sync to finish; zero by default. */
  public Duration lockWait() {
    return lockWait;
  }

  @Override
  public String toString() {
    return "ConfigFile[" + file + ", name=" + name + ", source=" + provider + ", target=" + targetType + "]";
  }

  /**
   * A duration as the config file takes it ({@code 30s}, {@code 5m}, {@code PT30S}), not negative;
   * the error names {@code key}.
   */
  public static Duration duration(String key, String value) {
    Duration d = Settings.of(Map.of(key, value)).duration(io.github.usersync.core.settings.SettingKey.optional(key, ""))
        .orElseThrow(() -> new ConfigurationException(key, "must be a duration such as 30s or 5m"));
    if (d.isNegative()) {
      throw new ConfigurationException(key, "cannot be negative, got '" + value + "'");
    }
    return d;
  }

  /**
   * Reads a config file (JSON or YAML) with {@code ${env:NAME}} resolved from the environment.
   *
   * @throws ConfigurationException naming the key (or the file) when the file is not a valid config
   */
  public static ConfigFile load(Path file) {
    return load(file, System::getenv);
  }

  /** Reads a config file, resolving {@code ${env:NAME}} through {@code env} (tests, or a host's own secrets). */
  public static ConfigFile load(Path file, Function<String, @Nullable String> env) {
    UserFiles.Failure fail =
        (what, cause) -> new ConfigurationException("--config", "the file " + file + " " + what, cause);
    String text = UserFiles.read(file, MAX_BYTES, fail);
    JsonNode root = UserFiles.parse(UserFiles.YAML, text, "JSON or YAML", fail);
    if (root == null || !root.isObject()) {
      throw new ConfigurationException("--config", "the file " + file + " must hold an object with source and target");
    }
    return new ConfigFile(file, root, env);
  }

  /**
   * The sync's name, which becomes part of file names (the default state file): a safe character set,
   * so {@code ../../etc/x} cannot reach outside the config's directory.
   */
  private static String syncName(String name) {
    if (!NAME.matcher(name).matches()) {
      throw new ConfigurationException("name", "'" + name + "' cannot be a sync name: the name is part of"
          + " file names, so it takes only letters (a-z, A-Z), digits, '.', '_' and '-', starts with a letter"
          + " or digit, and has at most 64 characters, e.g. okta-to-jira");
    }
    return name;
  }

  private static Path resolve(@Nullable Path base, String p) {
    Path path = Path.of(p);
    return path.isAbsolute() || base == null ? path : base.resolve(path);
  }

  private static Set<String> keys(String... k) {
    return new TreeSet<>(List.of(k));
  }

  private static void check(JsonNode node, Set<String> known, String prefix) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String n = names.next();
      if (!known.contains(n)) {
        throw new ConfigurationException(prefix + n, "is not a known key" + Suggestions.didYouMean(n, known)
            + "; known here: " + String.join(", ", known));
      }
    }
  }

  private static JsonNode object(JsonNode parent, String field, boolean required) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new ConfigurationException(field, "is required");
      }
      return JsonNodeFactory.instance.objectNode();
    }
    if (!n.isObject()) {
      throw new ConfigurationException(field, "must be an object of keys and values");
    }
    return n;
  }

  private static Optional<String> text(JsonNode parent, String field, Function<String, @Nullable String> env) {
    JsonNode n = parent.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (n.isContainerNode()) {
      throw new ConfigurationException(field, "must be a single value");
    }
    return Optional.of(resolveEnv(field, n.asText(), env));
  }

  private static String resolveEnv(String key, String value, Function<String, @Nullable String> env) {
    return Settings.of(Map.of(key, value), env).get(key).orElse("");
  }

  private static Map<String, String> strings(JsonNode node, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    node.fields().forEachRemaining(e -> {
      JsonNode v = e.getValue();
      if (v.isContainerNode()) {
        throw new ConfigurationException(prefix + "." + e.getKey(), "must be a single value");
      }
      out.put(e.getKey(), v.isNull() ? "" : v.asText());
    });
    return out;
  }

  private static SyncPolicy policy(JsonNode p, Function<String, @Nullable String> env) {
    check(p, POLICY, "policy.");
    SyncPolicy.Builder b = SyncPolicy.builder();
    list(p, "requiredGroups").forEach(b::addRequiredGroups);
    list(p, "additionallyManagedGroups").forEach(b::addAdditionallyManagedGroups);
    list(p, "protectedGroups").forEach(b::addProtectedGroups);
    text(p, "missingUsers", env).ifPresent(v -> b.missingUsers(choice("policy.missingUsers", v, SyncPolicy.MissingUserAction.class)));
    text(p, "linkUnlinkedBy", env).ifPresent(v -> b.linkUnlinkedBy(choice("policy.linkUnlinkedBy", v, SyncPolicy.LinkMatch.class)));
    text(p, "membership", env).ifPresent(v -> b.membership(choice("policy.membership", v, Membership.class)));
    text(p, "membershipRead", env).ifPresent(v -> b.membershipRead(choice("policy.membershipRead", v, SyncPolicy.MembershipRead.class)));
    bool(p, "reactivateReturningUsers").ifPresent(b::reactivateReturningUsers);
    bool(p, "createGroups").ifPresent(b::createGroups);
    bool(p, "failFast").ifPresent(b::failFast);
    bool(p, "incremental").ifPresent(b::incremental);
    bool(p, "deleteEmptiedGroups").ifPresent(b::deleteEmptiedGroups);
    number(p, "maxDestructiveChanges").ifPresent(v -> b.maxDestructiveChanges(v.intValue()));
    number(p, "maxDestructivePercent").ifPresent(v -> b.maxDestructivePercent(v.doubleValue()));
    number(p, "readConcurrency").ifPresent(v -> b.readConcurrency(v.intValue()));
    number(p, "applyConcurrency").ifPresent(v -> b.applyConcurrency(v.intValue()));
    text(p, "fullSyncInterval", env).ifPresent(v -> b.fullSyncInterval(
        Settings.of(Map.of("policy.fullSyncInterval", v)).duration(io.github.usersync.core.settings.SettingKey.optional("policy.fullSyncInterval", "")).orElse(Duration.ofHours(24))));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException("policy", String.valueOf(e.getMessage()), e);
    }
  }

  private static List<String> list(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      return List.of();
    }
    if (!n.isArray()) {
      throw new ConfigurationException("policy." + field, "must be a list, e.g. [jira-users, confluence-users]");
    }
    List<String> out = new java.util.ArrayList<>();
    n.forEach(x -> out.add(x.asText()));
    return out;
  }

  private static Optional<Boolean> bool(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isBoolean()) {
      throw new ConfigurationException("policy." + field, "must be true or false");
    }
    return Optional.of(n.asBoolean());
  }

  private static Optional<Number> number(JsonNode p, String field) {
    JsonNode n = p.get(field);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!n.isNumber()) {
      throw new ConfigurationException("policy." + field, "must be a number");
    }
    return Optional.of(n.numberValue());
  }

  private static <E extends Enum<E>> E choice(String key, String value, Class<E> type) {
    String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(v)) {
        return e;
      }
    }
    List<String> names = new java.util.ArrayList<>();
    for (E e : type.getEnumConstants()) {
      names.add(e.name().toLowerCase(Locale.ROOT));
    }
    throw new ConfigurationException(key, "'" + value + "' is not one of " + names + Suggestions.didYouMean(value.toLowerCase(Locale.ROOT), names));
  }
}
