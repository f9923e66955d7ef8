package io.github.usersync.keycloak.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A realm's test data, generated deterministically, and what it holds once seeded into a real
 * Keycloak: users with unicode names and custom attributes (some disabled, some without email or
 * last name), 20 groups nested up to three levels (one with a unicode name), memberships at every
 * level, and three confidential clients with service accounts: {@code usersync} (view-users, view-events,
 * query-users, query-groups of realm-management), {@code usersync-query-only} (query-users and
 * query-groups only) and {@code usersync-no-roles}.
 *
 * <p>{@link #seed(KeycloakAdmin)} creates the realm through the Admin REST API in one request: the
 * realm (with {@code editUsernameAllowed}), the clients and their service accounts' roles, the
 * groups (each entry with its {@code path}, which Keycloak's importers require) and the users with
 * their attributes and memberships; then it turns on unmanaged attributes in the user profile,
 * which Keycloak 24+ otherwise hides from the admin API.
 *
 * <p>The same description serves the connector's integration tests and, once the sync engine
 * exists, the end-to-end test (full sync into the in-memory target, then changes and the next
 * plan): {@link #expectedDirectUserMembers()} and friends are what a sync must produce.
 */
public final class SeededRealm {
  /** The client with the roles the connector needs. */
  public static final String CLIENT = "usersync";
  /** A client whose service account has query-users and query-groups but not view-users. */
  public static final String QUERY_ONLY_CLIENT = "usersync-query-only";
  /** A client whose service account has no role. */
  public static final String NO_ROLES_CLIENT = "usersync-no-roles";

  private static final String[] FIRST = {
    "Zoë", "Jürgen", "Łukasz", "Søren", "Chloé", "Björk", "Александр", "美咲", "Núria", "Ödön",
    "Siobhán", "François", "Dvořák", "Ingrid", "José", "Ærin", "Mateus", "Yusuf", "Øyvind", "Ana"
  };
  private static final String[] LAST = {
    "Müller", "Ñúñez", "Kowalczyk", "Ørsted", "Dupré", "Guðmundsdóttir", "Иванова", "佐藤",
    "Çelik", "Håkansson", "Ó Briain", "Lefèvre", "Šťastný", "Nguyễn", "Straße", "Zoltán"
  };
  private static final String[] DEPARTMENTS = {
    "Engineering", "Sales", "Support", "Finance", "Personalabteilung", "Recherche & Développement"
  };
  private static final String[] LOCATIONS = {"München", "Zürich", "Kraków", "São Paulo", "東京", "Reykjavík"};

  /** The 20 groups, parents before children. */
  private static final List<String> GROUP_PATHS = Collections.unmodifiableList(Arrays.asList(
      "/engineering",
      "/engineering/backend",
      "/engineering/backend/databases",
      "/engineering/backend/platform",
      "/engineering/frontend",
      "/engineering/mobile",
      "/engineering/mobile/ios",
      "/engineering/mobile/android",
      "/sales",
      "/sales/emea",
      "/sales/americas",
      "/sales/americas/north",
      "/sales/americas/south",
      "/support",
      "/finance",
      "/hr",
      "/legal",
      "/marketing",
      "/marketing/events",
      "/Ωmega Über-Team"));

  private static final List<String> LEAVES = Collections.unmodifiableList(Arrays.asList(
      "/engineering/backend/databases", "/engineering/backend/platform", "/engineering/frontend",
      "/engineering/mobile/ios", "/engineering/mobile/android", "/sales/emea",
      "/sales/americas/north", "/sales/americas/south", "/support", "/finance", "/hr", "/legal",
      "/marketing/events", "/Ωmega Über-Team"));

  /** One seeded user. */
  public static final class User {
    private final String username;
    private final @Nullable String email;
    private final String firstName;
    private final @Nullable String lastName;
    private final boolean enabled;
    private final Map<String, List<String>> attributes;
    private final List<String> groupPaths;
    private @Nullable String id;

    User(String username, @Nullable String email, String firstName, @Nullable String lastName,
        boolean enabled, Map<String, List<String>> attributes, List<String> groupPaths) {
      this.username = username;
      this.email = email;
      this.firstName = firstName;
      this.lastName = lastName;
      this.enabled = enabled;
      this.attributes = attributes;
      this.groupPaths = groupPaths;
    }

    /** The Keycloak id, known once seeded. */
    public String id() {
      return Objects.requireNonNull(id, "not seeded yet");
    }

    /** The username (lower case, as Keycloak stores it). */
    public String username() {
      return username;
    }

    /** The email, if the user has one (lower case). */
    public @Nullable String email() {
      return email;
    }

    /** The first name. */
    public String firstName() {
      return firstName;
    }

    /** The last name, if any. */
    public @Nullable String lastName() {
      return lastName;
    }

    /** Whether the user is enabled. */
    public boolean enabled() {
      return enabled;
    }

    /** Custom attributes: department, location, employeeNumber, phone (one or two values). */
    public Map<String, List<String>> attributes() {
      return attributes;
    }

    /** The paths of the groups the user is a direct member of. */
    public List<String> groupPaths() {
      return groupPaths;
    }

    ObjectNode toJson() {
      ObjectNode u = KeycloakAdmin.object();
      u.put("username", username);
      if (email != null) {
        u.put("email", email);
      }
      u.put("firstName", firstName);
      if (lastName != null) {
        u.put("lastName", lastName);
      }
      u.put("enabled", enabled);
      ObjectNode attrs = u.putObject("attributes");
      attributes.forEach((k, v) -> v.forEach(attrs.withArray(k)::add));
      ArrayNode groups = u.putArray("groups");
      groupPaths.forEach(groups::add);
      return u;
    }
  }

  /** One seeded group. */
  public static final class Group {
    private final String path;
    private @Nullable String id;

    Group(String path) {
      this.path = path;
    }

    /** The Keycloak id, known once seeded. */
    public String id() {
      return Objects.requireNonNull(id, "not seeded yet");
    }

    /** The full path, e.g. {@code /engineering/backend}. */
    public String path() {
      return path;
    }

    /** The group's own name, the last path segment. */
    public String name() {
      return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The parent's path; null for a top-level group. */
    public @Nullable String parentPath() {
      int cut = path.lastIndexOf('/');
      return cut == 0 ? null : path.substring(0, cut);
    }
  }

  private final String realm;
  private final List<User> users;
  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final String clientSecret = "secret-" + UUID.randomUUID();

  private SeededRealm(String realm, List<User> users) {
    this.realm = realm;
    this.users = Collections.unmodifiableList(users);
    GROUP_PATHS.forEach(p -> groups.put(p, new Group(p)));
  }

  /** The data for a realm named {@code realm} with {@code userCount} users. */
  public static SeededRealm define(String realm, int userCount) {
    List<User> users = new ArrayList<>(userCount);
    for (int i = 0; i < userCount; i++) {
      String first = FIRST[i % FIRST.length];
      String last = i % 13 == 0 ? null : LAST[(i / FIRST.length + i) % LAST.length];
      String username = (first + "." + (last == null ? "x" : last)).toLowerCase(Locale.ROOT)
          .replace(' ', '-') + String.format(Locale.ROOT, ".%05d", i);
      String email = i % 10 == 9 ? null : String.format(Locale.ROOT, "user%05d@example.com", i);
      Map<String, List<String>> attrs = new TreeMap<>();
      attrs.put("department", List.of(DEPARTMENTS[i % DEPARTMENTS.length]));
      attrs.put("location", List.of(LOCATIONS[i % LOCATIONS.length]));
      attrs.put("employeeNumber", List.of(String.format(Locale.ROOT, "E%06d", i)));
      attrs.put("phone", i % 4 == 0
          ? List.of(String.format(Locale.ROOT, "+49 30 %07d", i), String.format(Locale.ROOT, "+49 170 %07d", i))
          : List.of(String.format(Locale.ROOT, "+41 44 %07d", i)));
      Set<String> groupPaths = new LinkedHashSet<>();
      if (i % 23 != 0) {
        groupPaths.add(LEAVES.get(i % LEAVES.size()));
      }
      if (i % 10 == 3) {
        groupPaths.add("/engineering");
      }
      if (i % 15 == 4) {
        groupPaths.add("/sales/americas");
      }
      if (i % 50 == 7) {
        groupPaths.add("/Ωmega Über-Team");
      }
      users.add(new User(username, email, first, last, i % 17 != 5, attrs, new ArrayList<>(groupPaths)));
    }
    return new SeededRealm(realm, users);
  }

  /** The realm name. */
  public String realm() {
    return realm;
  }

  /** The secret of every client (random per run). */
  public String clientSecret() {
    return clientSecret;
  }

  /** The users, in the order generated. */
  public List<User> users() {
    return users;
  }

  /** The user with that username. */
  public User user(String username) {
    return users.stream().filter(u -> u.username.equals(username)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no user " + username));
  }

  /** The groups, parents before children. */
  public List<Group> groups() {
    return new ArrayList<>(groups.values());
  }

  /** The group at that path. */
  public Group group(String path) {
    Group g = groups.get(path);
    if (g == null) {
      throw new IllegalArgumentException("no group " + path);
    }
    return g;
  }

  /** Group id to the ids of its direct user members. */
  public Map<String, Set<String>> expectedDirectUserMembers() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    groups.values().forEach(g -> out.put(g.id(), new TreeSet<>()));
    for (User u : users) {
      u.groupPaths.forEach(p -> out.get(group(p).id()).add(u.id()));
    }
    return out;
  }

  /** Group id to the ids of its direct subgroups. */
  public Map<String, Set<String>> expectedSubgroups() {
    Map<String, Set<String>> out = new LinkedHashMap<>();
    groups.values().forEach(g -> out.put(g.id(), new TreeSet<>()));
    for (Group g : groups.values()) {
      String parent = g.parentPath();
      if (parent != null) {
        out.get(group(parent).id()).add(g.id());
      }
    }
    return out;
  }

  /** The ids of the group and every group below it. */
  public Set<String> expectedSubtree(String groupId) {
    Map<String, Set<String>> sub = expectedSubgroups();
    Set<String> out = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(groupId));
    while (!todo.isEmpty()) {
      String g = todo.remove(todo.size() - 1);
      if (out.add(g)) {
        todo.addAll(sub.get(g));
      }
    }
    return out;
  }

  /** The paths of the user's groups and all their ancestors. */
  public Set<String> expectedTransitiveGroupPaths(User user) {
    Set<String> out = new TreeSet<>();
    for (String p : user.groupPaths) {
      String cur = p;
      while (cur != null) {
        out.add(cur);
        cur = group(cur).parentPath();
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ seeding

  /**
   * Creates the realm with its clients, service accounts, groups and users in one request ({@code
   * POST /admin/realms} with the whole realm, which Keycloak imports in one go: about 1 s for 1,200
   * users, where partial import takes 30 s because it adds group memberships one by one), then
   * lets the admin API show unmanaged attributes. Ids are derived from the realm name, so they are
   * known without reading them back and differ between realms (Keycloak ids are global).
   */
  public void seed(KeycloakAdmin admin) {
    for (int i = 0; i < users.size(); i++) {
      users.get(i).id = uuid("user/" + i);
    }
    groups.values().forEach(g -> g.id = uuid("group" + g.path()));

    ObjectNode realmJson = KeycloakAdmin.object();
    realmJson.put("realm", realm).put("enabled", true).put("editUsernameAllowed", true);
    ArrayNode clients = realmJson.putArray("clients");
    ArrayNode all = realmJson.putArray("users");
    client(clients, all, CLIENT, "view-users", "query-users", "query-groups", "view-events");
    client(clients, all, QUERY_ONLY_CLIENT, "query-users", "query-groups");
    client(clients, all, NO_ROLES_CLIENT);
    realmJson.set("groups", groupTree(null));
    users.forEach(u -> all.add(u.toJson().put("id", u.id())));
    admin.post("/realms", realmJson);

    // Keycloak 24+ hides attributes the user profile does not declare unless unmanaged ones are on.
    String base = "/realms/" + KeycloakAdmin.enc(realm);
    JsonNode profile = admin.get(base + "/users/profile");
    ((ObjectNode) profile).put("unmanagedAttributePolicy", "ENABLED");
    admin.put(base + "/users/profile", profile);
  }

  /**
   * Makes the realm save admin events with their representations (the realm representation's
   * {@code adminEventsEnabled} and {@code adminEventsDetailsEnabled}), as incremental runs need.
   */
  public void enableAdminEvents(KeycloakAdmin admin) {
    ObjectNode events = KeycloakAdmin.object();
    events.put("adminEventsEnabled", true).put("adminEventsDetailsEnabled", true);
    admin.put("/realms/" + KeycloakAdmin.enc(realm), events);
  }

  private String uuid(String what) {
    return UUID.nameUUIDFromBytes((realm + "/" + what).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The group tree as an import wants it: nested, each entry with its id and path. */
  private ArrayNode groupTree(@Nullable String parent) {
    ArrayNode out = KeycloakAdmin.array();
    for (Group g : groups.values()) {
      if (Objects.equals(g.parentPath(), parent)) {
        ObjectNode n = out.addObject();
        n.put("id", g.id()).put("name", g.name()).put("path", g.path());
        n.set("subGroups", groupTree(g.path()));
      }
    }
    return out;
  }

  /** A confidential client and its service-account user with realm-management roles. */
  private void client(ArrayNode clients, ArrayNode users, String clientId, String... realmManagementRoles) {
    clients.addObject()
        .put("clientId", clientId)
        .put("secret", clientSecret)
        .put("publicClient", false)
        .put("serviceAccountsEnabled", true)
        .put("standardFlowEnabled", false)
        .put("directAccessGrantsEnabled", false);
    ObjectNode account = users.addObject()
        .put("username", "service-account-" + clientId)
        .put("enabled", true)
        .put("serviceAccountClientId", clientId);
    ArrayNode roles = account.putObject("clientRoles").putArray("realm-management");
    for (String role : realmManagementRoles) {
      roles.add(role);
    }
  }
}
