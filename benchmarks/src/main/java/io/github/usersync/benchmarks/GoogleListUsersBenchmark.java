package io.github.usersync.benchmarks;

import io.github.usersync.testkit.LocalApiServer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.settings.Secret;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.google.GoogleDirectory;
import io.github.usersync.google.GoogleSettings;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lists N users (default 100,000; first argument) from a loopback server speaking the Directory
 * API's users.list format (500 a page, {@code nextPageToken}), through the Google connector
 * authenticated as a service account (JWT bearer grant against a second loopback server, so the
 * API server counts only listing requests). Expected requests: ⌈N/500⌉.
 *
 * <p>{@code java -Xmx256m -cp benchmarks/target/benchmarks.jar
 * io.github.usersync.benchmarks.GoogleListUsersBenchmark [users]}
 */
public final class GoogleListUsersBenchmark {
  private static final String USERS_PATH = "/admin/directory/v1/users";

  private GoogleListUsersBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    AtomicLong tokens = new AtomicLong();
    try (LocalApiServer api = LocalApiServer.start();
        LocalApiServer auth = LocalApiServer.start()) {
      auth.route("/token", (request, base) -> {
        tokens.incrementAndGet();
        return LocalApiServer.Response.json(200,
            "{\"access_token\":\"ya29.benchmark\",\"expires_in\":3599,\"token_type\":\"Bearer\"}");
      });
      api.route(USERS_PATH, (request, base) -> usersPage(request, n));
      String key = serviceAccountKey();
      Directories settings = new Directories(key, auth.baseUrl());
      long expected = ((long) n + GoogleSettings.MAX_PAGE_SIZE - 1) / GoogleSettings.MAX_PAGE_SIZE;
      ListUsersHarness.report(
          "google (" + n + " users)", api, settings::directory, UserQuery.standard(), expected);
      System.out.println("google: token requests " + tokens.get() + " (one per directory opened)");
    }
  }

  private static final class Directories {
    private final String key;
    private final String authBase;

    Directories(String key, String authBase) {
      this.key = key;
      this.authBase = authBase;
    }

    GoogleDirectory directory(String apiBase) {
      return GoogleDirectory.create(
          GoogleSettings.builder()
              .serviceAccountKey(Secret.of(key))
              .adminEmail("admin@example.com")
              .baseUrl(URI.create(apiBase))
              .tokenUrl(URI.create(authBase + "/token"))
              .build());
    }
  }

  static LocalApiServer.Response usersPage(LocalApiServer.Request request, int total) {
    if (request.header("Authorization") == null) {
      return LocalApiServer.Response.json(401, "{\"error\":{\"code\":401,\"message\":\"Login Required.\"}}");
    }
    int size = Math.min(500, request.queryInt("maxResults", 100));
    String token = request.query("pageToken");
    int from = token == null ? 0 : Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
    int to = Math.min(total, from + size);
    StringBuilder b = new StringBuilder(size * 1100);
    b.append("{\"kind\":\"admin#directory#users\",\"etag\":\"\\\"bench/").append(from).append("\\\"\",\"users\":[");
    for (int i = from; i < to; i++) {
      if (i > from) {
        b.append(',');
      }
      appendUser(b, i);
    }
    b.append(']');
    if (to < total) {
      b.append(",\"nextPageToken\":\"")
          .append(Base64.getUrlEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)))
          .append('"');
    }
    b.append('}');
    return LocalApiServer.Response.json(200, b.toString());
  }

  // A User resource of the basic projection, about 1 KB, as Google returns it.
  private static void appendUser(StringBuilder b, int i) {
    String email = email(i);
    b.append("{\"kind\":\"admin#directory#user\",\"id\":\"1").append(pad(i, 20))
        .append("\",\"etag\":\"\\\"k9Yk8yfBxQ9QqPfCGrs5pNdAqu0/u").append(i).append("\\\"\"")
        .append(",\"primaryEmail\":\"").append(email).append('"')
        .append(",\"name\":{\"givenName\":\"Given").append(i).append("\",\"familyName\":\"Family").append(i)
        .append("\",\"fullName\":\"Given").append(i).append(" Family").append(i).append("\"}")
        .append(",\"isAdmin\":false,\"isDelegatedAdmin\":false")
        .append(",\"lastLoginTime\":\"2025-11-02T08:15:31.000Z\",\"creationTime\":\"2021-03-14T09:26:53.000Z\"")
        .append(",\"agreedToTerms\":true,\"suspended\":").append(i % 50 == 0)
        .append(",\"archived\":false,\"changePasswordAtNextLogin\":false,\"ipWhitelisted\":false")
        .append(",\"emails\":[{\"address\":\"").append(email).append("\",\"primary\":true}]")
        .append(",\"phones\":[{\"value\":\"+1 555 ").append(pad(i % 10_000, 4)).append("\",\"type\":\"work\"}]")
        .append(",\"organizations\":[{\"title\":\"Engineer ").append(i % 7)
        .append("\",\"primary\":true,\"customType\":\"\",\"department\":\"Dept ").append(i % 40).append("\"}]");
    if (i % 10 != 0) {
      b.append(",\"relations\":[{\"value\":\"").append(email(i / 10 * 10))
          .append("\",\"type\":\"manager\"}]");
    }
    b.append(",\"customerId\":\"C01abcd2e\",\"orgUnitPath\":\"/Dept ").append(i % 40).append('"')
        .append(",\"isMailboxSetup\":true,\"isEnrolledIn2Sv\":false,\"isEnforcedIn2Sv\":false")
        .append(",\"includeInGlobalAddressList\":true");
    if (i % 2 == 0) {
      b.append(",\"thumbnailPhotoUrl\":\"https://lh3.googleusercontent.com/a-/ALV-UjX").append(i)
          .append("=s96-c\",\"thumbnailPhotoEtag\":\"\\\"k9Yk8yfBxQ9QqPfCGrs5pNdAqu0/p").append(i).append("\\\"\"");
    }
    b.append('}');
  }

  private static String email(int i) {
    return "user" + pad(i, 6) + "@example.com";
  }

  // String.format is slow enough to distort a benchmark whose server shares the machine.
  private static String pad(int value, int width) {
    String v = Integer.toString(value);
    StringBuilder b = new StringBuilder(width);
    for (int k = v.length(); k < width; k++) {
      b.append('0');
    }
    return b.append(v).toString();
  }

  static String serviceAccountKey() throws NoSuchAlgorithmException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    ObjectNode key = new ObjectMapper().createObjectNode();
    key.put("type", "service_account");
    key.put("project_id", "usersync-bench");
    key.put("private_key_id", "0123456789abcdef0123456789abcdef01234567");
    key.put("private_key", pem);
    key.put("client_email", "bench@usersync-bench.iam.gserviceaccount.com");
    key.put("client_id", "100000000000000000000");
    key.put("token_uri", "https://oauth2.googleapis.com/token");
    return key.toString();
  }
}
