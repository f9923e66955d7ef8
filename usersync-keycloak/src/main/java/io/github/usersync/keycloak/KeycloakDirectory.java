package io.github.usersync.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.internal.ConcurrentOffsetPages;
import io.github.usersync.keycloak.internal.KeycloakErrors;
import io.github.usersync.keycloak.internal.KeycloakJson;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

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
public final class KeycloakDirectory implements IdpDirectory {
  /** The provider id. */
  public static final String PROVIDER_ID = "keycloak";

  /** Stands in for a user or group id when the realm has none to probe with. */
  private static final String PROBE_ID = "00000000-0000-0000-0000-000000000000";

  private final KeycloakSettings settings;
  private final ApiClient api;
  private final OAuth2TokenProvider tokens;
  private final URI tokenEndpoint;
  private final ExecutorService executor;
  private final boolean ownsExecutor;
  private final boolean groupsByPath;
  private final KeycloakErrors errors;

  private KeycloakDirectory(Builder b) {
    this.settings = b.settings;
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
    RequestStats stats = new RequestStats();
    ApiClient tokenClient = client(b, URI.create(server), errors, stats, redact).build();
    OAuth2TokenProvider.Builder tb = OAuth2TokenProvider.builder(tokenClient, tokenEndpoint);
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
    this.api = client(b, adminBase, errors, stats, redact).tokenProvider(tokens).build();
    ExecutorService e = b.executor;
    this.ownsExecutor = e == null;
    this.executor = e != null ? e : Executors.newFixedThreadPool(settings.maxConcurrentRequests(), new PageThreads());
  }

  private static ApiClient.Builder client(
      Builder b, URI base, KeycloakErrors errors, RequestStats stats, Secret[] redact) {
    ApiClient.Builder c =
        ApiClient.builder(PROVIDER_ID, base)
            .httpClient(b.http)
            .objectMapper(b.mapper)
            .errorParser(errors)
            .maxConcurrentRequests(b.settings.maxConcurrentRequests())
            .stats(stats)
            .redact(redact);
    if (b.sleeper != null) {
      c.sleeper(b.sleeper);
    }
    if (b.retry != null) {
      c.retryPolicy(b.retry);
    }
    return c;
  }

  /** A directory with its own HTTP client. */
  public static KeycloakDirectory create(KeycloakSettings settings) {
    return builder(settings).build();
  }

  /** A directory that sends through the host's HTTP client (its proxy, TLS and timeouts). */
  public static KeycloakDirectory create(KeycloakSettings settings, HttpClient http) {
    return builder(settings).httpClient(http).build();
  }

  /** A builder, for a host's HTTP client, JSON mapper or executor. */
  public static Builder builder(KeycloakSettings settings) {
    return new Builder(settings);
  }

  /** The settings this directory reads with. */
  public KeycloakSettings settings() {
    return settings;
  }

  @Override
  public String providerId() {
    return PROVIDER_ID;
  }

