package io.github.usersync.entra;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ChangeCursorExpiredException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.OAuth2TokenProvider;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.RateLimitPolicy;
import io.github.usersync.core.http.Urls;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.MembershipChange;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.AbstractIdpDirectory;
import io.github.usersync.core.spi.RecentReads;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.entra.internal.CertificateCredential;
import io.github.usersync.entra.internal.DeferredTokenProvider;
import io.github.usersync.entra.internal.DeltaCursor;
import io.github.usersync.entra.internal.GraphBatch;
import io.github.usersync.entra.internal.GraphErrors;
import io.github.usersync.entra.internal.GraphJson;
import io.github.usersync.entra.internal.GraphPages;
import io.github.usersync.entra.internal.GraphRequests;
import io.github.usersync.entra.internal.UsersWithManagers;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Microsoft Entra ID through Microsoft Graph, read with an application's own credentials (OAuth 2.0
 * client credentials, with a client secret or a certificate).
 *
 * <p>What it reads and how:
 *
 * <ul>
 *   <li>Users: {@code GET /users?$select=…&$top=999}, following {@code @odata.nextLink} as an
 *       opaque URL, so N users take ⌈N/999⌉ requests. Only the standard properties plus the
 *       top-level properties of {@link UserQuery#attributes()} are selected. The username is
 *       {@code userPrincipalName} (guests' {@code #EXT#} names unchanged), the email {@code mail},
 *       active is {@code accountEnabled}.
 *   <li>Groups and members: {@code /groups}, {@code /groups/{id}/members} and {@code
 *       /transitiveMembers} (members typed by {@code @odata.type}: users, groups, anything else
 *       {@link GroupMember.Type#OTHER}); a user's groups from {@code /memberOf} (and {@code
 *       transitiveMemberOf}), directory roles and administrative units left out.
 *   <li>Managers: when a full listing asks for them ({@link UserQuery#managers()}), from the users
 *       listed with {@code $expand=manager($select=id)}: Graph caps such pages at 100 users, so
 *       the listing is read in 44 parts by the first character of {@code userPrincipalName} at the
 *       same time, next to the plain listing, which decides who exists; a user no part carried is
 *       read again by id with its manager. Otherwise {@code /users/{id}/manager} (404: none), 20
 *       users to a {@code POST /$batch} when the engine asks for many ({@link #managerIds(List)}).
 *       A user read alone ({@link #user(String, UserQuery)}) carries its manager's id ({@code
 *       $expand=manager($select=id)}), as do delta results ({@code manager@delta}).
 *   <li>Photos: the fingerprint from the photo's metadata ({@code GET /users/{id}/photo}, its
 *       {@code @odata.mediaEtag}); the bytes ({@code /photo/$value}) only when asked for; both 20
 *       users to a {@code POST /$batch} when many are asked for ({@link
 *       #photoFingerprints(List)}, {@link #photos(List)}).
 *   <li>Changes: {@code /users/delta} and {@code /groups/delta} (with {@code members}); the cursor
 *       holds both delta links.
 * </ul>
 *
 * <p>Thread-safe; every request goes through one {@link ApiClient} (retries, {@code Retry-After}
 * on 429 and 503, one token refresh on 401, at most {@link EntraSettings#maxConcurrentRequests()}
 * in flight).
 */
public final class EntraDirectory extends AbstractIdpDirectory<EntraSettings> {
  private static final Logger LOG = LoggerFactory.getLogger(EntraDirectory.class);

  /** The provider id, {@code entra}. */
  public static final String PROVIDER_ID = "entra";

  // Probes on user- or group-scoped endpoints use a real id when the listing yields one; else this
  // id, which Graph answers with 404 once the call is permitted.
  private static final String PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000";

  /** Pages of a listing read ahead of the caller (the next is asked for once its token is read). */
  private static final int PAGES_AHEAD = 2;

  /**
   * How long a fingerprint read from the photo metadata serves the photo download that follows it,
   * and how many such fingerprints are kept: a run reads every fingerprint, then downloads the
   * changed photos.
   */
  private static final Duration PHOTO_FINGERPRINT_REUSE = Duration.ofMinutes(10);

  private static final int PHOTO_FINGERPRINTS_KEPT = 10_000;

  /**
   * How long the manager a listing carried serves the engine's manager read of that user, which
   * follows within the run, and how many are kept (a listing's worth).
   */
  private static final Duration LISTED_MANAGER_REUSE = Duration.ofMinutes(10);

  private static final int LISTED_MANAGERS_KEPT = 2_000_000;

  private final ApiClient api;
  private final DeferredTokenProvider tokens;
  private final URI tokenUrl;
  private final String graphRoot;
  private final Clock clock;
  private final RecentReads<String> recentPhotoFingerprints;
  private final RecentReads<Optional<String>> listedManagers;
  private final GraphBatch batch;

  private EntraDirectory(EntraSettings settings, ConnectorOptions options) {
    // Named one by one, not EnumSet.allOf: a capability added to core later (e.g. one saying that
    // listed users carry their manager) must not be claimed without being implemented.
    super(
        PROVIDER_ID,
        settings,
        Capability.GROUPS,
        Capability.GROUP_MEMBERS,
        Capability.TRANSITIVE_GROUP_MEMBERS,
        Capability.USER_GROUPS,
        Capability.NESTED_GROUPS,
        Capability.MANAGER,
        Capability.PHOTO,
        Capability.PHOTO_FINGERPRINT,
        Capability.CHANGES,
        Capability.CHANGES_REPORT_MANAGERS,
        Capability.FIND_USER_BY_EMAIL);
    this.clock = options.clock();
    this.recentPhotoFingerprints = new RecentReads<>(clock, PHOTO_FINGERPRINT_REUSE, PHOTO_FINGERPRINTS_KEPT);
    this.listedManagers = new RecentReads<>(clock, LISTED_MANAGER_REUSE, LISTED_MANAGERS_KEPT);
    this.tokenUrl = settings.tokenUrl();
    URI graph = settings.graphApiUrl();
    this.graphRoot = graph.toString();
    this.tokens = new DeferredTokenProvider();
    ApiClient.Builder b =
        options.apiClient(PROVIDER_ID, graph)
            .settings(settings)
            .tokenProvider(tokens)
            .stats(stats())
            .rateLimitPolicy(RateLimitPolicy.retryAfter())
            .errorParser(
                new GraphErrors(
                    settings.tenant(), settings.clientId(), settings.cloud().settingValue()));
    settings.clientSecret().ifPresent(b::redact);
    settings.privateKey().ifPresent(b::redact);
    this.api = b.build();
    this.batch = new GraphBatch(api, graph, options.sleeper(), clock);

    OAuth2TokenProvider.Builder t =
        OAuth2TokenProvider.builder(api, tokenUrl)
            .grantType("client_credentials")
            .param("client_id", settings.clientId())
            .scope(settings.scope())
            .clock(clock);
    if (settings.clientSecret().isPresent()) {
      t.secretParam("client_secret", settings.clientSecret().get());
    } else {
      CertificateCredential credential =
          CertificateCredential.parse(
              EntraSettings.CERTIFICATE.name(),
              settings.certificate().orElseThrow(),
              EntraSettings.PRIVATE_KEY.name(),
              settings.privateKey().orElseThrow());
      String clientId = settings.clientId();
      t.param("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer")
          .dynamicParams(
              () ->
                  Map.of(
                      "client_assertion",
                      credential.assertion(clientId, tokenUrl, clock.instant())));
    }
    tokens.set(t.build());
  }

  /** Opens a directory with usersync's own HTTP client; nothing is sent until the first read. */
  public static EntraDirectory create(EntraSettings settings) {
    return create(settings, ConnectorOptions.defaults());
  }

  /** Opens a directory on the host's infrastructure; nothing is sent until the first read. */
  public static EntraDirectory create(EntraSettings settings, ConnectorOptions options) {
    return new EntraDirectory(settings, options);
  }

  // ---- users ----

  /**
   * Every user, or only enabled ones. When the query asks for managers, the users come with their
   * manager's id where Graph's expanded listing carries it, read in parts at the same time next to
   * the plain listing (see {@link UsersWithManagers}); {@link #managerIds(List)} then answers from
   * what the listing carried.
   */
  @Override
  public Stream<DirectoryUser> users(UserQuery query) {
    if (query.managers()) {
      String select = select(query);
      return UsersWithManagers.stream(api, select, settings().pageSize(), !query.includeDeactivated(),
          settings().maxConcurrentRequests(), listedManagers, ids -> usersById(ids, select));
    }
    ApiRequest r =
        GraphRequests.listUsers(select(query), settings().pageSize(), !query.includeDeactivated());
    return Paging.streamAhead(api, r, GraphPages.of(GraphJson::user), PAGES_AHEAD);
  }

  @Override
  public Optional<DirectoryUser> user(String id, UserQuery query) {
    return readUser(id, select(query));
  }

  private Optional<DirectoryUser> readUser(String id, String select) {
    return api.sendOptional(GraphRequests.readUser(id, select)).map(response -> GraphJson.user(response.json()));
  }

  /**
   * Finds the user whose Graph mail property equals the address (case-insensitive, as Graph
   * compares).
   *
   * @throws DirectoryException when several users have that address, so none is picked by chance
   */
  @Override
  public Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    ApiRequest r = GraphRequests.findUserByEmail(email, select(query));
    JsonNode value = api.json(r).path("value");
    if (!value.isArray()) {
      throw new DirectoryException(
          "entra: " + api.describe(r) + " answered without a 'value' array; the answer is not"
              + " the documented shape");
    }
    if (value.size() > 1) {
      throw new DirectoryException(
          "entra: more than one user has the email address "
              + email
              + " (e.g. "
              + GraphJson.id(value.get(0))
              + " and "
              + GraphJson.id(value.get(1))
              + "); make the address unique in Entra, or find the user by id");
    }
    return value.size() == 0 ? Optional.empty() : Optional.of(GraphJson.user(value.get(0)));
  }

  // ---- groups ----

  @Override
  public Stream<DirectoryGroup> groups() {
    ApiRequest r = GraphRequests.listGroups(GraphJson.GROUP_FIELDS, settings().pageSize());
    return Paging.streamAhead(api, r, GraphPages.of(GraphJson::group), PAGES_AHEAD);
  }

  /** A group's members; an unknown group has none. Members are users, groups and others. */
  @Override
  public Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    ApiRequest r = GraphRequests.groupMembers(groupId, membership, settings().pageSize());
    return Paging.streamAheadOrEmpty(api, r, GraphPages.of(GraphJson::member), PAGES_AHEAD);
  }

  /**
   * The groups a user belongs to: {@code memberOf} (or {@code transitiveMemberOf}) with directory
   * roles and administrative units dropped by their {@code @odata.type}. The OData cast {@code
   * /memberOf/microsoft.graph.group} would drop them on the server, but Graph serves a cast with
   * {@code $select}/{@code $top} only as an advanced query ({@code ConsistencyLevel: eventual}),
   * whose index may lag: a membership added moments ago could be missing and be removed from the
   * host. The plain call is a default query and costs the same request per page.
   */
  @Override
  public Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    ApiRequest r =
        GraphRequests.groupsOfUser(userId, membership, GraphJson.GROUP_FIELDS, settings().pageSize());
    return Paging.streamOrEmpty(api, r, GraphPages.of(GraphJson::groupIfGroup)).flatMap(Optional::stream);
  }

  // ---- manager and photo ----

  @Override
  public Optional<String> managerId(String userId) {
    return api.sendOptional(GraphRequests.manager(userId)).map(response -> GraphJson.id(response.json()));
  }

  /**
   * The SHA-256 of the photo's {@code @odata.mediaEtag} (else of its id and size), read from the
   * photo's metadata; empty when the user has no photo (404, or the 1x1 placeholder Graph may
   * answer instead).
   */
  @Override
  public Optional<String> photoFingerprint(String userId) {
    Optional<String> fingerprint = readPhotoFingerprint(userId);
    remember(userId, fingerprint);
    return fingerprint;
  }

  private Optional<String> readPhotoFingerprint(String userId) {
    return api.sendOptional(GraphRequests.photoMetadata(userId))
        .flatMap(response -> photoFingerprint(response.json()));
  }

  /**
   * The photo's bytes with the fingerprint {@link #photoFingerprint(String)} gives. The metadata is
   * read before the bytes: the fingerprint {@code photoFingerprint} read for this user in the last
   * minutes (a run reads fingerprints, then downloads the changed photos) is used once, else the
   * metadata is read now. Either way a photo replaced in between is fetched again on the next run,
   * never missed.
   */
  @Override
  public Optional<Photo> photo(String userId) {
    Optional<String> recent = recentPhotoFingerprints.take(userId);
    Optional<String> fingerprint = recent.isPresent() ? recent : readPhotoFingerprint(userId);
    if (!fingerprint.isPresent()) {
      return Optional.empty();
    }
    Optional<ApiResponse> response = api.sendOptional(GraphRequests.photo(userId));
    byte[] bytes = response.map(ApiResponse::body).orElse(new byte[0]);
    if (bytes.length == 0) {
      return Optional.empty();
    }
    return Optional.of(photo(bytes, response.get().header("Content-Type"), fingerprint.get()));
  }

  // ---- many users at once: JSON batching ----

  /**
   * The managers of many users: the one a users listing carried moments ago (each used once,
   * see {@link #users(UserQuery)}), else 20 {@code GET /users/{id}/manager} in each {@code POST
   * /$batch} (404: none). A request Graph throttled inside the batch is sent again after its {@code
   * Retry-After}; one that still fails is asked alone, whose failure is thrown as from {@link
   * #managerId(String)}: an unknown manager is never read as "none".
   */
  @Override
  public Map<String, Optional<String>> managerIds(List<String> userIds) {
    Map<String, Optional<String>> out = new LinkedHashMap<>();
    List<String> toRead = new ArrayList<>();
    for (String id : userIds) {
      Optional<Optional<String>> listed = listedManagers.take(id);
      if (listed.isPresent()) {
        out.put(id, listed.get());
      } else {
        toRead.add(id);
      }
    }
    if (toRead.size() == 1) {
      out.put(toRead.get(0), managerId(toRead.get(0)));
      return out;
    }
    batched(toRead, GraphRequests::manager, (id, a) -> {
      if (a.ok()) {
        out.put(id, Optional.of(GraphJson.id(a.json())));
      } else if (a.status() == 404) {
        out.put(id, Optional.empty());
      } else {
        out.put(id, managerId(id));
      }
    });
    return out;
  }

  /**
   * The photo fingerprints of many users, 20 metadata reads ({@code GET /users/{id}/photo}) in each
   * {@code POST /$batch}; 404: no photo. A user whose read failed inside the batch (after the
   * throttled ones were sent again) is left out and logged: the engine leaves that user's photo as
   * it is this run. Each fingerprint serves one download, as {@link #photoFingerprint(String)}'s do.
   */
  @Override
  public Map<String, Optional<String>> photoFingerprints(List<String> userIds) {
    if (userIds.size() == 1) {
      return Map.of(userIds.get(0), photoFingerprint(userIds.get(0)));
    }
    Map<String, Optional<String>> out = readPhotoFingerprints(userIds);
    out.forEach(this::remember);
    return out;
  }

  // A fingerprint serves the download that follows it; a user without a photo has none to serve.
  private void remember(String userId, Optional<String> fingerprint) {
    if (fingerprint.isPresent()) {
      recentPhotoFingerprints.put(userId, fingerprint.get());
    } else {
      recentPhotoFingerprints.forget(userId);
    }
  }

  private Map<String, Optional<String>> readPhotoFingerprints(List<String> userIds) {
    Map<String, Optional<String>> out = new LinkedHashMap<>();
    batched(userIds, GraphRequests::photoMetadata, (id, a) -> {
      if (a.ok()) {
        out.put(id, photoFingerprint(a.json()));
      } else if (a.status() == 404) {
        out.put(id, Optional.empty());
      } else {
        LOG.warn("entra: reading the photo metadata of user {} in a batch answered {}; the photo is left as it is",
            id, a.describe());
      }
    });
    return out;
  }

  /**
   * The photos of many users: the metadata of those without a fingerprint read moments ago (as
   * {@link #photo(String)}), then 20 downloads ({@code GET /users/{id}/photo/$value}, the bytes
   * base64 in the batch answer) in each {@code POST /$batch}. A user whose read failed inside the
   * batch is left out (the engine then asks {@link #photo(String)} for that user alone).
   */
  @Override
  public Map<String, Optional<Photo>> photos(List<String> userIds) {
    if (userIds.size() == 1) {
      return Map.of(userIds.get(0), photo(userIds.get(0)));
    }
    Map<String, Optional<Photo>> out = new LinkedHashMap<>();
    Map<String, String> fingerprints = new LinkedHashMap<>();
    List<String> unknown = new ArrayList<>();
    for (String id : userIds) {
      Optional<String> recent = recentPhotoFingerprints.take(id);
      if (recent.isPresent()) {
        fingerprints.put(id, recent.get());
      } else {
        unknown.add(id);
      }
    }
    readPhotoFingerprints(unknown).forEach((id, f) -> {
      if (f.isPresent()) {
        fingerprints.put(id, f.get());
      } else {
        out.put(id, Optional.empty());
      }
    });
    batched(new ArrayList<>(fingerprints.keySet()), GraphRequests::photo, (id, a) -> {
      if (a.ok()) {
        byte[] bytes = a.bytes();
        out.put(id, bytes.length == 0 ? Optional.empty()
            : Optional.of(photo(bytes, a.header("Content-Type"), Objects.requireNonNull(fingerprints.get(id)))));
      } else if (a.status() == 404) {
        out.put(id, Optional.empty());
      } else {
        LOG.warn("entra: downloading the photo of user {} in a batch answered {}; it is read alone",
            id, a.describe());
      }
    });
    return out;
  }

  /**
   * Users the plain listing had and no part of the listing with managers did, read again by id
   * with their managers, 20 to a batch, up to {@code maxConcurrentRequests} batches at a time. One
   * that answers otherwise than 200 is read alone, whose failure (404 included: listed moments ago,
   * so not known to be gone) fails the listing: the run then deletes and deactivates nobody.
   */
  private Stream<DirectoryUser> usersById(List<String> ids, String select) {
    List<Supplier<Stream<DirectoryUser>>> batches = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += GraphBatch.MAX_REQUESTS) {
      List<String> part = List.copyOf(ids.subList(from, Math.min(ids.size(), from + GraphBatch.MAX_REQUESTS)));
      batches.add(() -> usersByIdBatch(part, select).stream());
    }
    return Paging.concurrently(batches, settings().maxConcurrentRequests());
  }

  private List<DirectoryUser> usersByIdBatch(List<String> ids, String select) {
    List<DirectoryUser> out = new ArrayList<>(ids.size());
    batched(ids, id -> GraphRequests.readUser(id, select), (id, a) -> {
      if (a.ok()) {
        out.add(GraphJson.user(a.json()));
      } else {
        out.add(readUser(id, select).orElseThrow(() -> new DirectoryException("entra: user " + id
            + " was listed moments ago but GET /users/{id} answers 404; the users listing is incomplete"
            + " this run. Run the sync again.")));
      }
    });
    return out;
  }

  /** Sends {@code request} for each id, 20 to a batch, one batch after another; hands each answer on. */
  private void batched(List<String> ids, Function<String, ApiRequest> request,
      BiConsumer<String, GraphBatch.Answer> each) {
    for (int from = 0; from < ids.size(); from += GraphBatch.MAX_REQUESTS) {
      List<String> part = ids.subList(from, Math.min(ids.size(), from + GraphBatch.MAX_REQUESTS));
      List<ApiRequest> requests = new ArrayList<>(part.size());
      for (String id : part) {
        requests.add(request.apply(id));
      }
      List<GraphBatch.Answer> answers = batch.send(requests);
      for (int i = 0; i < part.size(); i++) {
        each.accept(part.get(i), answers.get(i));
      }
    }
  }

  private static Photo photo(byte[] bytes, Optional<String> contentTypeHeader, String fingerprint) {
    String contentType =
        contentTypeHeader
            .map(v -> v.split(";", 2)[0].trim())
            .filter(v -> !v.isEmpty())
            .orElse("image/jpeg");
    return Photo.builder().bytes(bytes).contentType(contentType).fingerprint(fingerprint).build();
  }

  private static Optional<String> photoFingerprint(JsonNode metadata) {
    String etag = GraphJson.text(metadata, "@odata.mediaEtag");
    int width = metadata.path("width").asInt();
    int height = metadata.path("height").asInt();
    if (etag == null && width <= 1 && height <= 1) {
      return Optional.empty();
    }
    String basis =
        etag != null
            ? "mediaEtag:" + etag
            : "size:" + GraphJson.text(metadata, "id") + ":" + width + "x" + height;
    return Optional.of(Photo.sha256(basis));
  }

  // ---- changes ----

  /**
   * Asks Graph for the current delta links of users and groups ({@code $deltaToken=latest}), with
   * the properties this query needs plus {@code manager} (users) and {@code members} (groups), so
   * manager and membership changes are reported too.
   */
  @Override
  public ChangeCursor startChangeTracking(UserQuery query) {
    List<String> fields = GraphJson.userFields(query.attributes());
    String users =
        deltaRound(GraphRequests.latestUsersDelta(String.join(",", fields) + ",manager"), n -> {});
    String groups =
        deltaRound(GraphRequests.latestGroupsDelta(GraphRequests.GROUP_DELTA_FIELDS), n -> {});
    return ChangeCursor.of(
        PROVIDER_ID, new DeltaCursor(users, groups, fields).encode(), clock.instant());
  }

  /**
   * Follows both delta links to their new delta links. Users with {@code @removed} (reason {@code
   * changed}: deleted and restorable for 30 days; {@code deleted}: gone for good) are removed
   * users; a restored user comes back as a changed one. {@code members@delta} entries become
   * membership changes ({@code @removed} ones removals). A user or group that appears more than
   * once counts as its last appearance.
   *
   * @throws ChangeCursorExpiredException when Graph no longer accepts a delta link (410 Gone,
   *     {@code syncStateNotFound}, {@code resyncRequired}), the cursor was taken against another
   *     Graph URL, or the query now needs user attributes the cursor does not track; in each case
   *     run a full sync
   */
  @Override
  public DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    DeltaCursor c = DeltaCursor.decode(cursor.valueFor(PROVIDER_ID));
    Set<String> missing = new LinkedHashSet<>(GraphJson.userFields(query.attributes()));
    missing.removeAll(c.userFields());
    if (!missing.isEmpty()) {
      throw new ChangeCursorExpiredException(
          "entra: the mapping now reads user attributes the change cursor does not track ("
              + String.join(", ", missing)
              + "); run a full sync, which starts change tracking with them",
          null);
    }
    Map<String, DirectoryUser> changedUsers = new LinkedHashMap<>();
    Set<String> removedUsers = new LinkedHashSet<>();
    Map<String, DirectoryGroup> changedGroups = new LinkedHashMap<>();
    Set<String> removedGroups = new LinkedHashSet<>();
    Map<String, MembershipChange> memberships = new LinkedHashMap<>();
    String usersLink;
    String groupsLink;
    try {
      usersLink =
          deltaRound(
              deltaRequest(c.usersLink(), GraphRequests.USERS_DELTA),
              n -> {
                String id = GraphJson.id(n);
                if (GraphJson.removed(n)) {
                  changedUsers.remove(id);
                  removedUsers.add(id);
                } else {
                  removedUsers.remove(id);
                  changedUsers.put(id, GraphJson.user(n));
                }
              });
      groupsLink =
          deltaRound(
              deltaRequest(c.groupsLink(), GraphRequests.GROUPS_DELTA),
              n -> {
                String id = GraphJson.id(n);
                if (GraphJson.removed(n)) {
                  changedGroups.remove(id);
                  removedGroups.add(id);
                  return;
                }
                removedGroups.remove(id);
                changedGroups.put(id, GraphJson.group(n));
                for (JsonNode m : n.path("members@delta")) {
                  GroupMember member = GraphJson.member(m);
                  String key = id + "/" + member.id();
                  memberships.remove(key);
                  memberships.put(key, MembershipChange.of(id, member, !GraphJson.removed(m)));
                }
              });
    } catch (ApiException e) {
      if (GraphErrors.deltaExpired(e)) {
        throw new ChangeCursorExpiredException(
            "entra: "
                + e.endpoint()
                + " answered HTTP "
                + e.status()
                + e.errorCode().map(code -> " (" + code + ")").orElse("")
                + e.requestId().map(id -> ", request id " + id).orElse("")
                + ": Microsoft Graph no longer accepts the stored delta token (delta tokens expire"
                + " after 7 days, and Microsoft may reset them); a full sync is needed, which starts"
                + " change tracking again",
            e);
      }
      throw e;
    }
    return DirectoryChanges.builder()
        .changedUsers(changedUsers.values())
        .removedUserIds(removedUsers)
        .changedGroups(changedGroups.values())
        .removedGroupIds(removedGroups)
        .membershipChanges(memberships.values())
        .membershipsTracked(true)
        .nextCursor(
            ChangeCursor.of(
                PROVIDER_ID,
                new DeltaCursor(usersLink, groupsLink, c.userFields()).encode(),
                clock.instant()))
        .build();
  }

  private ApiRequest deltaRequest(String link, String label) {
    URI uri;
    try {
      uri = URI.create(link);
    } catch (IllegalArgumentException e) {
      throw new ChangeCursorExpiredException(
          "entra: the change cursor holds a delta link that is not a URL; run a full sync", e);
    }
    // Query parameters live in the token: the link is followed exactly as Graph gave it.
    if (!link.startsWith(graphRoot + "/")) {
      throw new ChangeCursorExpiredException(
          "entra: the change cursor was taken against "
              + Urls.withoutQuery(uri)
              + ", which is not below "
              + graphRoot
              + " (the cloud, baseUrl or apiVersion setting changed); run a full sync",
          null);
    }
    return ApiRequest.get(uri).label(label).build();
  }

  /** Reads a delta round to its end, handing each entry to {@code each}; returns the delta link. */
  private String deltaRound(ApiRequest first, Consumer<JsonNode> each) {
    AtomicReference<String> deltaLink = new AtomicReference<>();
    Paging.stream(api, first, GraphPages.delta(n -> n, deltaLink::set)).forEach(each);
    String link = deltaLink.get();
    if (link == null) {
      throw new DirectoryException(
          "entra: the delta round of "
              + api.describe(first)
              + " ended without an @odata.deltaLink; the changes read are incomplete, so none are"
              + " used");
    }
    return link;
  }

  // ---- connection check ----

  /**
   * Probes the token endpoint (a prerequisite), then every Graph endpoint this connector calls,
   * each with the least data Graph serves ({@code $top=1}, {@code $select=id}); user- and
   * group-scoped endpoints with the first user and group listed. A 404 from those counts as
   * answered. Each failure carries its fix: the toolkit's network advice, which credential to
   * check for 401, which application permission to grant for 403.
   */
  @Override
  public ConnectionReport checkConnection() {
    ConnectionChecks checks = ConnectionChecks.forProvider(PROVIDER_ID);
    checks.prerequisite("token", "POST " + Urls.withoutQuery(tokenUrl), tokens::authorization);
    ApiRequest users = GraphRequests.listUsers("id", 1, false);
    String userId = checks.listing(GraphRequests.LIST_USERS, api.describe(users), () -> firstId(users), PLACEHOLDER_ID);
    checks.call(api, GraphRequests.readUser(userId, "id"));
    checks.call(api, GraphRequests.manager(userId));
    checks.call(api, GraphRequests.groupsOfUser(userId, Membership.DIRECT, "id", 1));
    checks.call(api, GraphRequests.groupsOfUser(userId, Membership.TRANSITIVE, "id", 1));
    checks.call(api, GraphRequests.photoMetadata(userId));
    checks.call(api, GraphRequests.photo(userId));
    ApiRequest groups = GraphRequests.listGroups("id", 1);
    String groupId = checks.listing(GraphRequests.LIST_GROUPS, api.describe(groups), () -> firstId(groups), PLACEHOLDER_ID);
    checks.call(api, GraphRequests.groupMembers(groupId, Membership.DIRECT, 1));
    checks.call(api, GraphRequests.groupMembers(groupId, Membership.TRANSITIVE, 1));
    checks.call(api, GraphRequests.latestUsersDelta("id"));
    checks.call(api, GraphRequests.latestGroupsDelta("id"));
    return checks.report();
  }

  private Optional<String> firstId(ApiRequest listing) {
    JsonNode first = api.json(listing).path("value").path(0);
    return first.isObject() ? Optional.of(GraphJson.id(first)) : Optional.empty();
  }

  // ---- misc ----

  private String select(UserQuery query) {
    return String.join(",", GraphJson.userFields(query.attributes()));
  }

  @Override
  public String toString() {
    return "EntraDirectory["
        + settings().tenant()
        + ", "
        + settings().cloud().name().toLowerCase(Locale.ROOT)
        + ", "
        + graphRoot
        + "]";
  }
}
