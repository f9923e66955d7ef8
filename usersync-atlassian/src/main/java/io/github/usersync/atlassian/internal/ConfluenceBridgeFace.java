package io.github.usersync.atlassian.internal;

import io.github.usersync.atlassian.bridge.ConfluenceBridge;
import io.github.usersync.core.model.TargetCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Confluence in-process: attributes are the six profile fields of {@code UserDetailsManager}; the
 * link is kept through the same manager under {@code usersync.externalId}, which the profile does
 * not show.
 */
public final class ConfluenceBridgeFace extends BridgeFace {
  private final ConfluenceBridge bridge;

  /** A face over the app's bridge. */
  public ConfluenceBridgeFace(ConfluenceBridge bridge, Duration linkIndexMaxAge, Clock clock) {
    super(bridge, bridge, linkIndexMaxAge, clock);
    this.bridge = bridge;
  }

  @Override
  public String product() {
    return "confluence";
  }

  @Override
  public TargetCapabilities capabilities() {
    return ConfluenceRules.inProcess();
  }

  @Override
  public Optional<String> usernameProblem(String username) {
    return ConfluenceRules.usernameProblem(username);
  }

  @Override
  public int maxAttributeLength() {
    return ConfluenceRules.MAX_PROFILE_VALUE;
  }

  @Override
  Map<String, String> attributes(String key) {
    Map<String, String> out = new TreeMap<>();
    for (String field : ConfluenceRules.PROFILE_FIELDS) {
      bridge.stringProperty(key, field).filter(v -> !v.isEmpty()).ifPresent(v -> out.put(field, v));
    }
    return out;
  }

  @Override
  Optional<String> link(String key) {
    return bridge.stringProperty(key, LINK_KEY).filter(v -> !v.isEmpty());
  }

  @Override
  void storeLink(String key, String externalId) {
    bridge.setStringProperty(key, LINK_KEY, externalId);
  }

  @Override
  void storeAttributes(String key, Map<String, String> set, Set<String> remove) {
    set.forEach((name, value) -> bridge.setStringProperty(key, name, value));
    remove.forEach(name -> bridge.removeProperty(key, name));
  }
}
