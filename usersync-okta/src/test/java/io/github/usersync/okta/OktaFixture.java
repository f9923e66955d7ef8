package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.Sleeper;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.testkit.ExpectedDirectory;
import io.github.usersync.testkit.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Serves the Okta fixture org from WireMock the way Okta answers: JSON arrays, {@code Link}
 * headers with {@code rel="self"} and {@code rel="next"}, rate-limit headers, a {@code Date}
 * header and Okta's error bodies.
 *
 * <p>The org: 8 users on 3 pages, one in each of Okta's statuses, one with custom attributes and
 * two with unicode names; 3 groups on 2 pages; Engineering with 5 members on 2 pages, Sales (an
 * Active Directory group) with 2.
 */
final class OktaFixture {
  static final Fixtures FIXTURES = Fixtures.of("okta");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String API_TOKEN = "00QCjAl4MlV-WPXM-fixture-token-0HmjFx-vbGua";
  static final Instant SERVER_NOW = Instant.parse("2024-03-01T12:00:00Z");

  static final String ALICE = "00ub0oNGTSWTBKOLGLNR";
  static final String ZOE = "00u5ab8cDeFgHiJkL1d7";
  static final String KEN = "00u6wtnb3aBcDeFgH1d7";
  static final String STAGED = "00u7stg9aBcDeFgHi1d7";
  static final String PROVISIONED = "00u8prv2aBcDeFgHi1d7";
  static final String SUSPENDED = "00u9sus4aBcDeFgHi1d7";
  static final String DEPROVISIONED = "00uadep5aBcDeFgHi1d7";
  static final String RECOVERY = "00ubrec6aBcDeFgHi1d7";
  static final String MISSING = "00u0000000missing01";

  static final String ENGINEERING = "00g1emaKYZTWRYYRRTSK";
  static final String EVERYONE = "00g1everyone0000Z1d7";
  static final String SALES = "00g2salesADgrp000Z1d";

  private OktaFixture() {}

  /** A sleeper that records the waits instead of waiting. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> waits = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(Duration duration) {
      waits.add(duration);
    }
  }

  /**
   * Waits until the server has seen no request for 300 ms (at most 5 s): listings read pages
   * ahead, so a test that stops early leaves requests in flight that must not land in the next
   * test's log.
   */
  static void settle(WireMockExtension wm) {
    long end = System.nanoTime() + 5_000_000_000L;
    int seen = -1;
    try {
      while (System.nanoTime() < end) {
        int now = wm.getAllServeEvents().size();
        if (now == seen) {
          return;
        }
        seen = now;
        Thread.sleep(300);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Settings for the fixture server: the API token, 3 users a page. */
  static OktaSettings.Builder settings(WireMockExtension wm) {
    return OktaSettings.builder()
        .baseUrl(URI.create(wm.baseUrl()))
        .apiToken(Secret.of(API_TOKEN))
        .pageSize(3)
        .memberPageSize(3);
  }

  static OktaDirectory directory(WireMockExtension wm, Sleeper sleeper) {
    return directory(wm, sleeper, b -> {});
  }

  static OktaDirectory directory(
      WireMockExtension wm, Sleeper sleeper, Consumer<OktaSettings.Builder> tweak) {
    OktaSettings.Builder b = settings(wm);
    tweak.accept(b);
    return OktaDirectory.create(b.build(), ConnectorOptions.builder().sleeper(sleeper).build());
  }

  static String http(Instant t) {
    return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC));
  }

  /** A 200 JSON answer with Okta's usual headers and plenty of rate-limit budget left. */
  static ResponseDefinitionBuilder okta(String body) {
    return okta(body, 599, SERVER_NOW.plusSeconds(60));
  }

  /** A 200 JSON answer with Okta's headers: {@code remaining} calls left until {@code reset}. */
  static ResponseDefinitionBuilder okta(String body, int remaining, Instant reset) {
    return okta(body, remaining, reset, SERVER_NOW);
  }

  /** A 200 JSON answer sent at {@code date} by the server's clock. */
  static ResponseDefinitionBuilder okta(String body, int remaining, Instant reset, Instant date) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("Date", http(date))
        .withHeader("X-Okta-Request-Id", "Zd3mTw8xYk-fixture")
        .withHeader("X-Rate-Limit-Limit", "600")
        .withHeader("X-Rate-Limit-Remaining", Integer.toString(remaining))
        .withHeader("X-Rate-Limit-Reset", Long.toString(reset.getEpochSecond()))
        .withBody(body);
  }

