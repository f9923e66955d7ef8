package io.github.usersync.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.SyncInProgressException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.UserMapper;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.sync.UserSyncResult;
import io.github.usersync.scim.internal.DestructiveWindow;
import io.github.usersync.scim.internal.Filter;
import io.github.usersync.scim.internal.Patch;
import io.github.usersync.scim.internal.ResourceStore;
import io.github.usersync.scim.internal.ScimDirectory;
import io.github.usersync.scim.internal.ScimException;
import io.github.usersync.scim.internal.ScimJson;
import io.github.usersync.scim.internal.Schemas;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SCIM 2.0 service provider (RFC 7643, RFC 7644) in front of any {@link ProvisioningTarget}, so
 * Microsoft Entra provisioning, Okta's app provisioning or any SCIM client can push users and groups
 * into a host. Framework-free: {@link #handle} takes a {@link ScimRequest} and returns a {@link
 * ScimResponse}; {@link ScimServer} serves it on the JDK's HTTP server, a servlet or a Jira app's
 * plugin servlet mounts it in a few lines.
 *
 * <p>Every write goes through the sync engine like every other entry point ({@link
 * UserSync#push}): the pushed user is a directory user whose raw JSON is the SCIM resource, mapped
 * by the {@link UserMapper}, linked by its {@code externalId} (else the SCIM id), planned, guarded,
 * applied, reported to the {@link SyncListener}. A {@code DELETE} deactivates unless the policy
 * says delete; deactivations and deletions beyond a limit per sliding window are held back and the
 * client gets {@code 503} with {@code Retry-After} (RFC 7644 §3.12), so it retries later; writes to
 * protected host groups are refused with {@code 400 mutability}.
 *
 * <p>With a {@linkplain Builder#stateStore state store}, pushes read the sync state pulls of the
 * same name write (managed groups) and the pushed resources are kept in it, so SCIM ids survive a
 * restart; without one they are held in memory and the IdP re-creates them after a restart. With a
 * {@linkplain Builder#lock lock}, every write holds the sync's lock while it applies, so a push
 * never runs while a pull of the same sync applies; a write that cannot get it in time is answered
 * {@code 503} with {@code Retry-After}.
 *
 * <pre>{@code
 * ScimServiceProvider scim = ScimServiceProvider.builder(target)
 *     .authentication(ScimAuthentication.bearerToken(Secret.of(System.getenv("SCIM_TOKEN"))))
 *     .policy(SyncPolicy.defaults())
 *     .build();
 * ScimResponse response = scim.handle(request);
 * }</pre>
 */
public final class ScimServiceProvider implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ScimServiceProvider.class);
  private static final String CONTENT_TYPE = "application/scim+json";
  private static final Pattern SIMPLE_EQ =
      Pattern.compile("\\s*(userName|externalId|id|displayName)\\s+eq\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*",
          Pattern.CASE_INSENSITIVE);

  private final ResourceStore store = new ResourceStore();
  private final ScimDirectory directory = new ScimDirectory(store);
  private final UserSync sync;
  private final UserMapper mapper;
  private final ScimAuthentication authentication;
  private final Set<String> protectedGroups;
  private final DestructiveWindow window;
  private final int maxRequestBytes;
  private final int maxResults;
  private final Clock clock;
  private final Supplier<String> ids;
  private final ExecutorService pool;
  private final ReentrantLock writes = new ReentrantLock(true);
  private final ProvisioningTarget target;
  private final String name;
  private final @Nullable SyncLock lock;
  private final Duration lockWait;
  private final Duration busyRetryAfter;
  private final @Nullable SyncStateStore stateStore;

  private ScimServiceProvider(Builder b) {
    this.mapper = b.mapper;
    this.target = b.target;
    this.name = b.name;
    this.lock = b.lock;
    this.lockWait = b.lockWait;
    this.busyRetryAfter = b.busyRetryAfter;
    this.stateStore = b.stateStore;
    if (b.stateStore != null) {
      restore(b.stateStore);
    }
    this.authentication = Objects.requireNonNull(b.authentication,
        "authentication: set a bearer token or client credentials; the SCIM service never runs open");
    this.protectedGroups = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    this.protectedGroups.addAll(b.protectedGroups);
    this.clock = b.clock;
    this.window = new DestructiveWindow(b.maxDestructive, b.destructiveWindow, b.clock);
    this.maxRequestBytes = b.maxRequestBytes;
    this.maxResults = b.maxResults;
    this.ids = b.ids;
    this.pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "usersync-scim-" + b.name);
      t.setDaemon(true);
      return t;
    });
    this.sync = UserSync.builder(directory, b.target)
        .mapper(b.mapper).policy(b.policy).listener(b.listener).name(b.name).clock(b.clock)
        .executor(pool).managedGroupsTtl(Duration.ZERO)
        .stateStore(b.stateStore != null ? b.stateStore : SyncStateStore.inMemory()).build();
  }

  /** The key of the pushed resources in {@link SyncState#extensions()}. */
  static final String STATE_EXTENSION = "scim";

  private void restore(SyncStateStore states) {
    Optional<String> saved = states.load(name).map(SyncState::extensions).map(e -> e.get(STATE_EXTENSION));
    if (!saved.isPresent()) {
      return;
    }
    try {
      store.load(ScimJson.MAPPER.readTree(saved.get()));
    } catch (JsonProcessingException | IllegalArgumentException | java.time.format.DateTimeParseException e) {
      throw new ConfigurationException("state", "the SCIM resources kept in the sync state of " + name
          + " cannot be read (" + e.getMessage() + "); remove \"extensions.scim\" from the state file"
          + " and restart provisioning in the IdP, which then pushes every resource again", e);
    }
  }

  /** A builder for a service provider in front of {@code target}. */
  public static Builder builder(ProvisioningTarget target) {
    return new Builder(target);
  }

  /** The largest request body accepted, in bytes; servers stop reading beyond it. */
  public int maxRequestBytes() {
    return maxRequestBytes;
  }

  /**
   * Answers one request. Never throws: every failure is a SCIM error response (RFC 7644 §3.12);
   * neither tokens nor bodies are logged.
   */
  public ScimResponse handle(ScimRequest request) {
    String method = request.method().toUpperCase(Locale.ROOT);
    try {
      if (request.body().length > maxRequestBytes) {
        throw new ScimException(413, null, "the request body exceeds " + maxRequestBytes + " bytes");
      }
      List<String> path = segments(request.path());
      if (authentication.issuesTokens() && path.equals(Arrays.asList("oauth", "token"))) {
        return token(request);
      }
      if (!authentication.accepts(request.header("Authorization"))) {
        return respond(401, Map.of("WWW-Authenticate", "Bearer realm=\"usersync-scim\""),
            ScimJson.error(401, null, "missing or invalid bearer token"));
      }
      ScimResponse r = route(method, path, request);
      LOG.debug("SCIM {} {} -> {}", method, request.path(), r.status());
      return r;
    } catch (ScimException e) {
      Map<String, String> headers = e instanceof RetryLater
          ? Map.of("Retry-After", Long.toString(((RetryLater) e).retryAfter)) : Map.of();
      return respond(e.status(), headers, ScimJson.error(e.status(), e.scimType(), String.valueOf(e.getMessage())));
    } catch (RuntimeException e) {
      LOG.warn("SCIM {} {} failed unexpectedly", method, request.path(), e);
      return respond(500, Map.of(), ScimJson.error(500, null, "the service failed: " + e.getClass().getSimpleName()));
    }
  }

  private ScimResponse route(String method, List<String> path, ScimRequest request) {
    String base = request.baseUrl();
    if (path.isEmpty()) {
      throw ScimException.notFound("no resource at /");
    }
    String root = path.get(0);
    switch (root) {
      case "ServiceProviderConfig":
      case "ResourceTypes":
      case "Schemas":
        requireMethod(method, "GET");
        JsonNode doc = Schemas.located(root, base);
        if (path.size() == 2) {
          for (JsonNode r : doc.path("Resources")) {
            if (r.path("id").asText().equals(path.get(1))) {
              return respond(200, Map.of(), r);
            }
          }
          throw ScimException.notFound(root + " " + path.get(1) + " not found");
        }
        return respond(200, Map.of(), doc);
      case "Users":
      case "Groups":
        boolean users = root.equals("Users");
        if (path.size() == 1) {
          if (method.equals("GET")) {
            return list(users, request);
          }
          requireMethod(method, "POST");
          return write(() -> users ? createUser(body(request), base) : createGroup(body(request), base));
        }
        if (path.size() != 2) {
          throw ScimException.notFound("no resource at " + request.path());
        }
        String id = path.get(1);
        switch (method) {
          case "GET": {
            ResourceStore.Entry e = users ? user(id) : group(id);
            String tag = etag(e);
            if (request.header("If-None-Match").map(h -> matches(h, tag)).orElse(false)) {
              return ScimResponse.builder().status(304).putHeaders("ETag", tag).build(); // RFC 7644 §3.14
            }
            return respond(200, Map.of("ETag", tag), project(users ? renderUser(e, base) : renderGroup(e, base),
                request.queryParameters()));
          }
          case "PUT":
            return write(() -> users ? replaceUser(ifMatch(request, user(id)), body(request), base)
                : replaceGroup(ifMatch(request, group(id)), body(request), base));
          case "PATCH":
            return write(() -> users ? patchUser(ifMatch(request, user(id)), body(request), base)
                : patchGroup(ifMatch(request, group(id)), body(request)));
          case "DELETE":
            return write(() -> users ? deleteUser(ifMatch(request, user(id))) : deleteGroup(ifMatch(request, group(id))));
          default:
            throw new ScimException(405, null, method + " is not supported on " + root);
        }
      case "Bulk":
        throw new ScimException(501, null, "bulk operations are not supported (ServiceProviderConfig says so)");
      default:
        throw ScimException.notFound("no resource at " + request.path());
    }
  }

  /**
   * Runs one write: one at a time, holding the sync's lock (when there is one) so it never overlaps
   * a pull's run; then makes the host's changes durable and keeps the resources in the sync state
   * (the host first, as a run commits). A write that cannot get the lock within the wait is answered
   * 503 with Retry-After: Entra and Okta retry it.
   */
  private ScimResponse write(Supplier<ScimResponse> op) {
    writes.lock();
    try (SyncLock.Handle held = acquire()) {
      long before = store.changeCount();
      ScimResponse response;
      try {
        response = op.get();
      } catch (ScimException e) {
        save(before); // a group write that applied for some members keeps what applied
        throw e;
      }
      save(before);
      return response;
    } finally {
      writes.unlock();
    }
  }

  /** The weak ETag of a resource's version (RFC 7644 §3.14; RFC 7232 §2.3). */
  private static String etag(ResourceStore.Entry e) {
    return "W/\"" + e.version + "\"";
  }

  /** Whether an If-Match or If-None-Match value ({@code *}, or a list of tags) matches {@code tag}, weakly. */
  private static boolean matches(String header, String tag) {
    String bare = tag.substring(2);
    for (String t : header.split(",")) {
      String v = t.trim();
      if (v.equals("*") || v.equals(tag) || v.equals(bare) || (v.startsWith("W/") && v.substring(2).equals(bare))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code e}, when the request has no If-Match or its If-Match matches {@code e}'s version; else
   * 412 (RFC 7644 §3.14: the resource changed since the client read it). Checked under the write
   * lock, against the stored version.
   */
  private static ResourceStore.Entry ifMatch(ScimRequest request, ResourceStore.Entry e) {
    Optional<String> h = request.header("If-Match");
    if (h.isPresent() && !matches(h.get(), etag(e))) {
      throw new ScimException(412, null, "the resource changed since it was read (its version is " + etag(e)
          + ", the request's If-Match is " + h.get().trim() + "); read it again and retry");
    }
    return e;
  }

  private SyncLock.Handle acquire() {
    SyncLock l = lock;
    if (l == null) {
      return () -> { };
    }
    try {
      return l.acquire(name, lockWait);
    } catch (SyncInProgressException e) {
      long after = Math.max(1, busyRetryAfter.getSeconds());
      LOG.info("SCIM: a run of {} holds the sync's lock; the client is asked to retry in {} s", name, after);
      throw new RetryLater(after, "a sync run of " + name + " is applying changes to the host; retry after "
          + after + " s");
    }
  }

  private void save(long changeCountBefore) {
    try {
      target.flush();
    } catch (UsersyncException e) {
      throw new ScimException(500, null, "the host could not save the change: " + e.getMessage());
    }
    SyncStateStore states = stateStore;
    if (states == null || store.changeCount() == changeCountBefore) {
      return;
    }
    try {
      SyncState current = states.load(name).orElse(SyncState.empty());
      Map<String, String> ext = new LinkedHashMap<>(current.extensions());
      ext.put(STATE_EXTENSION, ScimJson.MAPPER.writeValueAsString(store.toJson()));
      states.save(name, SyncState.builder().from(current).extensions(ext).build());
    } catch (JsonProcessingException | UsersyncException e) {
      LOG.warn("SCIM: the resources of {} could not be kept in the sync state: {}", name, e.getMessage());
      throw new ScimException(500, null, "the change reached the host but could not be recorded in the sync state: "
          + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- users

  private ScimResponse createUser(ObjectNode body, String base) {
    ObjectNode resource = body.deepCopy();
    ScimDirectory.normaliseUser(resource);
    String userName = requireText(resource, "userName");
    writes.lock();
    try {
      if (store.userByName(userName, null) != null) {
        throw new ScimException(409, "uniqueness", "a user with userName '" + userName + "' already exists");
      }
      String id = ids.get();
      String externalId = ScimJson.text(resource, "externalId");
      String link = externalId != null ? externalId : id;
      if (store.userByLink(link).isPresent()) {
        throw new ScimException(409, "uniqueness", "a user with externalId '" + link + "' already exists");
      }
      ResourceStore.Entry e = store.newEntry(id, link, resource, clock.instant());
      pushUser(e, resource);
      store.putUser(e);
      ScimResponse.Builder r = ScimResponse.builder().status(201)
          .body(json(renderUser(e, base))).putHeaders("Content-Type", CONTENT_TYPE).putHeaders("ETag", etag(e));
      if (!base.isEmpty()) {
        r.putHeaders("Location", base + "/Users/" + e.id);
      }
      return r.build();
    } finally {
      writes.unlock();
    }
  }

  private ScimResponse replaceUser(ResourceStore.Entry old, ObjectNode body, String base) {
    ObjectNode resource = body.deepCopy();
    ScimDirectory.normaliseUser(resource);
    return updateUser(old, resource, base);
  }

  private ScimResponse patchUser(ResourceStore.Entry old, ObjectNode body, String base) {
    ObjectNode resource = old.resource.deepCopy();
    resource.put("id", old.id);
    Patch.apply(resource, body);
    ScimDirectory.normaliseUser(resource);
    return updateUser(old, resource, base);
  }

  private ScimResponse updateUser(ResourceStore.Entry old, ObjectNode resource, String base) {
    String userName = requireText(resource, "userName");
    writes.lock();
    try {
      ResourceStore.Entry current = store.user(old.id).orElseThrow(() -> ScimException.notFound("user " + old.id + " not found"));
      ResourceStore.Entry clash = store.userByName(userName, current.id);
      if (clash != null) {
        throw new ScimException(409, "uniqueness", "userName '" + userName + "' is used by user " + clash.id);
      }
      ResourceStore.Entry next = current.with(resource, clock.instant());
      pushUser(next, resource);
      ResourceStore.Entry stored = store.putUser(next);
      return respond(200, Map.of("ETag", etag(stored)), renderUser(stored, base));
    } finally {
      writes.unlock();
    }
  }

  private ScimResponse deleteUser(ResourceStore.Entry e) {
    writes.lock();
    try {
      check(sync.pushRemoval(e.linkId, window.remaining()), ScimJson.text(e.resource, "userName"));
      store.removeUser(e.id);
      return ScimResponse.builder().status(204).build();
    } finally {
      writes.unlock();
    }
  }

  /** Pushes a user through the engine with their stored groups; throws a SCIM error if it did not apply. */
  private void pushUser(ResourceStore.Entry e, ObjectNode resource) {
    List<DirectoryGroup> groups = store.groupsOf(e.id).stream().map(ScimDirectory::group).collect(Collectors.toList());
    check(sync.push(directory.user(e, resource), groups, window.remaining()), ScimJson.text(resource, "userName"));
  }

  /**
   * Counts what a push applied against the window, and turns a held-back or failed push into the
   * SCIM error the client should see: 503 with Retry-After (retry later), 400 for a user the mapping
   * cannot map, 500 for a change the host refused.
   */
  private void check(UserSyncResult result, @Nullable String who) {
    int applied = 0;
    ChangeOutcome held = null;
    ChangeOutcome failed = null;
    for (ChangeOutcome o : result.report().outcomes()) {
      if (o.status() == ChangeOutcome.Status.APPLIED && o.change().destructive()) {
        applied++;
      } else if (o.status() == ChangeOutcome.Status.SKIPPED && o.change().destructive()) {
        held = o;
      } else if (o.status() == ChangeOutcome.Status.FAILED && failed == null) {
        failed = o;
      }
    }
    window.record(applied);
    if (held != null) {
      long after = window.retryAfterSeconds();
      LOG.warn("SCIM: held back {} of {}: {} deactivations or deletions in {} reach the limit; the client"
          + " is asked to retry in {} s", held.change().type(), who, window.max(), window.window(), after);
      throw new RetryLater(after, "held back: more than " + window.max() + " deactivations or deletions within "
          + window.window() + " (a burst of removals); retry after " + after + " s, or raise the limit if this"
          + " is intended");
    }
    if (failed != null) {
      boolean mapping = failed.change().type() == ChangeType.MAP_USER;
      throw new ScimException(mapping ? 400 : 500, mapping ? "invalidValue" : null,
          failed.change() + ": " + failed.message().orElse("failed"));
    }
    if (result.status() == UserSyncResult.Status.FAILED) {
      throw new ScimException(500, null, result.reason().orElse("the sync of " + who + " failed"));
    }
  }

  /** A push held back by the destructive-change window, or waiting for a run: 503 with Retry-After. */
  private static final class RetryLater extends ScimException {
    private static final long serialVersionUID = 1L;
    final long retryAfter;

    RetryLater(long retryAfter, String detail) {
      super(503, null, detail);
      this.retryAfter = retryAfter;
    }
  }

  private ResourceStore.Entry user(String id) {
    return store.user(id).orElseThrow(() -> ScimException.notFound("Resource " + id + " not found"));
  }

  private ObjectNode renderUser(ResourceStore.Entry e, String base) {
    ObjectNode r = ScimJson.MAPPER.createObjectNode();
    r.set("schemas", e.resource.get("schemas"));
    r.put("id", e.id);
    e.resource.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("schemas")) {
        r.set(f.getKey(), f.getValue());
      }
    });
    List<ResourceStore.Entry> groups = store.groupsOf(e.id);
    if (!groups.isEmpty()) {
      ArrayNode a = r.putArray("groups");
      for (ResourceStore.Entry g : groups) {
        ObjectNode o = a.addObject();
        o.put("value", g.id);
        if (!base.isEmpty()) {
          o.put("$ref", base + "/Groups/" + g.id);
        }
        o.put("display", ScimJson.text(g.resource, "displayName"));
        o.put("type", "direct");
      }
    }
    r.set("meta", meta("User", e, base + "/Users/" + e.id));
    return r;
  }

  // ---------------------------------------------------------------- groups

  private ScimResponse createGroup(ObjectNode body, String base) {
    ObjectNode resource = body.deepCopy();
    ScimDirectory.normaliseGroup(resource);
    String name = requireText(resource, "displayName");
    writes.lock();
    try {
      if (store.groupByName(name, null) != null) {
        throw new ScimException(409, "uniqueness", "a group with displayName '" + name + "' already exists");
      }
      String id = ids.get();
      String externalId = ScimJson.text(resource, "externalId");
      ResourceStore.Entry e = store.newEntry(id, externalId != null ? externalId : id, resource, clock.instant());
      refuseProtected(null, resource);
      ResourceStore.Entry stored = applyGroup(null, e, resource);
      ScimResponse.Builder r = ScimResponse.builder().status(201)
          .body(json(renderGroup(stored, base))).putHeaders("Content-Type", CONTENT_TYPE).putHeaders("ETag", etag(stored));
      if (!base.isEmpty()) {
        r.putHeaders("Location", base + "/Groups/" + e.id);
      }
      return r.build();
    } finally {
      writes.unlock();
    }
  }

  private ScimResponse replaceGroup(ResourceStore.Entry old, ObjectNode body, String base) {
    ObjectNode resource = body.deepCopy();
    ScimDirectory.normaliseGroup(resource);
    return updateGroup(old, resource, base, true);
  }

  private ScimResponse patchGroup(ResourceStore.Entry old, ObjectNode body) {
    ObjectNode resource = old.resource.deepCopy();
    resource.put("id", old.id);
    Patch.apply(resource, body);
    ScimDirectory.normaliseGroup(resource);
    return updateGroup(old, resource, "", false);
  }

  private ScimResponse updateGroup(ResourceStore.Entry old, ObjectNode resource, String base, boolean withBody) {
    String name = requireText(resource, "displayName");
    writes.lock();
    try {
      ResourceStore.Entry current = store.group(old.id).orElseThrow(() -> ScimException.notFound("group " + old.id + " not found"));
      ResourceStore.Entry clash = store.groupByName(name, current.id);
      if (clash != null) {
        throw new ScimException(409, "uniqueness", "displayName '" + name + "' is used by group " + clash.id);
      }
      refuseProtected(current, resource);
      ResourceStore.Entry stored = applyGroup(current, current.with(resource, clock.instant()), resource);
      // Entra advises 204 for group PATCH; PUT answers the group (RFC 7644 §3.5.1).
      return withBody ? respond(200, Map.of("ETag", etag(stored)), renderGroup(stored, base))
          : ScimResponse.builder().status(204).putHeaders("ETag", etag(stored)).build();
    } finally {
      writes.unlock();
    }
  }

  private ScimResponse deleteGroup(ResourceStore.Entry e) {
    writes.lock();
    try {
      refuseProtected(e, null);
      ObjectNode empty = e.resource.deepCopy();
      empty.remove("members");
      ResourceStore.Entry after = applyGroup(e, e.with(empty, clock.instant()), empty);
      if (!ResourceStore.memberIds(after).isEmpty()) {
        throw new ScimException(500, null, "the group's members could not all be removed in the host");
      }
      store.removeGroup(e.id);
      return ScimResponse.builder().status(204).build();
    } finally {
      writes.unlock();
    }
  }

  /**
   * Pushes every user whose groups change when {@code old} becomes {@code next} (members added or
   * removed; all members on a rename), each with their groups as they will be. Stores what applied:
   * users whose push failed or was held keep their old membership (and a rename waits), then the
   * first failure is thrown for the client to retry; memberships are idempotent, so a retry
   * converges.
   */
  private ResourceStore.Entry applyGroup(ResourceStore.@Nullable Entry old, ResourceStore.Entry next,
      ObjectNode resource) {
    Set<String> before = old == null ? Set.of() : ResourceStore.memberIds(old);
    Set<String> after = ResourceStore.memberIds(resource);
    boolean renamed = old != null && !Objects.equals(ScimJson.text(old.resource, "displayName"),
        ScimJson.text(resource, "displayName"));
    Set<String> affected = new LinkedHashSet<>();
    for (String id : before) {
      if (renamed || !after.contains(id)) {
        affected.add(id);
      }
    }
    for (String id : after) {
      if (renamed || !before.contains(id)) {
        affected.add(id);
      }
    }
    DirectoryGroup nextGroup = ScimDirectory.group(next, resource);
    Set<String> reverted = new LinkedHashSet<>();
    ScimException first = null;
    for (String userId : affected) {
      Optional<ResourceStore.Entry> u = store.user(userId);
      if (!u.isPresent()) {
        continue; // not a user pushed here (a nested group, or an id from elsewhere): kept as a member only
      }
      List<DirectoryGroup> groups = new ArrayList<>();
      for (ResourceStore.Entry g : store.groupsOf(userId)) {
        if (!g.id.equals(next.id)) {
          groups.add(ScimDirectory.group(g));
        }
      }
      if (after.contains(userId)) {
        groups.add(nextGroup);
      }
      try {
        check(sync.push(directory.user(u.get()), groups, window.remaining()), ScimJson.text(u.get().resource, "userName"));
      } catch (ScimException e) {
        reverted.add(userId);
        first = first == null ? e : first;
      }
    }
    ObjectNode stored = resource;
    if (!reverted.isEmpty()) {
      stored = resource.deepCopy();
      if (renamed && old != null) {
        stored.set("displayName", old.resource.get("displayName"));
      }
      ArrayNode members = stored.putArray("members");
      for (JsonNode m : ScimJson.get(resource, "members")) {
        if (!reverted.contains(ScimJson.text(m, "value"))) {
          members.add(m);
        }
      }
      if (old != null) {
        for (JsonNode m : ScimJson.get(old.resource, "members")) {
          String v = ScimJson.text(m, "value");
          if (reverted.contains(v) && !after.contains(v)) {
            members.add(m);
          }
        }
      }
    }
    ResourceStore.Entry result = store.putGroup(next.with(stored, clock.instant()));
    if (first != null) {
      throw first;
    }
    return result;
  }

  /** Refuses a write to a group whose host name (through the mapping) is protected. */
  private void refuseProtected(ResourceStore.@Nullable Entry old, @Nullable ObjectNode next) {
    if (protectedGroups.isEmpty()) {
      return;
    }
    for (JsonNode r : new JsonNode[] {old == null ? null : old.resource, next}) {
      if (r == null) {
        continue;
      }
      String name = ScimJson.text(r, "displayName");
      Optional<String> host = name == null ? Optional.empty()
          : mapper.hostGroupName(DirectoryGroup.of(old != null ? old.linkId : name, name));
      if (host.isPresent() && protectedGroups.contains(host.get())) {
        throw ScimException.badRequest("mutability", "the host group '" + host.get() + "' is protected: usersync"
            + " does not change its members; stop pushing this group, or rename it in the IdP");
      }
    }
  }

  private ResourceStore.Entry group(String id) {
    return store.group(id).orElseThrow(() -> ScimException.notFound("Resource " + id + " not found"));
  }

  private ObjectNode renderGroup(ResourceStore.Entry e, String base) {
    ObjectNode r = ScimJson.MAPPER.createObjectNode();
    r.putArray("schemas").add(Schemas.GROUP);
    r.put("id", e.id);
    e.resource.fields().forEachRemaining(f -> {
      if (!f.getKey().equals("schemas")) {
        r.set(f.getKey(), f.getValue());
      }
    });
    if (!r.has("members")) {
      r.putArray("members");
    }
    r.set("meta", meta("Group", e, base + "/Groups/" + e.id));
    return r;
  }

  // ---------------------------------------------------------------- queries

  private ScimResponse list(boolean users, ScimRequest request) {
    Map<String, String> q = request.queryParameters();
    String filterText = q.get("filter");
    List<ResourceStore.Entry> candidates = users ? store.users() : store.groups();
    List<ObjectNode> matching = new ArrayList<>();
    Matcher simple = filterText == null ? null : SIMPLE_EQ.matcher(filterText);
    if (simple != null && simple.matches()) {
      // The queries Entra and Okta make before every write, without rendering every resource.
      String attr = simple.group(1).toLowerCase(Locale.ROOT);
      String value = simple.group(2).replaceAll("\\\\(.)", "$1");
      for (ResourceStore.Entry e : candidates) {
        String have = attr.equals("id") ? e.id : ScimJson.text(e.resource, simple.group(1));
        boolean caseExact = attr.equals("id") || attr.equals("externalid");
        if (have != null && (caseExact ? have.equals(value) : have.equalsIgnoreCase(value))) {
          matching.add(users ? renderUser(e, request.baseUrl()) : renderGroup(e, request.baseUrl()));
        }
      }
    } else {
      Filter filter = filterText == null || filterText.trim().isEmpty() ? null : Filter.parse(filterText);
      for (ResourceStore.Entry e : candidates) {
        ObjectNode r = users ? renderUser(e, request.baseUrl()) : renderGroup(e, request.baseUrl());
        if (filter == null || filter.matches(r)) {
          matching.add(r);
        }
      }
    }
    int start = Math.max(1, integer(q, "startIndex", 1));
    int count = Math.max(0, Math.min(maxResults, integer(q, "count", Math.min(100, maxResults))));
    List<ObjectNode> page = new ArrayList<>();
    for (int i = start - 1; i < matching.size() && page.size() < count; i++) {
      page.add(project(matching.get(i), q));
    }
    return respond(200, Map.of(), ScimJson.list(page, matching.size(), start));
  }

  private static int integer(Map<String, String> q, String name, int fallback) {
    String v = q.get(name);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw ScimException.badRequest("invalidValue", name + " must be an integer, got '" + v + "'");
    }
  }

  /** Applies {@code attributes} / {@code excludedAttributes} (top-level names; id and schemas always stay). */
  private static ObjectNode project(ObjectNode r, Map<String, String> q) {
    String attributes = q.get("attributes");
    String excluded = q.get("excludedAttributes");
    if ((attributes == null || attributes.isEmpty()) && (excluded == null || excluded.isEmpty())) {
      return r;
    }
    ObjectNode out = r.deepCopy();
    if (attributes != null && !attributes.isEmpty()) {
      Set<String> keep = names(attributes);
      keep.addAll(Arrays.asList("id", "schemas"));
      out.retain(r.properties().stream().map(Map.Entry::getKey)
          .filter(k -> keep.contains(k.toLowerCase(Locale.ROOT))).collect(Collectors.toList()));
    }
    if (excluded != null && !excluded.isEmpty()) {
      Set<String> drop = names(excluded);
      drop.removeAll(Arrays.asList("id", "schemas"));
      out.remove(r.properties().stream().map(Map.Entry::getKey)
          .filter(k -> drop.contains(k.toLowerCase(Locale.ROOT))).collect(Collectors.toList()));
    }
    return out;
  }

  private static Set<String> names(String list) {
    Set<String> out = new LinkedHashSet<>();
    for (String s : list.split(",")) {
      String n = s.trim();
      int colon = n.lastIndexOf(':');
      if (n.regionMatches(true, 0, "urn:", 0, 4) && Schemas.USER.length() < n.length()
          && n.regionMatches(true, 0, Schemas.USER, 0, Schemas.USER.length())) {
        n = n.substring(colon + 1);
      }
      int dot = n.indexOf('.');
      out.add((dot > 0 && !n.startsWith("urn:") ? n.substring(0, dot) : n).toLowerCase(Locale.ROOT));
    }
    return out;
  }

  // ---------------------------------------------------------------- plumbing

  private ScimResponse token(ScimRequest request) {
    requireMethod(request.method().toUpperCase(Locale.ROOT), "POST");
    Map<String, String> form = ScimRequest.builder().method("POST").path("/")
        .query(new String(request.body(), StandardCharsets.UTF_8)).build().queryParameters();
    Optional<String> token = authentication.issue(form, request.header("Authorization"));
    ObjectNode body = ScimJson.MAPPER.createObjectNode();
    if (!token.isPresent()) {
      body.put("error", "invalid_client");
      body.put("error_description", "unknown client, wrong secret, or not the client_credentials grant");
      return ScimResponse.builder().status(401).putHeaders("Content-Type", "application/json")
          .putHeaders("Cache-Control", "no-store").body(json(body)).build();
    }
    body.put("access_token", token.get());
    body.put("token_type", "Bearer");
    body.put("expires_in", authentication.tokenLifetime().getSeconds());
    return ScimResponse.builder().status(200).putHeaders("Content-Type", "application/json")
        .putHeaders("Cache-Control", "no-store").body(json(body)).build();
  }

  private ObjectNode meta(String type, ResourceStore.Entry e, String location) {
    ObjectNode m = ScimJson.MAPPER.createObjectNode();
    m.put("resourceType", type);
    m.put("created", e.created.toString());
    m.put("lastModified", e.lastModified.toString());
    m.put("location", location);
    m.put("version", etag(e));
    return m;
  }

  private static ObjectNode body(ScimRequest request) {
    if (request.body().length == 0) {
      throw ScimException.badRequest("invalidSyntax", "the request has no body");
    }
    try {
      JsonNode n = ScimJson.MAPPER.readTree(request.body());
      if (n == null || !n.isObject()) {
        throw ScimException.badRequest("invalidSyntax", "the body is not a JSON object");
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw ScimException.badRequest("invalidSyntax", "the body is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw ScimException.badRequest("invalidSyntax", "the body could not be read");
    }
  }

  private static String requireText(JsonNode r, String name) {
    String v = ScimJson.text(r, name);
    if (v == null || v.trim().isEmpty()) {
      throw ScimException.badRequest("invalidValue", "'" + name + "' is required");
    }
    return v;
  }

  private static void requireMethod(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ScimException(405, null, method + " is not supported here; use " + allowed);
    }
  }

  private static List<String> segments(String path) {
    List<String> out = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        out.add(java.net.URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static ScimResponse respond(int status, Map<String, String> headers, JsonNode body) {
    return ScimResponse.builder().status(status).putHeaders("Content-Type", CONTENT_TYPE)
        .putAllHeaders(headers).body(json(body)).build();
  }

  private static byte[] json(JsonNode n) {
    try {
      return ScimJson.MAPPER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Stops the worker threads. The target is the host's to close. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  @Override
  public String toString() {
    return "ScimServiceProvider[" + sync + ", " + authentication + "]";
  }

  /** Builds a {@link ScimServiceProvider}. */
  public static final class Builder {
    private final ProvisioningTarget target;
    private UserMapper mapper = UserMapping.defaults();
    private SyncPolicy policy = SyncPolicy.defaults();
    private SyncListener listener = SyncListener.none();
    private @Nullable ScimAuthentication authentication;
    private Set<String> protectedGroups = new LinkedHashSet<>();
    private int maxDestructive = 50;
    private Duration destructiveWindow = Duration.ofMinutes(10);
    private int maxRequestBytes = 1 << 20;
    private int maxResults = 1000;
    private Clock clock = Clock.systemUTC();
    private Supplier<String> ids = () -> UUID.randomUUID().toString();
    private String name = "scim";
    private @Nullable SyncLock lock;
    private Duration lockWait = Duration.ofSeconds(5);
    private Duration busyRetryAfter = Duration.ofSeconds(30);
    private @Nullable SyncStateStore stateStore;

    private Builder(ProvisioningTarget target) {
      this.target = Objects.requireNonNull(target, "target");
    }

    /**
     * The mapping from pushed SCIM users to host users (default {@link UserMapping#defaults()}: the
     * username is {@code userName}, the email the primary (else work, else first) email, the display
     * name {@code displayName}, else {@code name.formatted}, else given and family name; groups by
     * {@code displayName}). Rules read the SCIM resource as the IdP sent it, e.g. {@code
     * ["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].department}.
     */
    public Builder mapper(UserMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper);
      return this;
    }

    /** The sync policy: what a DELETE does ({@code missingUsers}), linking, groups (default safe). */
    public Builder policy(SyncPolicy policy) {
      this.policy = Objects.requireNonNull(policy);
      return this;
    }

    /** Receives every push's report and applied change. */
    public Builder listener(SyncListener listener) {
      this.listener = Objects.requireNonNull(listener);
      return this;
    }

    /** How callers authenticate (required). */
    public Builder authentication(ScimAuthentication authentication) {
      this.authentication = Objects.requireNonNull(authentication);
      return this;
    }

    /** Host groups (after the mapping's renames) whose members a push may not change. */
    public Builder protectedGroups(Set<String> groups) {
      this.protectedGroups = new LinkedHashSet<>(groups);
      return this;
    }

    /**
     * At most {@code max} deactivations plus deletions within any {@code window} (default 50 per 10
     * minutes); a push beyond it is held back, reported, and answered 503 with Retry-After.
     */
    public Builder destructiveLimit(int max, Duration window) {
      if (max < 0 || window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the limit must not be negative and the window must be positive");
      }
      this.maxDestructive = max;
      this.destructiveWindow = window;
      return this;
    }

    /** The largest request body accepted (default 1 MiB); larger ones are answered 413. */
    public Builder maxRequestBytes(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("maxRequestBytes must be at least 1024");
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /** The most resources one list page holds (default 1000). */
    public Builder maxResults(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxResults must be at least 1");
      }
      this.maxResults = max;
      return this;
    }

    /** The clock (tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** How SCIM ids are made (default random UUIDs). */
    public Builder idGenerator(Supplier<String> ids) {
      this.ids = Objects.requireNonNull(ids);
      return this;
    }

    /**
     * The sync's name (default {@code scim}): in reports, and the name of the lock and the state
     * shared with pulls of the same sync.
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name);
      return this;
    }

    /**
     * Every write holds {@code lock} for the sync's name while it applies, waiting up to {@code
     * maxWait} for a run in progress (default: none; writes are serialised within this provider
     * only). Pass the lock the sync's runs take: {@link SyncLock#file} for runs in other processes
     * (the CLI), {@link SyncLock#local()} where this JVM holds the cross-process lock and runs the
     * sync itself, a cluster lock on a cluster.
     */
    public Builder lock(SyncLock lock, Duration maxWait) {
      if (maxWait.isNegative()) {
        throw new IllegalArgumentException("the lock wait cannot be negative");
      }
      this.lock = Objects.requireNonNull(lock);
      this.lockWait = maxWait;
      return this;
    }

    /** The {@code Retry-After} of a write that found the lock held (default 30 seconds). */
    public Builder busyRetryAfter(Duration retryAfter) {
      if (retryAfter.isNegative() || retryAfter.isZero()) {
        throw new IllegalArgumentException("busyRetryAfter must be positive");
      }
      this.busyRetryAfter = retryAfter;
      return this;
    }

    /**
     * Where the sync's state is kept (default: in memory): pushes read it as single-user runs do,
     * and the pushed resources are kept in it ({@link SyncState#extensions()}, key {@code scim}),
     * so GET, PUT and PATCH by SCIM id work after a restart. Pulls of the same name carry the
     * resources forward; the provider changes nothing else in the state.
     *
     * @throws ConfigurationException from {@link #build()} when the kept resources cannot be read
     */
    public Builder stateStore(SyncStateStore store) {
      this.stateStore = Objects.requireNonNull(store);
      return this;
    }

    /** The service provider. */
    public ScimServiceProvider build() {
      return new ScimServiceProvider(this);
    }
  }
}
