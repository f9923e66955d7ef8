package io.github.usersync.benchmarks;

import com.google.api.client.http.javanet.NetHttpTransport;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.services.directory.Directory;
import com.google.api.services.directory.model.Group;
import com.google.api.services.directory.model.Groups;
import com.google.api.services.directory.model.Members;
import com.google.api.services.directory.model.Users;
import io.github.usersync.testkit.LocalApiServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The same full read as {@link FullReadBenchmark}'s Google read (20,000 users, 40 groups, 36,000
 * memberships, same server, same answers) with Google's Admin SDK Directory client ({@code
 * com.google.apis:google-api-services-admin-directory}), as its documentation pages it: users 500
 * a page, groups and each group's members 200 a page, one request after the other. Run it and the
 * usersync read in alternating processes:
 *
 * <pre>{@code for i in 1 2 3; do
 *   java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.FullReadBenchmark google 50 1
 *   java -cp benchmarks/target/benchmarks.jar io.github.usersync.benchmarks.GoogleSdkFullRead 50 1
 * done}</pre>
 */
public final class GoogleSdkFullRead {
  private GoogleSdkFullRead() {}

  /** Runs the read: arguments round trip in ms (default 50) and rounds (default 3). */
  public static void main(String[] args) throws Exception {
    long rtt = args.length > 0 ? Long.parseLong(args[0]) : 50;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    FullReadBenchmark.Counted api = new FullReadBenchmark.Counted();
    api.route("/admin/directory/v1/users", "users", (r, base) -> GoogleListUsersBenchmark.usersPage(r, FullReadBenchmark.USERS));
    api.route("/admin/directory/v1/groups", "groups", FullReadBenchmark::googleGroups);
    Directory sdk = new Directory.Builder(new NetHttpTransport(), GsonFactory.getDefaultInstance(),
            request -> request.getHeaders().setAuthorization("Bearer ya29.benchmark"))
        .setRootUrl(api.server.baseUrl() + "/")
        .setApplicationName("usersync-benchmark")
        .build();
    read(sdk); // warm-up
    api.reset();
    read(sdk);
    System.out.printf(Locale.ROOT, "google-sdk: read requests %d %s%n", api.server.requests(), api.counts());
    api.server.delay(Duration.ofMillis(rtt));
    List<Long> times = new ArrayList<>();
    for (int i = 0; i < rounds; i++) {
      long t = System.nanoTime();
      read(sdk);
      times.add((System.nanoTime() - t) / 1_000_000);
    }
    System.out.printf(Locale.ROOT, "google-sdk: at %d ms: read %s ms (median %d)%n", rtt, times, FullReadBenchmark.median(times));
    api.server.close();
  }

  static void read(Directory sdk) throws Exception {
    long users = 0;
    String token = null;
    do {
      Users page = sdk.users().list().setCustomer("my_customer").setMaxResults(500).setPageToken(token).execute();
      users += page.getUsers() == null ? 0 : page.getUsers().size();
      token = page.getNextPageToken();
    } while (token != null);
    List<Group> groups = new ArrayList<>();
    token = null;
    do {
      Groups page = sdk.groups().list().setCustomer("my_customer").setMaxResults(200).setPageToken(token).execute();
      groups.addAll(page.getGroups());
      token = page.getNextPageToken();
    } while (token != null);
    long members = 0;
    for (Group g : groups) {
      token = null;
      do {
        Members page = sdk.members().list(g.getId()).setMaxResults(200).setPageToken(token).execute();
        members += page.getMembers() == null ? 0 : page.getMembers().size();
        token = page.getNextPageToken();
      } while (token != null);
    }
    if (users != FullReadBenchmark.USERS || members != FullReadBenchmark.memberships()) {
      throw new IllegalStateException("read " + users + " users and " + members + " memberships");
    }
  }
}
