package io.github.usersync.cli.internal;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.runner.ConfigFile;
import io.github.usersync.scim.ScimAuthentication;
import io.github.usersync.scim.ScimServer;
import io.github.usersync.scim.ScimServiceProvider;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;

/**
 * The SCIM service of a config's {@code scim} section, as {@code usersync serve} runs it: a {@link
 * ScimServiceProvider} in front of the config's target, with the config's policy, the sync's name,
 * state file and lock, served by a {@link ScimServer} until closed.
 *
 * <p>Pushes and pulls of one config share the name, so they share the state (pushes read it and
 * keep their resources in it; pulls carry the resources forward) and the lock: every push holds
 * {@code lock} while it applies, so it never overlaps a pull's run; one that cannot get it within
 * {@code scim.lockWait} is answered 503 with {@code Retry-After: scim.retryAfter}.
 */
public final class ScimEndpoint implements AutoCloseable {
  private final ScimServiceProvider provider;
  private final ScimServer server;

  private ScimEndpoint(ScimServiceProvider provider, ScimServer server) {
    this.provider = provider;
    this.server = server;
  }

  /**
   * Starts the SCIM service of {@code config} in front of {@code target}; every push holds {@code
   * lock} (the file lock the sync's runs in other processes take, or this JVM's lock where this
   * process holds the file lock and runs the sync itself).
   *
   * @throws ConfigurationException naming the key when the scim section cannot be served
   * @throws java.io.UncheckedIOException when the address cannot be bound
   */
  public static ScimEndpoint start(ConfigFile config, ProvisioningTarget target, SyncLock lock, SyncListener listener) {
    ConfigFile.Scim s = config.scim().orElseThrow(() -> new ConfigurationException("scim",
        "is required to serve SCIM: add a scim section with a token (docs/scim.md)"));
    InetAddress address;
    try {
      address = InetAddress.getByName(s.bind());
    } catch (UnknownHostException e) {
      throw new ConfigurationException("scim.bind", "'" + s.bind() + "' is not an address of this machine; use e.g."
          + " 127.0.0.1 (the default), or 0.0.0.0 behind a TLS proxy", e);
    }
    ScimAuthentication auth = s.token().map(ScimAuthentication::bearerToken)
        .orElseGet(() -> ScimAuthentication.clientCredentials(s.clientId().orElse(""),
            s.clientSecret().orElseThrow(() -> new ConfigurationException("scim.clientSecret", "is required")),
            s.tokenLifetime()));
    ScimServiceProvider provider = ScimServiceProvider.builder(target)
        .name(config.name())
        .authentication(auth)
        .mapper(s.mapping())
        .policy(config.policy())
        .protectedGroups(new LinkedHashSet<>(config.policy().protectedGroups()))
        .listener(listener)
        .destructiveLimit(s.maxDestructiveChanges(), s.destructiveWindow())
        .maxRequestBytes(s.maxRequestBytes())
        .lock(lock, s.lockWait())
        .busyRetryAfter(s.retryAfter())
        .stateStore(SyncStateStore.file(config.stateFile()))
        .build();
    try {
      ScimServer server = ScimServer.builder(provider).bindAddress(address).port(s.port()).contextPath(s.contextPath())
          .publicBaseUrl(s.publicBaseUrl().orElse(null)).build().start();
      return new ScimEndpoint(provider, server);
    } catch (RuntimeException e) {
      provider.close();
      throw e;
    }
  }

  /** The URL the service listens on, e.g. {@code http://127.0.0.1:8090/scim/v2}. */
  public URI uri() {
    return server.uri();
  }

  /** Stops listening (waiting briefly for requests in flight), then the provider's threads. */
  @Override
  public void close() {
    try {
      server.close();
    } finally {
      provider.close();
    }
  }

  @Override
  public String toString() {
    return "ScimEndpoint[" + server.uri() + "]";
  }
}
