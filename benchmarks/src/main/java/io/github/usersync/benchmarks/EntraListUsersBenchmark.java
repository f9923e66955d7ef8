package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.entra.EntraDirectory;
import io.github.usersync.entra.EntraSettings;
import java.net.URI;
import java.util.Locale;

/**
 * Lists N users (default 100,000) from a loopback server speaking Microsoft Graph's format: pages
 * of {@code $top} users with an opaque {@code @odata.nextLink}, and a token endpoint on a second
 * server (as the sign-in host is not the Graph host), so the Graph server's request count is
 * exactly ⌈N/999⌉.
 *
 * <pre>{@code
 * java -Xmx256m -cp benchmarks/target/benchmarks.jar \
 *     io.github.usersync.benchmarks.EntraListUsersBenchmark [users]
 * }</pre>
 */
public final class EntraListUsersBenchmark {
  private static final String TENANT = "contoso.onmicrosoft.com";
  private static final String SELECT =
      "id,userPrincipalName,mail,givenName,surname,displayName,accountEnabled";
  private static final String TOKEN =
      "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"ext_expires_in\":3599,"
          + "\"access_token\":\"eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJiZW5jaCJ9.c2ln\"}";

  private EntraListUsersBenchmark() {}

  /** Runs the benchmark; the optional argument is the number of users. */
  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int pageSize = EntraSettings.MAX_PAGE_SIZE;
    try (LocalApiServer login = LocalApiServer.start();
        LocalApiServer graph = LocalApiServer.start()) {
      login.route("/", (request, base) -> LocalApiServer.Response.json(200, TOKEN));
      graph.route("/v1.0/users", (request, base) -> page(request, base, users));
      long expectedRequests = ((long) users + pageSize - 1) / pageSize;
      ListUsersHarness.report(
          "entra " + users + " users",
          graph,
          baseUrl ->
              EntraDirectory.create(
                  EntraSettings.builder()
                      .tenant(TENANT)
                      .clientId("00001111-aaaa-2222-bbbb-3333cccc4444")
                      .clientSecret(Secret.of("benchmark-secret"))
                      .loginBaseUrl(URI.create(login.baseUrl()))
                      .baseUrl(URI.create(baseUrl))
                      .build()),
          UserQuery.standard(),
          expectedRequests);
    }
  }

  /** One page as Graph answers {@code GET /users?$select=…&$top=…}; the skiptoken is an offset here. */
  static LocalApiServer.Response page(LocalApiServer.Request request, String base, int total) {
    int top = Math.min(EntraSettings.MAX_PAGE_SIZE, request.queryInt("$top", 100));
    String token = request.query("$skiptoken");
    int from = token == null ? 0 : Integer.parseInt(token);
    int to = Math.min(total, from + top);
    StringBuilder b = new StringBuilder(300 * (to - from) + 400);
    b.append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users(")
        .append(SELECT)
        .append(")\",");
    if (to < total) {
      b.append("\"@odata.nextLink\":\"")
          .append(base)
          .append("/v1.0/users?$select=")
          .append(SELECT)
          .append("&$top=")
          .append(top)
          .append("&$skiptoken=")
          .append(to)
          .append("\",");
    }
    b.append("\"value\":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        b.append(',');
      }
      String n = String.format(Locale.ROOT, "%06d", i);
      b.append("{\"id\":\"6e7b768e-07e2-4810-8459-")
          .append(String.format(Locale.ROOT, "%012x", i))
          .append("\",\"userPrincipalName\":\"user")
          .append(n)
          .append("@contoso.onmicrosoft.com\",\"mail\":\"user")
          .append(n)
          .append("@contoso.com\",\"givenName\":\"Given")
          .append(n)
          .append("\",\"surname\":\"Family")
          .append(n)
          .append("\",\"displayName\":\"Given")
          .append(n)
          .append(" Family")
          .append(n)
          .append("\",\"accountEnabled\":")
          .append(i % 50 != 0)
          .append('}');
    }
    b.append("]}");
    return LocalApiServer.Response.json(200, b.toString());
  }
}
