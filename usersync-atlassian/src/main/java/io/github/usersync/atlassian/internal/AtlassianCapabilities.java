package io.github.usersync.atlassian.internal;

import io.github.usersync.core.model.TargetCapabilities;

/** What Jira (both faces) and Crowd declare, before the target adds its protected groups. */
final class AtlassianCapabilities {
  /**
   * Any attribute name, renames of users (the key stays), deletes of users; no face has a group
   * rename or delete, and none keeps managers or photos.
   */
  static final TargetCapabilities BASE = TargetCapabilities.builder()
      .canRenameUsers(true)
      .canDeleteUsers(true)
      .canRenameGroups(false)
      .canDeleteGroups(false)
      .canRemovePhotos(false)
      .build();

  private AtlassianCapabilities() {}
}
