package io.github.usersync.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.PermissionDeniedException;
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
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.AbstractIdpDirectory;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.internal.ConcurrentOffsetPages;
import io.github.usersync.keycloak.internal.KeycloakAdminEvents;
import io.github.usersync.keycloak.internal.KeycloakErrors;
import io.github.usersync.keycloak.internal.KeycloakJson;
import io.github.usersync.keycloak.internal.KeycloakRequests;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Keycloak realm as an {@link IdpDirectory}, read through the Admin REST API ({@code
 * {baseUrl}/admin/realms/{realm}}).
 *
 * <ul>
 *   <li>Users: {@code GET /users} with {@code first}/{@code max}, several pages in flight (up to
 *       {@link KeycloakSettings#maxConcurrentRequests()}), bounded by {@code GET /users/count};
 *       the brief representation unless the query reads fields only the full one has, such as
 *       {@code attributes} (a map of string lists).
 *   <li>Groups: the top-level groups from {@code GET /groups}, then each group's subgroups from
 *       {@code GET /groups/{id}/children} (Keycloak 23 and newer; older servers return the tree
 *       inline in {@code subGroups}), depth first.
 *   <li>Members: {@code GET /groups/{id}/members}, which lists direct members only; the direct
 *       members also include the group's subgroups (as {@link GroupMember.Type#GROUP}), and the
 *       transitive members are the users of the group and of every group below it.
 *   <li>A user's groups: {@code GET /users/{id}/groups} (direct); transitive adds every ancestor
 *       group, since a member of {@code /a/b} is, through {@code b}, a member of {@code /a}.
 * </ul>
 *
 * <p>Thread-safe. Close it to stop the threads that fetch pages ahead (unless the host supplied the
 * executor).
 */
public final class KeycloakDirectory extends AbstractIdpDirectory<KeycloakSettings> {
  /** The provider id. */
  public static final String PROVIDER_ID = "keycloak";

  /** Stands in for a user or group id when the realm has none to probe with. */
  private static final String PROBE_ID = "00000000-0000-0000-0000-000000000000";

  private final ApiClient api;
  private final OAuth2TokenProvider tokens;
  private final URI tokenEndpoint;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final boolean groupsByPath;
  /**
   * {@code subGroupCount} of each group read (Keycloak 23+ sends it on {@code GET /groups} and on
   * {@code /children}; see "Keycloak Admin REST API", GroupRepresentation), so a member listing does
   * not ask a leaf group for its subgroups.
   */
  private final Map<String, Long> subGroupCounts = new ConcurrentHashMap<>();
  private final KeycloakErrors errors;
  private final KeycloakAdminEvents adminEvents;

  private KeycloakDirectory(KeycloakSettings settings, ConnectorOptions options) {
    super(
        PROVIDER_ID,
        settings,
        Capability.GROUPS,
        Capability.GROUP_MEMBERS,
        Capability.USER_GROUPS,
        Capability.NESTED_GROUPS,
        Capability.FIND_USER_BY_EMAIL,
        Capability.CHANGES);
    this.groupsByPath = settings.groupName() == KeycloakSettings.GroupName.PATH;
    String server = settings.baseUrl().toString();
    this.tokenEndpoint =
        URI.create(
            server + "/realms/" + Urls.encodePathSegment(settings.tokenRealm())
                + "/protocol/openid-connect/token");
    URI adminBase = URI.create(server + "/admin/realms/" + Urls.encodePathSegment(settings.realm()));
    String user = settings.grantType() == KeycloakSettings.GrantType.PASSWORD
        ? settings.username().orElse("?")
        : null;
    this.errors =
        new KeycloakErrors(server, settings.realm(), settings.tokenRealm(), settings.effectiveClientId(), user);
    List<Secret> secrets = new ArrayList<>();
    settings.clientSecret().ifPresent(secrets::add);
    settings.password().ifPresent(secrets::add);
    Secret[] redact = secrets.toArray(new Secret[0]);
    RequestStats stats = stats();
    ApiClient tokenClient = client(options, URI.create(server), stats, redact).build();
    OAuth2TokenProvider.Builder tb =
        OAuth2TokenProvider.builder(tokenClient, tokenEndpoint).clock(options.clock());
    if (settings.grantType() == KeycloakSettings.GrantType.CLIENT_CREDENTIALS) {
      tb.clientCredentials(settings.effectiveClientId(), settings.clientSecret().orElseThrow());
    } else {
      tb.grantType("password")
          .param("client_id", settings.effectiveClientId())
          .param("username", settings.username().orElseThrow())
          .secretParam("password", settings.password().orElseThrow());
      settings.clientSecret().ifPresent(s -> tb.secretParam("client_secret", s));
    }
    this.tokens = tb.build();
    this.api = client(options, adminBase, stats, redact).tokenProvider(tokens).build();
    this.adminEvents = new KeycloakAdminEvents(api, options.clock(), errors, settings.realm(), settings.pageSize());
    this.ownsExecutor = !options.executor().isPresent();
    this.executor =
        options.executor().orElseGet(() -> Executors.newFixedThreadPool(settings.maxConcurrentRequests(), new PageThreads()));
  }

  private ApiClient.Builder client(ConnectorOptions options, URI base, RequestStats stats, Secret[] redact) {
    return options.apiClient(PROVIDER_ID, base)
        .settings(settings())
        .errorParser(errors)
        .stats(stats)
        .redact(redact);
  }

  /** A directory with usersync's own HTTP client and page threads. */
  public static KeycloakDirectory create(KeycloakSettings settings) {
    return create(settings, ConnectorOptions.defaults());
  }

  /**
   * A directory on the host's infrastructure: its HTTP client (proxy, TLS), mapper, retries, and
   * the executor that reads user pages ahead (the host keeps ownership: {@link #close()} leaves it
   * running; without one the directory starts {@code maxConcurrentRequests} daemon threads).
   */
  public static KeycloakDirectory create(KeycloakSettings settings, ConnectorOptions options) {
    return new KeycloakDirectory(settings, options);
  }

  // ---------------------------------------------------------------- users

  /**
   * Lists the realm's users. Disabled users are left out here, not with the server's {@code
   * enabled=true} filter: any filter makes Keycloak list service-account users too, which the
   * unfiltered listing (and {@code /users/count}) leaves out.
   */
  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    ApiRequest listRequest =
        KeycloakRequests.listUsers(settings().pageSize(), KeycloakJson.needsFullRepresentation(query));
    ApiRequest countRequest = KeycloakRequests.countUsers();
    Stream<DirectoryUser> all =
        new ConcurrentOffsetPages<>(
                api,
                listRequest,
                settings().pageSize(),
                settings().maxConcurrentRequests(),
                executor,
                KeycloakJson::user,
                () -> api.json(countRequest).asLong(),
                n -> emptyDespiteCount(listRequest, "users", n),
                DirectoryUser::id)
            .stream();
    return query.includeDeactivated() ? all : all.filter(DirectoryUser::active);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    return api.sendOptional(KeycloakRequests.readUser(id)).map(r -> KeycloakJson.user(r.json()));
  }

  /**
   * Finds the user with this email address ({@code GET /users?email=…&exact=true}), compared
   * ignoring case as Keycloak stores emails in lower case. If the realm allows duplicate emails
   * and several users match, the first listed is returned.
   */
  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    ApiRequest request =
        KeycloakRequests.findUserByEmail(email, KeycloakJson.needsFullRepresentation(query));
    for (JsonNode u : api.json(request)) {
      DirectoryUser user = KeycloakJson.user(u);
      if (user.email().map(e -> e.equalsIgnoreCase(email)).orElse(false)
          && (query.includeDeactivated() || user.active())) {
        return Optional.of(user);
      }
    }
    return Optional.empty();
  }

  // ---------------------------------------------------------------- groups

  @Override
  public Stream<DirectoryGroup> groups() {
    ApiRequest top = KeycloakRequests.listGroups(settings().pageSize());
    PageReader<JsonNode> reader = offsetReader();
    PageReader<JsonNode> guarded =
        (request, response) -> {
          Page<JsonNode> page = reader.read(request, response);
          if (page.items().isEmpty() && "0".equals(request.queryValue("first"))) {
            long n = countTopLevelGroups();
            if (n > 0) {
              throw emptyDespiteCount(request, "groups", n);
            }
          }
          return page;
        };
    return Paging.stream(api, top, guarded)
        .flatMap(this::subtree)
        .map(g -> KeycloakJson.group(g, groupsByPath));
  }

  /** The group and every group below it, depth first, lazily. */
  private Stream<JsonNode> subtree(JsonNode group) {
    return Stream.concat(Stream.of(group), Stream.of(group).flatMap(g -> children(g, false).flatMap(this::subtree)));
  }

  /**
   * A group's direct subgroups: inline in {@code subGroups} on servers before Keycloak 23, else
   * from {@code /children} unless {@code subGroupCount} says there are none.
   */
  private Stream<JsonNode> children(JsonNode group, boolean brief) {
    remember(group);
    JsonNode inline = group.path("subGroups");
    if (inline.isArray() && inline.size() > 0) {
      List<JsonNode> out = new ArrayList<>(inline.size());
      inline.forEach(out::add);
      return out.stream();
    }
    JsonNode count = group.get("subGroupCount");
    if (count != null && count.isNumber() && count.asLong() == 0) {
      return Stream.empty();
    }
    String id = KeycloakJson.text(group, "id");
    if (id == null) {
      return Stream.empty();
    }
    return childrenOf(id, brief);
  }

  private void remember(JsonNode group) {
    JsonNode count = group.get("subGroupCount");
    String id = KeycloakJson.text(group, "id");
    if (id != null && count != null && count.isNumber()) {
      subGroupCounts.put(id, count.asLong());
    }
  }

  /** Subgroups of a group, unless the group was listed with {@code subGroupCount} 0. */
  private Stream<JsonNode> knownChildrenOf(String groupId) {
    Long count = subGroupCounts.get(groupId);
    return count != null && count == 0 ? Stream.empty() : childrenOf(groupId, true).peek(this::remember);
  }

  private Stream<JsonNode> childrenOf(String groupId, boolean brief) {
    // 404: a server before Keycloak 23 (no /children; its groups carry their subgroups inline) or
    // a group deleted while the tree is read.
    return Paging.streamOrEmpty(api, KeycloakRequests.subgroups(groupId, settings().pageSize(), brief), offsetReader());
  }

  /**
   * Offset paging for one listing (it keeps state: create one per stream). A page that starts like
   * the previous one means the server ignores {@code first}, and is an error rather than an
   * endless listing.
   */
  private PageReader<JsonNode> offsetReader() {
    return offsetReader(settings().pageSize());
  }

  private PageReader<JsonNode> offsetReader(int pageSize) {
    PageReader<JsonNode> offset = Paging.offset("first", "max", pageSize, null, j -> j);
    String[] previousFirst = {null};
    return (request, response) -> {
      Page<JsonNode> page = offset.read(request, response);
      if (!page.items().isEmpty()) {
        String first = page.items().get(0).toString();
        if (first.equals(previousFirst[0])) {
          throw new DirectoryException(
              PROVIDER_ID + ": " + api.describe(request) + " answered the same page for two"
                  + " offsets; the server ignores the first parameter, so the listing stops rather"
                  + " than loop. The listing is incomplete.");
        }
        previousFirst[0] = first;
      }
      return page;
    };
  }

  private long countTopLevelGroups() {
    return api.json(KeycloakRequests.countTopLevelGroups()).path("count").asLong();
  }

  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    if (membership == Membership.DIRECT) {
      return Stream.concat(
          memberUsers(groupId).map(GroupMember::user),
          Stream.of(groupId).flatMap(this::knownChildrenOf).map(g -> GroupMember.group(idOf(g))));
    }
    Set<String> seenUsers = Collections.synchronizedSet(new HashSet<>());
    return descendantsAndSelf(groupId)
        .flatMap(
            g -> {
              Stream<GroupMember> users =
                  memberUsers(g).filter(seenUsers::add).map(GroupMember::user);
              return g.equals(groupId) ? users : Stream.concat(Stream.of(GroupMember.group(g)), users);
            });
  }

  /** The ids of the group and of every group below it, depth first. */
  private Stream<String> descendantsAndSelf(String groupId) {
    return Stream.concat(
        Stream.of(groupId),
        Stream.of(groupId).flatMap(this::knownChildrenOf).map(this::idOf).flatMap(this::descendantsAndSelf));
  }

  private Stream<String> memberUsers(String groupId) {
    return Paging.streamOrEmpty(api, KeycloakRequests.groupMembers(groupId, settings().memberPageSize()),
            offsetReader(settings().memberPageSize()))
        .map(this::idOf);
  }

  private String idOf(JsonNode json) {
    String id = KeycloakJson.text(json, "id");
    if (id == null) {
      throw new DirectoryException(
          "keycloak: an entry without an id in a member or group list; the server's answer is not"
              + " the documented representation");
    }
    return id;
  }

  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    ApiRequest request = KeycloakRequests.groupsOfUser(userId, settings().pageSize());
    Stream<JsonNode> groups = Paging.streamOrEmpty(api, request, offsetReader());
    if (membership == Membership.DIRECT) {
      return groups.map(g -> KeycloakJson.group(g, groupsByPath));
    }
    // Deferred so that, like the direct listing, nothing is requested before the stream is read.
    return Stream.of(groups).flatMap(g -> withAncestors(g.collect(Collectors.toList())).stream());
  }

  /** The groups and all their ancestors, each once, ancestors after the groups that name them. */
  private List<DirectoryGroup> withAncestors(List<JsonNode> groups) {
    Map<String, DirectoryGroup> out = new LinkedHashMap<>();
    Set<String> known = new HashSet<>();
    for (JsonNode g : groups) {
      known.add(idOf(g));
      String path = KeycloakJson.text(g, "path");
      if (path != null) {
        known.add(path);
      }
    }
    ArrayDeque<JsonNode> todo = new ArrayDeque<>(groups);
    while (!todo.isEmpty()) {
      JsonNode g = todo.poll();
      String id = idOf(g);
      if (out.containsKey(id)) {
        continue;
      }
      out.put(id, KeycloakJson.group(g, groupsByPath));
      parentOf(g, known).ifPresent(p -> {
        known.add(idOf(p));
        String path = KeycloakJson.text(p, "path");
        if (path != null) {
          known.add(path);
        }
        todo.add(p);
      });
    }
    return new ArrayList<>(out.values());
  }

  /**
   * The parent group, unless it is among {@code known} (ids and paths already listed): by {@code
   * parentId} (Keycloak 23 and newer), else by the parent's path.
   */
  private Optional<JsonNode> parentOf(JsonNode group, Set<String> known) {
    String parentId = KeycloakJson.text(group, "parentId");
    if (parentId != null) {
      if (known.contains(parentId)) {
        return Optional.empty();
      }
      return api.sendOptional(KeycloakRequests.readGroup(parentId)).map(ApiResponse::json);
    }
    String path = KeycloakJson.text(group, "path");
    if (path == null || path.lastIndexOf('/') <= 0 || known.contains(path.substring(0, path.lastIndexOf('/')))) {
      return Optional.empty();
    }
    String[] segments = path.substring(1, path.lastIndexOf('/')).split("/", -1);
    return api.sendOptional(KeycloakRequests.readGroupByPath(segments)).map(ApiResponse::json);
  }

  // ---------------------------------------------------------------- changes

  /**
   * The position in the realm's admin events (the newest event's time). Fails, so that the engine
   * notes why and keeps running full syncs, when the realm does not save admin events or the
   * credentials lack {@code view-events}.
   */
  @Override
  public ChangeCursor startChangeTracking(UserQuery query) {
    return adminEvents.start(PROVIDER_ID);
  }

  /**
   * What changed since the cursor, from the realm's admin events ({@link KeycloakAdminEvents}):
   * deleted users (removed), created and updated users, enabled or disabled included (re-read by
   * id; one the realm no longer has is removed), members added to and removed from groups, and
   * groups created, renamed, moved (re-read) and deleted. Membership changes that produce no event
   * (a user created with groups, a group deleted with its members, a renamed parent) are covered
   * by the engine: it re-reads the groups of every user named and the group list on every run.
   *
   * @throws ChangeCursorExpiredException when the realm does not save admin events, they cannot be
   *     read, or they expired before where the read must start
   */
  @Override
  public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    return adminEvents.changesSince(cursor, PROVIDER_ID, id -> user(id, query),
        id -> api.sendOptional(KeycloakRequests.readGroup(id)).map(r -> KeycloakJson.group(r.json(), groupsByPath)));
  }

  // ---------------------------------------------------------------- checks

  /**
   * Probes the token endpoint (a prerequisite), then every call a sync makes, each for one item:
   * counting and listing users (an empty listing of a realm that counts users is a missing role),
   * reading the first listed user and its groups, listing groups (likewise against the count),
   * then reading the first group, its subgroups and its members. A 404 from those counts as
   * answered; a server before Keycloak 23 answers 404 for subgroups. Last, for incremental runs,
   * whether the realm saves admin events and whether they can be read ({@code view-events}); when
   * not, each says how to fix it, and syncs run in full until then.
   */
  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks = ConnectionChecks.forProvider(PROVIDER_ID);
    checks.prerequisite("token", "POST " + Urls.withoutQuery(tokenEndpoint), tokens::authorization);
    ApiRequest count = KeycloakRequests.countUsers();
    long[] userCount = {-1};
    checks.check(KeycloakRequests.COUNT_USERS, api.describe(count), () -> userCount[0] = api.json(count).asLong());
    ApiRequest users = KeycloakRequests.listUsers(1, false);
    String userId =
        checks.listing(KeycloakRequests.LIST_USERS, api.describe(users), () -> {
          Optional<String> first = firstId(users);
          if (!first.isPresent() && userCount[0] > 0) {
            throw emptyDespiteCount(users, "users", userCount[0]);
          }
          return first;
        }, PROBE_ID);
    checks.call(api, KeycloakRequests.readUser(userId));
    checks.call(api, KeycloakRequests.groupsOfUser(userId, 1));
    ApiRequest groups = KeycloakRequests.listGroups(1);
    String groupId =
        checks.listing(KeycloakRequests.LIST_GROUPS, api.describe(groups), () -> {
          Optional<String> first = firstId(groups);
          long n = first.isPresent() ? 0 : countTopLevelGroups();
          if (n > 0) {
            throw emptyDespiteCount(groups, "groups", n);
          }
          return first;
        }, PROBE_ID);
    checks.call(api, KeycloakRequests.readGroup(groupId));
    checks.call(api, KeycloakRequests.subgroups(groupId, 1, true));
    checks.call(api, KeycloakRequests.groupMembers(groupId, 1));
    ApiRequest eventsConfig = KeycloakRequests.eventsConfig();
    checks.advisory(KeycloakRequests.EVENTS_CONFIG, api.describe(eventsConfig), () -> {
      if (!api.json(eventsConfig).path("adminEventsEnabled").asBoolean(false)) {
        throw adminEvents.disabled();
      }
    });
    checks.call(api, KeycloakRequests.adminEvents(0, 1));
    return checks.report();
  }

  private Optional<String> firstId(ApiRequest listing) {
    JsonNode page = api.json(listing);
    return page.size() > 0 ? Optional.of(idOf(page.get(0))) : Optional.empty();
  }

  /**
   * Keycloak answers a caller that may count but not view (query-users or query-groups without
   * view-users) with an empty list, not a 403; an empty listing must never pass for an empty realm.
   */
  private PermissionDeniedException emptyDespiteCount(ApiRequest request, String what, long count) {
    String fix = errors.missingRole(Urls.withoutQuery(request.resolve(api.baseUri())));
    return new PermissionDeniedException(
        PROVIDER_ID, api.describe(request), 200, null,
        "listed no " + what + " although the realm has " + count + "; the credentials may count but"
            + " not view them", null, fix);
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "KeycloakDirectory[" + settings().baseUrl() + ", realm " + settings().realm() + "]";
  }

  private static final class PageThreads implements ThreadFactory {
    private static final AtomicInteger COUNT = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "usersync-keycloak-pages-" + COUNT.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
