package io.github.usersync.google.internal;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * A lazy breadth-first walk through nested groups: reads the items under a key (a group's members,
 * or the groups a member belongs to), emits each new item once, and follows the keys items point
 * to (a nested group) exactly once, so cycles end. One page is in memory at a time; a failure on
 * any page is thrown from the stream.
 *
 * @param <R> what a read yields (a JSON resource)
 * @param <T> what the walk emits
 */
public final class Walk<R, T> extends Spliterators.AbstractSpliterator<T> {
  private final Function<String, Stream<R>> read;
  private final Function<R, T> emit;
  private final Function<T, String> identity;
  private final Function<R, @Nullable String> follow;
  private final ArrayDeque<String> todo = new ArrayDeque<>();
  private final Set<String> visited = new HashSet<>();
  private final Set<String> emitted = new HashSet<>();
  private @Nullable Iterator<R> current;

  private Walk(
      String start,
      Function<String, Stream<R>> read,
      Function<R, T> emit,
      Function<T, String> identity,
      Function<R, @Nullable String> follow) {
    super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
    this.read = read;
    this.emit = emit;
    this.identity = identity;
    this.follow = follow;
    todo.add(start);
    visited.add(start);
  }

  /**
   * Walks from {@code start}.
   *
   * @param read the items under a key, lazily
   * @param emit what an item becomes
   * @param identity what makes two emitted values the same (emitted once)
   * @param follow the key an item leads to (walked once), or null
   */
  public static <R, T> Stream<T> from(
      String start,
      Function<String, Stream<R>> read,
      Function<R, T> emit,
      Function<T, String> identity,
      Function<R, @Nullable String> follow) {
    return StreamSupport.stream(new Walk<>(start, read, emit, identity, follow), false);
  }

  @Override
  public boolean tryAdvance(Consumer<? super T> action) {
    while (true) {
      Iterator<R> it = current;
      if (it == null || !it.hasNext()) {
        String key = todo.poll();
        if (key == null) {
          return false;
        }
        current = read.apply(key).iterator();
        continue;
      }
      R item = it.next();
      String next = follow.apply(item);
      if (next != null && visited.add(next)) {
        todo.add(next);
      }
      T value = emit.apply(item);
      if (emitted.add(identity.apply(value))) {
        action.accept(value);
        return true;
      }
    }
  }
}
