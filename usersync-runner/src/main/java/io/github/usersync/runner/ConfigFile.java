package io.github.usersync.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.model.Membership;
import io.github.usersync.runner.internal.UserFiles;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.settings.Secret;
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
 * source:                            # optional when the config has scim
 *   provider: okta
 *   settings: { domain: acme.okta.com, apiToken: "${env:OKTA_API_TOKEN}" }
 * target:
 *   type: json-file                  # json-file | memory | jira | confluence | crowd
 *   path: host.json                  # json-file
 *   settings: { ... }                # jira, confluence, crowd
 * mapping: { ... }                   # optional; see docs/mapping.md
 * policy: { requiredGroups: [jira-users], missingUsers: deactivate }   # anonymize, delete, keep;
 *                                    # stripMembershipsOnCleanup, keepGroups, heldChangesExpireAfter: docs/sync.md
 * schedule: { cron: "0 0/15 * * * ?", zone: Europe/Berlin }
 * state: usersync-state.json         # optional; where the sync state is kept (lock file beside it)
 * lockWait: 0s                       # optional; how long sync waits for a run in progress
 * scim:                              # optional: usersync serve takes SCIM pushes (Entra, Okta) into the target
 *   token: "${env:SCIM_TOKEN}"       # or clientId + clientSecret (OAuth client credentials)
 *   port: 8090                       # bind (127.0.0.1), contextPath (/scim/v2), publicBaseUrl, lockWait (5s),
 *                                    # retryAfter (30s), maxRequestBytes, maxDestructiveChanges (50),
 *                                    # destructiveWindow (10m), tokenLifetime (1h), mapping (SCIM defaults)
 * </pre>
 *
 * <p>Unknown keys are errors that name the key and the nearest valid one; so are keys given twice
 * (with the line), text that is not UTF-8 and a second document. {@code ${env:NAME}} is resolved in
 * every string value. The {@code name} is limited to letters, digits, {@code .}, {@code _} and
 * {@code -}, as it becomes part of file names.
 */
public final class ConfigFile {
  private static final Set<String> TOP = keys("name", "source", "target", "mapping", "policy", "schedule", "state", "lockWait",
      "scim");
  private static final Set<String> SCIM = keys("bind", "port", "contextPath", "publicBaseUrl", "token", "clientId",
      "clientSecret", "tokenLifetime", "maxRequestBytes", "maxDestructiveChanges", "destructiveWindow", "lockWait",
      "retryAfter", "mapping");
  private static final Set<String> SOURCE = keys("provider", "settings");
  private static final Set<String> TARGET = keys("type", "path", "settings");
  private static final Set<String> SCHEDULE = keys("cron", "zone");
  private static final Set<String> POLICY = keys("requiredGroups", "missingUsers", "reactivateReturningUsers",
      "createGroups", "additionallyManagedGroups", "linkUnlinkedBy", "membership", "membershipRead",
      "maxDestructiveChanges", "maxDestructivePercent", "failFast", "readConcurrency",
      "applyConcurrency", "incremental", "fullSyncInterval", "protectedGroups", "deleteEmptiedGroups",
      "anonymizeEmailDomain", "stripMembershipsOnCleanup", "keepGroups", "heldChangesExpireAfter",
      "managerRefreshRuns", "photoRefreshRuns");

  /** What {@code name} may be: it is part of file names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  // A config is a few kilobytes; this only keeps a wrong --config (a disk image) from filling memory.
  private static final long MAX_BYTES = 16L * 1024 * 1024;

  private final Path file;
  private final String name;
  private final @Nullable String provider;
  private final @Nullable Scim scim;
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
    this.scim = root.hasNonNull("scim") ? new Scim(object(root, "scim", false), env) : null;
    if (scim == null && !root.hasNonNull("source")) {
      throw new ConfigurationException("source", "is required: the IdP to read (source.provider, e.g. okta, entra,"
          + " google, keycloak, onelogin), unless the config has a scim section, for an IdP that pushes over SCIM");
    }
    JsonNode source = object(root, "source", false);
    check(source, SOURCE, "source.");
    this.provider = text(source, "provider", env).orElse(null);
    if (provider == null && root.hasNonNull("source")) {
      throw new ConfigurationException("source.provider",
          "is required: the IdP connector's id, e.g. okta, entra, google, keycloak, onelogin");
    }
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

  /**
   * {@code source.provider}: the IdP connector's id.
   *
   * @throws ConfigurationException when the config has no source (a SCIM-only config)
   */
  public String sourceProvider() {
    String p = provider;
    if (p == null) {
      throw new ConfigurationException("source.provider", "is required for this command: the config " + file
          + " has only a scim section, which 'usersync serve' serves; add a source to read an IdP");
    }
    return p;
  }

