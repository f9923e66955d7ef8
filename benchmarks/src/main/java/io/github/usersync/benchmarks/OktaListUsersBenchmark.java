package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.okta.OktaDirectory;
import io.github.usersync.okta.OktaSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Lists N users (default 100,000) from a loopback server that answers {@code GET /api/v1/users} as
 * Okta does: a JSON array of full user objects (profile with custom attributes, credentials,
 * {@code _links}), 200 a page, the next page in a {@code Link: <…>; rel="next"} header with an
 * opaque {@code after} cursor, and rate-limit headers. Deactivated users are asked for, as the
 * engine does, so the connector sends its every-status filter. The request count must be ⌈N/200⌉.
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
      ListUsersHarness.report(
          "okta " + n + " users",
          server,
          base -> OktaDirectory.create(
              OktaSettings.builder().baseUrl(URI.create(base)).apiToken(Secret.of("00benchmark-token")).build()),
          UserQuery.standard(),
          (n + OKTA_MAX_PAGE - 1) / OKTA_MAX_PAGE);
    }
  }

  static LocalApiServer.Response page(LocalApiServer.Request request, String baseUrl, int n) {
    if (!"SSWS 00benchmark-token".equals(request.header("Authorization"))) {
      return LocalApiServer.Response.json(401,
          "{\"errorCode\":\"E0000011\",\"errorSummary\":\"Invalid token provided\",\"errorLink\":\"E0000011\","
              + "\"errorId\":\"oaebench\",\"errorCauses\":[]}");
    }
    int limit = Math.min(OKTA_MAX_PAGE, request.queryInt("limit", OKTA_MAX_PAGE));
    String after = request.query("after");
    int from = after == null ? 0 : Integer.parseInt(after.substring(3)) + 1;
    int to = Math.min(n, from + limit);
    StringBuilder body = new StringBuilder(limit * 1400).append('[');
    for (int i = from; i < to; i++) {
      if (i > from) {
        body.append(',');
      }
      user(body, i, baseUrl);
    }
    body.append(']');
    LocalApiServer.Response r = LocalApiServer.Response.json(200, body.toString())
        .header("X-Rate-Limit-Limit", "1000000")
        .header("X-Rate-Limit-Remaining", "999999")
        .header("X-Rate-Limit-Reset", Long.toString(System.currentTimeMillis() / 1000 + 60));
    String filter = request.query("filter");
    String query = "&limit=" + limit + (filter == null ? "" : "&filter=" + encode(filter));
    // Okta sends the self and next links as two Link headers ("Pagination", developer.okta.com/docs/api/#pagination).
    r.header("Link", "<" + baseUrl + "/api/v1/users?" + query.substring(1) + ">; rel=\"self\"");
    if (to < n) {
      r.addHeader("Link", "<" + baseUrl + "/api/v1/users?after=" + id(to - 1) + query + ">; rel=\"next\"");
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
        .append("\"lastUpdated\":\"2024-02-27T11:02:05.344Z\",\"passwordChanged\":\"2023-07-02T21:36:25.344Z\",")
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
