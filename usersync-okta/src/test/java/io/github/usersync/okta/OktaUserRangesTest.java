package io.github.usersync.okta;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.usersync.okta.OktaFixture.SERVER_NOW;
import static io.github.usersync.okta.OktaFixture.TIMESTAMP;
import static io.github.usersync.okta.OktaFixture.okta;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.usersync.core.ApiException;
import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.RetryPolicy;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A full user listing read as {@code userListRanges} chains over ranges of {@code lastUpdated} plus
 * a catch-up chain, against {@link OktaFixture.Users}, which answers {@code filter=lastUpdated …}
 * expressions joined with {@code and} and pages with an {@code after} cursor as Okta does
 * (Management API, User, "List all users": the filter takes {@code lastUpdated} with {@code gt},
 * {@code ge}, {@code lt}, {@code le} and the logical {@code and}; "Returned users include those with
 * the DEPROVISIONED status"; the plain listing "omits users that have a status of DEPROVISIONED").
 */
class OktaUserRangesTest {
  @RegisterExtension
  static WireMockExtension wm = OktaFixture.server();

  private static final int USERS = 1_234;
  private static final int PAGE = 100;
  private static final String EVERY_USER = "lastUpdated gt \"1970-01-01T00:00:00.000Z\"";
  /** The catch-up: from the first answer's Date (the fixture's SERVER_NOW) less 60 s. */
  private static final String CATCH_UP = "lastUpdated ge \"2024-03-01T11:59:00.000Z\"";

  private final OktaFixture.RecordingSleeper sleeper = new OktaFixture.RecordingSleeper();

  @AfterEach
  void settle() {
    OktaFixture.settle(wm);
  }

  private OktaDirectory directory(int ranges) {
    return directory(ranges, b -> {});
  }

  private OktaDirectory directory(int ranges, Consumer<OktaSettings.Builder> tweak) {
    return OktaFixture.directory(wm, sleeper, b -> {
      b.pageSize(PAGE).userListRanges(ranges);
      tweak.accept(b);
    });
  }

  private static List<String> ids(Stream<DirectoryUser> users) {
    try (Stream<DirectoryUser> s = users) {
      return s.map(DirectoryUser::id).collect(Collectors.toList());
    }
  }

  private static List<LoggedRequest> userListings() {
    return wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/users")));
  }

  private static long pages(long users) {
    return Math.max(1, (users + PAGE - 1) / PAGE);
  }

  /** The ranges the connector should read: quantiles of the first page's lastUpdated, 4 ranges. */
  private static List<String> expectedRanges(OktaFixture.Users org, boolean includeDeactivated) {
    List<String> first = org.matching(includeDeactivated ? EVERY_USER : null).subList(0, PAGE);
    List<Instant> sample = new ArrayList<>();
    for (JsonNode u : org.all()) {
      if (first.contains(u.get("id").asText())) {
        sample.add(Instant.parse(u.get("lastUpdated").asText()));
      }
    }
    Collections.sort(sample);
    String b1 = TIMESTAMP.format(sample.get(PAGE / 4));
    String b2 = TIMESTAMP.format(sample.get(PAGE / 2));
    String b3 = TIMESTAMP.format(sample.get(3 * PAGE / 4));
    return List.of(
        "lastUpdated lt \"" + b1 + "\"",
        "lastUpdated ge \"" + b1 + "\" and lastUpdated lt \"" + b2 + "\"",
        "lastUpdated ge \"" + b2 + "\" and lastUpdated lt \"" + b3 + "\"",
        "lastUpdated ge \"" + b3 + "\"");
  }

  @ParameterizedTest(name = "deactivated users asked for: {0}")
  @ValueSource(booleans = {true, false})
  void aThousandUserOrgReadInRangesIsTheSingleChainsUsersEachOnceAtTheCountedCost(boolean includeDeactivated) {
    OktaFixture.Users org = OktaFixture.serveUsers(wm, OktaFixture.org(USERS, 7));
    UserQuery query = UserQuery.builder().includeDeactivated(includeDeactivated).build();

    List<String> single = ids(directory(1).users(query));
    int singleRequests = userListings().size();
    wm.resetRequests();
    List<String> split = ids(directory(4).users(query));

    // The same users, each once; and what Okta's listing holds (every user, or all but DEPROVISIONED).
    List<String> expected = org.matching(includeDeactivated ? EVERY_USER : null);
    assertThat(single).containsExactlyElementsOf(expected);
    assertThat(split).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(single);
    assertThat(singleRequests).isEqualTo(pages(expected.size()));
    // The first page as the plain listing sends it, 4 ranges at the first page's quantiles, each
    // over its pages, then the catch-up (nobody updated since the first answer: one empty page).
    List<String> ranges = expectedRanges(org, includeDeactivated);
    Set<String> filters = new LinkedHashSet<>();
    userListings().forEach(r -> filters.add(r.queryParameter("filter").isPresent() ? r.queryParameter("filter").firstValue() : "(none)"));
    Set<String> sent = new HashSet<>(ranges);
    sent.add(includeDeactivated ? EVERY_USER : "(none)");
    sent.add(CATCH_UP);
    assertThat(filters).containsExactlyInAnyOrderElementsOf(sent);
    long rangePages = 0;
    for (String range : ranges) {
      rangePages += pages(org.matching(range).size());
    }
    assertThat(org.matching(CATCH_UP)).isEmpty();
    assertThat(userListings()).hasSize((int) (1 + rangePages + 1));
    // At most one page more than the single chain per range, plus the sample page and the catch-up.
    assertThat(1 + rangePages + 1).isLessThanOrEqualTo(singleRequests + 4 + 1);
  }

  /**
   * The user last in listing order of the lowest range is updated while that range is on its
   * second page and after every other range has ended: its new lastUpdated puts it in the top
   * range, which has been read. Neither range lists it; the catch-up must.
   */
  @Test
  void aUserUpdatedPartWayThroughTheReadIntoARangeAlreadyReadIsStillListedOnce() throws Exception {
    OktaFixture.Users org = OktaFixture.serveUsers(wm, OktaFixture.org(USERS, 11));
    String lowest = expectedRanges(org, true).get(0);
    List<String> inLowest = org.matching(lowest);
    assertThat(inLowest).as("the lowest range spans more than one page").hasSizeGreaterThan(PAGE);
    String moved = inLowest.get(inLowest.size() - 1);
    Instant updated = SERVER_NOW.plusSeconds(5);
    java.util.concurrent.atomic.AtomicBoolean bumped = new java.util.concurrent.atomic.AtomicBoolean();
    org.before = (filter, after) -> {
      if (lowest.equals(filter) && after != null && !bumped.get()) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (endedRanges(org) < 3) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("the other ranges did not end: " + org.served);
          }
          sleep();
        }
        org.update(moved, updated);
        bumped.set(true);
      }
      return null;
    };

    List<String> users = ids(directory(4).users(UserQuery.standard()));

    assertThat(bumped).isTrue();
    assertThat(users).as("the listing").contains(moved).doesNotHaveDuplicates().hasSize(USERS);
    // Neither range answer held the user; the catch-up did.
    assertThat(org.served.stream().filter(s -> s.filter != null && !s.filter.equals(CATCH_UP))
        .flatMap(s -> s.ids.stream())).doesNotContain(moved);
    assertThat(org.served.stream().filter(s -> CATCH_UP.equals(s.filter)).flatMap(s -> s.ids.stream()))
        .containsExactly(moved);
  }

  // Ranges other than the lowest that have served their last page.
  private static long endedRanges(OktaFixture.Users org) {
    return org.served.stream()
        .filter(s -> s.filter != null && s.filter.startsWith("lastUpdated ge") && !s.next)
        .map(s -> s.filter).distinct().count();
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void deprovisionedUsersInFilterAnswersAreLeftOutWhenTheQueryLeavesThemOut() {
    OktaFixture.Users org = OktaFixture.serveUsers(wm, OktaFixture.org(USERS, 13));
    Set<String> deprovisioned = org.all().stream()
        .filter(u -> u.get("status").asText().equals("DEPROVISIONED"))
        .map(u -> u.get("id").asText()).collect(Collectors.toSet());

    List<String> users = ids(directory(4).users(UserQuery.builder().includeDeactivated(false).build()));

    // The range answers (filters) held DEPROVISIONED users, as Okta's filters do...
    assertThat(org.served.stream().filter(s -> s.filter != null).flatMap(s -> s.ids.stream()))
        .anyMatch(deprovisioned::contains);
    // ...and none is listed, as the plain listing lists none.
    assertThat(users).isNotEmpty().doesNotContainAnyElementsOf(deprovisioned);
    assertThat(users).containsExactlyInAnyOrderElementsOf(org.matching(null));
  }

  @Test
  void anOrgOnOnePageCostsOneRequest() {
    OktaFixture.serveUsers(wm, OktaFixture.org(PAGE - 1, 17));

    assertThat(ids(directory(4).users(UserQuery.standard()))).hasSize(PAGE - 1);

    assertThat(userListings()).hasSize(1);
    assertThat(userListings().get(0).queryParameter("filter").firstValue()).isEqualTo(EVERY_USER);
  }

  @Test
  void aCallerThatStopsAtTheFirstUserSendsOneRequest() {
    OktaFixture.serveUsers(wm, OktaFixture.org(USERS, 19));

    assertThat(directory(4).users(UserQuery.standard()).findFirst()).isPresent();

    OktaFixture.settle(wm);
    assertThat(userListings()).hasSize(1);
  }

  @Test
  void aFailingRangePageFailsTheListing() {
    OktaFixture.Users org = OktaFixture.serveUsers(wm, OktaFixture.org(USERS, 23));
    failSecondPageOfTheTopRange(org);
    OktaDirectory d = OktaDirectory.create(OktaFixture.settings(wm).pageSize(PAGE).userListRanges(4).build(),
        ConnectorOptions.builder().sleeper(sleeper).retryPolicy(RetryPolicy.none()).build());

    assertThatThrownBy(() -> ids(d.users(UserQuery.standard())))
        .isInstanceOfSatisfying(ApiException.class, e -> {
          assertThat(e.status()).isEqualTo(500);
          assertThat(e.errorCode()).contains("E0000009");
        });
  }

  private static void failSecondPageOfTheTopRange(OktaFixture.Users org) {
    org.before = (filter, after) -> filter != null && filter.startsWith("lastUpdated ge") && !filter.contains(" and ")
        && !filter.equals(CATCH_UP) && after != null
        ? aResponse().withStatus(500).withHeader("Content-Type", "application/json")
            .withBody("{\"errorCode\":\"E0000009\",\"errorSummary\":\"Internal Server Error\",\"errorId\":\"oaefail\"}")
        : null;
  }

  /** The engine's side: a full run whose range read fails deactivates nobody. */
  @Test
  void aSyncWhoseRangeReadFailsDeactivatesNobody() {
    OktaFixture.Users org = OktaFixture.serveUsers(wm, OktaFixture.org(USERS, 29));
    wm.stubFor(get(urlPathEqualTo("/api/v1/groups")).willReturn(okta("[]")));
    wm.stubFor(get(urlPathEqualTo("/api/v1/logs")).willReturn(okta("[]")));
    InMemoryTarget host = InMemoryTarget.create();
    try (OktaDirectory okta = directory(4)) {
      SyncReport first = UserSync.builder(okta, host).mapper(UserMapping.defaults()).build().run();
      assertThat(first.plan().readComplete()).isTrue();
      assertThat(first.counts().created()).isPositive();
    }
    long active = host.users().filter(HostUser::active).count();

    failSecondPageOfTheTopRange(org);
    try (OktaDirectory okta = OktaDirectory.create(OktaFixture.settings(wm).pageSize(PAGE).userListRanges(4).build(),
        ConnectorOptions.builder().sleeper(sleeper).retryPolicy(RetryPolicy.none()).build())) {
      SyncReport failed = UserSync.builder(okta, host).mapper(UserMapping.defaults()).build().run();

      assertThat(failed.status()).isNotEqualTo(SyncReport.Status.SUCCESS);
      assertThat(failed.counts().deactivated()).isZero();
    }
    assertThat(host.users().filter(HostUser::active).count()).isEqualTo(active);
  }
}
