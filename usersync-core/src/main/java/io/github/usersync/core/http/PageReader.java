package io.github.usersync.core.http;

/**
 * Reads one page from an answer: its items, and the request for the next page. {@link Paging} has
 * one for each style the IdPs use.
 */
@FunctionalInterface
public interface PageReader<T> {
  /** Reads the page that {@code response} (the answer to {@code request}) carries. */
  Page<T> read(ApiRequest request, ApiResponse response);
}
