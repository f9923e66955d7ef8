package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.entra.EntraDirectory;
import io.github.usersync.entra.EntraSettings;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

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

  // First names of a real tenant's spread of first letters (the 100 most given US names), so a
  // listing split by the first character of userPrincipalName has parts of realistic sizes.
  private static final String[] GIVEN = ("james mary robert patricia john jennifer michael linda david elizabeth"
      + " william barbara richard susan joseph jessica thomas sarah christopher karen charles lisa daniel nancy"
      + " matthew betty anthony sandra mark margaret donald ashley steven kimberly andrew emily paul donna joshua"
      + " michelle kenneth carol kevin amanda brian melissa george deborah timothy stephanie ronald dorothy jason"
      + " rebecca edward sharon jeffrey laura ryan cynthia jacob amy gary kathleen nicholas angela eric shirley"
      + " jonathan brenda stephen emma larry anna justin pamela scott nicole brandon samantha benjamin katherine"
      + " samuel christine gregory helen alexander debra patrick rachel frank carolyn raymond janet jack maria"
      + " dennis olivia jerry heather tyler victoria").split(" ");
  private static final Pattern STARTS_WITH = Pattern.compile("startswith\\(userPrincipalName,'((?:[^']|'')*)'\\)");

  // The users matching each filter, kept so the server's own work stays small next to the round trip.
  private static final Map<String, int[]> MATCHING = new ConcurrentHashMap<>();

  /** The local part of user {@code i}'s userPrincipalName and mail. */
  static String login(int i) {
    return GIVEN[Math.floorMod(i * 7919, GIVEN.length)] + "." + String.format(Locale.ROOT, "%06d", i);
  }

  /**
   * One page as Graph answers {@code GET /users?$select=…&$top=…}, the skiptoken an offset here.
   * {@code $filter} may hold {@code startswith(userPrincipalName,'…')} (case-insensitive) and {@code
   * accountEnabled eq true}, joined by {@code and} ("Use the $filter query parameter"). With {@code
   * $expand=manager($select=id)} a page holds at most 100 users ("Use query parameters", {@code
   * $expand}: at most 100 objects for directory objects) and each user carries its manager, {@code
   * managerOf(i)}, or no {@code manager} property when it has none.
   */
  static LocalApiServer.Response page(LocalApiServer.Request request, String base, int total) {
    return page(request, base, total, i -> -1);
  }

  /** {@link #page(LocalApiServer.Request, String, int)} with each user's manager, -1 for none. */
  static LocalApiServer.Response page(LocalApiServer.Request request, String base, int total, IntUnaryOperator managerOf) {
    boolean expand = request.query("$expand") != null;
    int top = Math.min(expand ? 100 : EntraSettings.MAX_PAGE_SIZE, request.queryInt("$top", 100));
    String filter = request.query("$filter");
    String prefix = null;
    if (filter != null) {
      Matcher m = STARTS_WITH.matcher(filter);
      prefix = m.find() ? m.group(1).replace("''", "'").toLowerCase(Locale.ROOT) : null;
    }
    boolean enabledOnly = filter != null && filter.contains("accountEnabled eq true");
    int[] users = matching(total, prefix, enabledOnly);
    String token = request.query("$skiptoken");
    int from = token == null ? 0 : Integer.parseInt(token);
    int to = Math.min(users.length, from + top);
    StringBuilder b = new StringBuilder(300 * (to - from) + 400);
    b.append("{\"@odata.context\":\"https://graph.microsoft.com/v1.0/$metadata#users(")
        .append(SELECT)
        .append(expand ? ",manager(id))\"," : ")\",");
    if (to < users.length) {
      b.append("\"@odata.nextLink\":\"").append(base).append("/v1.0/users?$select=").append(SELECT);
      if (filter != null) {
        b.append("&$filter=").append(URLEncoder.encode(filter, StandardCharsets.UTF_8));
      }
      if (expand) {
        b.append("&$expand=manager($select=id)");
      }
      b.append("&$top=").append(top).append("&$skiptoken=").append(to).append("\",");
    }
    b.append("\"value\":[");
    for (int k = from; k < to; k++) {
      int i = users[k];
      if (k > from) {
        b.append(',');
      }
      String n = String.format(Locale.ROOT, "%06d", i);
      b.append("{\"id\":\"").append(FullReadBenchmark.entraUserId(i))
          .append("\",\"userPrincipalName\":\"").append(login(i))
          .append("@contoso.onmicrosoft.com\",\"mail\":\"").append(login(i))
          .append("@contoso.com\",\"givenName\":\"Given").append(n)
          .append("\",\"surname\":\"Family").append(n)
          .append("\",\"displayName\":\"Given").append(n).append(" Family").append(n)
          .append("\",\"accountEnabled\":").append(i % 50 != 0);
      int manager = managerOf.applyAsInt(i);
      if (expand && manager >= 0) {
        b.append(",\"manager\":{\"@odata.type\":\"#microsoft.graph.user\",\"id\":\"")
            .append(FullReadBenchmark.entraUserId(manager)).append("\"}");
      }
      b.append('}');
    }
    b.append("]}");
    return LocalApiServer.Response.json(200, b.toString());
  }

  private static int[] matching(int total, @Nullable String prefix, boolean enabledOnly) {
    return MATCHING.computeIfAbsent(total + "/" + prefix + "/" + enabledOnly, k -> scan(total, prefix, enabledOnly));
  }

  private static int[] scan(int total, @Nullable String prefix, boolean enabledOnly) {
    int[] out = new int[total];
    int n = 0;
    for (int i = 0; i < total; i++) {
      if ((prefix == null || login(i).startsWith(prefix)) && (!enabledOnly || i % 50 != 0)) {
        out[n++] = i;
      }
    }
    return Arrays.copyOf(out, n);
  }
}
