package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.keycloak.KeycloakDirectory;
import io.github.usersync.keycloak.KeycloakSettings;
import java.net.URI;
import java.util.Locale;

/**
 * Lists N users (default 100,000) from a loopback server that answers in Keycloak's wire format
 * ({@code /users/count}, {@code /users?first&max} with full representations and attributes), with
 * the connector's defaults: pages of {@code pageSize} and up to {@code maxConcurrentRequests} pages
 * in flight.
 *
 * <pre>java -Xmx256m -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.KeycloakListUsersBenchmark [users] [pageSize] [maxConcurrentRequests]</pre>
 */
public final class KeycloakListUsersBenchmark {
  private KeycloakListUsersBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) {
    int users = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int pageSize = args.length > 1 ? Integer.parseInt(args[1]) : 500;
    int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 4;
    try (LocalApiServer server = LocalApiServer.start()) {
      server.route("/realms/bench/protocol/openid-connect/token", (r, base) -> LocalApiServer.Response.json(200,
          "{\"access_token\":\"bench-token\",\"expires_in\":300,\"token_type\":\"Bearer\"}"));
      server.route("/admin/realms/bench/users", (r, base) -> {
        if (r.path().endsWith("/count")) {
          return LocalApiServer.Response.json(200, Integer.toString(users));
        }
        int first = r.queryInt("first", 0);
        int max = r.queryInt("max", 100);
        boolean brief = "true".equals(r.query("briefRepresentation"));
        StringBuilder b = new StringBuilder(max * 600).append('[');
        for (int i = first; i < Math.min(users, first + max); i++) {
          if (i > first) {
            b.append(',');
          }
          user(b, i, brief);
        }
        return LocalApiServer.Response.json(200, b.append(']').toString());
      });
      long expected = 1 + 1 + (long) users / pageSize + 1;
      ListUsersHarness.report(
          "keycloak (pages of " + pageSize + ", " + concurrency + " in flight)",
          server,
          base -> KeycloakDirectory.create(KeycloakSettings.builder()
              .baseUrl(URI.create(base))
              .realm("bench")
              .clientId("usersync")
              .clientSecret(Secret.of("bench-secret"))
              .pageSize(pageSize)
              .maxConcurrentRequests(concurrency)
              .build()),
          UserQuery.builder().addAttributes("attributes.department").build(),
          expected);
    }
  }

  /** A full UserRepresentation as Keycloak 26 returns it in a listing. */
  static void user(StringBuilder b, int i, boolean brief) {
    b.append(String.format(Locale.ROOT,
        "{\"id\":\"%08x-0000-4000-8000-%012x\",\"username\":\"jürgen.müller.%06d\",\"firstName\":\"Jürgen\","
            + "\"lastName\":\"Müller\",\"email\":\"user%06d@example.com\",\"emailVerified\":true,",
        i, (long) i, i, i));
    if (!brief) {
      b.append(String.format(Locale.ROOT,
          "\"attributes\":{\"department\":[\"Engineering\"],\"location\":[\"München\"],"
              + "\"employeeNumber\":[\"E%06d\"],\"phone\":[\"+49 30 %07d\"]},", i, i));
    }
    b.append("\"enabled\":true,\"createdTimestamp\":1700000000000,");
    if (!brief) {
      b.append("\"totp\":false,\"disableableCredentialTypes\":[],\"requiredActions\":[],\"notBefore\":0,");
    }
    b.append("\"access\":{\"manage\":true}}");
  }
}
