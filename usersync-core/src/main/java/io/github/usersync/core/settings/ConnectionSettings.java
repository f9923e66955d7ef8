package io.github.usersync.core.settings;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.immutables.value.Value;

/**
 * What every connector's and remote target's settings share, with one name, meaning and check
 * everywhere: the time allowed for one answer, the requests in flight, the page size, and an HTTP
 * proxy. Each settings type extends this interface (as Micrometer's {@code DatadogConfig} extends
 * {@code StepRegistryConfig}) and names its {@link SharedKeys} in {@link #sharedKeys()}: the
 * connector's defaults and bounds, declared once, which document, read and check these keys. Its
 * {@code @Value.Check} calls {@link SharedKeys#check}, and its {@code fromSettings} starts from
 * {@code builder().from(SHARED.read(settings, KEYS))}. See {@code OktaSettings} and
 * docs/connectors.md.
 */
public interface ConnectionSettings {
  /**
   * The shared keys with this connector's defaults and bounds; every settings type overrides it
   * to return its constant (it is not a setting itself).
   */
  default SharedKeys sharedKeys() {
    throw new IllegalStateException(
        getClass().getName() + " must override sharedKeys() to name its SharedKeys constant");
  }

  /** Time allowed for one answer (default 60 s). */
  @Value.Default
  default Duration requestTimeout() {
    return SharedKeys.DEFAULT_REQUEST_TIMEOUT;
  }

  /** Requests in flight at once, within the connector's bounds (default: its {@link SharedKeys}'). */
  @Value.Default
  default int maxConcurrentRequests() {
    return sharedKeys().defaultMaxConcurrentRequests();
  }

  /** Items asked for per page when listing, within the connector's bounds (default: its own). */
  @Value.Default
  default int pageSize() {
    return sharedKeys().defaultPageSize();
  }

  /**
   * An HTTP proxy every call goes through (an unresolved host and port); absent, the JVM's proxy
   * settings apply ({@code https.proxyHost}, {@code https.proxyPort}).
   */
  Optional<InetSocketAddress> proxy();
}
