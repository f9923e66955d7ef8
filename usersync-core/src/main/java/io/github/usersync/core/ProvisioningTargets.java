package io.github.usersync.core;

import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTargetProvider;
import java.util.List;
import java.util.Map;

/**
 * Finds target providers on the classpath with {@link java.util.ServiceLoader} ({@code memory} in
 * core, {@code jira}, {@code confluence} and {@code crowd} in usersync-atlassian, and any host's
 * own) and opens targets by type, with the same messages as {@link IdpDirectories}.
 *
 * <pre>{@code
 * try (ProvisioningTarget crowd = ProvisioningTargets.open("crowd", Settings.of(Map.of(
 *     "baseUrl", "https://crowd.example.com/crowd",
 *     "applicationName", "usersync",
 *     "applicationPassword", "${env:CROWD_APP_PASSWORD}")))) {
 *   System.out.print(crowd.checkConnection().toText());
 * }
 * }</pre>
 */
public final class ProvisioningTargets {
  private static final String ATLASSIAN = "io.github.usersync:usersync-atlassian";
  private static final ProviderLookup<ProvisioningTargetProvider> LOOKUP =
      new ProviderLookup<>(
          ProvisioningTargetProvider.class,
          "target",
          "type",
          Map.of("jira", ATLASSIAN, "confluence", ATLASSIAN, "crowd", ATLASSIAN,
              "memory", "io.github.usersync:usersync-core"));

  private ProvisioningTargets() {}

  /** Every provider on the thread's context class loader (else this class's), sorted by id. */
  public static List<ProvisioningTargetProvider> providers() {
    return providers(ProviderLookup.defaultLoader());
  }

  /**
   * Every provider visible to {@code loader}, sorted by id.
   *
   * @throws ConfigurationException if a provider cannot be loaded, or two claim one id
   */
  public static List<ProvisioningTargetProvider> providers(ClassLoader loader) {
    return LOOKUP.providers(loader);
  }

  /**
   * The provider of this target type.
   *
   * @throws ConfigurationException listing the types found if there is none
   */
  public static ProvisioningTargetProvider provider(String type) {
    return provider(type, ProviderLookup.defaultLoader());
  }

  /** The provider of this target type, visible to {@code loader}. */
  public static ProvisioningTargetProvider provider(String type, ClassLoader loader) {
    return LOOKUP.provider(type, loader);
  }

  /** Opens a target from its type and settings. */
  public static ProvisioningTarget open(String type, Settings settings) {
    return open(type, settings, ConnectorOptions.defaults());
  }

  /** Opens a target from its type and settings, on the host's infrastructure. */
  public static ProvisioningTarget open(String type, Settings settings, ConnectorOptions options) {
    return provider(type).create(settings, options);
  }
}
