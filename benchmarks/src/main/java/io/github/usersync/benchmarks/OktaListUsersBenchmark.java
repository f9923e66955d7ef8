package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.okta.OktaDirectory;
import io.github.usersync.okta.OktaSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Lists N users (default 100,000) from a loopback server that answers {@code GET /api/v1/users} as
 * Okta does: a JSON array of full user objects (profile with custom attributes, credentials,
 * {@code _links}), 200 a page, the next page in a {@code Link: <…>; rel="next"} header with an
 * opaque {@code after} cursor, and rate-limit headers. Deactivated users are asked for, as the
 * engine does, so the connector sends its every-status filter. {@code filter} is answered as Okta
 * documents it for users ({@code lastUpdated} with {@code gt}, {@code ge}, {@code lt}, {@code le},
 * terms joined by {@code and}; Management API, User, "List all users"), with keyset paging: the
 * {@code after} cursor is the last user's id and the next page reads on after that user's place in
 * id order. Users have varied {@code lastUpdated} values over three years, more of them recent, in
 * no relation to their ids ({@link #lastUpdated}). Without a filter every user is answered,
 * {@code DEPROVISIONED} ones too (Okta's plain listing leaves those out; here it lists the same
 * users as the every-status filter, so the Okta SDK's plain listing in {@link OktaSdkFullRead} reads
 * the same data as usersync). The request count must be {@link #expectedRequests}: ⌈N/200⌉ with
 * {@code userListRanges} 1, else the sample page, each range's pages and the catch-up's.
 *
 * <p>{@code -Dusersync.okta.userListRanges=K} sets the connector's {@code userListRanges} (default:
 * the connector's).
 *
 * <pre>{@code java -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.OktaListUsersBenchmark [N]}</pre>
 */
public final class OktaListUsersBenchmark {
  private static final int OKTA_MAX_PAGE = 200;

  private OktaListUsersBenchmark() {}

  /** Runs the benchmark; the optional argument is the number of users. */
  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    try (LocalApiServer server = LocalApiServer.start()) {
      server.route("/api/v1/users", (request, baseUrl) -> page(request, baseUrl, n));
      OktaSettings example = settings(server.baseUrl());
      ListUsersHarness.report(
          "okta " + n + " users, userListRanges " + example.userListRanges(),
          server,
          OktaListUsersBenchmark::directory,
          UserQuery.standard(),
          expectedRequests(n, example.userListRanges(), Instant.now()));
    }
  }

  /** The connector's settings for the loopback server; {@code usersync.okta.userListRanges} applies. */
  static OktaSettings settings(String base) {
    OktaSettings.Builder b = OktaSettings.builder().baseUrl(URI.create(base)).apiToken(Secret.of("00benchmark-token"));
    String ranges = System.getProperty("usersync.okta.userListRanges");
    if (ranges != null) {
      b.userListRanges(Integer.parseInt(ranges));
    }
    return b.build();
  }

  static OktaDirectory directory(String base) {
    return OktaDirectory.create(settings(base));
  }

  /** When the users were last updated: now, less up to three years, more of them recent. */
  private static final long NEWEST = Instant.now().minus(Duration.ofHours(1)).toEpochMilli();
  private static final long SPAN = Duration.ofDays(3 * 365).toMillis();
  private static final Map<Integer, long[]> LAST_UPDATED = new ConcurrentHashMap<>();

  /** User i's lastUpdated, epoch ms: a fixed mix of i, so not in id order, squared towards now. */
  static long lastUpdated(int i) {
    long z = (i + 1) * 0x9E3779B97F4A7C15L; // SplitMix64
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    double u = (z >>> 11) * 0x1.0p-53;
    return NEWEST - (long) (u * u * SPAN);
  }

  private static long[] lastUpdatedTable(int n) {
    return LAST_UPDATED.computeIfAbsent(n, k -> {
      long[] t = new long[k];
      for (int i = 0; i < k; i++) {
        t[i] = lastUpdated(i);
      }
      return t;
    });
  }

  private static final Pattern TERM = Pattern.compile(
      "lastUpdated\\s+(gt|ge|lt|le)\\s+\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

  /**
   * Which users of {@code n} a {@code filter} (null: none) matches: {@code lastUpdated gt|ge|lt|le
   * "…"} terms joined by {@code and}, as Okta's user filter takes them.
   *
   * @throws IllegalArgumentException for any other expression (Okta answers 400)
   */
  static IntPredicate matcher(@Nullable String filter, int n) {
    if (filter == null) {
      return i -> true;
    }
    long[] t = lastUpdatedTable(n);
    IntPredicate all = i -> true;
    for (String term : filter.trim().split("(?i)\\s+and\\s+")) {
      Matcher m = TERM.matcher(term.trim());
      if (!m.matches()) {
        throw new IllegalArgumentException("unsupported filter term: " + term);
      }
      String op = m.group(1).toLowerCase(Locale.ROOT);
      long bound = Instant.parse(m.group(2)).toEpochMilli();
      IntPredicate p = op.equals("gt") ? i -> t[i] > bound : op.equals("ge") ? i -> t[i] >= bound
          : op.equals("lt") ? i -> t[i] < bound : i -> t[i] <= bound;
      all = all.and(p);
    }
    return all;
  }

  /** How many of {@code n} users {@code filter} matches. */
  static long count(String filter, int n) {
    IntPredicate p = matcher(filter, n);
    return IntStream.range(0, n).filter(p).count();
  }

  static long pages(long users) {
    return Math.max(1, (users + OKTA_MAX_PAGE - 1) / OKTA_MAX_PAGE);
  }

  /**
   * The requests a full listing of {@code n} users costs with {@code ranges}: ⌈n/200⌉ for one
   * chain (or one page); else 1 (the first page) + Σ ⌈n_i/200⌉ over the ranges (each at least one
   * page) + ⌈c/200⌉ (the catch-up, at least one page), n_i and c as {@link #split} counts them. At
   * most ⌈n/200⌉ + ranges + 1.
   */
  static long expectedRequests(int n, int ranges, Instant firstAnswer) {
    if (ranges == 1 || n <= OKTA_MAX_PAGE) {
      return pages(n);
    }
    List<Long> sizes = split(n, ranges, firstAnswer);
    long requests = 1;
    for (long size : sizes) {
      requests += pages(size);
    }
    return requests;
  }

  /**
   * The users in each range the connector reads, then those the catch-up lists: the ranges split
   * at the first page's {@code lastUpdated} quantiles (the connector's rule), the catch-up from the
   * first answer less 60 s.
   */
  static List<Long> split(int n, int ranges, Instant firstAnswer) {
    long[] sample = Arrays.copyOf(lastUpdatedTable(n), Math.min(n, OKTA_MAX_PAGE));
    Arrays.sort(sample);
    List<String> bounds = new ArrayList<>();
    for (int k = 1; k < ranges; k++) {
      String b = TIMESTAMP.format(Instant.ofEpochMilli(sample[k * sample.length / ranges]));
      if (!bounds.contains(b)) {
        bounds.add(b);
      }
    }
    List<Long> sizes = new ArrayList<>();
    for (int k = 0; k <= bounds.size(); k++) {
      StringBuilder range = new StringBuilder();
      if (k > 0) {
        range.append("lastUpdated ge \"").append(bounds.get(k - 1)).append('"');
      }
      if (k < bounds.size()) {
        range.append(k > 0 ? " and " : "").append("lastUpdated lt \"").append(bounds.get(k)).append('"');
      }
      sizes.add(count(range.toString(), n));
    }
    sizes.add(count("lastUpdated ge \"" + TIMESTAMP.format(firstAnswer.minusSeconds(60)) + "\"", n));
    return sizes;
  }

  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  static LocalApiServer.Response page(LocalApiServer.Request request, String baseUrl, int n) {
    if (!"SSWS 00benchmark-token".equals(request.header("Authorization"))) {
      return LocalApiServer.Response.json(401,
          "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\",\"errorLink\":\"E0000011\","
              + "\"errorId\":\"oaebench\",\"errorCauses\":[]}");
    }
    int limit = Math.min(OKTA_MAX_PAGE, request.queryInt("limit", OKTA_MAX_PAGE));
    String after = request.query("after");
    String filter = request.query("filter");
    IntPredicate match;
    try {
      match = matcher(filter, n);
    } catch (IllegalArgumentException e) {
      return LocalApiServer.Response.json(400,
          "{\"errorCode\":\"E0000031\",\"errorSummary\":\"Invalid search criteria.\",\"errorLink\":\"E0000031\","
              + "\"errorId\":\"oaebench\",\"errorCauses\":[]}");
    }
    // Keyset paging: read on after the cursor user's place in id order, whatever it matches now.
    int from = after == null ? 0 : Integer.parseInt(after.substring(3)) + 1;
    StringBuilder body = new StringBuilder(limit * 1400).append('[');
    int last = -1;
    int count = 0;
    int i = from;
    for (; i < n && count < limit; i++) {
      if (match.test(i)) {
        body.append(count++ == 0 ? "" : ",");
        user(body, i, baseUrl);
        last = i;
      }
    }
    while (i < n && !match.test(i)) {
      i++;
    }
    boolean more = i < n;
    body.append(']');
    LocalApiServer.Response r = LocalApiServer.Response.json(200, body.toString())
        .header("X-Rate-Limit-Limit", "1000000")
        .header("X-Rate-Limit-Remaining", "999999")
        .header("X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 60));
    String query = "&limit=" + limit + (filter == null ? "" : "&filter=" + encode(filter));
    // Okta sends the self and next links as two Link headers ("Pagination", developer.okta.com/docs/api/#pagination).
    r.header("Link", "<" + baseUrl + "/api/v1/users?" + query.substring(1) + ">; rel=\"self\"");
    if (more) {
      r.addHeader("Link", "<" + baseUrl + "/api/v1/users?after=" + id(last) + query + ">; rel=\"next\"");
    }
    return r;
  }

  static String id(int i) {
    return String.format(Locale.ROOT, "00u%017d", i);
  }

  private static String encode(@Nullable String s) {
    return s == null ? "" : URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  static void user(StringBuilder b, int i, String baseUrl) {
    String id = id(i);
    String login = "user" + i + "@example.com";
    String status = i % 50 == 0 ? "DEPROVISIONED" : i % 20 == 0 ? "SUSPENDED" : "ACTIVE";
    b.append("{\"id\":\"").append(id).append("\",\"status\":\"").append(status)
        .append("\",\"created\":\"2021-06-24T16:39:18.000Z\",\"activated\":\"2021-06-24T16:39:19.000Z\",")
        .append("\"statusChanged\":\"2021-06-24T16:39:19.000Z\",\"lastLogin\":\"2024-03-01T08:12:44.000Z\",")
        .append("\"lastUpdated\":\"").append(TIMESTAMP.format(Instant.ofEpochMilli(lastUpdated(i))))
        .append("\",\"passwordChanged\":\"2023-07-02T21:36:25.344Z\",")
        .append("\"type\":{\"id\":\"oty1qn2ud3yYvS9Hu1d7\"},\"profile\":{\"firstName\":\"First").append(i)
        .append("\",\"lastName\":\"Last").append(i).append("\",\"mobilePhone\":null,\"secondEmail\":null,\"login\":\"")
        .append(login).append("\",\"email\":\"").append(login)
        .append("\",\"title\":\"Engineer\",\"department\":\"Dept ").append(i % 40)
        .append("\",\"costCenter\":\"CC-").append(i % 300).append("\",\"employeeNumber\":\"").append(100000 + i)
        .append("\",\"managerId\":\"").append(id(i / 10)).append("\"},")
        .append("\"credentials\":{\"password\":{},\"provider\":{\"type\":\"OKTA\",\"name\":\"OKTA\"}},")
        .append("\"_links\":{\"self\":{\"href\":\"").append(baseUrl).append("/api/v1/users/").append(id).append("\"}}}");
  }
}
