package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.onelogin.OneLoginDirectory;
import io.github.usersync.onelogin.OneLoginSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists N users (default 100,000) from a loopback server speaking OneLogin's API v2: a token from
 * {@code /auth/oauth2/v2/token}, then {@code /api/2/users} pages of {@code limit} users as a bare
 * JSON array with the {@code After-Cursor} and {@code X-RateLimit-*} headers, each user a full
 * record as OneLogin documents it.
 *
 * <p>Run: {@code java -Xmx256m -cp benchmarks/target/benchmarks.jar
 * io.github.usersync.benchmarks.OneLoginListUsersBenchmark [users]}.
 */
public final class OneLoginListUsersBenchmark {
  private OneLoginListUsersBenchmark() {}

  /** Runs the benchmark; the optional argument is the number of users. */
  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int pageSize = 100;
    AtomicLong budget = new AtomicLong(5_000_000);
    try (LocalApiServer server = LocalApiServer.start()) {
      server.route(
          "/auth/oauth2/v2/token",
          (request, base) ->
              LocalApiServer.Response.json(
                  200,
                  "{\"access_token\":\"bench-token-0123456789\",\"created_at\":\"2024-05-02T08:00:00.000Z\","
                      + "\"expires_in\":36000,\"refresh_token\":\"bench-refresh\",\"token_type\":\"bearer\","
                      + "\"account_id\":555555}"));
      server.route("/api/2/users", (request, base) -> usersPage(request, users, budget));
      long expected = ((long) users + pageSize - 1) / pageSize + 1; // pages plus the token
      ListUsersHarness.report(
          "onelogin " + users + " users",
          server,
          base ->
              OneLoginDirectory.create(
                  OneLoginSettings.builder()
                      .baseUrl(URI.create(base))
                      .clientId("bench-client")
                      .clientSecret(Secret.of("bench-secret-value"))
                      .pageSize(pageSize)
                      .build()),
          UserQuery.standard(),
          expected);
    }
  }

  /**
   * One page of {@code GET /api/2/users?limit=…&cursor=…}: a bare JSON array, the next page's
   * cursor in {@code After-Cursor} (absent on the last page), totals and rate-limit headers.
   */
  static LocalApiServer.Response usersPage(LocalApiServer.Request request, int users, AtomicLong budget) {
    int limit = request.queryInt("limit", 50);
    String cursor = request.query("cursor");
    int from = cursor == null ? 0 : offset(cursor);
    int to = Math.min(users, from + limit);
    StringBuilder body = new StringBuilder(limit * 900).append('[');
    for (int i = from; i < to; i++) {
      if (i > from) {
        body.append(',');
      }
      user(body, i);
    }
    body.append(']');
    LocalApiServer.Response r =
        LocalApiServer.Response.json(200, body.toString())
            .header("Total-Count", Integer.toString(users))
            .header("X-RateLimit-Limit", "5000000")
            .header("X-RateLimit-Remaining", Long.toString(budget.decrementAndGet()))
            .header("X-RateLimit-Reset", "1800");
    if (to < users) {
      r.header("After-Cursor", cursor(to, limit));
    }
    return r;
  }

  // OneLogin's cursors are opaque base64; this one carries the offset of the next page.
  static String cursor(int offset, int limit) {
    return Base64.getEncoder()
        .encodeToString(("limit=" + limit + "&offset=" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static int offset(String cursor) {
    String s = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
    return Integer.parseInt(s.substring(s.indexOf("offset=") + "offset=".length()));
  }

  private static void user(StringBuilder b, int i) {
    long id = 40_000_000L + i;
    b.append("{\"activated_at\":\"2021-03-01T10:00:00.000Z\",\"distinguished_name\":null,\"external_id\":null,")
        .append("\"firstname\":\"First").append(i).append("\",\"last_login\":\"2024-05-01T19:59:21.382Z\",")
        .append("\"lastname\":\"Last").append(i).append("\",\"company\":\"Example Corp\",\"directory_id\":null,")
        .append("\"invitation_sent_at\":null,\"member_of\":null,\"updated_at\":\"2024-05-02T08:15:30.120Z\",")
        .append("\"preferred_locale_code\":null,\"created_at\":\"2021-03-01T09:58:12.400Z\",")
        .append("\"userprincipalname\":null,\"trusted_idp_id\":null,\"comment\":\"\",\"title\":\"Engineer\",")
        .append("\"department\":\"Dept ").append(i % 50).append("\",\"id\":").append(id)
        .append(",\"custom_attributes\":{\"employeenumber\":\"E-").append(i).append("\",\"costcenter\":\"CC-")
        .append(i % 20).append("\"},\"invalid_login_attempts\":0,\"manager_user_id\":")
        .append(i == 0 ? "null" : Long.toString(40_000_000L + i / 10))
        .append(",\"locked_until\":null,\"username\":\"user").append(i)
        .append("\",\"manager_ad_id\":null,\"email\":\"user").append(i).append("@example.com\",")
        .append("\"phone\":\"+6427200").append(i % 10000).append("\",\"state\":1,\"group_id\":")
        .append(417333 + i % 5).append(",\"password_changed_at\":\"2023-11-20T12:00:00.000Z\",\"status\":")
        .append(i % 97 == 0 ? 2 : 1).append(",\"samaccountname\":null}");
  }
}