  /** Whether the config has a {@code source} (an IdP to read); a SCIM-only config has none. */
  public boolean hasSource() {
    return provider != null;
  }

  /** {@code scim}: the SCIM service {@code usersync serve} runs, when configured. */
  public Optional<Scim> scim() {
    return Optional.ofNullable(scim);
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
    String p = sourceProvider();
    return mapping.isNull() || mapping.isEmpty()
        ? UserMapping.defaultsFor(p)
        : UserMapping.parse(mapping, p);
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
    return "ConfigFile[" + file + ", name=" + name + ", source=" + provider + ", target=" + targetType
        + (scim != null ? ", " + scim : "") + "]";
  }

  /**
   * The {@code scim} section: the SCIM 2.0 service {@code usersync serve} runs in front of the target,
   * for Entra or Okta provisioning to push into (docs/scim.md). Callers authenticate with {@code
   * token} (a bearer token, 16 characters or more) or with OAuth client credentials ({@code clientId}
   * and {@code clientSecret}); secrets are usually {@code ${env:NAME}} and never appear in {@code
   * toString}.
   */
  public static final class Scim {
    private final String bind;
    private final int port;
    private final String contextPath;
    private final @Nullable String publicBaseUrl;
    private final @Nullable Secret token;
    private final @Nullable String clientId;
    private final @Nullable Secret clientSecret;
    private final Duration tokenLifetime;
    private final int maxRequestBytes;
    private final int maxDestructiveChanges;
    private final Duration destructiveWindow;
    private final Duration lockWait;
    private final Duration retryAfter;
    private final JsonNode mapping;

    Scim(JsonNode n, Function<String, @Nullable String> env) {
      check(n, SCIM, "scim.");
      this.bind = text(n, "bind", env).orElse("127.0.0.1");
      this.port = (int) integer(n, "port", env, 8090, 0, 65535);
      String cp = text(n, "contextPath", env).orElse("/scim/v2");
      if (!cp.isEmpty() && !cp.startsWith("/")) {
        throw new ConfigurationException("scim.contextPath", "must start with '/', e.g. /scim/v2, got '" + cp + "'");
      }
      this.contextPath = cp;
      this.publicBaseUrl = text(n, "publicBaseUrl", env)
          .map(u -> Settings.parseSecureUrl("scim.publicBaseUrl", u).toString()).orElse(null);
      this.token = text(n, "token", env).map(Secret::of).orElse(null);
      this.clientId = text(n, "clientId", env).orElse(null);
      this.clientSecret = text(n, "clientSecret", env).map(Secret::of).orElse(null);
      if (token == null && (clientId == null || clientSecret == null)) {
        throw new ConfigurationException(token == null && clientId == null && clientSecret == null ? "scim.token"
            : clientId == null ? "scim.clientId" : "scim.clientSecret",
            "is required: the SCIM service never runs open; give token (e.g. \"${env:SCIM_TOKEN}\", the Secret Token"
                + " you enter in Entra or Okta) or clientId and clientSecret (OAuth client credentials)");
      }
      if (token != null && (clientId != null || clientSecret != null)) {
        throw new ConfigurationException("scim.token", "cannot be combined with clientId/clientSecret: choose one way"
            + " for callers to authenticate");
      }
      Secret strong = token != null ? token : clientSecret;
      if (strong != null && strong.reveal().length() < 16) {
        throw new ConfigurationException(token != null ? "scim.token" : "scim.clientSecret",
            "is too short: use 16 characters or more (e.g. head -c 32 /dev/urandom | base64)");
      }
      this.tokenLifetime = text(n, "tokenLifetime", env).map(v -> positive("scim.tokenLifetime", v))
          .orElse(Duration.ofHours(1));
      this.maxRequestBytes = (int) integer(n, "maxRequestBytes", env, 1 << 20, 1024, Integer.MAX_VALUE);
      this.maxDestructiveChanges = (int) integer(n, "maxDestructiveChanges", env, 50, 0, Integer.MAX_VALUE);
      this.destructiveWindow = text(n, "destructiveWindow", env).map(v -> positive("scim.destructiveWindow", v))
          .orElse(Duration.ofMinutes(10));
      this.lockWait = text(n, "lockWait", env).map(v -> duration("scim.lockWait", v)).orElse(Duration.ofSeconds(5));
      this.retryAfter = text(n, "retryAfter", env).map(v -> positive("scim.retryAfter", v))
          .orElse(Duration.ofSeconds(30));
      JsonNode m = n.get("mapping");
      if (m != null && !m.isNull() && !m.isObject()) {
        throw new ConfigurationException("scim.mapping", "must be an object of mapping rules (docs/mapping.md)");
      }
      this.mapping = m == null ? JsonNodeFactory.instance.nullNode() : m;
    }

