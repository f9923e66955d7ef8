package io.github.usersync.core.sync.internal;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.model.DirectoryGroup;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The policy's required groups must be groups of the IdP: a name that matches none would leave no
 * user in scope, and a run would deactivate every linked user. A run refuses such a policy when it
 * has read the IdP's groups, and {@code UserSync.check()} refuses it the same way.
 */
public final class RequiredGroups {
  private RequiredGroups() {}

  /**
   * Fails, naming the first required group that is neither the name nor the id of one of {@code
   * groups} (compared case-insensitively).
   *
   * @throws ConfigurationException for {@code policy.requiredGroups}
   */
  public static void requireKnown(List<DirectoryGroup> groups, Set<String> required) {
    if (required.isEmpty()) {
      return;
    }
    Set<String> known = new HashSet<>();
    groups.forEach(g -> {
      known.add(g.name().toLowerCase(Locale.ROOT));
      known.add(g.id().toLowerCase(Locale.ROOT));
    });
    for (String r : required) {
      if (!known.contains(r.toLowerCase(Locale.ROOT))) {
        throw new ConfigurationException("policy.requiredGroups",
            "'" + r + "' is not a group in the IdP (by name or id); correct the name, or no user"
                + " would be in scope and every linked user would be deactivated");
      }
    }
  }
}
