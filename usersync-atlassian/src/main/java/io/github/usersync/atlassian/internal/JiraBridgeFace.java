package io.github.usersync.atlassian.internal;

import io.github.usersync.atlassian.bridge.JiraBridge;
import io.github.usersync.core.model.TargetCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Jira in-process: attributes are the {@code jira.meta.*} entries of the user's property set,
 * which Jira shows as "User Properties" on the profile; the link is the {@code
 * usersync.externalId} entry, which Jira does not show.
 */
public final class JiraBridgeFace extends BridgeFace {
  /** The prefix of the property-set entries Jira shows as "User Properties". */
  public static final String META_PREFIX = "jira.meta.";

  private final JiraBridge bridge;

  /** A face over the app's bridge. */
  public JiraBridgeFace(JiraBridge bridge, Duration linkIndexMaxAge, Clock clock) {
    super(bridge, bridge, linkIndexMaxAge, clock);
    this.bridge = bridge;
  }

  @Override
  public String product() {
    return "jira";
  }

  /**
   * Renames users (the key stays); no group resource renames or deletes groups here, and photos are
   * not kept. The protected groups are added by the target.
   */
  @Override
  public TargetCapabilities capabilities() {
    return AtlassianCapabilities.BASE;
  }

  @Override
  Map<String, String> attributes(String key) {
    Map<String, String> out = new TreeMap<>();
    bridge.strings(key, META_PREFIX).forEach((k, v) -> {
      if (k.startsWith(META_PREFIX) && k.length() > META_PREFIX.length()) {
        out.put(k.substring(META_PREFIX.length()), v);
      }
    });
    return out;
  }

  @Override
  Optional<String> link(String key) {
    return Optional.ofNullable(bridge.strings(key, LINK_KEY).get(LINK_KEY));
  }

  @Override
  void storeLink(String key, String externalId) {
    bridge.setString(key, LINK_KEY, externalId);
  }

  @Override
  void storeAttributes(String key, Map<String, String> set, Set<String> remove) {
    set.forEach((name, value) -> bridge.setString(key, META_PREFIX + name, value));
    remove.forEach(name -> bridge.remove(key, META_PREFIX + name));
  }
}
