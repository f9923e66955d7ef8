package io.github.usersync.onelogin;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.OAuth2TokenProvider;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.spi.AbstractIdpDirectory;
import io.github.usersync.core.spi.EventLogChanges;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.onelogin.internal.ApiBudget;
import io.github.usersync.onelogin.internal.GroupJson;
import io.github.usersync.onelogin.internal.OneLoginErrors;
import io.github.usersync.onelogin.internal.OneLoginRateLimits;
import io.github.usersync.onelogin.internal.OneLoginEvents;
import io.github.usersync.onelogin.internal.OneLoginRequests;
import io.github.usersync.onelogin.internal.ServerClock;
import io.github.usersync.onelogin.internal.Snapshot;
import io.github.usersync.onelogin.internal.UserJson;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Reads a OneLogin account: users from API v2 ({@code /api/2/users}, paged by the {@code
 * After-Cursor} header), roles from API v2 ({@code /api/2/roles}, members from {@code
 * /api/2/roles/{id}/users}) and groups from API v1 ({@code /api/1/groups}, paged by {@code
 * pagination.after_cursor} in the body). Roles, groups or both are offered as {@link
 * DirectoryGroup}s with ids {@code role:<id>} and {@code group:<id>} (see {@link
 * OneLoginSettings#groupSource()}).
 *
 * <p>OneLogin's hourly API budget is shared by every integration of the account. Every answer's
 * {@code X-RateLimit-Remaining} is tracked, and a read stops with {@link OneLoginBudgetException},
 * before sending, when a request would leave fewer calls than {@link
 * OneLoginSettings#minRemainingApiCalls()}; the sync then treats the read as incomplete and skips
 * cleanup. Retries the HTTP toolkit makes after a failed call and token requests are counted from
 * their answers but not stopped beforehand.
 *
 * <p>Changes since a cursor come from the Events API (deleted users, roles assigned and removed)
 * and {@code updated_since} (changed users). Thread-safe.
 */
public final class OneLoginDirectory extends AbstractIdpDirectory<OneLoginSettings> {
  /** The provider id, {@code onelogin}. */
  public static final String PROVIDER_ID = "onelogin";

  /** How long role and group names and the group membership index are reused. */
  static final Duration SNAPSHOT_MAX_AGE = Duration.ofMinutes(5);
  /** The largest page of roles OneLogin allows ("Max page limit is 650"). */
  static final int ROLE_PAGE_LIMIT = OneLoginRequests.ROLE_PAGE_LIMIT;

  // Stands in for a user or role id when the account lists none: OneLogin ids are positive.
  private static final String PROBE_ID = "0";

  private final ApiClient client;
  private final OAuth2TokenProvider tokens;
  private final URI tokenUri;
  private final ApiBudget budget;
  private final ServerClock serverClock;
  private final Clock clock;
  private final Snapshot<Map<String, DirectoryGroup>> roles;
  private final Snapshot<Map<String, DirectoryGroup>> groups;
  private final Snapshot<UserPass> groupMembers;
  private final OneLoginEvents events;
  /** The fields of every user listing asked for so far: the group index pass reads them too. */
  private volatile Set<String> listedFields = fieldSet(UserJson.fields(UserQuery.standard()));

  private OneLoginDirectory(OneLoginSettings settings, ConnectorOptions options) {
    super(
        PROVIDER_ID,
        settings,
        Capability.GROUPS,
        Capability.GROUP_MEMBERS,
        Capability.USER_GROUPS,
        Capability.MANAGER,
        Capability.MANAGER_ON_USER,
        Capability.CHANGES,
        Capability.FIND_USER_BY_EMAIL);
    this.clock = options.clock();
    URI base = settings.apiBaseUrl();
    String b = base.toString();
    this.tokenUri =
        URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + OneLoginErrors.TOKEN_PATH);
    this.budget = new ApiBudget(settings.minRemainingApiCalls(), clock);
    this.serverClock = new ServerClock(clock);
    RequestStats stats = stats();
    ApiClient tokenClient = clientBuilder(base, options, stats).build();
    this.tokens =
        OAuth2TokenProvider.builder(tokenClient, tokenUri)
            .clientCredentials(settings.clientId(), settings.clientSecret())
            // OneLogin documents a 10-hour token; expires_in normally says so anyway.
            .defaultLifetime(Duration.ofHours(10))
            .clock(clock)
            .build();
    this.client = clientBuilder(base, options, stats).tokenProvider(tokens).build();
    this.roles = new Snapshot<>(() -> listGroups(GroupJson.Kind.ROLE), SNAPSHOT_MAX_AGE, clock);
    this.groups = new Snapshot<>(() -> listGroups(GroupJson.Kind.GROUP), SNAPSHOT_MAX_AGE, clock);
    this.groupMembers = new Snapshot<>(this::readGroupMembership, SNAPSHOT_MAX_AGE, clock);
    this.events = new OneLoginEvents(client, clock);
  }

  private ApiClient.Builder clientBuilder(URI base, ConnectorOptions options, RequestStats stats) {
    return options.apiClient(PROVIDER_ID, base)
        .settings(settings())
        .rateLimitPolicy(new OneLoginRateLimits())
        .errorParser(new OneLoginErrors())
        .listener(budget::observe)
        .listener(serverClock::observe)
        .redact(settings().clientSecret())
        .stats(stats);
  }

  /** A directory for the settings with usersync's own HTTP client. */
  public static OneLoginDirectory create(OneLoginSettings settings) {
    return create(settings, ConnectorOptions.defaults());
  }

  /** A directory for the settings on the host's infrastructure (HTTP client, mapper, retries). */
  public static OneLoginDirectory create(OneLoginSettings settings, ConnectorOptions options) {
    return new OneLoginDirectory(settings, options);
  }

  /**
   * {@inheritDoc}
   *
   * <p>When groups are read ({@code groupSource} {@code groups} or {@code both}), the pass over the
   * users that indexes group members reads the users' records too; a listing asked for within the
   * index's age ({@link #SNAPSHOT_MAX_AGE}) whose fields that pass read replays those records
   * instead of listing again, so a sync lists the users once, not once for the index and again for
   * the users.
   */
  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    Set<String> wanted = fieldSet(UserJson.fields(query));
    Set<String> all = new LinkedHashSet<>(listedFields);
    if (all.addAll(wanted)) {
      listedFields = all;
    }
    UserPass pass = settings().groupSource().groups() ? groupMembers.fresh() : null;
    if (pass != null && pass.fields.containsAll(wanted)) {
      return withStatus(pass.users.stream(), query);
    }
    return withStatus(listUsers(usersRequest(query, OneLoginRequests.LIST_USERS).build()), query);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    return readUser(id).map(UserJson::toUser);
  }

  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    ApiRequest request = usersRequest(query, OneLoginRequests.FIND_USER_BY_EMAIL).query("email", email).build();
    // OneLogin's email filter takes wildcards; only an exact match counts.
    List<DirectoryUser> matches =
        withStatus(listUsers(request), query)
            .filter(u -> u.email().map(e -> e.equalsIgnoreCase(email)).orElse(false))
            .collect(Collectors.toList());
    if (matches.size() > 1) {
      throw new DirectoryException(
          "onelogin: "
              + matches.size()
              + " users have the email address "
              + email
              + " (ids "
              + matches.stream().map(DirectoryUser::id).collect(Collectors.joining(", "))
              + "), so it does not tell which one signs in; make the addresses unique in OneLogin");
    }
    return matches.stream().findFirst();
  }

  @Override
  public Stream<DirectoryGroup> groups() {
    return lazy(
        () -> {
          List<DirectoryGroup> out = new ArrayList<>();
          if (settings().groupSource().roles()) {
            out.addAll(roles.refresh().values());
          }
          if (settings().groupSource().groups()) {
            out.addAll(groups.refresh().values());
          }
          return out;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>Roles and groups do not nest, so direct and transitive members are the same. A role's
   * members come from {@code /api/2/roles/{id}/users}, page by page. OneLogin has no filter for a
   * group's members, so the first group asked for lists every user's {@code group_id} once ({@code
   * fields=id,group_id}) and keeps the index for a few minutes: one pass over the users instead of
   * one per group.
   */
  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    GroupJson.Ref ref = parseGroupId(groupId);
    if (ref.kind() == GroupJson.Kind.GROUP) {
      return lazy(
          () ->
              groupMembers.get().byGroup.getOrDefault(ref.id(), Collections.emptyList()).stream()
                  .map(GroupMember::user)
                  .collect(Collectors.toList()));
    }
    ApiRequest request = OneLoginRequests.roleMembers(ref.id(), settings().pageSize());
    return paged(request, true, Paging.cursorHeader(OneLoginRequests.AFTER_CURSOR, "cursor", null, Function.identity()))
        // include_unassigned is not asked for; a member marked unassigned is still skipped.
        .filter(n -> !n.path("assigned").isBoolean() || n.path("assigned").asBoolean())
        .map(
            n ->
                GroupMember.user(
                    UserJson.id(n.get("id"))
                        .orElseThrow(
                            () ->
                                new DirectoryException(
                                    "onelogin: a member of "
                                        + groupId
                                        + " without an integer id; the answer is not the"
                                        + " documented shape"))));
  }

  /**
   * {@inheritDoc}
   *
   * <p>One request: the user's record carries {@code role_ids} and {@code group_id}; names come
   * from the role and group listings, kept for a few minutes.
   */
  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    return lazy(
        () -> {
          Optional<JsonNode> user = readUser(userId);
          List<DirectoryGroup> out = new ArrayList<>();
          if (!user.isPresent()) {
            return out;
          }
          if (settings().groupSource().roles()) {
            for (JsonNode roleId : user.get().path("role_ids")) {
              UserJson.id(roleId).ifPresent(r -> out.add(named(roles, GroupJson.Kind.ROLE, r, userId)));
            }
          }
          if (settings().groupSource().groups()) {
            UserJson.id(user.get().get("group_id"))
                .ifPresent(g -> out.add(named(groups, GroupJson.Kind.GROUP, g, userId)));
          }
          return out;
        });
  }

  @Override
  public Optional<String> managerId(String userId) {
    return readUser(userId).flatMap(u -> UserJson.id(u.get("manager_user_id"))).filter(m -> !m.equals("0"));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The cursor is OneLogin's time (from its {@code Date} header), once the Events API has
   * answered; credentials that cannot read events fail here, and the engine keeps running full
   * syncs, noting why.
   */
  @Override
  public ChangeCursor startChangeTracking(UserQuery query) {
    return events.start(PROVIDER_ID, serverNow());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Users deleted and roles assigned or removed, from the Events API ({@link OneLoginEvents}:
   * one listing per such event type), and users whose record changed ({@code
   * /api/2/users?updated_since=}, every page): status changes and profile edits. Groups (one per
   * user, {@code group_id}) change with the user's record. Memberships are tracked: the engine
   * re-reads only the roles and group of the users named.
   *
   * @throws ChangeCursorExpiredException when the Events API refuses the credentials
   */
  @Override
  public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    Instant since = EventLogChanges.after(cursor, PROVIDER_ID, OneLoginEvents.OVERLAP).readFrom();
    // Taken before the reads, so changes made while they run are read again next time.
    Instant now = serverNow();
    ApiRequest request =
        usersRequest(query, OneLoginRequests.CHANGED_USERS).query("updated_since", iso(since)).build();
    Map<String, DirectoryUser> updated = new LinkedHashMap<>();
    withStatus(listUsers(request), query).forEach(u -> updated.put(u.id(), u));
    DirectoryChanges fromLog = events.changesSince(cursor, PROVIDER_ID, now,
        id -> updated.containsKey(id) ? Optional.of(updated.get(id)) : user(id, query));
    Set<String> named = new HashSet<>(fromLog.removedUserIds());
    fromLog.changedUsers().forEach(u -> named.add(u.id()));
    return DirectoryChanges.builder()
        .from(fromLog)
        .addAllChangedUsers(updated.values().stream().filter(u -> !named.contains(u.id())).collect(Collectors.toList()))
        .build();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Probes, in order: the token endpoint, the API budget ({@code GET /auth/rate_limit}; fails
   * when a sync would pause at once), listing users, reading a user, and, as {@link
   * OneLoginSettings#groupSource()} says, listing roles and a role's members and listing groups.
   * About seven calls, which the budget guard does not stop.
   */
  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks = ConnectionChecks.forProvider(PROVIDER_ID);
    checks.prerequisite("token", "POST " + Urls.withoutQuery(tokenUri), tokens::authorization);
    ApiRequest rate = OneLoginRequests.apiBudget();
    checks.check(OneLoginRequests.API_BUDGET, client.describe(rate), () -> probeBudget(rate));
    ApiRequest users = OneLoginRequests.listUsers(1, "id", OneLoginRequests.LIST_USERS).build();
    String userId =
        checks.listing(OneLoginRequests.LIST_USERS, client.describe(users), () -> firstId(client.json(users)), PROBE_ID);
    checks.call(client, OneLoginRequests.readUser(userId));
    if (settings().groupSource().roles()) {
      ApiRequest roleList = OneLoginRequests.listRoles(1);
      String roleId =
          checks.listing(OneLoginRequests.LIST_ROLES, client.describe(roleList), () -> firstId(client.json(roleList)), PROBE_ID);
      checks.call(client, OneLoginRequests.roleMembers(roleId, 1));
    }
    if (settings().groupSource().groups()) {
      checks.call(client, OneLoginRequests.listGroups());
    }
    checks.call(client, OneLoginRequests.eventTypes());
    return checks.report();
  }

  @Override
  public String toString() {
    return "OneLoginDirectory[" + client.baseUri() + "]";
  }

  // ---- reading ----

  private ApiRequest.Builder usersRequest(UserQuery query, String label) {
    return OneLoginRequests.listUsers(settings().pageSize(), UserJson.fields(query), label);
  }

  private Stream<DirectoryUser> listUsers(ApiRequest request) {
    return paged(request, false, Paging.cursorHeader(OneLoginRequests.AFTER_CURSOR, "cursor", null, UserJson::toUser));
  }

  // OneLogin lists suspended users like any other; hide them only when asked to.
  private static Stream<DirectoryUser> withStatus(Stream<DirectoryUser> users, UserQuery query) {
    return query.includeDeactivated() ? users : users.filter(DirectoryUser::active);
  }

  private Optional<JsonNode> readUser(String id) {
    if (!isOneLoginId(id)) {
      return Optional.empty(); // OneLogin ids are integers: no such user, no call spent
    }
    ApiRequest request = OneLoginRequests.readUser(id);
    budget.acquire(client.describe(request));
    return client.sendOptional(request).map(ApiResponse::json);
  }

  private Map<String, DirectoryGroup> listGroups(GroupJson.Kind kind) {
    Stream<DirectoryGroup> s;
    if (kind == GroupJson.Kind.ROLE) {
      ApiRequest request = OneLoginRequests.listRoles(ROLE_PAGE_LIMIT);
      s = paged(request, false, Paging.cursorHeader(OneLoginRequests.AFTER_CURSOR, "cursor", null, n -> GroupJson.toGroup(kind, n)));
    } else {
      ApiRequest request = OneLoginRequests.listGroups();
      s =
          paged(
              request,
              false,
              Paging.tokenInBody(
                  "data", "/pagination/after_cursor", "after_cursor", n -> GroupJson.toGroup(kind, n)));
    }
    Map<String, DirectoryGroup> byId = new LinkedHashMap<>();
    s.forEach(g -> byId.put(g.id().substring(g.id().indexOf(':') + 1), g));
    return Collections.unmodifiableMap(byId);
  }

  /**
   * One pass over every user: the group index, and the users' records with the fields every
   * listing so far asked for, for {@link #users} to replay.
   */
  private UserPass readGroupMembership() {
    Set<String> fields = new LinkedHashSet<>(listedFields);
    fields.add("group_id");
    ApiRequest request =
        OneLoginRequests.listUsers(settings().pageSize(), String.join(",", fields), OneLoginRequests.GROUP_MEMBERSHIPS)
            .build();
    Map<String, List<String>> index = new HashMap<>();
    List<DirectoryUser> users = new ArrayList<>();
    paged(request, false, Paging.cursorHeader(OneLoginRequests.AFTER_CURSOR, "cursor", null, Function.identity()))
        .forEach(
            n -> {
              DirectoryUser user = UserJson.toUser(n);
              users.add(user);
              UserJson.id(n.get("group_id"))
                  .ifPresent(g -> index.computeIfAbsent(g, k -> new ArrayList<>()).add(user.id()));
            });
    return new UserPass(fields, users, index);
  }

  private static Set<String> fieldSet(String fields) {
    return new LinkedHashSet<>(List.of(fields.split(",")));
  }

  /** One pass over the users: the fields read, the users, and the members of each group. */
  private static final class UserPass {
    final Set<String> fields;
    final List<DirectoryUser> users;
    final Map<String, List<String>> byGroup;

    UserPass(Set<String> fields, List<DirectoryUser> users, Map<String, List<String>> byGroup) {
      this.fields = fields;
      this.users = Collections.unmodifiableList(users);
      this.byGroup = byGroup;
    }
  }

  private DirectoryGroup named(
      Snapshot<Map<String, DirectoryGroup>> snapshot, GroupJson.Kind kind, String id, String userId) {
    DirectoryGroup g = snapshot.get().get(id);
    if (g == null) {
      g = snapshot.refresh().get(id); // created since the names were read
    }
    if (g == null) {
      throw new DirectoryException(
          "onelogin: user " + userId + " is in " + kind.label() + " " + id + ", which the "
              + kind.label() + " listing does not show, so the user's groups cannot be read in full;"
              + " check that the API credential pair may list every " + kind.label());
    }
    return g;
  }

  private static GroupJson.Ref parseGroupId(String groupId) {
    return GroupJson.parse(groupId)
        .orElseThrow(
            () ->
                new DirectoryException(
                    "onelogin: '" + groupId + "' is not a group id this connector gives out; they"
                        + " look like role:123 or group:456, as groups() lists them"));
  }

  /**
   * A lazy stream over pages. The budget is asked before the first request, when the stream is
   * consumed, and before each next page, once the previous answer's headers are read; when it
   * refuses, the page in hand is still delivered and the refusal is thrown after it. With {@code
   * orEmpty}, a 404 on the first page means the object does not exist: no items.
   */
  private <T> Stream<T> paged(ApiRequest first, boolean orEmpty, PageReader<T> reader) {
    return StreamSupport.stream(
        () -> {
          budget.acquire(client.describe(first));
          OneLoginBudgetException[] refused = new OneLoginBudgetException[1];
          PageReader<T> guarded =
              (request, response) -> {
                Page<T> page = reader.read(request, response);
                Optional<ApiRequest> next = page.next();
                if (next.isPresent()) {
                  try {
                    budget.acquire(client.describe(next.get()));
                  } catch (OneLoginBudgetException e) {
                    refused[0] = e;
                    return Page.last(page.items());
                  }
                }
                return page;
              };
          Stream<T> pages =
              orEmpty ? Paging.streamOrEmpty(client, first, guarded) : Paging.stream(client, first, guarded);
          return new ThenThrow<>(pages.spliterator(), refused);
        },
        Spliterator.ORDERED | Spliterator.NONNULL,
        false);
  }

  /** The items of {@code pages}, then the refusal the guard recorded, if any. */
  private static final class ThenThrow<T> extends Spliterators.AbstractSpliterator<T> {
    private final Spliterator<T> pages;
    private final OneLoginBudgetException[] refused;

    ThenThrow(Spliterator<T> pages, OneLoginBudgetException[] refused) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.pages = pages;
      this.refused = refused;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      if (pages.tryAdvance(action)) {
        return true;
      }
      OneLoginBudgetException e = refused[0];
      if (e != null) {
        throw e;
      }
      return false;
    }
  }

  // Not Stream.flatMap: before JDK 16, iterating a flat-mapped stream reads the inner one whole.
  private static <T> Stream<T> lazy(Supplier<? extends Collection<T>> items) {
    return StreamSupport.stream(
        () -> Spliterators.spliterator(items.get(), Spliterator.ORDERED | Spliterator.NONNULL),
        Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED | Spliterator.SUBSIZED,
        false);
  }

  // ---- budget and time ----

  private void probeBudget(ApiRequest rate) {
    JsonNode body = client.json(rate);
    // Documented as {"status":{…},"data":{"X-RateLimit-Limit":5000,"X-RateLimit-Remaining":…}}.
    JsonNode data = body.has("data") ? body.get("data") : body;
    JsonNode left = data.path(ApiBudget.REMAINING);
    JsonNode reset = data.path(ApiBudget.RESET);
    if (left.canConvertToLong()) {
      budget.record(left.asLong(), reset.canConvertToLong() ? reset.asLong() : null);
    }
    ApiBudget.Status status =
        budget.status()
            .orElseThrow(
                () ->
                    new DirectoryException(
                        "onelogin: " + client.describe(rate) + " answered without "
                            + ApiBudget.REMAINING + ", so the remaining API budget is unknown; the"
                            + " guard will judge by the headers of later answers"));
    if (budget.minimum() > 0 && status.remaining() <= budget.minimum()) {
      throw new DirectoryException(
          "onelogin: OneLogin's shared API budget has " + status.remaining()
              + " calls left this hour, at or below minRemainingApiCalls " + budget.minimum()
              + ", so a sync would pause at once (resets in " + status.resetIn().toSeconds()
              + " s). Run it after the reset, or lower minRemainingApiCalls.");
    }
  }

  private Instant serverNow() {
    if (!serverClock.known()) {
      tokens.authorization(); // any answer tells OneLogin's time; the token is needed anyway
    }
    return serverClock.now();
  }


  private static String iso(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
  }

  private static Optional<String> firstId(JsonNode array) {
    if (!array.isArray()) {
      throw new DirectoryException("onelogin: the answer is not a JSON array as documented");
    }
    return array.size() == 0 ? Optional.empty() : UserJson.id(array.get(0).get("id"));
  }

  private static boolean isOneLoginId(String id) {
    return !id.isEmpty() && id.length() <= 19 && id.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
