package io.github.usersync.core;

import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.util.List;
import java.util.Map;

/**
 * Finds IdP connectors on the classpath with {@link java.util.ServiceLoader} and opens directories
 * by provider id. {@link ProvisioningTargets} does the same for targets.
 *
 * <pre>{@code
 * try (IdpDirectory okta = IdpDirectories.open("okta", Map.of(
 *     "domain", "acme.okta.com", "apiToken", "${env:OKTA_API_TOKEN}"))) {
 *   okta.users(UserQuery.standard()).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class IdpDirectories {
  private static final ProviderLookup<IdpDirectoryProvider> LOOKUP =
      new ProviderLookup<>(
          IdpDirectoryProvider.class,
          "connector",
          "provider",
          Map.of(
              "entra", "io.github.usersync:usersync-entra",
              "google", "io.github.usersync:usersync-google",
              "keycloak", "io.github.usersync:usersync-keycloak",
              "okta", "io.github.usersync:usersync-okta",
              "onelogin", "io.github.usersync:usersync-onelogin"));

  private IdpDirectories() {}

  /** Every provider on the thread's context class loader (else this class's), sorted by id. */
  public static List<IdpDirectoryProvider> providers() {
    return providers(ProviderLookup.defaultLoader());
  }

  /**
   * Every provider visible to {@code loader}, sorted by id.
   *
   * @throws ConfigurationException if a provider cannot be loaded, or two claim one id
   */
  public static List<IdpDirectoryProvider> providers(ClassLoader loader) {
    return LOOKUP.providers(loader);
  }

  /**
   * The provider with this id.
   *
   * @throws ConfigurationException listing the ids found if there is none
   */
  public static IdpDirectoryProvider provider(String id) {
    return provider(id, ProviderLookup.defaultLoader());
  }

  /** The provider with this id, visible to {@code loader}. */
  public static IdpDirectoryProvider provider(String id, ClassLoader loader) {
    return LOOKUP.provider(id, loader);
  }

  /** Opens a directory from a provider id and a settings map ({@code ${env:NAME}} resolved). */
  public static IdpDirectory open(String id, Map<String, String> settings) {
    return open(id, Settings.of(settings));
  }

  /** Opens a directory from a provider id and settings. */
  public static IdpDirectory open(String id, Settings settings) {
    return open(id, settings, ConnectorOptions.defaults());
  }

  /** Opens a directory from a provider id and settings, on the host's infrastructure. */
  public static IdpDirectory open(String id, Settings settings, ConnectorOptions options) {
    return provider(id).create(settings, options);
  }
}
