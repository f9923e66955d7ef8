package io.github.usersync.benchmarks;

import com.okta.sdk.authc.credentials.TokenClientCredentials;
import com.okta.sdk.cache.Caches;
import com.okta.sdk.client.ClientBuilder;
import com.okta.sdk.client.Clients;
import com.okta.sdk.helper.PaginationUtil;
import com.okta.sdk.resource.api.GroupApi;
import com.okta.sdk.resource.api.UserApi;
import com.okta.sdk.resource.client.ApiClient;
import com.okta.sdk.resource.model.Group;
import com.okta.sdk.resource.model.User;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.jspecify.annotations.Nullable;

/**
 * The same full read as {@link FullReadBenchmark}'s Okta read (20,000 users, 40 groups, 36,000
 * memberships, same server, same answers) with Okta's Java management SDK ({@code
 * com.okta.sdk:okta-sdk-impl} 24.0.0 on {@code okta-sdk-api} 23.0.1), used as the SDK's README
 * pages a list for 24.x: {@code listUsers(…, after, limit, …)} then {@code
 * PaginationUtil.getAfter(api.getApiClient())} until it is blank, one request after the other (the
 * SDK keeps the last response's headers on the shared {@code ApiClient}, so its pages cannot be
 * read in parallel on one client). Page sizes are the largest Okta documents: users 200, groups
 * 10,000 (one page here), group members 1,000. The SDK's cache is turned off so every round reads
 * from the server, as usersync does; its https check is turned off with the SDK's own switch for
 * tests ({@code okta.testing.disableHttpsCheck}), so it talks to the loopback server on plain
 * http. Run it and the usersync read in alternating processes:
 *
 * <pre>{@code for i in 1 2 3; do
 *   java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.FullReadBenchmark okta 50 1
 *   java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.OktaSdkFullRead 50 1
 * done}</pre>
 */
public final class OktaSdkFullRead {
  static final String CONTENT_TYPE = "application/json";

  private OktaSdkFullRead() {}

  /** Runs the read: arguments round trip in ms (default 50) and rounds (default 3). */
  public static void main(String[] args) throws Exception {
    long rtt = args.length > 0 ? Long.parseLong(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    FullReadBenchmark.Counted api = FullReadBenchmark.oktaServer();
    System.setProperty(ClientBuilder.DEFAULT_CLIENT_TESTING_DISABLE_HTTPS_CHECK_PROPERTY_NAME, "true");
    ApiClient client = Clients.builder()
        .setOrgUrl(api.server.baseUrl())
        .setClientCredentials(new TokenClientCredentials("00benchmark-token"))
        .setCacheManager(Caches.newDisabledCacheManager())
        .build();
    client.setHttpClient(new LowerCaseLink(client.getHttpClient()));
    read(client); // warm-up
    api.reset();
    read(client);
    System.out.printf(Locale.ROOT, "okta-sdk: read requests %d %s, API floor %d%n", api.server.requests(), api.counts(),
        FullReadBenchmark.oktaFloor());
    api.server.delay(Duration.ofMillis(rtt));
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      read(client);
      times.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.printf(Locale.ROOT, "okta-sdk: at %d ms: read %s ms (median %d)%n", rtt, times, FullReadBenchmark.median(times));
    api.server.close();
  }

  static void read(ApiClient client) throws Exception {
    UserApi userApi = new UserApi(client);
    GroupApi groupApi = new GroupApi(client);
    long users = 0;
    String after = null;
    do {
      users += userApi.listUsers(CONTENT_TYPE, null, after, 200, null, null, null, null).size();
      after = next(userApi.getApiClient());
    } while (after != null);
    List<Group> groups = new ArrayList<>();
    after = null;
    do {
      groups.addAll(groupApi.listGroups(null, null, after, 10_000, null, null, null, null));
      after = next(groupApi.getApiClient());
    } while (after != null);
    long members = 0;
    for (Group g : groups) {
      after = null;
      do {
        List<User> page = groupApi.listGroupUsers(g.getId(), after, 1000);
        members += page.size();
        after = next(groupApi.getApiClient());
      } while (after != null);
    }
    if (users != FullReadBenchmark.USERS || members != FullReadBenchmark.memberships()) {
      throw new IllegalStateException("read " + users + " users and " + members + " memberships");
    }
  }

  /**
   * The SDK's own HTTP client, with {@code Link} response headers renamed {@code link}. Okta sends
   * its header names in lower case ({@code link: <…>; rel="next"}, as in the SDK's own
   * PaginationUtilTest), and {@code PaginationUtil} looks the name up case-sensitively ({@code
   * responseHeaders.get("link")}); the JDK's loopback server capitalises every header name it
   * sends, so without this the SDK would not see a next page. Nothing else changes: same requests,
   * same connection pool, same retries.
   */
  static final class LowerCaseLink extends CloseableHttpClient {
    private final CloseableHttpClient delegate;

    LowerCaseLink(CloseableHttpClient delegate) {
      this.delegate = delegate;
    }

    @Override
    protected CloseableHttpResponse doExecute(@Nullable HttpHost target, ClassicHttpRequest request,
        @Nullable HttpContext context) throws IOException {
      CloseableHttpResponse response = delegate.execute(target, request, context);
      Header[] links = response.getHeaders("Link");
      if (links.length > 0) {
        response.removeHeaders("Link");
        for (Header h : links) {
          response.addHeader("link", h.getValue());
        }
      }
      return response;
    }

    @Override
    public void close(CloseMode mode) {
      delegate.close(mode);
    }

    @Override
    public void close() throws IOException {
      delegate.close();
    }
  }

  private static @Nullable String next(ApiClient client) {
    String after = PaginationUtil.getAfter(client);
    return after == null || after.isBlank() ? null : after;
  }
}
