package io.github.usersync.entra.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.http.ApiRequest;
import io.github.usersync.core.http.ApiResponse;
import io.github.usersync.core.http.Page;
import io.github.usersync.core.http.PageReader;
import io.github.usersync.core.http.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads one page of a Graph collection for {@link io.github.usersync.core.http.Paging}: items in
 * {@code value}, the next page at the opaque absolute {@code @odata.nextLink} (followed as-is with
 * the first request's headers, e.g. {@code ConsistencyLevel}), and, at the end of a delta round,
 * the {@code @odata.deltaLink} handed to a sink.
 *
 * <p>Every page after the first is strict: it accepts no error, so a 404 half-way through is an
 * error, never a silently shorter list ({@code Paging.streamOrEmpty} reads a 404 on the first page
 * of a missing group or user as empty).
 */
public final class GraphPages<T> implements PageReader<T> {
  private final Function<JsonNode, T> mapper;
  private final @Nullable Consumer<String> deltaLinkSink;

  private GraphPages(Function<JsonNode, T> mapper, @Nullable Consumer<String> deltaLinkSink) {
    this.mapper = mapper;
    this.deltaLinkSink = deltaLinkSink;
  }

  /** A reader of a plain collection. */
  public static <T> GraphPages<T> of(Function<JsonNode, T> mapper) {
    return new GraphPages<>(mapper, null);
  }

  /** A reader of a delta round; the final page's {@code @odata.deltaLink} goes to {@code sink}. */
  public static <T> GraphPages<T> delta(Function<JsonNode, T> mapper, Consumer<String> sink) {
    return new GraphPages<>(mapper, sink);
  }

  @Override
  public Page<T> read(ApiRequest request, ApiResponse response) {
    JsonNode body = response.json();
    JsonNode value = body.path("value");
    if (!value.isArray()) {
      throw new DirectoryException(
          "entra: "
              + request.method()
              + " "
              + Urls.withoutQuery(response.uri())
              + " answered a page without a 'value' array; the answer is not the documented"
              + " shape of a Microsoft Graph collection");
    }
    List<T> items = new ArrayList<>(value.size());
    for (JsonNode n : value) {
      items.add(mapper.apply(n));
    }
    String next = GraphJson.text(body, "@odata.nextLink");
    if (next != null) {
      return Page.of(items, follow(request, resolve(response, next)));
    }
    String delta = GraphJson.text(body, "@odata.deltaLink");
    if (delta != null && deltaLinkSink != null) {
      deltaLinkSink.accept(resolve(response, delta).toString());
    }
    return Page.last(items);
  }

  /** A GET of {@code url} with the headers and label of {@code request}, accepting no error. */
  static ApiRequest follow(ApiRequest request, URI url) {
    ApiRequest.Builder b = ApiRequest.get(url);
    request.headers().forEach(b::header);
    String label = request.label();
    if (label != null) {
      b.label(label);
    }
    return b.build();
  }

  private static URI resolve(ApiResponse response, String link) {
    try {
      return response.uri().resolve(new URI(link.trim()));
    } catch (URISyntaxException e) {
      throw new DirectoryException(
          "entra: "
              + Urls.withoutQuery(response.uri())
              + " answered an @odata link that is not a URL; the listing is incomplete",
          e);
    }
  }
}