    /** {@code scim.bind}: the address to listen on (default {@code 127.0.0.1}; another only when set). */
    public String bind() {
      return bind;
    }

    /** {@code scim.port} (default 8090; 0 picks a free one). */
    public int port() {
      return port;
    }

    /** {@code scim.contextPath}: the path of the SCIM base URL (default {@code /scim/v2}). */
    public String contextPath() {
      return contextPath;
    }

    /** {@code scim.publicBaseUrl}: the https URL clients use behind a proxy, for {@code Location} headers. */
    public Optional<String> publicBaseUrl() {
      return Optional.ofNullable(publicBaseUrl);
    }

    /** {@code scim.token}: the bearer token callers send. */
    public Optional<Secret> token() {
      return Optional.ofNullable(token);
    }

    /** {@code scim.clientId}: the OAuth client id, for client credentials. */
    public Optional<String> clientId() {
      return Optional.ofNullable(clientId);
    }

    /** {@code scim.clientSecret}: the OAuth client secret, for client credentials. */
    public Optional<Secret> clientSecret() {
      return Optional.ofNullable(clientSecret);
    }

    /** {@code scim.tokenLifetime}: how long tokens issued for client credentials last (default 1h). */
    public Duration tokenLifetime() {
      return tokenLifetime;
    }

    /** {@code scim.maxRequestBytes}: the largest request body (default 1 MiB). */
    public int maxRequestBytes() {
      return maxRequestBytes;
    }

    /** {@code scim.maxDestructiveChanges}: deactivations plus deletions per window (default 50). */
    public int maxDestructiveChanges() {
      return maxDestructiveChanges;
    }

    /** {@code scim.destructiveWindow}: the sliding window of that limit (default 10 minutes). */
    public Duration destructiveWindow() {
      return destructiveWindow;
    }

    /** {@code scim.lockWait}: how long a push waits for a run holding the sync's lock (default 5s). */
    public Duration lockWait() {
      return lockWait;
    }

    /** {@code scim.retryAfter}: the Retry-After of a push answered 503 because a run holds the lock (default 30s). */
    public Duration retryAfter() {
      return retryAfter;
    }

    /**
     * {@code scim.mapping}: how pushed SCIM users map to host users, read from the SCIM resources;
     * {@link UserMapping#defaults()} (userName, emails, names, active, groups by displayName) when not set.
     */
    public UserMapping mapping() {
      return mapping.isNull() || mapping.isEmpty() ? UserMapping.defaults() : UserMapping.parse(mapping);
    }

    @Override
    public String toString() {
      return "scim[" + bind + ":" + port + contextPath + ", " + (token != null ? "bearer token ****"
          : "client credentials " + clientId + " ****") + "]";
    }
  }

  private static Duration positive(String key, String value) {
    Duration d = duration(key, value);
    if (d.isZero()) {
      throw new ConfigurationException(key, "must be longer than zero, got '" + value + "'");
    }
    return d;
  }

  private static long integer(JsonNode n, String field, Function<String, @Nullable String> env, long fallback,
      long min, long max) {
    Optional<String> v = text(n, field, env);
    if (!v.isPresent()) {
      return fallback;
    }
    try {
      long x = Long.parseLong(v.get().trim());
      if (x < min || x > max) {
        throw new NumberFormatException();
      }
      return x;
    } catch (NumberFormatException e) {
      throw new ConfigurationException("scim." + field, "must be a whole number from " + min + " to " + max
          + ", got '" + v.get() + "'", e);
    }
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
    list(p, "keepGroups").forEach(b::addKeepGroups);
    text(p, "anonymizeEmailDomain", env).ifPresent(b::anonymizeEmailDomain);
    bool(p, "stripMembershipsOnCleanup").ifPresent(b::stripMembershipsOnCleanup);
    text(p, "heldChangesExpireAfter", env).ifPresent(v -> b.heldChangesExpireAfter(duration("policy.heldChangesExpireAfter", v)));
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
    number(p, "managerRefreshRuns").ifPresent(v -> b.managerRefreshRuns(wholeRuns("managerRefreshRuns", v)));
    number(p, "photoRefreshRuns").ifPresent(v -> b.photoRefreshRuns(wholeRuns("photoRefreshRuns", v)));
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

  private static int wholeRuns(String field, Number v) {
    if (v.doubleValue() != Math.rint(v.doubleValue()) || v.doubleValue() > Integer.MAX_VALUE) {
      throw new ConfigurationException("policy." + field, "must be a whole number of full runs, such"
          + " as 7; it is " + v);
    }
    return v.intValue();
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
