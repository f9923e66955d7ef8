package io.github.usersync.atlassian;

import io.github.usersync.atlassian.bridge.ConfluenceBridge;
import io.github.usersync.atlassian.internal.ConfluenceBridgeDirectory;
import java.util.Collections;
import java.util.Set;

/**
 * Confluence Data Center targets. Only the profile fields phone, im, website, position, department
 * and location can be synchronised; the targets declare exactly these. {@link #inProcess} for a
 * Confluence app that embeds usersync writes them with {@code UserDetailsManager}. The remote
 * target (see {@code remote}) manages users, groups and memberships as far as the server's
 * version allows, and refuses profile-field changes: no Confluence REST resource writes them.
 */
public final class ConfluenceTarget {
  /** The groups protected unless configured otherwise. */
  public static final Set<String> DEFAULT_PROTECTED_GROUPS =
      Collections.singleton("confluence-administrators");

  private ConfluenceTarget() {}

  /** A target over a Confluence app's bridge, with the default options. */
  public static AtlassianTarget inProcess(ConfluenceBridge bridge) {
    return inProcess(bridge, InProcessOptions.defaults());
  }

  /** A target over a Confluence app's bridge. */
  public static AtlassianTarget inProcess(ConfluenceBridge bridge, InProcessOptions options) {
    return new AtlassianTarget(
        new ConfluenceBridgeDirectory(bridge, options.linkIndexMaxAge(), options.clock()),
        options.protectedGroups().orElse(DEFAULT_PROTECTED_GROUPS),
        null,
        null);
  }
}
