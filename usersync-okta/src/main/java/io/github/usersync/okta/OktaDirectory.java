package io.github.usersync.okta;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.OAuth2TokenProvider;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.RateLimitPolicy;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.http.TokenProvider;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.AbstractIdpDirectory;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.okta.internal.OktaErrors;
import io.github.usersync.okta.internal.OktaJson;
import io.github.usersync.okta.internal.OktaKeys;
import io.github.usersync.okta.internal.OktaRequests;
import io.github.usersync.okta.internal.OktaSystemLog;
import io.github.usersync.okta.internal.OktaUserRanges;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Okta's Management API as an {@link IdpDirectory}: users ({@code /api/v1/users}, 200 a page,
 * following {@code Link: rel="next"}; a full listing of more than one page as several ranges of
 * {@code lastUpdated} at once, see {@link OktaSettings#userListRanges()}), groups and their members, a user's groups, changes since a
 * cursor (the System Log, with {@code lastUpdated}), and a connection check of every endpoint.
 *
 * <p>Signs in with an API token ({@code Authorization: SSWS …}) or as an OAuth 2.0 service app with
 * a {@code private_key_jwt} client assertion. Rate limits are honoured through {@code
 * X-Rate-Limit-Remaining} and {@code X-Rate-Limit-Reset}; a 429 ({@code E0000047}) is retried after
 * the reset. Reads only what the credentials can see, so an admin limited to some groups works with
 * that view. Thread-safe.
 *
 * <p>Users: {@link DirectoryUser#active()} is true for {@code ACTIVE}, {@code PASSWORD_EXPIRED},
 * {@code LOCKED_OUT} and {@code RECOVERY}; {@code DEPROVISIONED} users, which Okta's plain list
 * hides, are listed when {@link UserQuery#includeDeactivated()} asks for them. Okta groups are
 * flat, so transitive members are the direct members.
 */
public final class OktaDirectory extends AbstractIdpDirectory<OktaSettings> {
  /** The provider id. */
  public static final String PROVIDER_ID = "okta";

  // Ids that no Okta object has, for probing an endpoint when there is nothing to read.
  private static final String PROBE_USER_ID = "00u0000usersyncprobe";
  private static final String PROBE_GROUP_ID = "00g0000usersyncprobe";

  /**
   * Pages of a listing read ahead of the caller: the next page is requested as soon as the {@code
   * Link} header of the previous one is in, before its body is parsed.
   */
  static final int PAGES_AHEAD = 2;

  private final ApiClient client;
  private final @Nullable OAuth2TokenProvider tokens;
  private final Clock clock;
  private final OktaSystemLog systemLog;

  private OktaDirectory(OktaSettings settings, ConnectorOptions options) {
    super(
        PROVIDER_ID,
        settings,
        Capability.GROUPS,
        Capability.GROUP_MEMBERS,
        // Okta groups are flat: the direct members are all the members.
        Capability.TRANSITIVE_GROUP_MEMBERS,
        Capability.USER_GROUPS,
        Capability.MANAGER,
        // profile.managerId comes with every listed user: no read per user.
        Capability.MANAGER_ON_USER,
        Capability.CHANGES,
        Capability.FIND_USER_BY_EMAIL);
    this.clock = options.clock();
    RequestStats stats = stats();
    OktaErrors errors = new OktaErrors(settings.usesServiceApp(), settings.scopes());
    ApiClient.Builder api = apiClient(options, stats, errors);
    if (settings.usesServiceApp()) {
      Secret keyText = settings.privateKey().orElseThrow();
      OktaKeys.SigningKey key =
          OktaKeys.read(OktaSettings.PRIVATE_KEY.name(), keyText.reveal(), settings.keyId().orElse(null));
      String clientId = settings.clientId().orElseThrow();
      URI tokenUrl = settings.tokenUrl();
      this.tokens =
          OAuth2TokenProvider.builder(apiClient(options, stats, errors).redact(keyText).build(), tokenUrl)
              .grantType("client_credentials")
              .scope(settings.scopes().trim())
              .dynamicParams(() -> assertion(key, clientId, tokenUrl))
              .clock(clock)
              .build();
      api.tokenProvider(tokens).redact(keyText);
    } else {
      Secret token = settings.apiToken().orElseThrow();
      this.tokens = null;
      api.tokenProvider(TokenProvider.fixed("SSWS", token)).redact(token);
    }
    this.client = api.build();
    this.systemLog = new OktaSystemLog(client, clock);
  }

  private ApiClient.Builder apiClient(ConnectorOptions options, RequestStats stats, OktaErrors errors) {
    return options.apiClient(PROVIDER_ID, settings().origin())
        .settings(settings())
        .rateLimitPolicy(
            RateLimitPolicy.resetAtEpochSeconds("X-Rate-Limit-Remaining", "X-Rate-Limit-Reset"))
        .errorParser(errors)
        .stats(stats);
  }

  private Map<String, String> assertion(OktaKeys.SigningKey key, String clientId, URI tokenUrl) {
    // Backdated a little: Okta refuses an assertion whose iat/nbf lies ahead of its own clock.
    Instant now = clock.instant().minusSeconds(30);
    Map<String, String> params = new LinkedHashMap<>();
    params.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    params.put(
        "client_assertion",
        key.newJwt().clientAssertion(clientId, tokenUrl.toString(), now, Duration.ofMinutes(5)).sign());
    return params;
  }

  /** A directory for {@code settings} with usersync's own HTTP client and JSON mapper. */
  public static OktaDirectory create(OktaSettings settings) {
    return create(settings, ConnectorOptions.defaults());
  }

  /**
   * A directory for {@code settings} on the host's infrastructure (HTTP client, mapper, retries).
   *
   * @throws io.github.usersync.core.ConfigurationException when the private key cannot be read
   */
  public static OktaDirectory create(OktaSettings settings, ConnectorOptions options) {
    return new OktaDirectory(settings, options);
  }

  /**
   * Every user, as {@code userListRanges} chains of pages read at once over ranges of {@code
   * lastUpdated} plus a catch-up chain ({@link OktaSettings#userListRanges()}, {@link
   * OktaUserRanges}), or, with 1, as Okta's single cursor chain. Pages are read {@value
   * #PAGES_AHEAD} ahead per chain; a failed page fails the listing.
   */
  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    int ranges = settings().userListRanges();
    if (ranges > 1) {
      return OktaUserRanges.stream(client, query, settings().pageSize(), ranges, PAGES_AHEAD, clock);
    }
    return Paging.streamAhead(client, listUsers(query), Paging.linkHeader(OktaJson::user), PAGES_AHEAD);
  }

  private ApiRequest listUsers(UserQuery query) {
    return OktaRequests.listUsers(
        query, settings().pageSize(), query.includeDeactivated() ? OktaRequests.EVERY_USER : null);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    return client.sendOptional(OktaRequests.user(id, query)).map(r -> OktaJson.user(r.json()));
  }

  /**
   * Finds a user by {@code profile.email} with Okta's search, whose string comparison ignores case;
   * search results may lag recent changes by a little. Of several matches an active user wins.
   */
  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    List<DirectoryUser> found =
        Paging.stream(
                client,
                OktaRequests.searchUsers(query, 20, "profile.email eq " + OktaRequests.literal(email)),
                Paging.linkHeader(OktaJson::user))
            .limit(20)
            .filter(u -> query.includeDeactivated() || !OktaJson.isDeprovisioned(u))
            .collect(Collectors.toList());
    return found.stream().filter(DirectoryUser::active).findFirst().or(() -> found.stream().findFirst());
  }

  @Override
  public Stream<DirectoryGroup> groups() {
    return Paging.streamAhead(
        client, OktaRequests.listGroups(settings().groupPageSize(), null), Paging.linkHeader(OktaJson::group),
        PAGES_AHEAD);
  }

  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    return Paging.streamAheadOrEmpty(
        client,
        OktaRequests.groupMembers(groupId, settings().memberPageSize()),
        Paging.linkHeader(n -> GroupMember.user(OktaJson.id(n))),
        PAGES_AHEAD);
  }

  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    return Paging.streamOrEmpty(
        client, OktaRequests.groupsOfUser(userId), Paging.linkHeader(OktaJson::group));
  }

  /**
   * The user's {@code profile.managerId}, read from the user. Okta keeps it as text: it is an Okta
   * user id only if the org stores ids there.
   */
  @Override
  public Optional<String> managerId(String userId) {
    return user(userId, UserQuery.standard()).flatMap(DirectoryUser::managerId);
  }

  /**
   * Takes the System Log's position (the server's time of a one-event log read), so the local
   * clock does not matter and a credential that cannot read the log is found before the full read
   * (the engine then notes why and keeps running full syncs).
   */
  @Override
  public ChangeCursor startChangeTracking(UserQuery query) {
    return systemLog.start(PROVIDER_ID);
  }

  /**
   * What changed since the cursor, from the System Log ({@link OktaSystemLog}): deleted users
   * (removed), created, activated, deactivated, suspended and updated users (re-read by id; one
   * Okta no longer has is removed), membership adds and removes, and created, renamed and deleted
   * groups; plus the users whose {@code lastUpdated} is after the cursor (one request), which
   * covers profile changes the log does not name. Memberships are tracked, so the engine re-reads
   * only the groups of the users named.
   *
   * @throws ChangeCursorExpiredException when the log cannot answer (cursor older than 90 days,
   *     log read refused for want of {@code okta.logs.read} or an admin role that can view it)
   */
  @Override
  public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    Instant since = io.github.usersync.core.spi.EventLogChanges.after(cursor, PROVIDER_ID, OktaSystemLog.OVERLAP).readFrom();
    Map<String, DirectoryUser> updated = new LinkedHashMap<>();
    Paging.stream(client, OktaRequests.listUsers(query, settings().pageSize(), OktaRequests.updatedAfter(since)),
            Paging.linkHeader(OktaJson::user))
        .forEach(u -> updated.put(u.id(), u));
    DirectoryChanges fromLog = systemLog.changesSince(cursor, PROVIDER_ID,
        id -> updated.containsKey(id) ? Optional.of(updated.get(id)) : user(id, query),
        id -> client.sendOptional(OktaRequests.group(id)).map(r -> OktaJson.group(r.json())));
    Set<String> named = new HashSet<>(fromLog.removedUserIds());
    fromLog.changedUsers().forEach(u -> named.add(u.id()));
    return DirectoryChanges.builder()
        .from(fromLog)
        .addAllChangedUsers(updated.values().stream().filter(u -> !named.contains(u.id())).collect(Collectors.toList()))
        .build();
  }

  /**
   * Probes, in order: the credentials (the token endpoint for a service app, {@code
   * /api/v1/users/me} for an API token), then listing users, reading a user, a user's groups,
   * listing groups and a group's members. A failed credential check skips the rest; each other
   * check runs on its own, so a role that can read users but not groups shows exactly that.
   */
  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks = ConnectionChecks.forProvider(PROVIDER_ID);
    OAuth2TokenProvider t = tokens;
    if (t != null) {
      checks.prerequisite(OktaRequests.TOKEN, "POST " + Urls.withoutQuery(settings().tokenUrl()), t::authorization);
    } else {
      ApiRequest me = OktaRequests.tokenUser();
      checks.prerequisite("API token", client.describe(me), () -> client.send(me));
    }
    UserQuery query = UserQuery.standard();
    ApiRequest users = OktaRequests.listUsers(query, 1, OktaRequests.EVERY_USER);
    String userId =
        checks.listing(OktaRequests.LIST_USERS, client.describe(users), () -> first(client.json(users)), PROBE_USER_ID);
    checks.call(client, OktaRequests.user(userId, query));
    checks.call(client, OktaRequests.groupsOfUser(userId));
    ApiRequest groups = OktaRequests.listGroups(1, null);
    String groupId =
        checks.listing(OktaRequests.LIST_GROUPS, client.describe(groups), () -> first(client.json(groups)), PROBE_GROUP_ID);
    checks.call(client, OktaRequests.groupMembers(groupId, 1));
    checks.call(client, OktaRequests.systemLog(clock.instant().minus(OktaSystemLog.OVERLAP), OktaSystemLog.FILTER, 1));
    return checks.report();
  }

  private static Optional<String> first(JsonNode array) {
    return array.isArray() && array.size() > 0
        ? Optional.of(OktaJson.id(array.get(0)))
        : Optional.empty();
  }

  @Override
  public String toString() {
    return "OktaDirectory["
        + settings().origin()
        + ", "
        + (settings().usesServiceApp() ? "service app " + settings().clientId().orElse("") : "API token")
        + "]";
  }
}
