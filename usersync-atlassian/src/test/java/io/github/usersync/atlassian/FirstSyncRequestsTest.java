package io.github.usersync.atlassian;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.usersync.atlassian.sim.ConfluenceSim;
import io.github.usersync.atlassian.sim.CrowdSim;
import io.github.usersync.atlassian.sim.JiraSim;
import io.github.usersync.atlassian.sim.SimServer;
import io.github.usersync.atlassian.sim.SimState;
import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A first sync of 116 users and 251 memberships into Jira, Crowd and Confluence, counted request by request:
 * every membership costs its one write, and the reads do not grow with the changes (the run lists
 * the host once and writes from what it listed). Counts, not time: the figures are printed for the
 * benchmark notes.
 */
class FirstSyncRequestsTest {
  static final int USERS = 116;
  static final int GROUPS = 12;

  /** 116 users, 12 groups, 251 direct memberships (two per user, a third for every fifth user... ). */
  static InMemoryDirectory directory() {
    InMemoryDirectory d = InMemoryDirectory.create(100, Clock.systemUTC());
    List<Set<String>> members = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      d.putGroup(DirectoryGroup.of("g" + g, "team-" + g));
      members.add(new LinkedHashSet<>());
    }
    int memberships = 0;
    for (int i = 0; i < USERS; i++) {
      String id = String.format(Locale.ROOT, "u%04d", i);
      String login = "user" + i;
      d.putUser(DirectoryUser.builder().id(id).username(login).email(login + "@example.com")
          .givenName("Given" + i).familyName("Family" + i).displayName("Given" + i + " Family" + i)
          .active(true).build());
      int groups = i < 19 ? 3 : 2; // 19 × 3 + 97 × 2 = 251
      for (int k = 0; k < groups; k++) {
        members.get((i + k * 5) % GROUPS).add(id);
        memberships++;
      }
    }
    for (int g = 0; g < GROUPS; g++) {
      d.setUserMembers("g" + g, members.get(g));
    }
    assertThat(memberships).isEqualTo(251);
    return d;
  }

  /** What the server saw: listing reads and writes. */
  static final class Count {
    int reads;
    int writes;
    int membershipWrites;
    final java.util.Map<String, Integer> byCall = new java.util.TreeMap<>();

    @Override
    public String toString() {
      return (reads + writes) + " requests (" + writes + " writes, of which " + membershipWrites
          + " memberships; " + reads + " reads): " + byCall;
    }
  }

  /** Counts what the server saw; a write whose path matches {@code membershipPath} (a regex) adds a membership. */
  static Count count(SimServer server, String membershipPath) {
    Count c = new Count();
    for (SimServer.Req r : server.requests()) {
      // Crowd's XML search is a POST that reads.
      boolean read = r.method.equals("GET") || r.path.endsWith("/search");
      boolean membership = !read && r.path.matches(".*" + membershipPath);
      c.byCall.merge(r.method + " " + (membership ? membershipPath : r.path), 1, Integer::sum);
      if (read) {
        c.reads++;
      } else {
        c.writes++;
        if (membership) {
          c.membershipWrites++;
        }
      }
    }
    return c;
  }

  private static SyncReport sync(AtlassianTarget target) {
    UserSync sync = UserSync.builder(directory(), target)
        .policy(SyncPolicy.builder().incremental(false).build())
        .name("first-sync")
        .build();
    return sync.runFull();
  }

  private static void check(String product, SyncReport report, Count c, SimState state) {
    System.out.printf(Locale.ROOT, "%s first sync of %d users / 251 memberships: %s%n", product, USERS, c);
    assertThat(report.success()).as(report.toString()).isTrue();
    assertThat(report.outcomes()).filteredOn(o -> o.change().type() == ChangeType.ADD_MEMBERSHIP).hasSize(251);
    assertThat(c.membershipWrites).isEqualTo(251);
    int members = 0;
    for (String g : state.groupNames()) {
      if (g.startsWith("team-")) { // Jira also puts new users in its default group
        members += state.memberNames(g).size();
      }
    }
    assertThat(members).isEqualTo(251);
  }

  @Test
  void jiraFirstSyncWritesEachMembershipOnceAndReadsOnlyTheListingsAndNewAccounts() {
    SimState state = new SimState();
    try (SimServer server = JiraSim.server(state, "10.3.1");
        AtlassianTarget target = JiraTarget.remote(
            Sims.jira(server.baseUrl(), JiraAttributeStore.CROWD_ATTRIBUTES), Sims.options())) {
      SyncReport report = sync(target);
      Count c = count(server, "/rest/api/2/group/user");
      check("jira", report, c, state);
      // Per group one create; per user its create and its link in the embedded Crowd API; per
      // membership one add. The reads are the run's listings only: the version, the users (one
      // page each of Jira's and Crowd's listing, the host being empty), the groups.
      assertThat(c.writes).isEqualTo(GROUPS + USERS * 2 + 251);
      assertThat(c.byCall).allSatisfy((call, n) -> {
        if (call.startsWith("GET ")) {
          assertThat(call).matches("GET /rest/(api/2/serverInfo|api/2/user/list|usermanagement/1/search)");
          assertThat(n).isLessThanOrEqualTo(2);
        }
      });
    }
  }

  @Test
  void crowdFirstSyncWritesEachMembershipOnceAndReadsOnlyTheListings() {
    SimState state = new SimState();
    try (SimServer server = CrowdSim.server(state);
        AtlassianTarget target = CrowdTarget.remote(Sims.crowd(server.baseUrl()), Sims.options())) {
      SyncReport report = sync(target);
      Count c = count(server, "/rest/usermanagement/1/user/group/direct");
      check("crowd", report, c, state);
      // Per group one create; per user one create, which Crowd answers with the new user and its
      // key (CWD-3976), so no user is read back; per membership one add. The reads are the run's
      // listings: the users (one page, the host being empty) and the groups.
      assertThat(c.writes).isEqualTo(GROUPS + USERS + 251);
      assertThat(c.byCall).doesNotContainKey("GET /crowd/rest/usermanagement/1/user");
      assertThat(c.reads).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void confluenceFirstSyncWritesEachMembershipOnceAndReadsOnlyTheListings() {
    SimState state = new SimState();
    try (SimServer server = ConfluenceSim.server(state, "9.4.1");
        AtlassianTarget target = ConfluenceTarget.remote(Sims.confluence(server.baseUrl(), null), Sims.options())) {
      SyncReport report = sync(target);
      Count c = count(server, "/rest/api/user/[^/]+/group/team-[0-9]+");
      check("confluence", report, c, state);
      // Per group one create; per user its create and its link record (a space property); per
      // membership one add. Confluence answers a create with the new user's key, and a new key
      // has no record yet, so nothing is read per user: the reads are the run's listings (the
      // version, the users and their link records, the groups).
      assertThat(c.writes).isEqualTo(GROUPS + USERS * 2 + 251);
      assertThat(c.reads).isLessThanOrEqualTo(5);
    }
  }
}
