package io.github.usersync.core.sync.internal;

import io.github.usersync.core.UsersyncException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** Reads by id with up to the read concurrency in flight. */
final class ParallelReads {
  /** The most ids one bulk call gets: ten Graph batches of 20; small enough to spread the load. */
  static final int SHARE = 200;

  /** The fewest: one Graph batch, so a small run costs one request per 20 users, not per user. */
  static final int MIN_SHARE = 20;

  private final ExecutorService executor;
  private final int concurrency;

  ParallelReads(ExecutorService executor, int concurrency) {
    this.executor = executor;
    this.concurrency = concurrency;
  }

  /** Runs {@code fn} for each id; any failure is thrown. */
  <T> Map<String, T> map(List<String> ids, Function<String, T> fn) {
    Map<String, T> out = new HashMap<>();
    each(ids, fn, out::put);
    return out;
  }

  /**
   * Runs {@code bulk} on shares of {@code ids} (the ids spread over the concurrency, a multiple of
   * {@link #MIN_SHARE} and at most {@link #SHARE} each, up to the concurrency at once) and merges
   * what they answer: for bulk reads such as {@code IdpDirectory.photoFingerprints(List)}, whose
   * default reads the ids of a share one by one, so as many reads are in flight as with {@link
   * #map} once there are {@code MIN_SHARE} ids per concurrent read. The first failure is thrown.
   */
  <T> Map<String, T> shares(List<String> ids, Function<List<String>, Map<String, T>> bulk) {
    int spread = (ids.size() + concurrency - 1) / Math.max(1, concurrency);
    // A whole number of MIN_SHAREs, so a connector that batches by that many (Graph's $batch
    // takes 20) sends full batches: 200 ids over 7 reads are 5 shares of 40, not 7 of 29.
    int size = Math.min(SHARE, (Math.max(MIN_SHARE, spread) + MIN_SHARE - 1) / MIN_SHARE * MIN_SHARE);
    List<String> starts = new ArrayList<>();
    for (int i = 0; i < ids.size(); i += size) {
      starts.add(Integer.toString(i));
    }
    Map<String, T> out = new HashMap<>();
    each(starts, start -> {
      int from = Integer.parseInt(start);
      return bulk.apply(ids.subList(from, Math.min(ids.size(), from + size)));
    }, (start, part) -> out.putAll(part));
    return out;
  }

  /**
   * Runs {@code fn} for each id, handing each result to {@code sink} on the calling thread as it
   * completes; the first failure is thrown.
   */
  <T> void each(List<String> ids, Function<String, T> fn, BiConsumer<String, T> sink) {
    if (concurrency <= 1 || ids.size() < 2) {
      for (String id : ids) {
        sink.accept(id, fn.apply(id));
      }
      return;
    }
    CompletionService<Map.Entry<String, T>> cs = new ExecutorCompletionService<>(executor);
    List<Future<Map.Entry<String, T>>> futures = new ArrayList<>();
    int next = 0;
    int running = 0;
    try {
      while (next < ids.size() || running > 0) {
        while (running < concurrency && next < ids.size()) {
          String id = ids.get(next++);
          futures.add(cs.submit(() -> new java.util.AbstractMap.SimpleEntry<>(id, fn.apply(id))));
          running++;
        }
        Map.Entry<String, T> e = cs.take().get();
        running--;
        sink.accept(e.getKey(), e.getValue());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UsersyncException("interrupted while reading the IdP", e);
    } catch (ExecutionException e) {
      futures.forEach(f -> f.cancel(true));
      throw failure(e.getCause() != null ? e.getCause() : e);
    }
  }

  /** What a read run on another thread threw, as the caller throws it: the read's own exception. */
  static UsersyncException failure(Throwable cause) {
    return cause instanceof UsersyncException ? (UsersyncException) cause
        : new UsersyncException("a parallel read failed: " + cause, cause);
  }
}
