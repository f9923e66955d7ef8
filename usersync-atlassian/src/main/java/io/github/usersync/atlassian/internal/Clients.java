package io.github.usersync.atlassian.internal;

import io.github.usersync.core.ConnectorOptions;
import io.github.usersync.core.http.ApiClient;
import io.github.usersync.core.http.TokenProvider;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.settings.ConnectionSettings;
import io.github.usersync.core.settings.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Builds the toolkit's {@link ApiClient} for one Atlassian API. */
public final class Clients {
  private Clients() {}

  /** What every client of one target shares: its settings, the host's options and the counters. */
  public static final class Common {
    final ConnectionSettings settings;
    final ConnectorOptions options;
    final RequestStats stats = new RequestStats();

    /** The shared parts. */
    public Common(ConnectionSettings settings, ConnectorOptions options) {
      this.settings = settings;
      this.options = options;
    }

    /** The counters all clients of the target add to. */
    public RequestStats stats() {
      return stats;
    }
  }

  /** Basic authentication: the header value's secret part is registered for redaction. */
  public static ApiClient basic(
      String service, URI base, String user, Secret password, AtlassianErrors errors, Common c) {
    Secret encoded = Secret.of(Base64.getEncoder()
        .encodeToString((user + ":" + password.reveal()).getBytes(StandardCharsets.UTF_8)));
    return builder(service, base, TokenProvider.fixed("Basic", encoded), errors, c)
        .redact(password, encoded)
        .build();
  }

  /** Bearer authentication with a personal access token. */
  public static ApiClient bearer(String service, URI base, Secret token, AtlassianErrors errors, Common c) {
    return builder(service, base, TokenProvider.fixed("Bearer", token), errors, c).redact(token).build();
  }

  private static ApiClient.Builder builder(
      String service, URI base, TokenProvider tokens, AtlassianErrors errors, Common c) {
    return c.options.apiClient(service, base)
        .settings(c.settings)
        .tokenProvider(tokens)
        .errorParser(errors)
        .stats(c.stats)
        // Atlassian's XSRF check refuses some form-like writes without it; REST calls are exempt
        // anyway, and the header is harmless where it is not needed.
        .defaultHeader("X-Atlassian-Token", "no-check");
  }
}
