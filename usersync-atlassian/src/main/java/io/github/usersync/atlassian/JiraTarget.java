package io.github.usersync.atlassian;

import io.github.usersync.atlassian.bridge.JiraBridge;
import io.github.usersync.atlassian.internal.JiraBridgeDirectory;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Jira Data Center targets. {@link #inProcess} for a Jira app that embeds usersync: attributes
 * become the user's "User Properties" ({@code jira.meta.*}). {@code remote} (see {@link
 * #remote(JiraSettings)}) for any other JVM: users, groups and memberships through Jira's REST API
 * 2, the active flag and attributes through Jira's embedded Crowd API; attributes there are Crowd
 * user attributes or Jira user entity properties, neither of which is the profile's "User
 * Properties" list.
 */
public final class JiraTarget {
  /** The groups protected unless configured otherwise. */
  public static final Set<String> DEFAULT_PROTECTED_GROUPS =
      Collections.unmodifiableSet(
          new LinkedHashSet<>(Arrays.asList("jira-administrators", "jira-system-administrators")));

  private JiraTarget() {}

  /** A target over a Jira app's bridge, with the default options. */
  public static AtlassianTarget inProcess(JiraBridge bridge) {
    return inProcess(bridge, InProcessOptions.defaults());
  }

  /** A target over a Jira app's bridge. */
  public static AtlassianTarget inProcess(JiraBridge bridge, InProcessOptions options) {
    return new AtlassianTarget(
        new JiraBridgeDirectory(bridge, options.linkIndexMaxAge(), options.clock()),
        options.protectedGroups().orElse(DEFAULT_PROTECTED_GROUPS),
        null,
        null);
  }
}
