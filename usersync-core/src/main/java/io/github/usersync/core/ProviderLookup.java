package io.github.usersync.core;

import io.github.usersync.core.settings.Suggestions;
import io.github.usersync.core.spi.Provider;
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
import org.jspecify.annotations.Nullable;

/**
 * Finds the providers of one kind with {@link ServiceLoader}, the same way for directories and
 * targets: two claiming one id fail with how to fix it; an unknown id lists the ids found and names
 * the artifact to add only when usersync publishes one for that id.
 */
final class ProviderLookup<P extends Provider<?>> {
  private final Class<P> type;
  private final String noun;
  private final String key;
  private final Map<String, String> artifacts;

  /**
   * @param noun what one is called in messages, e.g. {@code connector}
   * @param key the setting that names the id, e.g. {@code provider}
   * @param artifacts the artifact usersync publishes for each id it knows
   */
  ProviderLookup(Class<P> type, String noun, String key, Map<String, String> artifacts) {
    this.type = type;
    this.noun = noun;
    this.key = key;
    this.artifacts = artifacts;
  }

  static ClassLoader defaultLoader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : ProviderLookup.class.getClassLoader();
  }

  List<P> providers(ClassLoader loader) {
    Map<String, P> byId = new LinkedHashMap<>();
    try {
      for (P p : ServiceLoader.load(type, loader)) {
        P previous = byId.putIfAbsent(p.id(), p);
        if (previous != null && previous.getClass() != p.getClass()) {
          throw new ConfigurationException(
              key,
              "two " + noun + "s claim the " + (key.equals("provider") ? "provider id" : noun + " id")
                  + " '" + p.id() + "': " + describe(previous) + " and " + describe(p)
                  + ". Keep one of them on the classpath: remove the other jar (check for two"
                  + " versions of the same " + noun + ", e.g. with mvn dependency:tree), or open the"
                  + " wanted one directly with its class.");
        }
      }
    } catch (ServiceConfigurationError e) {
      throw new ConfigurationException(
          key,
          "a " + noun + " on the classpath could not be loaded (" + e.getMessage()
              + "); check that its jar matches this usersync version and that its dependencies"
              + " are present",
          e);
    }
    List<P> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparing(Provider::id));
    return out;
  }

  P provider(String id, ClassLoader loader) {
    List<P> all = providers(loader);
    for (P p : all) {
      if (p.id().equals(id)) {
        return p;
      }
    }
    List<String> ids = all.stream().map(Provider::id).collect(Collectors.toList());
    @Nullable String artifact = artifacts.get(id);
    throw new ConfigurationException(
        key,
        "no " + noun + " with id '" + id + "' is on the classpath"
            + Suggestions.didYouMean(id, ids)
            + "; found: " + (ids.isEmpty() ? "none" : String.join(", ", ids)) + ". "
            + (artifact != null
                ? "Add its jar, " + artifact + ", as a dependency."
                : "Check the id, or put the jar of the " + noun + " that provides it on the classpath."));
  }

  private static String describe(Object p) {
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
