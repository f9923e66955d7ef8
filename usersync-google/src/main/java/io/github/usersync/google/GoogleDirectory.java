package io.github.usersync.google;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.Jwt;
import io.github.usersync.core.http.OAuth2TokenProvider;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.AbstractIdpDirectory;
import io.github.usersync.core.spi.RecentReads;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.google.internal.GoogleErrorParser;
import io.github.usersync.google.internal.GoogleReportsActivity;
import io.github.usersync.google.internal.GoogleRequests;
import io.github.usersync.google.internal.GoogleUsers;
import io.github.usersync.google.internal.Photos;
import io.github.usersync.google.internal.ServiceAccountKey;
import io.github.usersync.google.internal.UserFacts;
import io.github.usersync.google.internal.UserProjection;
import io.github.usersync.google.internal.Walk;
import io.github.usersync.google.internal.WebSafeBase64;
import java.net.URI;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

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
 * <p>Thread-safe. Create with {@link #create(GoogleSettings, ConnectorOptions)}.
 */
public final class GoogleDirectory extends AbstractIdpDirectory<GoogleSettings> {
  /** The provider id, {@code google}. */
  public static final String PROVIDER_ID = "google";

  private static final String API_PATH = "/admin/directory/v1";
  private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  // Google sends no Retry-After on its 403 rate-limit answers and asks for exponential backoff; its
  // quota is per minute, so the waits grow to a minute.
  private static final RetryPolicy GOOGLE_RETRIES =
      RetryPolicy.of(7, Duration.ofSeconds(1), Duration.ofSeconds(64), Duration.ofMinutes(5));
  // The engine asks for managers and photo fingerprints of every user after the listing; about
  // 250 bytes per user, so 200,000 users hold about 50 MB at most.
  private static final int RECENT_USERS = 200_000;
  private static final Duration RECENT_USERS_TTL = Duration.ofMinutes(30);
  private static final String LOOKUP_FIELDS = "id,primaryEmail,relations,thumbnailPhotoEtag";
  // Stands in for a user or group key when the account lists none to probe with.
  private static final String PROBE_KEY = "usersync-connection-check";

  /** Pages of a listing read ahead of the caller (the next is asked for once its token is read). */
  private static final int PAGES_AHEAD = 2;

  private final GoogleRequests.Account account;
  private final ApiClient api;
  private final OAuth2TokenProvider tokens;
  // user id -> manager email and photo etag, from recent reads
  private final RecentReads<UserFacts> recent;
  // manager email -> manager id, resolved on request
  private final RecentReads<String> managerIds;
  private final GoogleReportsActivity activity;

  private GoogleDirectory(GoogleSettings settings, ConnectorOptions options) {
    super(
        PROVIDER_ID,
        settings,
        Capability.GROUPS,
        Capability.GROUP_MEMBERS,
        Capability.USER_GROUPS,
        Capability.NESTED_GROUPS,
        Capability.MANAGER,
        Capability.MANAGER_FROM_LISTING,
        Capability.PHOTO,
        Capability.PHOTO_FINGERPRINT,
        Capability.PHOTO_FINGERPRINT_FROM_LISTING,
        Capability.FIND_USER_BY_EMAIL,
        Capability.CHANGES);
    this.account =
        new GoogleRequests.Account(settings.domain(), settings.customer().orElse(GoogleSettings.MY_CUSTOMER));
    ObjectMapper mapper = options.objectMapper().orElseGet(ApiClient::defaultMapper);
    RequestStats stats = stats();
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
        options.apiClient(PROVIDER_ID, settings.tokenUrl())
            .settings(settings)
            .errorParser(errors)
            .stats(stats)
            .redact(masked)
            .build();
    Clock clock = options.clock();
    this.tokens = key != null ? serviceAccountTokens(tokenClient, key, clock) : refreshTokens(tokenClient, clock);
    this.api =
        options.apiClient(PROVIDER_ID, apiBase(settings.baseUrl()))
            .retryPolicy(options.retryPolicy().orElse(GOOGLE_RETRIES))
            .settings(settings)
            .tokenProvider(tokens)
            .errorParser(errors)
            .stats(stats)
            .redact(masked)
            .build();
    String base = settings.baseUrl().toString().replaceAll("/+$", "");
    this.activity = new GoogleReportsActivity(
        options.apiClient(PROVIDER_ID, URI.create(base + "/admin/reports/v1"))
            .retryPolicy(options.retryPolicy().orElse(GOOGLE_RETRIES))
            .settings(settings)
            .tokenProvider(tokens)
            .errorParser(errors)
            .stats(stats)
            .redact(masked)
            .build(),
        clock);
    this.recent = new RecentReads<>(clock, RECENT_USERS_TTL, RECENT_USERS);
    this.managerIds = new RecentReads<>(clock, RECENT_USERS_TTL, RECENT_USERS);
  }

  /**
   * A directory for {@code settings}, with its own HTTP client. Reads the service account key file
   * now.
   *
   * @throws ConfigurationException naming the setting when the key cannot be read or used
   */
  public static GoogleDirectory create(GoogleSettings settings) {
    return create(settings, ConnectorOptions.defaults());
  }

  /**
   * A directory for {@code settings} on the host's infrastructure (HTTP client, mapper, retries,
   * clock). Reads the service account key file now.
   *
   * @throws ConfigurationException naming the setting when the key cannot be read or used
   */
  public static GoogleDirectory create(GoogleSettings settings, ConnectorOptions options) {
    return new GoogleDirectory(settings, options);
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
    String adminEmail = settings().adminEmail().orElseThrow(IllegalStateException::new);
    String scope = String.join(" ", settings().scopes());
    String audience = settings().tokenUrl().toString();
    return OAuth2TokenProvider.builder(client, settings().tokenUrl())
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
    return OAuth2TokenProvider.builder(client, settings().tokenUrl())
        .grantType("refresh_token")
        .param("client_id", settings().clientId().orElseThrow(IllegalStateException::new))
        .secretParam("client_secret", settings().clientSecret().orElseThrow(IllegalStateException::new))
        .secretParam("refresh_token", settings().refreshToken().orElseThrow(IllegalStateException::new))
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

  // ---- users ----

  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    ApiRequest first =
        UserProjection.of(query.attributes())
            .apply(GoogleRequests.listUsers(account, settings().pageSize()), true)
            .build();
    String endpoint = api.describe(first);
    Stream<DirectoryUser> users =
        Paging.streamAhead(
            api,
            first,
            Paging.tokenInBody("users", "nextPageToken", "pageToken", json -> toUser(json, endpoint)),
            PAGES_AHEAD);
    return query.includeDeactivated() ? users : users.filter(DirectoryUser::active);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    ApiRequest request =
        UserProjection.of(query.attributes()).apply(GoogleRequests.readUser(id), false).build();
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

  // ---- groups ----

  @Override
  public Stream<DirectoryGroup> groups() {
    ApiRequest first = GoogleRequests.listGroups(account, GoogleRequests.GROUP_PAGE_SIZE).build();
    String endpoint = api.describe(first);
    return Paging.streamAhead(
        api, first, Paging.tokenInBody("groups", "nextPageToken", "pageToken", j -> GoogleUsers.group(j, endpoint)),
        PAGES_AHEAD);
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
    return Paging.streamAheadOrEmpty(
        api,
        GoogleRequests.groupMembers(groupKey, GoogleRequests.GROUP_PAGE_SIZE),
        Paging.tokenInBody("members", "nextPageToken", "pageToken", j -> j),
        PAGES_AHEAD);
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
    return Paging.streamOrEmpty(
        api,
        GoogleRequests.groupsOfUser(userKey, GoogleRequests.GROUP_PAGE_SIZE),
        Paging.tokenInBody("groups", "nextPageToken", "pageToken", j -> j));
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
    ApiRequest request = GoogleRequests.readUser(email.get()).query("fields", "id").build();
    Optional<String> id =
        api.sendOptional(request).map(r -> r.json().path("id").asText("")).filter(s -> !s.isEmpty());
    id.ifPresent(i -> managerIds.put(email.get(), i));
    return id;
  }

  @Override
  public Optional<Photo> photo(String userId) {
    ApiRequest request = GoogleRequests.photo(userId);
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
    ApiRequest request = GoogleRequests.readUser(userId).query("fields", LOOKUP_FIELDS).build();
    Optional<ApiResponse> response = api.sendOptional(request);
    if (!response.isPresent()) {
      return Optional.empty();
    }
    UserFacts facts = UserFacts.of(response.get().json());
    recent.put(userId, facts);
    return Optional.of(facts);
  }

  // ---- changes ----

  /**
   * The position in the admin activity report (the server's time of a one-event read). Fails, so
   * that the engine notes why and keeps running full syncs, when the token lacks {@code
   * admin.reports.audit.readonly}.
   */
  @Override
  public ChangeCursor startChangeTracking(UserQuery query) {
    return activity.start(PROVIDER_ID);
  }

  /**
   * What changed since the cursor, from the admin activity report ({@link GoogleReportsActivity}):
   * deleted users (their ids from the users deleted in the last 20 days), created, suspended,
   * unsuspended, renamed and changed users (re-read by address; one Google no longer has is left
   * to the next full run), and members added to and removed from groups. Group renames and
   * deletions are seen in the group list the engine reads on every run.
   *
   * @throws ChangeCursorExpiredException when the report cannot answer (scope missing, cursor
   *     older than the 6 months Google keeps admin events)
   */
  @Override
  public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    return activity.changesSince(cursor, PROVIDER_ID, email -> user(email, query), () -> {
      Map<String, String> deleted = new HashMap<>();
      Paging.stream(api, GoogleRequests.deletedUsers(account, settings().pageSize()),
              Paging.tokenInBody("users", "nextPageToken", "pageToken", Function.identity()))
          .forEach(u -> deleted.put(u.path("primaryEmail").asText().toLowerCase(java.util.Locale.ROOT), u.path("id").asText()));
      return deleted;
    });
  }

  // ---- connection check ----

  /**
   * Probes the token endpoint (a prerequisite), then every call a sync makes, each for one item:
   * listing users and groups, then reading a user, its photo and its groups with the first user
   * listed (else the administrator the service account impersonates), and a group's members with
   * the first group listed. A 404 from those counts as answered.
   */
  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks =
        ConnectionChecks.forProvider(PROVIDER_ID)
            .prerequisite("token", "POST " + settings().tokenUrl(), tokens::authorization);
    ApiRequest users = GoogleRequests.listUsers(account, 1).query("fields", "users(id,primaryEmail)").build();
    String userKey =
        checks.listing(
            GoogleRequests.LIST_USERS, api.describe(users), () -> firstId(users, "users"),
            settings().adminEmail().orElse(PROBE_KEY));
    checks.call(api, GoogleRequests.readUser(userKey).query("fields", "id").build());
    checks.call(api, GoogleRequests.photo(userKey));
    ApiRequest groups = GoogleRequests.listGroups(account, 1).query("fields", "groups(id,email)").build();
    String groupKey =
        checks.listing(GoogleRequests.LIST_GROUPS, api.describe(groups), () -> firstId(groups, "groups"), PROBE_KEY);
    checks.call(api, GoogleRequests.groupMembers(groupKey, 1));
    checks.call(api, GoogleRequests.groupsOfUser(userKey, 1));
    checks.check(GoogleRequests.ADMIN_ACTIVITY, "GET " + settings().baseUrl().toString().replaceAll("/+$", "")
        + "/admin/reports/v1/activity/users/all/applications/admin", () -> activity.start(PROVIDER_ID));
    return checks.report();
  }

  private Optional<String> firstId(ApiRequest listing, String field) {
    JsonNode n = api.json(listing).path(field).path(0);
    return n.isObject() && n.path("id").isTextual() ? Optional.of(n.path("id").asText()) : Optional.empty();
  }

  @Override
  public void close() {
    recent.clear();
    managerIds.clear();
  }

  @Override
  public String toString() {
    return "GoogleDirectory[" + api.baseUri() + ", " + account + "]";
  }
}
