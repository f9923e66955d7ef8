package io.github.usersync.core.http;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** One page of items and the request for the next page, if there is one. */
public final class Page<T> {
  private final List<T> items;
  private final @Nullable ApiRequest next;

  private Page(List<T> items, @Nullable ApiRequest next) {
    this.items = Collections.unmodifiableList(items);
    this.next = next;
  }

  /** A page followed by {@code next}. */
  public static <T> Page<T> of(List<T> items, @Nullable ApiRequest next) {
    return new Page<>(items, next);
  }

  /** The last page. */
  public static <T> Page<T> last(List<T> items) {
    return new Page<>(items, null);
  }

  /** The page's items. */
  public List<T> items() {
    return items;
  }

  /** The request for the next page; empty on the last page. */
  public Optional<ApiRequest> next() {
    return Optional.ofNullable(next);
  }
}
