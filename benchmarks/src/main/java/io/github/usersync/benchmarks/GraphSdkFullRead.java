package io.github.usersync.benchmarks;

import com.microsoft.graph.core.tasks.PageIterator;
import com.microsoft.graph.models.DirectoryObject;
import com.microsoft.graph.models.DirectoryObjectCollectionResponse;
import com.microsoft.graph.models.Group;
import com.microsoft.graph.models.GroupCollectionResponse;
import com.microsoft.graph.models.User;
import com.microsoft.graph.models.UserCollectionResponse;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The same full read as {@link FullReadBenchmark}'s Entra read (20,000 users, 40 groups, 36,000
 * memberships, same server, same answers) with Microsoft's Graph Java SDK ({@code
 * com.microsoft.graph:microsoft-graph} 6.69.0), as Microsoft's "Page through a collection" page
 * shows it: the first page with {@code $top=999} and the same {@code $select} as usersync, then
 * {@code PageIterator} following {@code @odata.nextLink} one page after the other; users, then
 * groups, then each group's members.
 *
 * <p>The SDK gets a static token through Kiota's {@code BaseBearerTokenAuthenticationProvider}
 * with an {@code AccessTokenProvider} that returns a fixed token (the https-only check lives in
 * the Azure Identity token provider, which is not used), and its base URL is the loopback server's
 * ({@code RequestAdapter.setBaseUrl}), so it talks plain http to 127.0.0.1 without TLS.
 *
 * <pre>{@code for i in 1 2 3; do
 *   java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.FullReadBenchmark entra 50 1
 *   java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.GraphSdkFullRead 50 1
 * done}</pre>
 */
public final class GraphSdkFullRead {
  private GraphSdkFullRead() {}

  /** A token handed out as is, for any host (the server is loopback). */
  static final class StaticToken implements AccessTokenProvider {
    @Override
    public String getAuthorizationToken(URI uri, Map<String, Object> context) {
      return "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJiZW5jaCJ9.c2ln";
    }

    @Override
    public AllowedHostsValidator getAllowedHostsValidator() {
      return new AllowedHostsValidator();
    }
  }

  /** Runs the read: arguments round trip in ms (default 50) and rounds (default 3). */
  public static void main(String[] args) throws Exception {
    long rtt = args.length > 0 ? Long.parseLong(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    FullReadBenchmark.Counted api = FullReadBenchmark.entraServer();
    GraphServiceClient graph = new GraphServiceClient(new BaseBearerTokenAuthenticationProvider(new StaticToken()));
    graph.getRequestAdapter().setBaseUrl(api.server.baseUrl() + "/v1.0");
    read(graph); // warm-up
    api.reset();
    read(graph);
    System.out.printf(Locale.ROOT, "graph-sdk: read requests %d %s, API floor %d%n", api.server.requests(), api.counts(),
        FullReadBenchmark.entraFloor());
    api.server.delay(Duration.ofMillis(rtt));
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      read(graph);
      times.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.printf(Locale.ROOT, "graph-sdk: at %d ms: read %s ms (median %d)%n", rtt, times, FullReadBenchmark.median(times));
    api.server.close();
  }

  static void read(GraphServiceClient graph) throws Exception {
    AtomicLong users = new AtomicLong();
    UserCollectionResponse firstUsers = graph.users().get(rc -> {
      rc.queryParameters.top = 999;
      rc.queryParameters.select =
          new String[] {"id", "userPrincipalName", "mail", "givenName", "surname", "displayName", "accountEnabled"};
    });
    new PageIterator.Builder<User, UserCollectionResponse>()
        .client(graph)
        .collectionPage(Objects.requireNonNull(firstUsers))
        .collectionPageFactory(UserCollectionResponse::createFromDiscriminatorValue)
        .processPageItemCallback(u -> {
          users.incrementAndGet();
          return true;
        })
        .build()
        .iterate();
    List<Group> groups = new ArrayList<>();
    GroupCollectionResponse firstGroups = graph.groups().get(rc -> {
      rc.queryParameters.top = 999;
      rc.queryParameters.select = new String[] {"id", "displayName", "description"};
    });
    new PageIterator.Builder<Group, GroupCollectionResponse>()
        .client(graph)
        .collectionPage(Objects.requireNonNull(firstGroups))
        .collectionPageFactory(GroupCollectionResponse::createFromDiscriminatorValue)
        .processPageItemCallback(g -> groups.add(g))
        .build()
        .iterate();
    AtomicLong members = new AtomicLong();
    for (Group g : groups) {
      DirectoryObjectCollectionResponse first = graph.groups().byGroupId(Objects.requireNonNull(g.getId())).members()
          .get(rc -> {
            rc.queryParameters.top = 999;
            rc.queryParameters.select = new String[] {"id"};
          });
      new PageIterator.Builder<DirectoryObject, DirectoryObjectCollectionResponse>()
          .client(graph)
          .collectionPage(Objects.requireNonNull(first))
          .collectionPageFactory(DirectoryObjectCollectionResponse::createFromDiscriminatorValue)
          .processPageItemCallback(m -> {
            members.incrementAndGet();
            return true;
          })
          .build()
          .iterate();
    }
    if (users.get() != FullReadBenchmark.USERS || members.get() != FullReadBenchmark.memberships()) {
      throw new IllegalStateException("read " + users + " users and " + members + " memberships");
    }
  }
}
