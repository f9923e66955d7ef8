package io.github.usersync.okta.internal;

import io.github.usersync.core.DirectoryException;
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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
 * Each user is handed on once, at its first sighting. Pages are handed on as they come, from
 * whichever chain answers, at most {@code pagesAhead} pages a chain ahead of the caller (then a
 * chain waits, holding no thread); a failed page fails the listing, and closing the stream stops
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

  /** Daemon threads that fetch the pages of every split listing; idle ones end after 30 s. */
  private static final class Threads {
    static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService POOL = new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "usersync-okta-users-" + COUNT.incrementAndGet());
          t.setDaemon(true);
          return t;
        });

    private Threads() {}
  }

  private enum Phase { FIRST, SPLIT, RANGES, CATCH_UP, DONE }

  /** The listing, taken by one caller; its chains fetch on {@link Threads}. */
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
    private @Nullable Chains chains;
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
          Page<DirectoryUser> page = java.util.Objects.requireNonNull(chains).take();
          Instant from = catchUpFrom;
          if (page != null) {
            add(page.items());
          } else if (phase == Phase.RANGES && from != null) {
            phase = Phase.CATCH_UP;
            chains = new Chains(List.of(request(OktaRequests.updatedIn(from, null))));
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
      ApiRequest next = java.util.Objects.requireNonNull(firstNext);
      if (sample.isEmpty()) {
        catchUpFrom = null; // the plain chain, followed to its end, needs no catch-up
        chains = new Chains(List.of(next));
      } else {
        List<ApiRequest> starts = new ArrayList<>();
        for (String filter : rangeFilters(boundaries(sample, ranges))) {
          starts.add(request(filter));
        }
        chains = new Chains(starts);
      }
      phase = Phase.RANGES;
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
      Chains c = chains;
      if (c != null) {
        c.close();
      }
    }

    /**
     * Chains of pages read at once, each following its {@code Link: rel="next"} as sent. Pages are
     * taken in the order they arrive. At most {@code pagesAhead} pages a chain are in flight or
     * waiting to be taken; a chain whose next page would pass that waits (parked) until the
     * caller takes a page.
     */
    private final class Chains {
      private final ReentrantLock lock = new ReentrantLock();
      private final Condition arrived = lock.newCondition();
      private final int most;
      // Guarded by lock: pages (or failures) not taken yet, next pages not sent yet (with the URLs
      // their chain has sent), pages sent and not taken, chains not ended.
      private final ArrayDeque<Object> pages = new ArrayDeque<>();
      private final ArrayDeque<Parked> parked = new ArrayDeque<>();
      private int outstanding;
      private int running;
      private boolean stopped;

      Chains(List<ApiRequest> starts) {
        this.most = pagesAhead * starts.size();
        lock.lock();
        try {
          running = starts.size();
          starts.forEach(r -> launch(r, new HashSet<>()));
        } finally {
          lock.unlock();
        }
      }

      // Holding lock. `sent`: the URLs of the chain's pages so far; a chain that comes back to one
      // loops (chains may well meet: that is not a loop).
      private void launch(ApiRequest request, Set<String> sent) {
        if (stopped) {
          return;
        }
        if (outstanding >= most) {
          parked.add(new Parked(request, sent));
          return;
        }
        outstanding++;
        if (!sent.add(request.resolve(client.baseUri()).toString())) {
          end(new DirectoryException(client.service() + ": the page chain returned to "
              + client.describe(request) + " a second time; stopping so the read does not loop."
              + " The listing is incomplete."));
          return;
        }
        try {
          Threads.POOL.execute(() -> fetch(request, sent));
        } catch (RejectedExecutionException e) {
          end(new DirectoryException(client.service() + ": no thread to read user pages", e));
        }
      }

      private void fetch(ApiRequest request, Set<String> sent) {
        Object result;
        ApiRequest next = null;
        try {
          Page<DirectoryUser> page = USERS.read(request, client.send(request));
          next = page.next().orElse(null);
          result = page;
        } catch (Throwable t) {
          result = t;
        }
        lock.lock();
        try {
          if (next != null) {
            pages.add(result);
            launch(next, sent);
            arrived.signalAll();
          } else {
            end(result);
          }
        } finally {
          lock.unlock();
        }
      }

      // Holding lock: a chain's last page, or its failure.
      private void end(Object result) {
        pages.add(result);
        running--;
        arrived.signalAll();
      }

      /**
       * The next page that arrived, or null once every chain has ended.
       *
       * @throws RuntimeException a chain's failure (the listing is then stopped)
       */
      @Nullable Page<DirectoryUser> take() {
        Object taken;
        lock.lock();
        try {
          while (pages.isEmpty()) {
            if (running == 0 || stopped) {
              return null;
            }
            try {
              arrived.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              stopped = true;
              throw new DirectoryException(
                  client.service() + ": interrupted while listing users; the listing is incomplete", e);
            }
          }
          taken = pages.remove();
          outstanding--;
          while (!parked.isEmpty() && outstanding < most && !stopped) {
            Parked p = parked.remove();
            launch(p.request, p.sent);
          }
        } finally {
          lock.unlock();
        }
        if (taken instanceof Throwable) {
          close();
          throw rethrow((Throwable) taken);
        }
        @SuppressWarnings("unchecked")
        Page<DirectoryUser> page = (Page<DirectoryUser>) taken;
        return page;
      }

      void close() {
        lock.lock();
        try {
          stopped = true;
          parked.clear();
          arrived.signalAll();
        } finally {
          lock.unlock();
        }
      }

      private final class Parked {
        final ApiRequest request;
        final Set<String> sent;

        Parked(ApiRequest request, Set<String> sent) {
          this.request = request;
          this.sent = sent;
        }
      }

      private RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException) {
          return (RuntimeException) t;
        }
        if (t instanceof Error) {
          throw (Error) t;
        }
        return new DirectoryException(client.service() + ": reading a page of users failed: " + t, t);
      }
    }
  }
}
