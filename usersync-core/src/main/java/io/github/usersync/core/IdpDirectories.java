package io.github.usersync.core;

import io.github.usersync.core.settings.Settings;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.IdpDirectoryProvider;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds IdP connectors on the classpath with {@link ServiceLoader} and opens directories by
 * provider id.
 *
 * <pre>{@code
 * try (IdpDirectory okta = IdpDirectories.open("okta", Map.of(
 *     "domain", "acme.okta.com", "apiToken", "${env:OKTA_API_TOKEN}"))) {
 *   okta.users(UserQuery.standard()).forEach(System.out::println);
 * }
 * }</pre>
 */
public final class IdpDirectories {
  private IdpDirectories() {}

  /** Every provider on the thread's context class loader (else this class's), sorted by id. */
  public static List<IdpDirectoryProvider> providers() {
    return providers(defaultLoader());
  }

  /**
   * Every provider visible to {@code loader}, sorted by id.
   *
   * @throws ConfigurationException if a provider cannot be loaded, or two claim one id
   */
  public static List<IdpDirectoryProvider> providers(ClassLoader loader) {
    Map<String, IdpDirectoryProvider> byId = new LinkedHashMap<>();
    try {
      for (IdpDirectoryProvider p : ServiceLoader.load(IdpDirectoryProvider.class, loader)) {
        IdpDirectoryProvider previous = byId.putIfAbsent(p.id(), p);
        if (previous != null && previous.getClass() != p.getClass()) {
          throw new ConfigurationException(
              "provider",
              "two connectors claim the provider id '"
                  + p.id()
                  + "': "
                  + describe(previous)
                  + " and "
                  + describe(p)
                  + ". Keep one of them on the classpath: remove the other jar (check for two"
                  + " versions of the same connector, e.g. with mvn dependency:tree), or open the"
                  + " wanted provider directly with its class.");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(
          "provider",
          "a connector on the classpath could not be loaded ("
              + e.getMessage()
              + "); check that its jar matches this usersync version and that its dependencies"
              + " are present",
          e);
    }
    List<IdpDirectoryProvider> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(IdpDirectoryProvider::id));
    return out;
  }

  /**
   * The provider with this id.
   *
   * @throws ConfigurationException listing the ids found if there is none
   */
  public static IdpDirectoryProvider provider(String id) {
    return provider(id, defaultLoader());
  }

  /** The provider with this id, visible to {@code loader}. */
  public static IdpDirectoryProvider provider(String id, ClassLoader loader) {
    List<IdpDirectoryProvider> all = providers(loader);
    for (IdpDirectoryProvider p : all) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    List<String> ids = all.stream().map(IdpDirectoryProvider::id).collect(Collectors.toList());
    throw new ConfigurationException(
        "provider",
        "no connector with id '"
            + id
            + "' is on the classpath"
            + io.github.usersync.core.settings.Suggestions.didYouMean(id, ids)
            + "; found: "
            + (ids.isEmpty() ? "none" : String.join(", ", ids))
            + ". Add the connector's jar, e.g. io.github.usersync:usersync-"
            + id
            + ", as a dependency.");
  }

  /** Opens a directory from a provider id and a settings map ({@code ${env:NAME}} resolved). */
  public static IdpDirectory open(String id, Map<String, String> settings) {
    return open(id, Settings.of(settings));
  }

  /** Opens a directory from a provider id and settings. */
  public static IdpDirectory open(String id, Settings settings) {
    return provider(id).create(settings);
  }

  private static ClassLoader defaultLoader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : IdpDirectories.class.getClassLoader();
  }

  private static String describe(IdpDirectoryProvider p) {
    String where = "unknown location";
    CodeSource cs = p.getClass().getProtectionDomain().getCodeSource();
    if (cs != null) {
      URL url = cs.getLocation();
      if (url != null) {
        where = url.toString();
      }
    }
    return p.getClass().getName() + " (from " + where + ")";
  }
}
