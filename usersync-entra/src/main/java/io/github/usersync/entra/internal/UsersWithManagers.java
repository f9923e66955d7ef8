package io.github.usersync.entra.internal;

import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.RecentReads;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A full users listing whose users carry their manager's id, for a run that maps managers, so the
 * managers cost a few listing pages instead of a request per user.
 *
 * <p>Graph lists users with their managers ({@code $expand=manager}) only 100 a page, which as one
 * chain of pages is slower than the plain listing plus batched manager reads. So the expanded
 * listing is split by the first character of {@code userPrincipalName} ({@link
 * GraphRequests#UPN_FIRST_CHARACTERS}) and its parts are read at the same time ({@link
 * Paging#concurrently}), next to the plain listing ({@code $top=999}), which stays the authority on
 * who exists: a user the plain listing has and no part yielded (a UPN starting with a character
 * not in the list, or a part Graph refused with 400) is read again by id with its manager ({@code
 * byId}, 20 to a batch) once the parts have ended. Every user is yielded once. Only the ids of
 * the plain listing are kept, so memory does not grow with a second copy of the users.
 *
 * <p>A directory of one plain page (up to 999 users) is read as before: that page, and no parts.
 * Each manager a part carried is recorded in {@code managers} before its user is yielded, where the
 * connector's {@code managerIds} takes it.
 *
 * <p>Cost for N users in P non-empty parts: {@code ⌈N/999⌉} plain pages plus {@code ⌈n/100⌉} pages
 * for each part of n users, at least one for each of the 44 parts; Graph's resource units
 * for each page are 2 (list users, {@code $select} −1, {@code $expand} +1), against 1 for each
 * manager in a batch.
 */
public final class UsersWithManagers extends Spliterators.AbstractSpliterator<DirectoryUser> {
  private static final Logger LOG = LoggerFactory.getLogger(UsersWithManagers.class);
  private static final int PAGES_AHEAD = 2;

  private final ApiClient api;
  private final String select;
  private final int pageSize;
  private final boolean enabledOnly;
  private final int atOnce;
  private final RecentReads<Optional<String>> managers;
  private final Function<List<String>, Stream<DirectoryUser>> byId;
  private final PageReader<DirectoryUser> reader = GraphPages.of(GraphJson::user);
  private final AtomicBoolean partRefused = new AtomicBoolean();

  // Ids of users the plain listing yielded that no part has yet, in listing order.
  private final Set<String> plainOnly = new LinkedHashSet<>();
  private final Set<String> yielded = new HashSet<>();
  private boolean started;
  private @Nullable Iterator<DirectoryUser> onePage;
  private @Nullable Stream<Listed> parts;
  private @Nullable Iterator<Listed> listed;
  private @Nullable Stream<DirectoryUser> readAgain;
  private @Nullable Iterator<DirectoryUser> leftovers;

  private static final class Listed {
    final DirectoryUser user;
    final boolean withManager;

    Listed(DirectoryUser user, boolean withManager) {
      this.user = user;
      this.withManager = withManager;
    }
  }

  private UsersWithManagers(ApiClient api, String select, int pageSize, boolean enabledOnly, int atOnce,
      RecentReads<Optional<String>> managers, Function<List<String>, Stream<DirectoryUser>> byId) {
    super(Long.MAX_VALUE, Spliterator.NONNULL | Spliterator.DISTINCT);
    this.api = api;
    this.select = select;
    this.pageSize = pageSize;
    this.enabledOnly = enabledOnly;
    this.atOnce = atOnce;
    this.managers = managers;
    this.byId = byId;
  }

  /**
   * The users (every user, or only enabled ones), each with its manager's id where a part carried
   * it; nothing is read before the stream is.
   *
   * @param atOnce how many pages are read at the same time
   * @param managers where each manager a part carried is recorded (an empty value: no manager)
   * @param byId reads users again by id, each with its manager's id; its stream throws when one
   *     cannot be read
   */
  public static Stream<DirectoryUser> stream(ApiClient api, String select, int pageSize, boolean enabledOnly,
      int atOnce, RecentReads<Optional<String>> managers, Function<List<String>, Stream<DirectoryUser>> byId) {
    UsersWithManagers users = new UsersWithManagers(api, select, pageSize, enabledOnly, atOnce, managers, byId);
    return StreamSupport.stream(users, false).onClose(users::close);
  }

  @Override
  public boolean tryAdvance(Consumer<? super DirectoryUser> action) {
    if (!started) {
      started = true;
      start();
    }
    if (onePage != null) {
      if (!onePage.hasNext()) {
        return false;
      }
      action.accept(onePage.next());
      return true;
    }
    while (leftovers == null) {
      Iterator<Listed> it = listed;
      if (it == null || !it.hasNext()) {
        leftovers = endOfParts();
        break;
      }
      Listed next = it.next();
      String id = next.user.id();
      if (next.withManager) {
        if (yielded.add(id)) {
          plainOnly.remove(id);
          managers.put(id, next.user.managerId());
          action.accept(next.user);
          return true;
        }
      } else if (!yielded.contains(id)) {
        plainOnly.add(id);
      }
    }
    if (!leftovers.hasNext()) {
      return false;
    }
    action.accept(leftovers.next());
    return true;
  }

  private void start() {
    ApiRequest first = GraphRequests.listUsers(select, pageSize, enabledOnly);
    Page<DirectoryUser> page = reader.read(first, api.send(first));
    Optional<ApiRequest> rest = page.next();
    if (rest.isEmpty()) {
      onePage = page.items().iterator();
      return;
    }
    for (DirectoryUser u : page.items()) {
      plainOnly.add(u.id());
    }
    List<Supplier<Stream<Listed>>> listings = new ArrayList<>();
    listings.add(() -> Paging.streamAhead(api, rest.get(), reader, PAGES_AHEAD).map(u -> new Listed(u, false)));
    for (String prefix : GraphRequests.UPN_FIRST_CHARACTERS) {
      ApiRequest part = GraphRequests.listUsersWithManagers(select, prefix, enabledOnly).toBuilder().accept(400).build();
      listings.add(() -> Paging.streamAhead(api, part, refusable(part), PAGES_AHEAD).map(u -> new Listed(u, true)));
    }
    parts = Paging.concurrently(listings, atOnce);
    listed = parts.iterator();
  }

  // A part Graph refuses (400: the query is not supported there) yields nothing; its users are
  // read again by id with their managers once the parts have ended.
  private PageReader<DirectoryUser> refusable(ApiRequest first) {
    return (request, response) -> {
      if (response.status() != 400) {
        return reader.read(request, response);
      }
      if (partRefused.compareAndSet(false, true)) {
        LOG.warn("entra: {} answered 400 ({}); the users it would list are read again by id with their"
            + " managers instead", api.describe(first), describe(response));
      }
      return Page.last(new ArrayList<>());
    };
  }

  private static String describe(ApiResponse response) {
    try {
      String code = GraphJson.text(response.json().path("error"), "code");
      return code == null ? "no error code" : code;
    } catch (RuntimeException e) {
      return "not a Graph error body";
    }
  }

  // The users only the plain listing had, read again by id with their managers.
  private Iterator<DirectoryUser> endOfParts() {
    if (plainOnly.isEmpty()) {
      return List.<DirectoryUser>of().iterator();
    }
    LOG.info("entra: {} listed users were in no part of the listing by userPrincipalName (first: {});"
        + " they are read again by id with their managers", plainOnly.size(), plainOnly.iterator().next());
    Stream<DirectoryUser> rest = byId.apply(new ArrayList<>(plainOnly)).peek(u -> managers.put(u.id(), u.managerId()));
    plainOnly.clear();
    readAgain = rest;
    return rest.iterator();
  }

  private void close() {
    Stream<Listed> s = parts;
    if (s != null) {
      s.close();
    }
    Stream<DirectoryUser> again = readAgain;
    if (again != null) {
      again.close();
    }
  }
}
