package io.github.usersync.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.Jwt;
import io.github.usersync.core.http.OAuth2TokenProvider;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.RequestStats;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.google.internal.GoogleErrorParser;
import io.github.usersync.google.internal.GoogleUsers;
import io.github.usersync.google.internal.Photos;
import io.github.usersync.google.internal.RecentCache;
import io.github.usersync.google.internal.ServiceAccountKey;
import io.github.usersync.google.internal.UserFacts;
import io.github.usersync.google.internal.UserProjection;
import io.github.usersync.google.internal.Walk;
import io.github.usersync.google.internal.WebSafeBase64;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A Google Workspace account read through the Admin SDK Directory API: users ({@code users.list},
 * 500 a page), one user, a user's photo ({@code photos/thumbnail}), groups and a user's groups
 * ({@code groups.list}, 200 a page), and group members (200 a page), walking nested groups itself
 * for transitive membership.
 *
 * <p>What Google does not offer, this connector does not pretend to: there is no change feed in
 * the Directory API (no delta token, no "updated since" filter), so {@link Capability#CHANGES} is
 * not supported and every sync lists all users. Google keeps a user's manager as an email address
 * ({@code relations[type=manager].value}); {@link DirectoryUser#managerId()} is therefore empty and
 * {@link #managerId(String)} resolves the email to the manager's id. The user's raw JSON carries
 * {@code managerEmail} and {@code primaryOrganization} for mappings.
 *
 * <p>Thread-safe. Create with {@link #create(GoogleSettings)} or {@link #builder(GoogleSettings)}.
 */
public final class GoogleDirectory implements IdpDirectory {
  static final String PROVIDER = "google";
  private static final String API_PATH = "/admin/directory/v1";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  private static final int GROUP_PAGE_SIZE = 200;
  // The engine asks for managers and photo fingerprints of every user after the listing; about
  // 250 bytes per user, so 200,000 users hold about 50 MB at most.
  private static final int RECENT_USERS = 200_000;
  private static final Duration RECENT_USERS_TTL = Duration.ofMinutes(30);
  private static final String LOOKUP_FIELDS = "id,primaryEmail,relations,thumbnailPhotoEtag";

  private final GoogleSettings settings;
  private final ApiClient api;
  private final OAuth2TokenProvider tokens;
  private final RequestStats stats;
  // user id -> manager email and photo etag, from recent reads
  private final RecentCache<UserFacts> recent;
  // manager email -> manager id, resolved on request
  private final RecentCache<String> managerIds;

  private GoogleDirectory(Builder b) {
    this.settings = b.settings;
    ObjectMapper mapper = b.mapper != null ? b.mapper : ApiClient.defaultMapper();
    HttpClient http =
        b.http != null
            ? b.http
            : HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(15))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    this.stats = new RequestStats();
    List<Secret> secrets = new ArrayList<>();
    GoogleErrorParser errors;
    ServiceAccountKey key = null;
    if (settings.usesServiceAccount()) {
      key = serviceAccountKey(settings, mapper);
      String adminEmail = settings.adminEmail().orElseThrow(IllegalStateException::new);
      errors = GoogleErrorParser.forServiceAccount(adminEmail, key.clientIdOrEmail(), settings.scopes());
      secrets.add(key.privateKeyPem());
      if (key.privateKeyId() != null) {
        secrets.add(key.privateKeyId());
      }
    } else {
      errors =
          GoogleErrorParser.forOAuthClient(
              settings.clientId().orElseThrow(IllegalStateException::new), settings.scopes());
      settings.clientSecret().ifPresent(secrets::add);
      settings.refreshToken().ifPresent(secrets::add);
    }
    Secret[] masked = secrets.toArray(new Secret[0]);
    ApiClient tokenClient =
        ApiClient.builder(PROVIDER, settings.tokenUrl())
            .httpClient(http)
            .objectMapper(mapper)
            .errorParser(errors)
            .requestTimeout(settings.requestTimeout())
            .sleeper(b.sleeper)
            .clock(b.clock)
            .stats(stats)
            .redact(masked)
            .build();
    this.tokens = key != null ? serviceAccountTokens(tokenClient, key, b.clock) : refreshTokens(tokenClient, b.clock);
    this.api =
        ApiClient.builder(PROVIDER, apiBase(settings.baseUrl()))
            .httpClient(http)
            .objectMapper(mapper)
            .tokenProvider(tokens)
            .errorParser(errors)
            // Google sends no Retry-After on its 403 rate-limit answers and asks for exponential
            // backoff; its quota is per minute, so the waits grow to a minute.
            .retryPolicy(
                RetryPolicy.of(7, Duration.ofSeconds(1), Duration.ofSeconds(64), Duration.ofMinutes(5)))
            .maxConcurrentRequests(settings.maxConcurrentRequests())
            .requestTimeout(settings.requestTimeout())
            .sleeper(b.sleeper)
            .clock(b.clock)
            .stats(stats)
            .redact(masked)
            .build();
    this.recent = new RecentCache<>(RECENT_USERS, RECENT_USERS_TTL, b.clock);
    this.managerIds = new RecentCache<>(RECENT_USERS, RECENT_USERS_TTL, b.clock);
  }

  /** A directory for {@code settings}, with its own HTTP client. */
  public static GoogleDirectory create(GoogleSettings settings) {
    return builder(settings).build();
  }

  /** A directory for {@code settings} that sends through the host's {@code httpClient}. */
  public static GoogleDirectory create(GoogleSettings settings, HttpClient httpClient) {
    return builder(settings).httpClient(httpClient).build();
  }

  /** A builder, for a host's HTTP client or JSON mapper. */
  public static Builder builder(GoogleSettings settings) {
    return new Builder(settings);
  }

  private static ServiceAccountKey serviceAccountKey(GoogleSettings settings, ObjectMapper mapper) {
    Optional<Secret> content = settings.serviceAccountKey();
    ServiceAccountKey key =
        content.isPresent()
            ? ServiceAccountKey.parse(GoogleSettings.SERVICE_ACCOUNT_KEY.name(), content.get().reveal(), mapper)
            : ServiceAccountKey.read(
                GoogleSettings.SERVICE_ACCOUNT_KEY_FILE.name(),
                settings.serviceAccountKeyFile().orElseThrow(IllegalStateException::new),
                mapper);
    if (!(key.privateKey() instanceof RSAPrivateKey)) {
      throw new ConfigurationException(
          content.isPresent()
              ? GoogleSettings.SERVICE_ACCOUNT_KEY.name()
              : GoogleSettings.SERVICE_ACCOUNT_KEY_FILE.name(),
          "holds a key that is not RSA; Google signs service account assertions with RS256, so"
              + " use the JSON key Google generated");
    }
    return key;
  }

  private OAuth2TokenProvider serviceAccountTokens(ApiClient client, ServiceAccountKey key, Clock clock) {
    String adminEmail = settings.adminEmail().orElseThrow(IllegalStateException::new);
    String scope = String.join(" ", settings.scopes());
    String audience = settings.tokenUrl().toString();
    return OAuth2TokenProvider.builder(client, settings.tokenUrl())
        .grantType(JWT_BEARER)
        .dynamicParams(
            () -> {
              // Signed afresh for every fetch: Google accepts an assertion for at most an hour.
              Instant now = clock.instant();
              Jwt jwt = Jwt.rs256(key.privateKey());
              Secret kid = key.privateKeyId();
              if (kid != null) {
                jwt.header("kid", kid.reveal());
              }
              String assertion =
                  jwt.claim("iss", key.clientEmail())
                      .claim("scope", scope)
                      .claim("aud", audience)
                      .claim("iat", now.getEpochSecond())
                      .claim("exp", now.getEpochSecond() + 3600)
                      .claim("sub", adminEmail)
                      .sign();
              return Collections.singletonMap("assertion", assertion);
            })
        .clock(clock)
        .build();
  }

  private OAuth2TokenProvider refreshTokens(ApiClient client, Clock clock) {
    return OAuth2TokenProvider.builder(client, settings.tokenUrl())
        .grantType("refresh_token")
        .param("client_id", settings.clientId().orElseThrow(IllegalStateException::new))
        .secretParam("client_secret", settings.clientSecret().orElseThrow(IllegalStateException::new))
        .secretParam("refresh_token", settings.refreshToken().orElseThrow(IllegalStateException::new))
        .clock(clock)
        .build();
  }

  private static URI apiBase(URI baseUrl) {
    String b = baseUrl.toString();
    while (b.endsWith("/")) {
      b = b.substring(0, b.length() - 1);
    }
    return URI.create(b.endsWith(API_PATH) ? b : b + API_PATH);
  }

  /** The settings this directory was created with. */
  public GoogleSettings settings() {
    return settings;
  }

  @Override
  public String providerId() {
    return PROVIDER;
  }

  @Override
  public DirectoryCapabilities capabilities() {
    return DirectoryCapabilities.builder()
        .supported(
            EnumSet.of(
                Capability.GROUPS,
                Capability.GROUP_MEMBERS,
                Capability.USER_GROUPS,
                Capability.NESTED_GROUPS,
                Capability.MANAGER,
                Capability.PHOTO,
                Capability.PHOTO_FINGERPRINT,
                Capability.FIND_USER_BY_EMAIL))
        .maxConcurrentRequests(settings.maxConcurrentRequests())
        .userPageSize(settings.pageSize())
        .build();
  }

  // ---- users ----

  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    ApiRequest first =
        UserProjection.of(query.attributes())
            .apply(inAccount(ApiRequest.get("/users")).query("maxResults", settings.pageSize()), true)
            .label("list users")
            .build();
    String endpoint = api.describe(first);
    Stream<DirectoryUser> users =
        Paging.stream(
            api,
            first,
            Paging.tokenInBody("users", "nextPageToken", "pageToken", json -> toUser(json, endpoint)));
    return query.includeDeactivated() ? users : users.filter(DirectoryUser::active);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    ApiRequest request =
        UserProjection.of(query.attributes())
            .apply(ApiRequest.get("/users/{userKey}", id), false)
            .label("read user")
            .build();
    return api.sendOptional(request).map(r -> toUser(r.json(), api.describe(request)));
  }

  /**
   * Reads the user whose primary or alias address is {@code email} (Google accepts either as the
   * user key).
   */
  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    return user(email, query);
  }

  private DirectoryUser toUser(JsonNode json, String endpoint) {
    DirectoryUser user = GoogleUsers.user(json, endpoint);
    recent.put(user.id(), UserFacts.of(json));
    return user;
  }

  private ApiRequest.Builder inAccount(ApiRequest.Builder request) {
    Optional<String> domain = settings.domain();
    return domain.isPresent()
        ? request.query("domain", domain.get())
        : request.query("customer", settings.customer().orElse(GoogleSettings.MY_CUSTOMER));
  }

  // ---- groups ----

  @Override
  public Stream<DirectoryGroup> groups() {
    ApiRequest first =
        inAccount(ApiRequest.get("/groups"))
            .query("maxResults", GROUP_PAGE_SIZE)
            .label("list groups")
            .build();
    String endpoint = api.describe(first);
    return Paging.stream(
        api, first, Paging.tokenInBody("groups", "nextPageToken", "pageToken", j -> GoogleUsers.group(j, endpoint)));
  }

  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    if (membership == Membership.DIRECT) {
      return memberResources(groupId).map(this::toMember);
    }
    return Walk.from(
        groupId,
        this::memberResources,
        this::toMember,
        m -> m.type() + ":" + m.id(),
        json -> "GROUP".equals(json.path("type").asText()) ? toMember(json).id() : null);
  }

  private GroupMember toMember(JsonNode json) {
    return GoogleUsers.member(json, "GET " + api.baseUri() + "/groups/{groupKey}/members");
  }

  private Stream<JsonNode> memberResources(String groupKey) {
    ApiRequest first =
        ApiRequest.get("/groups/{groupKey}/members", groupKey)
            .query("maxResults", GROUP_PAGE_SIZE)
            .label("group members")
            .accept(404)
            .build();
    return Paging.stream(
        api, first, firstPageMayBeMissing(Paging.tokenInBody("members", "nextPageToken", "pageToken", j -> j)));
  }

  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    String endpoint = "GET " + api.baseUri() + "/groups?userKey=";
    if (membership == Membership.DIRECT) {
      return groupResources(userId).map(j -> GoogleUsers.group(j, endpoint));
    }
    // Walking up: the groups a group belongs to are listed with the group's email as userKey.
    return Walk.from(
        userId,
        this::groupResources,
        j -> GoogleUsers.group(j, endpoint),
        DirectoryGroup::id,
        j -> {
          JsonNode email = j.get("email");
          return email != null && email.isTextual() ? email.asText() : GoogleUsers.group(j, endpoint).id();
        });
  }

  private Stream<JsonNode> groupResources(String userKey) {
    ApiRequest first =
        ApiRequest.get("/groups")
            .query("userKey", userKey)
            .query("maxResults", GROUP_PAGE_SIZE)
            .label("groups of a user")
            .accept(404)
            .build();
    return Paging.stream(
        api, first, firstPageMayBeMissing(Paging.tokenInBody("groups", "nextPageToken", "pageToken", j -> j)));
  }

  /**
   * A 404 on the first page means the group or user does not exist (any more): no items. A 404
   * later in the chain is an error, never a silently short list.
   */
  private static <T> PageReader<T> firstPageMayBeMissing(PageReader<T> reader) {
    return (request, response) -> {
      if (response.status() == 404) {
        if (request.queryValue("pageToken") == null) {
          return Page.last(new ArrayList<>());
        }
        throw new DirectoryException(
            "google: GET " + Urls.withoutQuery(response.uri()) + " answered 404 part-way through the"
                + " page chain; the listing is incomplete, run it again");
      }
      return reader.read(request, response);
    };
  }

  // ---- manager and photo ----

  /**
   * The manager's id: the email in the user's {@code relations[type=manager]}, from a recent read
   * of the user or one request, resolved to an id with one request per distinct manager.
   */
  @Override
  public Optional<String> managerId(String userId) {
    Optional<String> email = facts(userId).flatMap(UserFacts::managerEmail);
    if (!email.isPresent()) {
      return Optional.empty();
    }
    Optional<String> cached = managerIds.get(email.get());
    if (cached.isPresent()) {
      return cached;
    }
    ApiRequest request =
        ApiRequest.get("/users/{userKey}", email.get())
            .query("fields", "id")
            .label("read user")
            .build();
    Optional<String> id =
        api.sendOptional(request).map(r -> r.json().path("id").asText("")).filter(s -> !s.isEmpty());
    id.ifPresent(i -> managerIds.put(email.get(), i));
    return id;
  }

  @Override
  public Optional<Photo> photo(String userId) {
    ApiRequest request =
        ApiRequest.get("/users/{userKey}/photos/thumbnail", userId).label("user photo").build();
    Optional<ApiResponse> response = api.sendOptional(request);
    if (!response.isPresent()) {
      return Optional.empty();
    }
    JsonNode json = response.get().json();
    JsonNode data = json.get("photoData");
    if (data == null || !data.isTextual() || data.asText().isEmpty()) {
      return Optional.empty();
    }
    byte[] decoded;
    try {
      decoded = WebSafeBase64.decode(data.asText());
    } catch (IllegalArgumentException e) {
      throw new DirectoryException(
          "google: " + api.describe(request) + " answered photoData that is not web-safe base64", e);
    }
    byte[] bytes = decoded;
    String contentType = Photos.contentType(json.path("mimeType").asText(""), bytes);
    String fingerprint = photoFingerprint(userId).orElseGet(() -> Photo.sha256(bytes));
    return Optional.of(
        Photo.builder().bytes(bytes).contentType(contentType).fingerprint(fingerprint).build());
  }

  /**
   * The user's {@code thumbnailPhotoEtag}: from a recent read of the user (the listing selects it,
   * so a fingerprint right after a listing costs no request), else one small request.
   */
  @Override
  public Optional<String> photoFingerprint(String userId) {
    return facts(userId).flatMap(UserFacts::photoEtag);
  }

  /** What a recent read of the user showed, else what one small request shows; empty if no user. */
  private Optional<UserFacts> facts(String userId) {
    Optional<UserFacts> known = recent.get(userId);
    if (known.isPresent()) {
      return known;
    }
    ApiRequest request =
        ApiRequest.get("/users/{userKey}", userId)
            .query("fields", LOOKUP_FIELDS)
            .label("read user")
            .build();
    Optional<ApiResponse> response = api.sendOptional(request);
    if (!response.isPresent()) {
      return Optional.empty();
    }
    UserFacts facts = UserFacts.of(response.get().json());
    recent.put(userId, facts);
    return Optional.of(facts);
  }

  // ---- connection check ----

  @Override
  public ConnectionReport checkConnection() {
    String base = api.baseUri().toString();
    AtomicReference<@Nullable String> userKey = new AtomicReference<>(settings.adminEmail().orElse(null));
    AtomicReference<@Nullable String> groupKey = new AtomicReference<>();
    ApiRequest listUsers =
        inAccount(ApiRequest.get("/users"))
            .query("maxResults", 1)
            .query("fields", "users(id,primaryEmail)")
            .label("list users")
            .build();
    ApiRequest listGroups =
        inAccount(ApiRequest.get("/groups"))
            .query("maxResults", 1)
            .query("fields", "groups(id,email)")
            .label("list groups")
            .build();
    return ConnectionChecks.forProvider(PROVIDER)
        .prerequisite("token", "POST " + settings.tokenUrl(), tokens::authorization)
        .check(
            "list users",
            api.describe(listUsers),
            () -> first(api.json(listUsers), "users").ifPresent(u -> userKey.set(u.path("id").asText())))
        .check(
            "read user",
            "GET " + base + "/users/{userKey}",
            () -> api.sendOptional(
                ApiRequest.get("/users/{userKey}", required(userKey, "read user")).query("fields", "id").build()))
        .check(
            "user photo",
            "GET " + base + "/users/{userKey}/photos/thumbnail",
            () -> api.sendOptional(
                ApiRequest.get("/users/{userKey}/photos/thumbnail", required(userKey, "user photo")).build()))
        .check(
            "list groups",
            api.describe(listGroups),
            () -> first(api.json(listGroups), "groups").ifPresent(g -> groupKey.set(g.path("id").asText())))
        .check(
            "group members",
            "GET " + base + "/groups/{groupKey}/members",
            // An account without groups has none to probe with; a made-up key must answer 404,
            // which shows the endpoint is reachable and permitted.
            () -> api.sendOptional(
                ApiRequest.get("/groups/{groupKey}/members", orPlaceholder(groupKey))
                    .query("maxResults", 1)
                    .build()))
        .check(
            "groups of a user",
            "GET " + base + "/groups?userKey={userKey}",
            () -> api.sendOptional(
                ApiRequest.get("/groups")
                    .query("userKey", required(userKey, "groups of a user"))
                    .query("maxResults", 1)
                    .build()))
        .report();
  }

  private static Optional<JsonNode> first(JsonNode page, String field) {
    JsonNode n = page.path(field).path(0);
    return n.isObject() && n.path("id").isTextual() ? Optional.of(n) : Optional.empty();
  }

  private static String required(AtomicReference<@Nullable String> key, String check) {
    String k = key.get();
    if (k == null || k.isEmpty()) {
      throw new DirectoryException(
          "google: '" + check + "' was not probed: no user was listed to probe it with; fix 'list"
              + " users' first");
    }
    return k;
  }

  private static String orPlaceholder(AtomicReference<@Nullable String> key) {
    String k = key.get();
    return k == null || k.isEmpty() ? "usersync-connection-check" : k;
  }

  @Override
  public RequestStats.Snapshot requestStats() {
    return stats.snapshot();
  }

  @Override
  public void close() {
    recent.clear();
    managerIds.clear();
  }

  @Override
  public String toString() {
    return "GoogleDirectory[" + api.baseUri() + ", " + settings.domain().map(d -> "domain " + d)
        .orElse("customer " + settings.customer().orElse(GoogleSettings.MY_CUSTOMER)) + "]";
  }

  /** Builds a {@link GoogleDirectory} with a host's HTTP client, JSON mapper, sleeper or clock. */
  public static final class Builder {
    private final GoogleSettings settings;
    private @Nullable HttpClient http;
    private @Nullable ObjectMapper mapper;
    private Sleeper sleeper = Sleeper.system();
    private Clock clock = Clock.systemUTC();

    private Builder(GoogleSettings settings) {
      this.settings = settings;
    }

    /** The JDK client to send through (a host's proxy and TLS set-up); else one is created. */
    public Builder httpClient(@Nullable HttpClient http) {
      this.http = http;
      return this;
    }

    /** The Jackson mapper; else usersync's default. */
    public Builder objectMapper(@Nullable ObjectMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    /** How to wait between retries (tests pass one that does not wait). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** The clock for token expiry, JWT times and cache ages. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The directory. Reads the service account key file now.
     *
     * @throws ConfigurationException naming the setting when the key cannot be read or used
     */
    public GoogleDirectory build() {
      return new GoogleDirectory(this);
    }
  }
}
