package io.github.usersync.scim;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * One HTTP request to the SCIM service, as any server hands it over: method, the path below the
 * SCIM base URL ({@code /Users/2819c223}), the raw query string, headers and body. Built by {@link
 * ScimServer}, a servlet adapter, or a host's own web framework.
 */
@Value.Immutable
public interface ScimRequest {
  /** The HTTP method, e.g. {@code PATCH}. */
  String method();

  /** The path below the SCIM base URL, starting with {@code /}, not decoded. */
  String path();

  /** The raw (still encoded) query string, without {@code ?}; empty when none. */
  @Value.Default
  default String query() {
    return "";
  }

  /** Headers by name (one value each); looked up ignoring case with {@link #header}. */
  Map<String, String> headers();

  /** The body; empty when none. */
  @Value.Default
  @SuppressWarnings("mutable")
  default byte[] body() {
    return new byte[0];
  }

  /**
   * The absolute SCIM base URL the client used, e.g. {@code https://jira.example.com/scim/v2}, for
   * {@code Location} headers and {@code meta.location}; empty: locations are relative.
   */
  @Value.Default
  default String baseUrl() {
    return "";
  }

  /** A header's value, by name ignoring case. */
  default Optional<String> header(String name) {
    for (Map.Entry<String, String> e : headers().entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return Optional.of(e.getValue());
      }
    }
    return Optional.empty();
  }

  /** The query parameters, decoded; the first value of each name. */
  default Map<String, String> queryParameters() {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : query().split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(k, v);
    }
    return out;
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ScimRequest}; {@code method} and {@code path} are required. */
  final class Builder extends ImmutableScimRequest.Builder {}
}