  /** An Okta error answer. */
  static ResponseDefinitionBuilder oktaError(int status, String fixtureVariant) {
    return okta(FIXTURES.json("error", fixtureVariant)).withStatus(status);
  }

  /** {@code <base><path>?<query>; rel="…"}, the way Okta writes it. */
  static String link(WireMockExtension wm, String pathAndQuery, String rel) {
    return "<" + wm.baseUrl() + pathAndQuery + ">; rel=\"" + rel + "\"";
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The users of all three pages, in order. */
  static List<JsonNode> allUsers() {
    List<JsonNode> out = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      tree(FIXTURES.json("users", "page" + i)).forEach(out::add);
    }
    return out;
  }

  /**
   * Serves the fixture's 8 users ({@link #allUsers()}, in that order) as Okta's user listing
   * ({@link Users}): pages of {@code limit} chained with {@code Link} headers, {@code filter}
   * expressions on {@code lastUpdated}. The first page is page 1 of the fixture, and so on.
   */
  static Users stubUserPages(WireMockExtension wm) {
    return serveUsers(wm, allUsers());
  }

  /** Serves {@code users}, in that order, as Okta's user listing ({@link Users}). */
  static Users serveUsers(WireMockExtension wm, List<JsonNode> users) {
    Users org = new Users(users);
    String key = Integer.toString(NEXT_ORG.incrementAndGet());
    ORGS.put(key, org);
    wm.stubFor(get(urlPathEqualTo("/api/v1/users"))
        .withQueryParam("search", absent())
        .withQueryParam("q", absent())
        .willReturn(aResponse().withTransformers(UsersTransformer.NAME).withTransformerParameter("org", key)));
    return org;
  }