  @Override
  public DirectoryCapabilities capabilities() {
    return DirectoryCapabilities.builder()
        .addSupported(
            Capability.GROUPS,
            Capability.GROUP_MEMBERS,
            Capability.USER_GROUPS,
            Capability.NESTED_GROUPS,
            Capability.FIND_USER_BY_EMAIL)
        .maxConcurrentRequests(settings.maxConcurrentRequests())
        .userPageSize(settings.pageSize())
        .build();
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
        ApiRequest.get("/users")
            .query("first", 0)
            .query("max", settings.pageSize())
            .query("briefRepresentation", Boolean.toString(!KeycloakJson.needsFullRepresentation(query)))
            .label("list users")
            .build();
    ApiRequest countRequest = ApiRequest.get("/users/count").label("count users").build();
    Stream<DirectoryUser> all =
        new ConcurrentOffsetPages<>(
                api,
                listRequest,
                settings.pageSize(),
                settings.maxConcurrentRequests(),
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
    return api.sendOptional(ApiRequest.get("/users/{id}", id).label("read user").build())
        .map(r -> KeycloakJson.user(r.json()));
  }

  /**
   * Finds the user with this email address ({@code GET /users?email=…&exact=true}), compared
   * ignoring case as Keycloak stores emails in lower case. If the realm allows duplicate emails
   * and several users match, the first listed is returned.
   */
  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    ApiRequest request =
        ApiRequest.get("/users")
            .query("email", email)
            .query("exact", "true")
            .query("first", 0)
            .query("max", 10)
            .query("briefRepresentation", Boolean.toString(!KeycloakJson.needsFullRepresentation(query)))
            .label("find user by email")
            .build();
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
    ApiRequest top =
        ApiRequest.get("/groups")
            .query("first", 0)
            .query("max", settings.pageSize())
            .query("briefRepresentation", "false")
            .query("subGroupsCount", "true")
            .label("list groups")
            .build();
    PageReader<JsonNode> reader = offsetReader(false);
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

  private Stream<JsonNode> childrenOf(String groupId, boolean brief) {
    ApiRequest request =
        ApiRequest.get("/groups/{id}/children", groupId)
            .query("first", 0)
            .query("max", settings.pageSize())
            .query("briefRepresentation", Boolean.toString(brief))
            .query("subGroupsCount", "true")
            .accept(404)
            .label("subgroups")
            .build();
    // 404: a server before Keycloak 23 (no /children; its groups carry their subgroups inline) or
    // a group deleted while the tree is read.
    return Paging.stream(api, request, offsetReader(true));
  }

  /**
   * Offset paging for one listing (it keeps state: create one per stream). A 404 reads as an empty
   * last page when {@code notFoundIsEmpty}; a page that starts like the previous one means the
   * server ignores {@code first}, and is an error rather than an endless listing.
   */
  private PageReader<JsonNode> offsetReader(boolean notFoundIsEmpty) {
    PageReader<JsonNode> offset = Paging.offset("first", "max", settings.pageSize(), null, j -> j);
    String[] previousFirst = {null};
    return (request, response) -> {
      if (notFoundIsEmpty && response.status() == 404) {
        return Page.last(new ArrayList<>());
      }
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
    return api.json(ApiRequest.get("/groups/count").query("top", "true").label("count groups").build())
        .path("count")
        .asLong();
  }

  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    if (membership == Membership.DIRECT) {
      return Stream.concat(
          memberUsers(groupId).map(GroupMember::user),
          Stream.of(groupId).flatMap(id -> childrenOf(id, true)).map(g -> GroupMember.group(idOf(g))));
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
        Stream.of(groupId).flatMap(id -> childrenOf(id, true)).map(this::idOf).flatMap(this::descendantsAndSelf));
  }

  private Stream<String> memberUsers(String groupId) {
    ApiRequest request =
        ApiRequest.get("/groups/{id}/members", groupId)
            .query("first", 0)
            .query("max", settings.pageSize())
            .query("briefRepresentation", "true")
            .accept(404)
            .label("group members")
            .build();
    return Paging.stream(api, request, offsetReader(true)).map(this::idOf);
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
    ApiRequest request =
        ApiRequest.get("/users/{id}/groups", userId)
            .query("first", 0)
            .query("max", settings.pageSize())
            .query("briefRepresentation", "false")
            .accept(404)
            .label("user's groups")
            .build();
    if (membership == Membership.DIRECT) {
      return Paging.stream(api, request, offsetReader(true)).map(g -> KeycloakJson.group(g, groupsByPath));
    }
    // Deferred so that, like the direct listing, nothing is requested before the stream is read.
    return Stream.of(request).flatMap(r -> withAncestors(Paging.list(api, r, offsetReader(true))).stream());
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
      return api.sendOptional(ApiRequest.get("/groups/{id}", parentId).label("read group").build())
          .map(ApiResponse::json);
    }
    String path = KeycloakJson.text(group, "path");
    if (path == null || path.lastIndexOf('/') <= 0 || known.contains(path.substring(0, path.lastIndexOf('/')))) {
      return Optional.empty();
    }
    String[] segments = path.substring(1, path.lastIndexOf('/')).split("/", -1);
    StringBuilder template = new StringBuilder("/group-by-path");
    for (int i = 0; i < segments.length; i++) {
      template.append("/{s").append(i).append('}');
    }
    return api.sendOptional(
            ApiRequest.get(template.toString(), segments).label("read group by path").build())
        .map(ApiResponse::json);
  }

  // ---------------------------------------------------------------- checks

  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks = ConnectionChecks.forProvider(PROVIDER_ID);
    checks.prerequisite("token", "POST " + Urls.withoutQuery(tokenEndpoint), tokens::authorization);

    long[] userCount = {-1};
    ApiRequest count = ApiRequest.get("/users/count").label("count users").build();
    checks.check("count users", api.describe(count), () -> userCount[0] = api.json(count).asLong());

