package io.github.usersync.keycloak.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Paging;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * Offset paging ({@code first}/{@code max}) with several pages in flight: Keycloak's pages are
 * independent, so page {@code k+1} need not wait for page {@code k}. Items come out in page order;
 * the listing ends at the first page shorter than {@code max}, exactly as {@link Paging#offset}
 * reads it (that reader reads each page here too).
 *
 * <p>The total from a count call bounds the look-ahead: pages up to and including the one at offset
 * {@code total} are requested (the last confirms the end), and only if that one comes back full
 * (users were added meanwhile) does the listing go on page by page. So a listing costs the count
 * plus {@code floor(total / max) + 1} pages, one more than reading page by page, however many are
 * in flight. At most {@code window} pages are held; a failure on any page is thrown when the
 * stream reaches it.
 */
public final class ConcurrentOffsetPages<T> {
  private final ApiClient client;
  private final ApiRequest firstPage;
  private final int pageSize;
  private final int window;
  private final Executor executor;
  private final PageReader<T> reader;
  private final LongSupplier total;
  private final Function<Long, RuntimeException> emptyDespiteCount;
  private final Function<T, String> idOf;

  /**
   * A listing.
   *
   * @param firstPage the request with {@code first=0} and {@code max=pageSize}
   * @param window pages in flight at most
   * @param total the count call, made when the stream is first read
   * @param emptyDespiteCount the error to throw when the first page is empty although the count is
   *     not (Keycloak lists nothing to a caller that may count but not view)
   * @param idOf an item's id, to notice a server that ignores {@code first} and repeats a page
   */
  public ConcurrentOffsetPages(
      ApiClient client,
      ApiRequest firstPage,
      int pageSize,
      int window,
      Executor executor,
      Function<JsonNode, T> mapper,
      LongSupplier total,
      Function<Long, RuntimeException> emptyDespiteCount,
      Function<T, String> idOf) {
    this.client = client;
    this.firstPage = firstPage;
    this.pageSize = pageSize;
    this.window = Math.max(1, window);
    this.executor = executor;
    this.reader = Paging.offset("first", "max", pageSize, null, mapper);
    this.total = total;
    this.emptyDespiteCount = emptyDespiteCount;
    this.idOf = idOf;
  }

  /** The items of every page, lazily: nothing is requested before the stream is read. */
  public Stream<T> stream() {
    Pages pages = new Pages();
    return StreamSupport.stream(pages, false).onClose(pages::cancel);
  }

  private final class Pages extends Spliterators.AbstractSpliterator<T> {
    private final ArrayDeque<CompletableFuture<Page<T>>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<T> buffer = new ArrayDeque<>();
    private long count = -1;
    private @Nullable String lastFirstId;
    private long nextOffset;
    private boolean firstRead = true;
    private boolean done;

    Pages() {
      super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL);
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      while (buffer.isEmpty()) {
        if (done) {
          return false;
        }
        if (count < 0) {
          count = total.getAsLong();
        }
        fill();
        CompletableFuture<Page<T>> head = Objects.requireNonNull(inFlight.poll());
        Page<T> page = await(head);
        if (firstRead && page.items().isEmpty() && count > 0) {
          cancel();
          throw emptyDespiteCount.apply(count);
        }
        firstRead = false;
        if (!page.items().isEmpty()) {
          String firstId = idOf.apply(page.items().get(0));
          if (firstId.equals(lastFirstId)) {
            cancel();
            throw new DirectoryException(
                client.service() + ": " + client.describe(firstPage) + " answered the same page for"
                    + " two offsets; the server ignores the first parameter, so the listing stops"
                    + " rather than loop. The listing is incomplete.");
          }
          lastFirstId = firstId;
        }
        buffer.addAll(page.items());
        if (!page.next().isPresent()) {
          done = true;
          cancel();
        }
      }
      action.accept(buffer.poll());
      return true;
    }

    /** Requests pages up to the one at offset {@code count}, or the next one if none is queued. */
    private void fill() {
      while (inFlight.size() < window && (nextOffset <= count || inFlight.isEmpty())) {
        ApiRequest request =
            firstPage
                .withQuery("first", Long.toString(nextOffset))
                .withQuery("max", Integer.toString(pageSize));
        nextOffset += pageSize;
        inFlight.add(CompletableFuture.supplyAsync(() -> read(request), executor));
      }
    }

    private Page<T> read(ApiRequest request) {
      ApiResponse response = client.send(request);
      return reader.read(request, response);
    }

    private Page<T> await(CompletableFuture<Page<T>> f) {
      try {
        return f.join();
      } catch (CompletionException e) {
        cancel();
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException) {
          throw (RuntimeException) cause;
        }
        if (cause instanceof Error) {
          throw (Error) cause;
        }
        throw new DirectoryException(client.service() + ": a page of the listing failed", cause);
      } catch (CancellationException e) {
        throw new DirectoryException(client.service() + ": the listing was closed", e);
      }
    }

    /** Drops the pages still in flight: their answers are not needed. */
    void cancel() {
      List<CompletableFuture<Page<T>>> pending = new ArrayList<>(inFlight);
      inFlight.clear();
      for (CompletableFuture<Page<T>> f : pending) {
        f.cancel(false);
      }
    }
  }
}