  /** Stubs the whole fixture org: users, single users, groups, members, a user's groups. */
  static void stubOrg(WireMockExtension wm) {
    stubUserPages(wm);
    for (JsonNode u : allUsers()) {
      wm.stubFor(get("/api/v1/users/" + u.get("id").asText()).willReturn(okta(u.toString())));
    }
    wm.stubFor(get("/api/v1/users/me").willReturn(okta(FIXTURES.json("user", "custom-attributes"))));
    // The System Log, empty: the position a full run takes, and the connection check's probe.
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okta("[]")));
    wm.stubFor(get("/api/v1/users/" + MISSING).willReturn(oktaError(404, "not-found")));

    wm.stubFor(get(urlPathEqualTo("/api/v1/groups"))
        .withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("groups", "page1"))
            .withHeader("Link",
                link(wm, "/api/v1/groups?limit=200", "self"),
                link(wm, "/api/v1/groups?after=" + EVERYONE + "&limit=200", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups"))
        .withQueryParam("after", equalTo(EVERYONE))
        .willReturn(okta(FIXTURES.json("groups", "page2"))));

    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users"))
        .withQueryParam("after", absent())
        .willReturn(okta(FIXTURES.json("group-members", "engineering-page1"))
            .withHeader("Link",
                link(wm, "/api/v1/groups/" + ENGINEERING + "/users?limit=3", "self"),
                link(wm, "/api/v1/groups/" + ENGINEERING + "/users?after=" + KEN + "&limit=3", "next"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + ENGINEERING + "/users"))
        .withQueryParam("after", equalTo(KEN))
        .willReturn(okta(FIXTURES.json("group-members", "engineering-page2"))));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + SALES + "/users"))
        .willReturn(okta(FIXTURES.json("group-members", "sales"))));
    ArrayNode everyone = JSON.createArrayNode();
    allUsers().stream().filter(u -> !u.get("status").asText().equals("DEPROVISIONED")).forEach(everyone::add);
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups/" + EVERYONE + "/users"))
        .willReturn(okta(everyone.toString())));

    Map<String, JsonNode> groups = new LinkedHashMap<>();
    tree(FIXTURES.json("groups", "page1")).forEach(g -> groups.put(g.get("id").asText(), g));
    tree(FIXTURES.json("groups", "page2")).forEach(g -> groups.put(g.get("id").asText(), g));
    Map<String, Set<String>> members = members();
    members.put(EVERYONE, new LinkedHashSet<>());
    everyone.forEach(u -> members.get(EVERYONE).add(u.get("id").asText()));
    for (JsonNode u : allUsers()) {
      String id = u.get("id").asText();
      ArrayNode of = JSON.createArrayNode();
      members.forEach((g, ids) -> {
        if (ids.contains(id)) {
          of.add(groups.get(g));
        }
      });
      wm.stubFor(get("/api/v1/users/" + id + "/groups").willReturn(okta(of.toString())));
    }
  }

  /** A WireMock server on loopback that can serve {@link Users} (Okta's user listing). */
  static WireMockExtension server() {
    return WireMockExtension.newInstance()
        .options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(new UsersTransformer()))
        .build();
  }

  /** The user listings served, by the key their stub names. */
  private static final Map<String, Users> ORGS = new ConcurrentHashMap<>();
  private static final java.util.concurrent.atomic.AtomicInteger NEXT_ORG = new java.util.concurrent.atomic.AtomicInteger();

  /** Answers {@code GET /api/v1/users} from the {@link Users} its stub names. */
  static final class UsersTransformer implements ResponseDefinitionTransformerV2 {
    static final String NAME = "okta-users";

    @Override
    public ResponseDefinition transform(ServeEvent event) {
      Users org = java.util.Objects.requireNonNull(ORGS.get(event.getTransformerParameters().getString("org")));
      return org.answer(event.getRequest()).build();
    }

    @Override
    public boolean applyGlobally() {
      return false;
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  /** One answered user listing request: its filter, cursor, the users in the answer, and whether a next link came. */
  static final class Served {
    final @Nullable String filter;
    final @Nullable String after;
    final List<String> ids;
    final boolean next;

    Served(@Nullable String filter, @Nullable String after, List<String> ids, boolean next) {
      this.filter = filter;
      this.after = after;
      this.ids = ids;
      this.next = next;
    }

    @Override
    public String toString() {
      return "filter=" + filter + " after=" + after + " users=" + ids.size() + (next ? " next" : " last");
    }
  }

  /**
   * An org's users answered the way Okta answers {@code GET /api/v1/users} (Management API, User,
   * "List all users"; developer.okta.com/docs/api/openapi/okta-management/management/tag/User/):
   *
   * <ul>
   *   <li>without {@code filter}, every user but the {@code DEPROVISIONED} ones ("This operation
   *       omits users that have a status of DEPROVISIONED"); with one, every user it matches,
   *       {@code DEPROVISIONED} ones included ("Returned users include those with the
   *       DEPROVISIONED status");
   *   <li>{@code filter}: terms {@code lastUpdated gt|ge|lt|le|eq "yyyy-MM-ddTHH:mm:ss.SSSZ"}
   *       joined with {@code and} (the filter takes {@code lastUpdated} with the inequality
   *       operators, and {@code and}); anything else is answered 400 {@code E0000031};
   *   <li>pages of {@code limit} (at most 200) users in one fixed order (the order of the list
   *       given, as Okta keeps its own); the next page in {@code Link: <…>; rel="next"} whose
   *       {@code after} is the last user's id, which reads on after that user's place in the
   *       order, whatever that user's {@code lastUpdated} is now (the keyset-like cursor the
   *       connector assumes: not documented by Okta); no next link after the last user matching;
   *   <li>a {@code Date} header of {@link #date}.
   * </ul>
   *
   * <p>Thread-safe. {@link #before} runs before each answer is worked out, so a test can change
   * the org part-way through a read or answer a request itself.
   */
  static final class Users {
    private final List<ObjectNode> users = new ArrayList<>();
    final List<Served> served = new CopyOnWriteArrayList<>();
    volatile Instant date = SERVER_NOW;
    volatile BiFunction<@Nullable String, @Nullable String, @Nullable ResponseDefinitionBuilder> before = (f, a) -> null;

    Users(List<JsonNode> users) {
      users.forEach(u -> this.users.add((ObjectNode) u.deepCopy()));
    }

    /** Sets a user's lastUpdated, as an update in Okta does. */
    synchronized void update(String id, Instant lastUpdated) {
      for (ObjectNode u : users) {
        if (u.get("id").asText().equals(id)) {
          u.put("lastUpdated", TIMESTAMP.format(lastUpdated));
          return;
        }
      }
      throw new IllegalArgumentException("no user " + id);
    }

    /** The users in listing order, as they are now. */
    synchronized List<JsonNode> all() {
      return new ArrayList<>(users);
    }

    /** The ids of the users {@code filter} matches (null: the plain listing), in listing order. */
    synchronized List<String> matching(@Nullable String filter) {
      Predicate<JsonNode> match = matcher(filter);
      List<String> out = new ArrayList<>();
      users.stream().filter(match).forEach(u -> out.add(u.get("id").asText()));
      return out;
    }

    ResponseDefinitionBuilder answer(Request request) {
      String filter = request.queryParameter("filter").isPresent() ? request.queryParameter("filter").firstValue() : null;
      String after = request.queryParameter("after").isPresent() ? request.queryParameter("after").firstValue() : null;
      ResponseDefinitionBuilder own = before.apply(filter, after);
      if (own != null) {
        return own;
      }
      int limit = Math.min(200, request.queryParameter("limit").isPresent()
          ? Integer.parseInt(request.queryParameter("limit").firstValue()) : 200);
      List<JsonNode> page = new ArrayList<>();
      boolean more = false;
      synchronized (this) {
        Predicate<JsonNode> match;
        try {
          match = matcher(filter);
        } catch (IllegalArgumentException e) {
          return okta(FIXTURES.json("error", "invalid-filter"), 599, SERVER_NOW.plusSeconds(60), date).withStatus(400);
        }
        int from = 0;
        if (after != null) {
          from = -1;
          for (int i = 0; i < users.size() && from < 0; i++) {
            if (users.get(i).get("id").asText().equals(after)) {
              from = i + 1;
            }
          }
          if (from < 0) {
            throw new IllegalStateException("the fixture has no user " + after + " to read on after");
          }
        }
        for (int i = from; i < users.size(); i++) {
          if (match.test(users.get(i))) {
            if (page.size() == limit) {
              more = true;
              break;
            }
            page.add(users.get(i).deepCopy());
          }
        }
      }
      List<String> ids = new ArrayList<>();
      page.forEach(u -> ids.add(u.get("id").asText()));
      served.add(new Served(filter, after, ids, more));
      String url = request.getUrl();
      String query = url.indexOf('?') < 0 ? "" : url.substring(url.indexOf('?') + 1);
      StringBuilder rest = new StringBuilder();
      for (String param : query.split("&")) {
        if (!param.isEmpty() && !param.startsWith("after=")) {
          rest.append('&').append(param);
        }
      }
      String base = request.getAbsoluteUrl().substring(0, request.getAbsoluteUrl().indexOf("/api/v1/users"));
      List<String> links = new ArrayList<>();
      links.add("<" + base + url + ">; rel=\"self\"");
      if (more) {
        links.add("<" + base + "/api/v1/users?after=" + ids.get(ids.size() - 1) + rest + ">; rel=\"next\"");
      }
      ArrayNode body = JSON.createArrayNode();
      page.forEach(body::add);
      return okta(body.toString(), 599, SERVER_NOW.plusSeconds(60), date).withHeader("Link", links.toArray(new String[0]));
    }

    private static Predicate<JsonNode> matcher(@Nullable String filter) {
      if (filter == null) {
        return u -> !u.path("status").asText().equals("DEPROVISIONED");
      }
      Predicate<JsonNode> all = u -> true;
      for (String term : filter.trim().split("(?i)\\s+and\\s+")) {
        Matcher m = TERM.matcher(term.trim());
        if (!m.matches()) {
          throw new IllegalArgumentException("unsupported filter term: " + term);
        }
        String op = m.group(1).toLowerCase(Locale.ROOT);
        Instant bound = Instant.parse(m.group(2));
        all = all.and(u -> {
          int c = Instant.parse(u.get("lastUpdated").asText()).compareTo(bound);
          switch (op) {
            case "gt": return c > 0;
            case "ge": return c >= 0;
            case "lt": return c < 0;
            case "le": return c <= 0;
            default: return c == 0;
          }
        });
      }
      return all;
    }
  }

  private static final Pattern TERM = Pattern.compile(
      "lastUpdated\\s+(gt|ge|lt|le|eq)\\s+\"(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)\"",
      Pattern.CASE_INSENSITIVE);
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  /**
   * An org of {@code n} users, ids {@code 00u…} in listing order, with {@code lastUpdated} spread
   * over five years before {@link #SERVER_NOW} (a day before it at the latest) in no relation to
   * the order, every 17th {@code DEPROVISIONED} and every 11th {@code SUSPENDED}.
   */
  static List<JsonNode> org(int n, long seed) {
    java.util.Random random = new java.util.Random(seed);
    long span = Duration.ofDays(5 * 365).toMillis();
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ObjectNode u = JSON.createObjectNode();
      u.put("id", String.format(Locale.ROOT, "00u%07dAbCdEfGh1d7", i));
      u.put("status", i % 17 == 0 ? "DEPROVISIONED" : i % 11 == 0 ? "SUSPENDED" : "ACTIVE");
      u.put("created", "2019-01-02T03:04:05.000Z");
      u.put("lastUpdated", TIMESTAMP.format(SERVER_NOW.minus(Duration.ofDays(1)).minusMillis((long) (random.nextDouble() * span))));
      ObjectNode profile = u.putObject("profile");
      profile.put("login", "user" + i + "@example.com");
      profile.put("email", "user" + i + "@example.com");
      profile.put("firstName", "First" + i);
      profile.put("lastName", "Last" + i);
      out.add(u);
    }
    return out;
  }

  /** The direct user members of Engineering and Sales. */
  static Map<String, Set<String>> members() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put(ENGINEERING, new LinkedHashSet<>(List.of(ALICE, ZOE, KEN, STAGED, PROVISIONED)));
    m.put(SALES, new LinkedHashSet<>(List.of(SUSPENDED, DEPROVISIONED)));
    return m;
  }

  static ExpectedDirectory expected() {
    return ExpectedDirectory.builder()
        .userIds(List.of(ALICE, ZOE, KEN, STAGED, PROVISIONED, SUSPENDED, DEPROVISIONED, RECOVERY))
        .sampleUserIds(List.of(ALICE, ZOE, DEPROVISIONED))
        .groupIds(List.of(ENGINEERING, EVERYONE, SALES))
        .directUserMembers(members())
        .missingUserId(MISSING)
        .endpointNames(List.of("API token", "list users", "read user", "groups of user", "list groups",
            "group members", "system log"))
        .build();
  }
}
