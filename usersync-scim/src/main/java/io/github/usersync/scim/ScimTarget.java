package io.github.usersync.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiError;
import io.github.usersync.core.http.ApiErrorParser;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.http.OAuth2TokenProvider;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.http.TokenProvider;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.scim.internal.ScimJson;
import io.github.usersync.scim.internal.Schemas;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProvisioningTarget} that provisions any SCIM 2.0 service provider (RFC 7643, RFC 7644),
 * so every IdP usersync reads becomes a source for Atlassian Cloud, Slack, Zoom, GitHub Enterprise
 * Managed Users and the like. A host user is a SCIM user: its key is the SCIM {@code id}, its IdP
 * link the {@code externalId}; attributes are the enterprise extension's ({@code department},
 * {@code employeeNumber}, {@code costCenter}, {@code organization}, {@code division}) and {@code
 * title}; the manager is the enterprise {@code manager}. Groups are found by {@code displayName};
 * memberships are changed with PATCH (PUT where the service does not support PATCH).
 *
 * <p>The service's {@code /ServiceProviderConfig} is read once to learn whether it supports PATCH
 * and filters (and reports bulk and etag support in {@link #toString()}); lists are paged with {@code
 * startIndex} and {@code count}; 429 and 503 with {@code Retry-After} are waited out and retried by
 * the core HTTP toolkit. Every failure is a {@link ProvisioningException} naming the operation and
 * the user or group.
 */
public final class ScimTarget implements ProvisioningTarget {
  /** The attributes the target keeps, and where in a SCIM user they live. */
  static final Map<String, String> ATTRIBUTE_PATHS;

  static {
    Map<String, String> m = new TreeMap<>();
    for (String a : Arrays.asList("department", "employeeNumber", "costCenter", "organization", "division")) {
      m.put(a, Schemas.ENTERPRISE + ":" + a);
    }
    m.put("title", "title");
    ATTRIBUTE_PATHS = Collections.unmodifiableMap(m);
  }

  private static final String JSON = "application/scim+json";

  private final ApiClient client;
  private final RequestStats stats;
  private final int pageSize;
  private final TargetCapabilities capabilities = TargetCapabilities.builder()
      .allowedAttributes(ATTRIBUTE_PATHS.keySet()).keepsManagers(true).build();
  private volatile @Nullable Features features;

  private ScimTarget(ApiClient client, RequestStats stats, int pageSize) {
    this.client = client;
    this.stats = stats;
    this.pageSize = pageSize;
  }

  /** The target type, as found by {@link java.util.ServiceLoader} ({@link ScimTargetProvider}). */
  public static final String PROVIDER_ID = "scim";

  /** A target for the service {@code settings} describe. */
  public static ScimTarget create(ScimTargetSettings settings) {
    return create(settings, ConnectorOptions.defaults());
  }

  /** A target on the host's infrastructure (HTTP client, proxy, TLS, clock, sleeper). */
  public static ScimTarget create(ScimTargetSettings settings, ConnectorOptions options) {
    RequestStats stats = new RequestStats();
    TokenProvider tokens;
    if (settings.token().isPresent()) {
      tokens = TokenProvider.fixed("Bearer", settings.token().get());
    } else {
      ApiClient tokenClient = options.apiClient("scim-token", settings.tokenUrl().orElseThrow())
          .settings(settings).stats(stats).redact(settings.clientSecret().orElseThrow()).build();
      OAuth2TokenProvider.Builder b = OAuth2TokenProvider.builder(tokenClient, settings.tokenUrl().get())
          .clientCredentials(settings.clientId().orElseThrow(), settings.clientSecret().get());
      settings.scope().ifPresent(b::scope);
      tokens = b.build();
    }
    ApiClient.Builder cb = options.apiClient(PROVIDER_ID, settings.baseUrl())
        .settings(settings).stats(stats).tokenProvider(tokens)
        .errorParser(ERRORS).defaultHeader("Accept", JSON + ", application/json");
    settings.token().ifPresent(cb::redact);
    settings.clientSecret().ifPresent(cb::redact);
    return new ScimTarget(cb.build(), stats, settings.pageSize());
  }

  /** SCIM errors (RFC 7644 §3.12): {@code scimType} as the code, {@code detail} as the message. */
  private static final ApiErrorParser ERRORS = (request, response) -> {
    Optional<JsonNode> json = response.jsonIfAny();
    if (json.isPresent() && json.get().has("detail") || json.isPresent() && json.get().has("scimType")) {
      JsonNode j = json.get();
      return ApiError.of(ScimJson.text(j, "scimType"), ScimJson.text(j, "detail"), ApiErrorParser.requestIdHeader(response));
    }
    return ApiErrorParser.standard().parse(request, response);
  };

  @Override
  public String name() {
    return PROVIDER_ID;
  }

  @Override
  public TargetCapabilities capabilities() {
    return capabilities;
  }

  @Override
  public RequestStats.Snapshot requestStats() {
    return stats.snapshot();
  }

  /**
   * Membership changes per PATCH: RFC 7644 sets no bound, services do (AWS IAM Identity Center
   * allows "a maximum of 100 membership changes ... in a single request",
   * https://docs.aws.amazon.com/singlesignon/latest/developerguide/patchgroup.html).
   */
  static final int MEMBERS_PER_PATCH = 100;

  // ---------------------------------------------------------------- what the service supports

  /** What the service's {@code /ServiceProviderConfig} says it supports. */
  static final class Features {
    final boolean patch;
    final boolean filter;
    final boolean bulk;
    final boolean etag;

    Features(boolean patch, boolean filter, boolean bulk, boolean etag) {
      this.patch = patch;
      this.filter = filter;
      this.bulk = bulk;
      this.etag = etag;
    }

    @Override
    public String toString() {
      return "patch=" + patch + ", filter=" + filter + ", bulk=" + bulk + ", etag=" + etag;
    }
  }

  Features features() {
    Features f = features;
    if (f == null) {
      // A service without the document is taken at the RFC's word: PATCH and filters are core.
      Optional<ApiResponse> spc = client.sendOptional(ApiRequest.get("/ServiceProviderConfig")
          .label("read ServiceProviderConfig").build());
      JsonNode j = spc.map(ApiResponse::json).orElse(ScimJson.MAPPER.createObjectNode());
      f = new Features(supported(j, "patch"), supported(j, "filter"), j.path("bulk").path("supported").asBoolean(false),
          j.path("etag").path("supported").asBoolean(false));
      features = f;
    }
    return f;
  }

  private static boolean supported(JsonNode spc, String feature) {
    JsonNode s = spc.path(feature).path("supported");
    return s.isMissingNode() || s.asBoolean(true);
  }

  /** Probes the endpoints the target uses: the configuration first, then users and groups. */
  public ConnectionReport checkConnection() {
    ApiRequest spc = ApiRequest.get("/ServiceProviderConfig").label("read ServiceProviderConfig").build();
    ApiRequest users = ApiRequest.get("/Users").query("startIndex", 1).query("count", 1).label("list users").build();
    ApiRequest groups = ApiRequest.get("/Groups").query("startIndex", 1).query("count", 1)
        .query("excludedAttributes", "members").label("list groups").build();
    return ConnectionChecks.forProvider("scim")
        .prerequisite("read ServiceProviderConfig", client.describe(spc), () -> client.send(spc))
        .check("list users", client.describe(users), () -> client.send(users))
        .check("list groups", client.describe(groups), () -> client.send(groups))
        .report();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Stream<HostUser> users() {
    return list("/Users", false).map(ScimTarget::toHost);
  }

  @Override
  public Optional<HostUser> user(String key) {
    return client.sendOptional(ApiRequest.get("/Users/{id}", key).build()).map(r -> toHost(r.json()));
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    return find("/Users", "externalId", externalId, true).map(ScimTarget::toHost);
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return find("/Users", "userName", username, false).map(ScimTarget::toHost);
  }

  @Override
  public Stream<HostGroup> groups() {
    return list("/Groups", true).map(g -> HostGroup.of(String.valueOf(ScimJson.text(g, "displayName"))));
  }

  @Override
  public Stream<String> groupMembers(String groupName) {
    return group(groupName).map(g -> members(g).stream()).orElse(Stream.empty());
  }

  private Stream<JsonNode> list(String path, boolean excludeMembers) {
    ApiRequest.Builder first = ApiRequest.get(path).query("startIndex", 1).query("count", pageSize);
    if (excludeMembers) {
      first.query("excludedAttributes", "members");
    }
    return Paging.stream(client, first.build(), PAGES);
  }

  /** SCIM paging: the next page starts after what came; a service may answer fewer than asked. */
  private static final PageReader<JsonNode> PAGES = (request, response) -> {
    JsonNode body = response.json();
    List<JsonNode> items = new ArrayList<>();
    ScimJson.get(body, "Resources").forEach(items::add);
    String s = request.queryValue("startIndex");
    long start = s == null ? 1 : Long.parseLong(s);
    long total = body.path("totalResults").asLong(0);
    long next = start + items.size();
    return items.isEmpty() || next > total ? Page.last(items)
        : Page.of(items, request.withQuery("startIndex", Long.toString(next)));
  };

  private Optional<JsonNode> find(String path, String attribute, String value, boolean caseExact) {
    java.util.function.Predicate<JsonNode> same = r -> {
      String v = ScimJson.text(r, attribute);
      return v != null && (caseExact ? v.equals(value) : v.equalsIgnoreCase(value));
    };
    if (!features().filter) {
      return list(path, path.equals("/Groups")).filter(same).findFirst();
    }
    ApiRequest.Builder r = ApiRequest.get(path).query("filter", attribute + " eq " + quote(value));
    if (path.equals("/Groups")) {
      r.query("excludedAttributes", "members");
    }
    for (JsonNode n : ScimJson.get(client.json(r.build()), "Resources")) {
      if (same.test(n)) {
        return Optional.of(n);
      }
    }
    return Optional.empty();
  }

  /** A SCIM filter string literal: quotes and backslashes escaped (RFC 7644 §3.4.2.2, JSON strings). */
  static String quote(String value) {
    return ScimJson.MAPPER.getNodeFactory().textNode(value).toString();
  }

  private Optional<JsonNode> group(String name) {
    Optional<JsonNode> g = find("/Groups", "displayName", name, false);
    if (!g.isPresent()) {
      return g;
    }
    String id = String.valueOf(ScimJson.text(g.get(), "id"));
    return client.sendOptional(ApiRequest.get("/Groups/{id}", id).build()).map(ApiResponse::json);
  }

  private static Set<String> members(JsonNode group) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode m : ScimJson.get(group, "members")) {
      String v = ScimJson.text(m, "value");
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  static HostUser toHost(JsonNode r) {
    JsonNode ext = ScimJson.get(r, Schemas.ENTERPRISE);
    Map<String, String> attributes = new TreeMap<>();
    ATTRIBUTE_PATHS.forEach((name, path) -> {
      String v = path.startsWith("urn:") ? ScimJson.text(ext, name) : ScimJson.text(r, path);
      if (v != null) {
        attributes.put(name, v);
      }
    });
    Boolean active = ScimJson.bool(ScimJson.get(r, "active"));
    return HostUser.builder()
        .key(String.valueOf(ScimJson.text(r, "id")))
        .username(String.valueOf(ScimJson.text(r, "userName")))
        .email(Optional.ofNullable(email(r)))
        .displayName(Optional.ofNullable(Optional.ofNullable(ScimJson.text(r, "displayName"))
            .orElse(ScimJson.text(ScimJson.get(r, "name"), "formatted"))))
        .active(active == null || active)
        .attributes(attributes)
        .externalId(Optional.ofNullable(ScimJson.text(r, "externalId")))
        .managerKey(Optional.ofNullable(ScimJson.text(ScimJson.get(ext, "manager"), "value")))
        .build();
  }

  private static @Nullable String email(JsonNode r) {
    String first = null;
    for (JsonNode e : ScimJson.get(r, "emails")) {
      String v = ScimJson.text(e, "value");
      if (v != null && Boolean.TRUE.equals(ScimJson.bool(ScimJson.get(e, "primary")))) {
        return v;
      }
      first = first == null ? v : first;
    }
    return first;
  }

  // ---------------------------------------------------------------- users

  @Override
  public HostUser createUser(NewHostUser user) {
    return guard("create user", user.username(), () -> {
      Optional<HostUser> existing = userByUsername(user.username());
      if (existing.isPresent()) {
        if (existing.get().externalId().map(user.externalId()::equals).orElse(false)) {
          return existing.get();
        }
        throw new ProvisioningException("create user", user.username(),
            "the username is taken by another account (SCIM id " + existing.get().key() + ")", null);
      }
      Optional<HostUser> linked = userByExternalId(user.externalId());
      if (linked.isPresent()) {
        throw new ProvisioningException("create user", user.username(), "IdP id " + user.externalId()
            + " is already linked to " + linked.get().username(), null);
      }
      checkAttributes("create user", user.username(), user.attributes().keySet());
      ObjectNode body = ScimJson.MAPPER.createObjectNode();
      ArrayNode schemas = body.putArray("schemas").add(Schemas.USER);
      body.put("userName", user.username());
      body.put("externalId", user.externalId());
      body.put("active", user.active());
      user.displayName().ifPresent(d -> body.put("displayName", d));
      user.email().ifPresent(e -> emails(body, e));
      user.attributes().forEach((name, value) -> {
        String path = ATTRIBUTE_PATHS.get(name);
        if (path != null && path.startsWith("urn:")) {
          extension(body).put(name, value);
        } else if (path != null) {
          body.put(path, value);
        }
      });
      if (body.has(Schemas.ENTERPRISE)) {
        schemas.add(Schemas.ENTERPRISE);
      }
      return toHost(client.json(ApiRequest.post("/Users").body(bytes(body), JSON).label("create user").build()));
    });
  }

  private static ObjectNode extension(ObjectNode r) {
    JsonNode e = r.get(Schemas.ENTERPRISE);
    return e instanceof ObjectNode ? (ObjectNode) e : r.putObject(Schemas.ENTERPRISE);
  }

  private static void emails(ObjectNode body, String email) {
    ObjectNode e = body.putArray("emails").addObject();
    e.put("value", email);
    e.put("type", "work");
    e.put("primary", true);
  }

  @Override
  public HostUser updateUser(String key, HostUserUpdate update) {
    return guard("update user", key, () -> {
      checkAttributes("update user", key, update.setAttributes().keySet());
      checkAttributes("update user", key, update.removeAttributes());
      if (update.isEmpty()) {
        return user(key).orElseThrow(() -> gone("update user", key));
      }
      List<ObjectNode> ops = new ArrayList<>();
      update.username().ifPresent(u -> ops.add(op("replace", "userName", text(u))));
      update.displayName().ifPresent(d -> ops.add(op("replace", "displayName", text(d))));
      update.externalId().ifPresent(x -> ops.add(op("replace", "externalId", text(x))));
      update.email().ifPresent(e -> {
        ObjectNode holder = ScimJson.MAPPER.createObjectNode();
        emails(holder, e);
        ops.add(op("replace", "emails", holder.get("emails")));
      });
      update.setAttributes().forEach((name, value) -> ops.add(op("replace", pathOf(name), text(value))));
      update.removeAttributes().forEach(name -> ops.add(op("remove", pathOf(name), null)));
      patchOrPut(key, ops);
      return user(key).orElseThrow(() -> gone("update user", key));
    });
  }

  @Override
  public void deactivateUser(String key) {
    setActive("deactivate user", key, false);
  }

  @Override
  public void reactivateUser(String key) {
    setActive("reactivate user", key, true);
  }

  private void setActive(String operation, String key, boolean active) {
    run(operation, key, () -> {
      patchOrPut(key, List.of(op("replace", "active", ScimJson.MAPPER.getNodeFactory().booleanNode(active))));
    });
  }

  @Override
  public void deleteUser(String key) {
    run("delete user", key, () -> {
      client.send(ApiRequest.delete("/Users/{id}", key).accept(404).label("delete user").build());
    });
  }

  @Override
  public void setManager(String userKey, Optional<String> managerKey) {
    run("set manager", userKey, () -> {
      String path = Schemas.ENTERPRISE + ":manager";
      if (managerKey.isPresent()) {
        ObjectNode v = ScimJson.MAPPER.createObjectNode().put("value", managerKey.get());
        patchOrPut(userKey, List.of(op("replace", path, v)));
      } else {
        patchOrPut(userKey, List.of(op("remove", path, null)));
      }
    });
  }

  /** Applies PATCH operations to a user; where the service has no PATCH, reads, changes and PUTs. */
  private void patchOrPut(String key, List<ObjectNode> ops) {
    if (features().patch) {
      patch("/Users/{id}", key, ops);
      return;
    }
    ObjectNode r = (ObjectNode) client.sendOptional(ApiRequest.get("/Users/{id}", key).build())
        .orElseThrow(() -> gone("update user", key)).json();
    for (ObjectNode op : ops) {
      apply(r, op);
    }
    r.remove("meta");
    client.send(ApiRequest.put("/Users/{id}", key).body(bytes(r), JSON).label("replace user").build());
  }

  private static void apply(ObjectNode r, ObjectNode op) {
    String path = op.path("path").asText();
    boolean remove = op.path("op").asText().equals("remove");
    ObjectNode container = r;
    String name = path;
    if (path.startsWith(Schemas.ENTERPRISE + ":")) {
      container = extension(r);
      name = path.substring(Schemas.ENTERPRISE.length() + 1);
      ArrayNode schemas = r.get("schemas") instanceof ArrayNode ? (ArrayNode) r.get("schemas") : r.putArray("schemas");
      boolean listed = false;
      for (JsonNode s : schemas) {
        listed |= s.asText().equals(Schemas.ENTERPRISE);
      }
      if (!listed) {
        schemas.add(Schemas.ENTERPRISE);
      }
    }
    if (remove) {
      container.remove(name);
    } else {
      container.set(name, op.get("value"));
    }
  }

  private void patch(String template, String id, List<ObjectNode> ops) {
    ObjectNode body = ScimJson.MAPPER.createObjectNode();
    body.putArray("schemas").add(ScimJson.PATCH_OP);
    ArrayNode a = body.putArray("Operations");
    ops.forEach(a::add);
    client.send(ApiRequest.patch(template, id).body(bytes(body), JSON).label("patch").build());
  }

  private static ObjectNode op(String op, String path, @Nullable JsonNode value) {
    ObjectNode o = ScimJson.MAPPER.createObjectNode();
    o.put("op", op);
    o.put("path", path);
    if (value != null) {
      o.set("value", value);
    }
    return o;
  }

  private static JsonNode text(String s) {
    return ScimJson.MAPPER.getNodeFactory().textNode(s);
  }

  private static String pathOf(String attribute) {
    return java.util.Objects.requireNonNull(ATTRIBUTE_PATHS.get(attribute), attribute);
  }

  private void checkAttributes(String operation, String subject, Set<String> names) {
    for (String n : names) {
      if (!ATTRIBUTE_PATHS.containsKey(n)) {
        throw new ProvisioningException(operation, subject, "the SCIM target does not keep the attribute '" + n
            + "'; it keeps: " + String.join(", ", ATTRIBUTE_PATHS.keySet()), null);
      }
    }
  }

  // ---------------------------------------------------------------- groups

  @Override
  public void createGroup(String name) {
    run("create group", name, () -> {
      if (find("/Groups", "displayName", name, false).isPresent()) {
        return;
      }
      ObjectNode body = ScimJson.MAPPER.createObjectNode();
      body.putArray("schemas").add(Schemas.GROUP);
      body.put("displayName", name);
      body.putArray("members");
      client.send(ApiRequest.post("/Groups").body(bytes(body), JSON).label("create group").build());
    });
  }

  @Override
  public void addMembership(String userKey, String groupName) {
    changeMembership("add membership", userKey, groupName, true);
  }

  @Override
  public void removeMembership(String userKey, String groupName) {
    changeMembership("remove membership", userKey, groupName, false);
  }

  /**
   * A group's membership changes in one PATCH per {@value #MEMBERS_PER_PATCH} members (RFC 7644
   * §3.5.2): one {@code add} operation whose value lists the new members (§3.5.2.1) and one {@code
   * remove} operation per member leaving, with a {@code members[value eq "…"]} filter (§3.5.2.2),
   * after one read of the group for its id and members, so members already as wanted are left out.
   * A PATCH is atomic (§3.5.2: "if any operation fails, the whole request fails"), so a refused PATCH
   * fails the changes it held. Where the service has no PATCH, the changes are made one by one.
   */
  @Override
  public Map<String, ProvisioningException> applyMemberships(
      String groupName, List<String> adds, List<String> removes) {
    if (adds.size() + removes.size() <= 1 || !features().patch) {
      return ProvisioningTarget.super.applyMemberships(groupName, adds, removes);
    }
    String operation = adds.isEmpty() ? "remove membership" : "add membership";
    return guard(operation, groupName, () -> {
      Map<String, ProvisioningException> failed = new java.util.LinkedHashMap<>();
      Optional<JsonNode> g = group(groupName);
      if (!g.isPresent()) {
        if (!adds.isEmpty()) {
          throw new ProvisioningException(operation, groupName, "the group does not exist in the SCIM service", null);
        }
        return failed;
      }
      Set<String> members = members(g.get());
      String id = String.valueOf(ScimJson.text(g.get(), "id"));
      List<String> toAdd = new ArrayList<>(new LinkedHashSet<>(adds));
      toAdd.removeAll(members);
      List<String> toRemove = new ArrayList<>(new LinkedHashSet<>(removes));
      toRemove.retainAll(members);
      for (int from = 0; from < toAdd.size(); from += MEMBERS_PER_PATCH) {
        List<String> part = toAdd.subList(from, Math.min(toAdd.size(), from + MEMBERS_PER_PATCH));
        ArrayNode v = ScimJson.MAPPER.createArrayNode();
        part.forEach(k -> v.addObject().put("value", k));
        patchPart("add membership", id, part, List.of(op("add", "members", v)), failed);
      }
      for (int from = 0; from < toRemove.size(); from += MEMBERS_PER_PATCH) {
        List<String> part = toRemove.subList(from, Math.min(toRemove.size(), from + MEMBERS_PER_PATCH));
        List<ObjectNode> ops = new ArrayList<>();
        part.forEach(k -> ops.add(op("remove", "members[value eq " + quote(k) + "]", null)));
        patchPart("remove membership", id, part, ops, failed);
      }
      return failed;
    });
  }

  /** One PATCH of a group; when it fails, each member it held failed with it. */
  private void patchPart(String operation, String groupId, List<String> keys, List<ObjectNode> ops,
      Map<String, ProvisioningException> failed) {
    try {
      patch("/Groups/{id}", groupId, ops);
    } catch (UsersyncException e) {
      for (String k : keys) {
        failed.put(k, e instanceof ProvisioningException ? (ProvisioningException) e
            : new ProvisioningException(operation, k, String.valueOf(e.getMessage()), e));
      }
    }
  }

  private void changeMembership(String operation, String userKey, String groupName, boolean add) {
    run(operation, userKey + " in " + groupName, () -> {
      Optional<JsonNode> g = group(groupName);
      if (!g.isPresent()) {
        if (!add) {
          return;
        }
        throw new ProvisioningException(operation, groupName, "the group does not exist in the SCIM service", null);
      }
      Set<String> members = members(g.get());
      if (members.contains(userKey) == add) {
        return; // already as wanted
      }
      String id = String.valueOf(ScimJson.text(g.get(), "id"));
      if (features().patch) {
        if (add) {
          ArrayNode v = ScimJson.MAPPER.createArrayNode();
          v.addObject().put("value", userKey);
          patch("/Groups/{id}", id, List.of(op("add", "members", v)));
        } else {
          patch("/Groups/{id}", id, List.of(op("remove", "members[value eq " + quote(userKey) + "]", null)));
        }
        return;
      }
      ObjectNode r = ((ObjectNode) g.get()).deepCopy();
      r.remove("meta");
      ArrayNode m = r.putArray("members");
      members.stream().filter(k -> add || !k.equals(userKey)).forEach(k -> m.addObject().put("value", k));
      if (add) {
        m.addObject().put("value", userKey);
      }
      client.send(ApiRequest.put("/Groups/{id}", id).body(bytes(r), JSON).label("replace group").build());
    });
  }

  // ---------------------------------------------------------------- plumbing

  private static void run(String operation, String subject, Runnable work) {
    guard(operation, subject, () -> {
      work.run();
      return Boolean.TRUE;
    });
  }

  private static <T> T guard(String operation, String subject, Supplier<T> work) {
    try {
      return work.get();
    } catch (ProvisioningException e) {
      throw e;
    } catch (UsersyncException e) {
      throw new ProvisioningException(operation, subject, String.valueOf(e.getMessage()), e);
    }
  }

  private static ProvisioningException gone(String operation, String key) {
    return new ProvisioningException(operation, key, "the user is not in the SCIM service", null);
  }

  private static byte[] bytes(JsonNode n) {
    return n.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    Features f = features;
    return "ScimTarget[" + client.baseUri() + (f == null ? "" : ", " + f) + "]";
  }
}
