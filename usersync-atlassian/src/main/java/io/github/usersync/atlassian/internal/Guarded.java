package io.github.usersync.atlassian.internal;

import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy stream whose failures, thrown while it is consumed (a page that fails half-way through a
 * listing), are translated, so a caller sees the same exception type on the first page as on the
 * last.
 */
public final class Guarded {
  private Guarded() {}

  /** {@code source}, with every {@link RuntimeException} thrown while advancing translated. */
  public static <T> Stream<T> stream(
      Stream<T> source, Function<RuntimeException, RuntimeException> translate) {
    Spliterator<T> inner = source.spliterator();
    Spliterator<T> guarded =
        new Spliterators.AbstractSpliterator<T>(Long.MAX_VALUE, inner.characteristics() & ~Spliterator.SIZED) {
          @Override
          public boolean tryAdvance(Consumer<? super T> action) {
            // The element is handed on outside the try, so a failure downstream is not translated.
            java.util.List<T> box = new java.util.ArrayList<>(1);
            boolean advanced;
            try {
              advanced = inner.tryAdvance(box::add);
            } catch (RuntimeException e) {
              throw translate.apply(e);
            }
            if (advanced) {
              action.accept(box.get(0));
            }
            return advanced;
          }
        };
    return StreamSupport.stream(guarded, false).onClose(source::close);
  }
}