    String[] userId = {PROBE_ID};
    ApiRequest list =
        ApiRequest.get("/users").query("first", 0).query("max", 1)
            .query("briefRepresentation", "true").label("list users").build();
    checks.check("list users", api.describe(list), () -> {
      JsonNode page = api.json(list);
      if (page.size() > 0) {
        userId[0] = idOf(page.get(0));
      } else if (userCount[0] > 0) {
        throw emptyDespiteCount(list, "users", userCount[0]);
      }
    });
    boolean noUser = userId[0].equals(PROBE_ID);

    ApiRequest read = probe(ApiRequest.get("/users/{id}", userId[0]), "read user", noUser);
    checks.check("read user", api.describe(read), () -> api.send(read));
    ApiRequest userGroups =
        probe(ApiRequest.get("/users/{id}/groups", userId[0]).query("first", 0).query("max", 1), "user's groups", noUser);
    checks.check("user's groups", api.describe(userGroups), () -> api.send(userGroups));

    String[] groupId = {PROBE_ID};
    ApiRequest groups =
        ApiRequest.get("/groups").query("first", 0).query("max", 1)
            .query("briefRepresentation", "false").query("subGroupsCount", "true")
            .label("list groups").build();
    checks.check("list groups", api.describe(groups), () -> {
      JsonNode page = api.json(groups);
      if (page.size() > 0) {
        groupId[0] = idOf(page.get(0));
      } else {
        long n = countTopLevelGroups();
        if (n > 0) {
          throw emptyDespiteCount(groups, "groups", n);
        }
      }
    });
    boolean noGroup = groupId[0].equals(PROBE_ID);
    ApiRequest readGroup = probe(ApiRequest.get("/groups/{id}", groupId[0]), "read group", noGroup);
    checks.check("read group", api.describe(readGroup), () -> api.send(readGroup));
    // Servers before Keycloak 23 answer 404 here; the connector then reads subgroups inline.
    ApiRequest children =
        probe(ApiRequest.get("/groups/{id}/children", groupId[0]).query("first", 0).query("max", 1), "subgroups", true);
    checks.check("subgroups", api.describe(children), () -> api.send(children));
    ApiRequest members =
        probe(
            ApiRequest.get("/groups/{id}/members", groupId[0]).query("first", 0).query("max", 1)
                .query("briefRepresentation", "true"),
            "group members", noGroup);
    checks.check("group members", api.describe(members), () -> api.send(members));
    return checks.report();
  }

  private static ApiRequest probe(ApiRequest.Builder b, String label, boolean notFoundIsFine) {
    b.label(label);
    if (notFoundIsFine) {
      b.accept(404);
    }
    return b.build();
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
  public RequestStats.Snapshot requestStats() {
    return api.stats().snapshot();
  }

  @Override
  public void close() {
    if (ownsExecutor) {
      executor.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "KeycloakDirectory[" + settings.baseUrl() + ", realm " + settings.realm() + "]";
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

  /** Builds a {@link KeycloakDirectory} with a host's HTTP client, mapper or executor. */
  public static final class Builder {
    private final KeycloakSettings settings;
    private @Nullable HttpClient http;
    private @Nullable ObjectMapper mapper;
    private @Nullable ExecutorService executor;
    private @Nullable Sleeper sleeper;
    private @Nullable RetryPolicy retry;

    private Builder(KeycloakSettings settings) {
      this.settings = settings;
    }

    /** The JDK client to send with; else one is created. */
    public Builder httpClient(@Nullable HttpClient http) {
      this.http = http;
      return this;
    }

    /** The Jackson mapper; else usersync's default. */
    public Builder objectMapper(@Nullable ObjectMapper mapper) {
      this.mapper = mapper;
      return this;
    }

    /**
     * The executor that fetches user pages ahead; the host keeps ownership (close() leaves it
     * running). Else the directory starts {@code maxConcurrentRequests} daemon threads.
     */
    public Builder executor(@Nullable ExecutorService executor) {
      this.executor = executor;
      return this;
    }

    /** How to wait before a retry (tests record instead of sleeping). */
    public Builder sleeper(@Nullable Sleeper sleeper) {
      this.sleeper = sleeper;
      return this;
    }

    /** Retry limits; else {@link RetryPolicy#defaults()}. */
    public Builder retryPolicy(@Nullable RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** The directory. */
    public KeycloakDirectory build() {
      return new KeycloakDirectory(this);
    }
  }
}
