package io.github.usersync.core.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.DirectoryException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Lazy streams over paged API answers, one page in memory at a time, and a {@link PageReader} for
 * each paging style the IdPs use:
 *
 * <ul>
 *   <li>{@link #nextLinkInBody}: Graph's {@code @odata.nextLink}, an opaque absolute URL;
 *   <li>{@link #linkHeader}: Okta's {@code Link: <…>; rel="next"};
 *   <li>{@link #cursorHeader}: OneLogin's {@code After-Cursor} header sent back as {@code cursor};
 *   <li>{@link #tokenInBody}: Google's {@code nextPageToken} sent back as {@code pageToken};
 *   <li>{@link #offset}: Keycloak's {@code first}/{@code max}, ending on a short page.
 * </ul>
 *
 * <p>A failure on any page is thrown from the stream, so a partial read is never mistaken for a
 * complete one. A chain that repeats a page is an error, not an endless loop.
 */
public final class Paging {
  private static final Pattern LINK_NEXT =
      Pattern.compile("<([^>]*)>\\s*;[^,]*?rel\\s*=\\s*\"?next\"?", Pattern.CASE_INSENSITIVE);

  private Paging() {}

  /** Streams the items of every page, fetching each page when the previous one is consumed. */
  public static <T> Stream<T> stream(ApiClient client, ApiRequest first, PageReader<T> reader) {
    return StreamSupport.stream(new PageSpliterator<>(client, first, reader), false);
  }

  /**
   * Streams the items of every page like {@link #stream}, but reads ahead: each next page is
   * requested as soon as its cursor is known (from the headers for {@link #linkHeader}, else once
   * the page is parsed), while the caller still works on earlier pages, up to {@code pagesAhead}
   * pages. The requests go through the client, so they count against its requests in flight and
   * its flow control. A failure is thrown when the caller reaches the page that failed, after the
   * items of the pages before it. Closing the stream stops the chain (one request in flight may
   * still complete). Page threads are daemon threads shared by every chain, started as needed and
   * ended when idle.
   */
  public static <T> Stream<T> streamAhead(ApiClient client, ApiRequest first, PageReader<T> reader, int pagesAhead) {
    AheadSpliterator<T> pages = new AheadSpliterator<>(client, first, reader, Math.max(1, pagesAhead));
    return StreamSupport.stream(pages, false).onClose(pages::close);
  }

  /**
   * Streams the items of several listings read at the same time, in the order they arrive: up to
   * {@code atOnce} listings (usually {@link #streamAhead} chains, so each also reads ahead) are
   * drained at a time on page threads, the next one starting when one ends. This is how one
   * collection split into parts (ranges, prefixes) is read as several chains instead of one.
   *
   * <p>A failure in any listing is thrown to the caller, after the items that arrived before it,
   * and stops the others, so a partial read is never mistaken for a complete one. Closing the
   * stream stops every listing. Items wait in a bounded buffer: a slow caller holds the readers
   * back rather than filling memory.
   *
   * @param listings each opens one listing when called, on a page thread
   * @param atOnce how many listings are read at a time, at least 1
   */
  public static <T> Stream<T> concurrently(List<? extends Supplier<? extends Stream<? extends T>>> listings,
      int atOnce) {
    Merged<T> merged = new Merged<>(listings, Math.max(1, atOnce));
    return StreamSupport.stream(merged, false).onClose(merged::close);
  }

  /** {@link #streamOrEmpty} reading ahead as {@link #streamAhead} does. */
  public static <T> Stream<T> streamAheadOrEmpty(
      ApiClient client, ApiRequest first, PageReader<T> reader, int pagesAhead) {
    ApiRequest request = first.acceptedStatuses().contains(404) ? first : first.toBuilder().accept(404).build();
    return streamAhead(client, request, orEmpty(client, request, reader), pagesAhead);
  }

  private static <T> PageReader<T> orEmpty(ApiClient client, ApiRequest request, PageReader<T> reader) {
    PageReader<T> guarded = (r, response) -> {
      if (response.status() != 404) {
        return reader.read(r, response);
      }
      if (r == request) {
        return Page.last(new ArrayList<>());
      }
      throw new DirectoryException(
          client.service() + ": " + client.describe(r) + " answered 404 part-way through the pages;"
              + " the object was deleted during the read, which is incomplete. Run the sync again.");
    };
    if (!(reader instanceof LinkHeaderReader)) {
      return guarded;
    }
    LinkHeaderReader<T> links = (LinkHeaderReader<T>) reader;
    return new LinkHeaderReader<T>(n -> { throw new IllegalStateException(); }) {
      @Override
      @Nullable ApiRequest next(ApiRequest r, ApiResponse response) {
        return response.status() == 404 ? null : links.next(r, response);
      }

      @Override
      public Page<T> read(ApiRequest r, ApiResponse response) {
        return guarded.read(r, response);
      }
    };
  }

  /**
   * Streams a listing under an object that may not exist (a group's members, a user's groups): a
   * 404 on the first page means there is no such object, so no items; a 404 on a later page means
   * it vanished during the read, which is incomplete and is thrown. The first request is sent
   * accepting 404.
   */
  public static <T> Stream<T> streamOrEmpty(ApiClient client, ApiRequest first, PageReader<T> reader) {
    ApiRequest request = first.acceptedStatuses().contains(404) ? first : first.toBuilder().accept(404).build();
    return stream(client, request, orEmpty(client, request, reader));
  }

  /** Reads every page into a list; for small collections such as a user's groups. */
  public static <T> List<T> list(ApiClient client, ApiRequest first, PageReader<T> reader) {
    List<T> out = new ArrayList<>();
    stream(client, first, reader).forEach(out::add);
    return out;
  }

  /**
   * Items in {@code itemsField}, next page at the absolute URL in {@code nextLinkField} (followed
   * as-is, with the first request's headers), e.g. {@code ("value", "@odata.nextLink")}.
   */
  public static <T> PageReader<T> nextLinkInBody(
      String itemsField, String nextLinkField, Function<JsonNode, T> mapper) {
    return (request, response) -> {
      JsonNode body = response.json();
      List<T> items = items(response, body, itemsField, mapper);
      JsonNode link = at(body, nextLinkField);
      ApiRequest next =
          link.isTextual() && !link.asText().isEmpty()
              ? request.withUrl(parseLink(response, link.asText()))
              : null;
      return Page.of(items, next);
    };
  }

  /**
   * A JSON array body, next page at the {@code Link} header's {@code rel="next"} URL. With {@link
   * #streamAhead}, the next page is requested as soon as the headers are in, before the body is
   * parsed.
   */
  public static <T> PageReader<T> linkHeader(Function<JsonNode, T> mapper) {
    return new LinkHeaderReader<>(mapper);
  }

  /** Reads the next page's request from the headers alone. */
  private static class LinkHeaderReader<T> implements PageReader<T> {
    private final Function<JsonNode, T> mapper;

    LinkHeaderReader(Function<JsonNode, T> mapper) {
      this.mapper = mapper;
    }

    @Nullable ApiRequest next(ApiRequest request, ApiResponse response) {
      for (String value : response.headers().allValues("Link")) {
        Matcher m = LINK_NEXT.matcher(value);
        if (m.find()) {
          return request.withUrl(parseLink(response, m.group(1)));
        }
      }
      return null;
    }

    @Override
    public Page<T> read(ApiRequest request, ApiResponse response) {
      return Page.of(items(response, response.json(), null, mapper), next(request, response));
    }
  }

  /**
   * Items in {@code itemsField} (or a bare array when null); the next page repeats the request
   * with {@code param} set to the value of response header {@code header}, until it is absent or
   * empty.
   */
  public static <T> PageReader<T> cursorHeader(
      String header, String param, @Nullable String itemsField, Function<JsonNode, T> mapper) {
    return (request, response) -> {
      List<T> items = items(response, response.json(), itemsField, mapper);
      Optional<String> cursor = response.header(header).map(String::trim).filter(s -> !s.isEmpty());
      return Page.of(items, cursor.isPresent() && !items.isEmpty() ? request.withQuery(param, cursor.get()) : null);
    };
  }

  /**
   * Items in {@code itemsField}; the next page repeats the request with {@code param} set to the
   * body's {@code tokenField} (a field name or a JSON pointer such as {@code
   * /pagination/after_cursor}), until it is absent.
   */
  public static <T> PageReader<T> tokenInBody(
      String itemsField, String tokenField, String param, Function<JsonNode, T> mapper) {
    return (request, response) -> {
      JsonNode body = response.json();
      List<T> items = items(response, body, itemsField, mapper);
      JsonNode token = at(body, tokenField);
      boolean more = (token.isTextual() && !token.asText().isEmpty()) || token.isNumber();
      return Page.of(items, more ? request.withQuery(param, token.asText()) : null);
    };
  }

  /**
   * Offset paging: the first request carries {@code offsetParam} (e.g. {@code first=0}) and {@code
   * limitParam}; each next page advances the offset by the page size; a page shorter than {@code
   * pageSize} is the last.
   */
  public static <T> PageReader<T> offset(
      String offsetParam,
      String limitParam,
      int pageSize,
      @Nullable String itemsField,
      Function<JsonNode, T> mapper) {
    return (request, response) -> {
      List<T> items = items(response, response.json(), itemsField, mapper);
      if (items.size() < pageSize) {
        return Page.last(items);
      }
      String current = request.queryValue(offsetParam);
      long offset = current == null ? 0 : Long.parseLong(current);
      return Page.of(
          items,
          request
              .withQuery(offsetParam, Long.toString(offset + items.size()))
              .withQuery(limitParam, Integer.toString(pageSize)));
    };
  }

  private static <T> List<T> items(
      ApiResponse response, JsonNode body, @Nullable String field, Function<JsonNode, T> mapper) {
    JsonNode array = field == null ? body : at(body, field);
    if (array.isMissingNode() || array.isNull()) {
      return new ArrayList<>();
    }
    if (!array.isArray()) {
      throw new DirectoryException(
          response.request().method()
              + " "
              + Urls.withoutQuery(response.uri())
              + " answered a page whose "
              + (field == null ? "body" : "'" + field + "'")
              + " is not a JSON array; the API's answer is not the documented shape");
    }
    List<T> out = new ArrayList<>(array.size());
    for (JsonNode n : array) {
      out.add(mapper.apply(n));
    }
    return out;
  }

  private static JsonNode at(JsonNode body, String field) {
    return field.startsWith("/") ? body.at(field) : body.path(field);
  }

  private static URI parseLink(ApiResponse response, String link) {
    try {
      return response.uri().resolve(new URI(link.trim()));
    } catch (URISyntaxException e) {
      throw new DirectoryException(
          Urls.withoutQuery(response.uri()) + " answered a next-page link that is not a URL", e);
    }
  }

  /** Daemon threads that fetch pages ahead, shared by every chain; idle ones end after 30 s. */
  private static final class PageThreads {
    static final AtomicInteger COUNT = new AtomicInteger();
    static final ExecutorService POOL = new ThreadPoolExecutor(
        0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, "usersync-pages-" + COUNT.incrementAndGet());
          t.setDaemon(true);
          return t;
        });

    private PageThreads() {}
  }

  /**
   * A page chain that runs ahead of its consumer: each page's fetch starts the next as soon as its
   * cursor is known, unless {@code ahead} pages are already fetched or in flight and not yet taken,
   * in which case the next request waits ("parked") until the consumer takes a page.
   */
  private static final class AheadSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final ApiClient client;
    private final PageReader<T> reader;
    private final int ahead;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final Object lock = new Object();
    // Guarded by lock: the pages not yet taken, in chain order, and the next request not yet sent.
    private final ArrayDeque<CompletableFuture<Page<T>>> pages = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private @Nullable ApiRequest parked;
    private boolean started;
    private boolean closed;

    AheadSpliterator(ApiClient client, ApiRequest first, PageReader<T> reader, int ahead) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.client = client;
      this.reader = reader;
      this.ahead = ahead;
      this.parked = first;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      while (buffer.isEmpty()) {
        CompletableFuture<Page<T>> page;
        synchronized (lock) {
          if (!started) {
            started = true;
            launchParked();
          }
          page = pages.poll();
          if (page == null) {
            return false;
          }
          launchParked();
        }
        buffer.addAll(join(page).items());
      }
      action.accept(buffer.poll());
      return true;
    }

    void close() {
      synchronized (lock) {
        closed = true;
        parked = null;
      }
    }

    // Holding lock.
    private void launchParked() {
      ApiRequest request = parked;
      if (request == null || closed || pages.size() >= ahead) {
        return;
      }
      parked = null;
      CompletableFuture<Page<T>> page = new CompletableFuture<>();
      pages.add(page);
      String key = request.resolve(client.baseUri()).toString();
      if (!seen.add(key)) {
        page.completeExceptionally(new DirectoryException(
            client.service() + ": the page chain returned to " + client.describe(request)
                + " a second time; stopping so the read does not loop. The listing is incomplete."));
        return;
      }
      try {
        PageThreads.POOL.execute(() -> fetch(request, page));
      } catch (RejectedExecutionException e) {
        page.completeExceptionally(new DirectoryException(client.service() + ": no thread to read pages ahead", e));
      }
    }

    private void fetch(ApiRequest request, CompletableFuture<Page<T>> page) {
      try {
        ApiResponse response = client.send(request);
        ApiRequest early = reader instanceof LinkHeaderReader
            ? ((LinkHeaderReader<T>) reader).next(request, response) : null;
        if (early != null) {
          chain(early);
        }
        Page<T> p = reader.read(request, response);
        if (early == null) {
          p.next().ifPresent(this::chain);
        }
        page.complete(p);
      } catch (Throwable t) {
        page.completeExceptionally(t);
      }
    }

    private void chain(ApiRequest next) {
      synchronized (lock) {
        if (!closed) {
          parked = next;
          launchParked();
        }
      }
    }

    private static <P> Page<P> join(CompletableFuture<Page<P>> page) {
      try {
        return page.join();
      } catch (CompletionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new DirectoryException("reading a page failed: " + cause, cause);
      }
    }
  }

  /**
   * The listings of {@link #concurrently}: each worker drains one listing into the shared buffer,
   * then takes the next not yet started; the caller takes items as they come. A marker object ends
   * the stream (every listing read) or carries a failure.
   */
  private static final class Merged<T> extends Spliterators.AbstractSpliterator<T> {
    private static final Object END = new Object();
    private static final int BUFFER = 4096;

    private final List<? extends Supplier<? extends Stream<? extends T>>> listings;
    private final int atOnce;
    private final BlockingQueue<Object> buffer = new ArrayBlockingQueue<>(BUFFER);
    private final AtomicInteger nextListing = new AtomicInteger();
    private final AtomicInteger unfinished;
    private final Set<Stream<? extends T>> open = new HashSet<>();
    private volatile boolean closed;
    private boolean started;
    private boolean done;

    private static final class Failed {
      final Throwable cause;

      Failed(Throwable cause) {
        this.cause = cause;
      }
    }

    Merged(List<? extends Supplier<? extends Stream<? extends T>>> listings, int atOnce) {
      super(Long.MAX_VALUE, Spliterator.NONNULL);
      this.listings = List.copyOf(listings);
      this.atOnce = atOnce;
      this.unfinished = new AtomicInteger(listings.size());
    }

    @Override
    @SuppressWarnings("unchecked")
    public boolean tryAdvance(Consumer<? super T> action) {
      if (done) {
        return false;
      }
      if (!started) {
        started = true;
        if (listings.isEmpty()) {
          done = true;
          return false;
        }
        for (int i = 0; i < Math.min(atOnce, listings.size()); i++) {
          try {
            PageThreads.POOL.execute(this::work);
          } catch (RejectedExecutionException e) {
            close();
            throw new DirectoryException("no thread to read listings at the same time", e);
          }
        }
      }
      Object item;
      try {
        item = buffer.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new DirectoryException("interrupted while reading listings", e);
      }
      if (item == END) {
        done = true;
        return false;
      }
      if (item instanceof Failed) {
        done = true;
        close();
        Throwable cause = ((Failed) item).cause;
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new DirectoryException("reading a listing failed: " + cause, cause);
      }
      action.accept((T) item);
      return true;
    }

    void close() {
      List<Stream<? extends T>> toClose;
      synchronized (open) {
        closed = true;
        toClose = new ArrayList<>(open);
        open.clear();
      }
      toClose.forEach(Stream::close);
    }

    private void work() {
      int i;
      while (!closed && (i = nextListing.getAndIncrement()) < listings.size()) {
        Stream<? extends T> items = null;
        try {
          items = listings.get(i).get();
          synchronized (open) {
            if (closed) {
              items.close();
              return;
            }
            open.add(items);
          }
          Iterator<? extends T> it = items.iterator();
          while (!closed && it.hasNext()) {
            put(it.next());
          }
        } catch (Throwable t) {
          if (!closed) {
            put(new Failed(t));
          }
          return;
        } finally {
          if (items != null) {
            synchronized (open) {
              open.remove(items);
            }
            items.close();
          }
        }
        if (unfinished.decrementAndGet() == 0) {
          put(END);
        }
      }
    }

    // Waits for room unless the stream is closed, so a worker never blocks after the caller left.
    private void put(Object item) {
      try {
        while (!closed) {
          if (buffer.offer(item, 100, TimeUnit.MILLISECONDS)) {
            return;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static final class PageSpliterator<T> extends Spliterators.AbstractSpliterator<T> {
    private final ApiClient client;
    private final PageReader<T> reader;
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private final Set<String> seen = new HashSet<>();
    private @Nullable ApiRequest next;

    PageSpliterator(ApiClient client, ApiRequest first, PageReader<T> reader) {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
      this.client = client;
      this.reader = reader;
      this.next = first;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      while (buffer.isEmpty()) {
        ApiRequest request = next;
        if (request == null) {
          return false;
        }
        String key = request.resolve(client.baseUri()).toString();
        if (!seen.add(key)) {
          throw new DirectoryException(
              client.service()
                  + ": the page chain returned to "
                  + client.describe(request)
                  + " a second time; stopping so the read does not loop. The listing is"
                  + " incomplete.");
        }
        ApiResponse response = client.send(request);
        Page<T> page = reader.read(request, response);
        buffer.addAll(page.items());
        next = page.next().orElse(null);
      }
      action.accept(buffer.poll());
      return true;
    }
  }
}
