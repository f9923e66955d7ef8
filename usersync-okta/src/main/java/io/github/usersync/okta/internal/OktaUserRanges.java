package io.github.usersync.okta.internal;

import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.UserQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A full user listing read as several chains of pages at once, split on {@code lastUpdated}.
 *
 * <p>Okta pages {@code GET /api/v1/users} with a cursor, so one listing is one chain of requests,
 * each sent when the one before has answered: 100 round trips for 20,000 users. This reads:
 *
 * <ol>
 *   <li>the first page of the listing as it is (plain, or with the every-status filter); without a
 *       {@code rel="next"} link that is the whole listing, one request as before;
 *   <li>else, with the {@code lastUpdated} of that page's users as a sample, {@code ranges} chains
 *       at once, one per range between the sample's quantiles: {@code lastUpdated lt "b1"}, {@code
 *       lastUpdated ge "b1" and lastUpdated lt "b2"}, …, {@code lastUpdated ge "bn"}. The ranges
 *       hold every timestamp once, so every user who is not updated during the read is in exactly
 *       one of them. The first page's own chain is left: its users are handed on now.
 *   <li>once every range has ended, a catch-up chain, {@code lastUpdated ge "T0 − 60 s"}, T0 being
 *       the first answer's {@code Date} (Okta's clock). A user updated during the read has a {@code
 *       lastUpdated} of at least T0 and may have moved from a range not read yet into one already
 *       read, and been seen in neither; the catch-up lists every such user.
 * </ol>
 *
 * <p>Okta's filter "filters against the most up-to-date data", and its answers include {@code
 * DEPROVISIONED} users (Management API, User, "List all users", {@code filter};
 * developer.okta.com/docs/api/openapi/okta-management/management/tag/User/#tag/User/operation/listUsers).
 * So the ranges are filters, never {@code search} (whose results "are sourced from an eventually
 * consistent datasource"), and when the query leaves out deactivated users, {@code DEPROVISIONED}
 * users in range and catch-up answers are dropped: the result is the set the plain listing gives.
 * Each user is handed on once, at its first sighting. Users are handed on as they come, from
 * whichever chain answers ({@link Paging#concurrently} over {@link Paging#streamAhead} chains, each
 * at most {@code pagesAhead} pages ahead); a failed page fails the listing, and closing the stream stops
 * every chain.
 *
 * <p>Assumed, not documented by Okta: the {@code after} cursor of a filtered listing marks a
 * position in a fixed order (by id, as the link's {@code after=<user id>} suggests), so a user who
 * leaves a range part-way through does not make that range's chain skip other users; and every
 * user has a {@code lastUpdated} (when a sample user has none, the plain chain is followed
 * instead).
 */
public final class OktaUserRanges {
  /**
   * How far before the first answer's {@code Date} the catch-up starts: covers clock differences
   * between Okta's servers, and the {@code Date} header's whole seconds.
   */
  public static final Duration CATCH_UP_MARGIN = Duration.ofSeconds(60);

  /** Taken off the local clock, as well, when an answer has no {@code Date}. */
  public static final Duration LOCAL_CLOCK_MARGIN = Duration.ofMinutes(5);

  private static final PageReader<DirectoryUser> USERS = Paging.linkHeader(OktaJson::user);

  private OktaUserRanges() {}

  /**
   * Every user {@code query} asks for, read as described above.
   *
   * @param limit users per page
   * @param ranges chains to read at once, 2 or more
   * @param pagesAhead pages each chain may run ahead of the caller
   * @param clock the local clock, used only when an answer has no {@code Date} header
   */
  public static Stream<DirectoryUser> stream(
      ApiClient client, UserQuery query, int limit, int ranges, int pagesAhead, Clock clock) {
    if (ranges < 2) {
      throw new IllegalArgumentException("ranges must be 2 or more, got " + ranges);
    }
    Listing listing = new Listing(client, query, limit, ranges, Math.max(1, pagesAhead), clock);
    return StreamSupport.stream(listing, false).onClose(listing::close);
  }

  /**
   * {@code ranges - 1} boundaries at the sample's quantiles, strictly increasing (equal ones are
   * merged, so there may be fewer).
   */
  static List<Instant> boundaries(List<Instant> sample, int ranges) {
    List<Instant> sorted = new ArrayList<>(sample);
    Collections.sort(sorted);
    List<Instant> out = new ArrayList<>();
    for (int i = 1; i < ranges && !sorted.isEmpty(); i++) {
      Instant b = sorted.get((int) ((long) i * sorted.size() / ranges));
      if (out.isEmpty() || b.isAfter(out.get(out.size() - 1))) {
        out.add(b);
      }
    }
    return out;
  }

  /** The filters of the ranges the boundaries make: below the first, between each two, from the last. */
  static List<String> rangeFilters(List<Instant> boundaries) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i <= boundaries.size(); i++) {
      out.add(OktaRequests.updatedIn(
          i == 0 ? null : boundaries.get(i - 1), i == boundaries.size() ? null : boundaries.get(i)));
    }
    return out;
  }

  /** The answer's {@code Date} header (RFC 1123), if it has a valid one. */
  static Optional<Instant> serverTime(ApiResponse response) {
    Optional<String> date = response.header("Date");
    if (!date.isPresent()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZonedDateTime.parse(date.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private enum Phase { FIRST, SPLIT, RANGES, CATCH_UP, DONE }

  /** The listing, taken by one caller; its chains read at once through {@link Paging#concurrently}. */
  private static final class Listing extends Spliterators.AbstractSpliterator<DirectoryUser> {
    private final ApiClient client;
    private final UserQuery query;
    private final int limit;
    private final int ranges;
    private final int pagesAhead;
    private final Clock clock;
    private final ArrayDeque<DirectoryUser> buffer = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private Phase phase = Phase.FIRST;
    // The chains of the current phase, and their users as they arrive.
    private @Nullable Stream<DirectoryUser> chains;
    private @Nullable Iterator<DirectoryUser> arriving;
    // Set by the first page: where its chain goes on, the sample, and the catch-up's start.
    private @Nullable ApiRequest firstNext;
    private final List<Instant> sample = new ArrayList<>();
    private @Nullable Instant catchUpFrom;
    // A failure is thrown again if the caller goes on, so a failed listing never ends quietly.
    private @Nullable RuntimeException failure;
    private volatile boolean closed;

    Listing(ApiClient client, UserQuery query, int limit, int ranges, int pagesAhead, Clock clock) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.client = client;
      this.query = query;
      this.limit = limit;
      this.ranges = ranges;
      this.pagesAhead = pagesAhead;
      this.clock = clock;
    }

    @Override
    public boolean tryAdvance(Consumer<? super DirectoryUser> action) {
      while (buffer.isEmpty()) {
        RuntimeException failed = failure;
        if (failed != null) {
          throw failed;
        }
        if (closed) {
          return false;
        }
        try {
          advance();
        } catch (RuntimeException e) {
          failure = e;
          close();
          throw e;
        }
        if (phase == Phase.DONE && buffer.isEmpty()) {
          return false;
        }
      }
      action.accept(buffer.poll());
      return true;
    }

    // One step: a page read, or a phase begun or ended.
    private void advance() {
      switch (phase) {
        case FIRST:
          first();
          break;
        case SPLIT:
          split();
          break;
        case RANGES:
        case CATCH_UP:
          Iterator<DirectoryUser> users = Objects.requireNonNull(arriving);
          Instant from = catchUpFrom;
          if (users.hasNext()) {
            add(List.of(users.next()));
          } else if (phase == Phase.RANGES && from != null) {
            phase = Phase.CATCH_UP;
            read(List.of(request(OktaRequests.updatedIn(from, null))));
          } else {
            phase = Phase.DONE;
          }
          break;
        default:
          break;
      }
    }

    // The listing's own first page, as a plain listing sends it.
    private void first() {
      ApiRequest request =
          request(query.includeDeactivated() ? OktaRequests.EVERY_USER : null);
      ApiResponse response = client.send(request);
      Page<DirectoryUser> page = USERS.read(request, response);
      add(page.items());
      firstNext = page.next().orElse(null);
      if (firstNext == null) {
        phase = Phase.DONE;
        return;
      }
      for (DirectoryUser u : page.items()) {
        Optional<Instant> t = OktaJson.lastUpdated(u);
        if (!t.isPresent()) {
          sample.clear(); // not every user has a timestamp: the ranges could miss some
          break;
        }
        sample.add(t.get());
      }
      Instant t0 = serverTime(response).orElseGet(() -> clock.instant().minus(LOCAL_CLOCK_MARGIN));
      catchUpFrom = t0.minus(CATCH_UP_MARGIN);
      // The chains start once the caller has taken this page's users: a caller that stops early
      // (findFirst) sends nothing more.
      phase = Phase.SPLIT;
    }

    private void split() {
      ApiRequest next = Objects.requireNonNull(firstNext);
      if (sample.isEmpty()) {
        catchUpFrom = null; // the plain chain, followed to its end, needs no catch-up
        read(List.of(next));
      } else {
        List<ApiRequest> starts = new ArrayList<>();
        for (String filter : rangeFilters(boundaries(sample, ranges))) {
          starts.add(request(filter));
        }
        read(starts);
      }
      phase = Phase.RANGES;
    }

    // Reads these chains at once (each pagesAhead pages ahead, detecting its own loops),
    // after closing the chains of the phase before.
    private void read(List<ApiRequest> starts) {
      closeChains();
      List<Supplier<Stream<DirectoryUser>>> each = new ArrayList<>();
      for (ApiRequest start : starts) {
        each.add(() -> Paging.streamAhead(client, start, USERS, pagesAhead));
      }
      Stream<DirectoryUser> s = Paging.concurrently(each, each.size());
      chains = s;
      arriving = s.iterator();
    }

    private void closeChains() {
      Stream<DirectoryUser> s = chains;
      if (s != null) {
        s.close();
      }
    }

    private ApiRequest request(@Nullable String filter) {
      return OktaRequests.listUsers(query, limit, filter);
    }

    private void add(List<DirectoryUser> users) {
      for (DirectoryUser u : users) {
        // Filters list DEPROVISIONED users; the plain listing, which this query asks for, does not.
        if ((query.includeDeactivated() || !OktaJson.isDeprovisioned(u)) && seen.add(u.id())) {
          buffer.add(u);
        }
      }
    }

    void close() {
      closed = true;
      buffer.clear();
      closeChains();
    }
  }
}
