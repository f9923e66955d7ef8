package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Bulk reads by id (managers, photo fingerprints) started as soon as the ids are known, while the
 * user listing is still running: ids come one at a time, from the listing's thread as it pages
 * and from the plan, and each full share ({@link ParallelReads#MIN_SHARE}, one Graph batch) is sent
 * at once on the executor, at most {@code inFlight} shares at a time (more wait in a queue; no task
 * waits on another, so a small executor only queues them). Each id's answer is a future of its
 * share; the last share, not full, is sent by {@link #flush}, so whoever waits for an answer flushes
 * first. Thread-safe. Internal.
 */
final class BulkPrefetch<T> {
  private final Executor executor;
  private final int inFlight;
  private final Function<List<String>, Map<String, T>> bulk;
  // Guarded by this.
  private final Map<String, CompletableFuture<Map<String, T>>> byId = new HashMap<>();
  private final Deque<Runnable> queued = new ArrayDeque<>();
  private List<String> share = new ArrayList<>(ParallelReads.MIN_SHARE);
  private CompletableFuture<Map<String, T>> shareResult = new CompletableFuture<>();
  private int running;
  private boolean cancelled;

  BulkPrefetch(Executor executor, int inFlight, Function<List<String>, Map<String, T>> bulk) {
    this.executor = executor;
    this.inFlight = Math.max(1, inFlight);
    this.bulk = bulk;
  }

  /** Reads on the calling thread, one share at a time: for a run that keeps one request in flight. */
  static <T> BulkPrefetch<T> inPlace(Function<List<String>, Map<String, T>> bulk) {
    return new BulkPrefetch<>(Runnable::run, 1, bulk);
  }

  /** Reads this id (once; asking again answers the same share); a full share is sent at once. */
  synchronized CompletableFuture<Map<String, T>> add(String id) {
    CompletableFuture<Map<String, T>> f = byId.get(id);
    if (f != null || cancelled) {
      return f != null ? f : CompletableFuture.failedFuture(new CancellationException("the run's reads were stopped"));
    }
    f = shareResult;
    share.add(id);
    byId.put(id, f);
    if (share.size() >= ParallelReads.MIN_SHARE) {
      send();
    }
    return f;
  }

  /**
   * The share this id was added to (which may still be filling: it is sent when full or at {@link
   * #flush}, so a caller waits only after a flush); null when the id was not added. Forgets the id:
   * each is asked for once.
   */
  synchronized @Nullable CompletableFuture<Map<String, T>> of(String id) {
    return byId.remove(id);
  }

  /** Sends the share still filling. */
  synchronized void flush() {
    if (!share.isEmpty()) {
      send();
    }
  }

  /** Stops: shares not started are not sent; later ids fail as cancelled. */
  synchronized void cancel() {
    cancelled = true;
    queued.clear();
    share = new ArrayList<>();
    shareResult.cancel(false);
    byId.clear();
  }

  /**
   * The answer of a share, waited for.
   *
   * @throws UsersyncException the share's failure (as the bulk read threw it), or an interrupt
   */
  static <T> Map<String, T> await(CompletableFuture<Map<String, T>> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsersyncException("interrupted while reading the IdP", e);
    } catch (ExecutionException | CancellationException e) {
      throw ParallelReads.failure(e.getCause() != null ? e.getCause() : e);
    }
  }

  // Guarded by this.
  private void send() {
    List<String> ids = share;
    CompletableFuture<Map<String, T>> result = shareResult;
    share = new ArrayList<>(ParallelReads.MIN_SHARE);
    shareResult = new CompletableFuture<>();
    Runnable task = () -> {
      try {
        result.complete(bulk.apply(ids));
      } catch (RuntimeException | Error e) {
        result.completeExceptionally(e);
      } finally {
        done();
      }
    };
    if (running < inFlight) {
      running++;
      start(task);
    } else {
      queued.addLast(task);
    }
  }

  private synchronized void done() {
    running--;
    Runnable next = cancelled ? null : queued.pollFirst();
    if (next != null) {
      running++;
      start(next);
    }
  }

  private void start(Runnable task) {
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.run(); // a shut-down or saturated executor: read here
    }
  }
}
