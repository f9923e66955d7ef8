package io.github.usersync.scim;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import org.immutables.value.Value;

/** The answer to a {@link ScimRequest}: status, headers and body, for any server to send. */
@Value.Immutable
public interface ScimResponse {
  /** The HTTP status. */
  int status();

  /** Headers to send ({@code Content-Type}, {@code Location}, {@code Retry-After}…). */
  Map<String, String> headers();

  /** The body; empty for 204. */
  @Value.Default
  @SuppressWarnings("mutable")
  default byte[] body() {
    return new byte[0];
  }

  /** The body as text. */
  default String bodyText() {
    return new String(body(), StandardCharsets.UTF_8);
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

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link ScimResponse}. */
  final class Builder extends ImmutableScimResponse.Builder {}
}
