/**
 * Provisioning targets for Atlassian Data Center products: Jira, Confluence and Crowd.
 *
 * <p>Two faces share one target logic ({@link io.github.usersync.atlassian.AtlassianTarget}):
 *
 * <ul>
 *   <li><b>in-process</b>, for a Jira or Confluence app that embeds usersync: the app implements a
 *       small bridge ({@link io.github.usersync.atlassian.bridge.JiraBridge}, {@link
 *       io.github.usersync.atlassian.bridge.ConfluenceBridge}) with the product's Java API, and
 *       {@link io.github.usersync.atlassian.JiraTarget#inProcess} or {@link
 *       io.github.usersync.atlassian.ConfluenceTarget#inProcess} turns it into a target;
 *   <li><b>remote</b>, over REST from any JVM: {@link io.github.usersync.atlassian.CrowdTarget},
 *       {@link io.github.usersync.atlassian.JiraTarget#remote} and {@link
 *       io.github.usersync.atlassian.ConfluenceTarget#remote}, or {@link
 *       io.github.usersync.atlassian.AtlassianTargets#create} from a map of settings.
 * </ul>
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.atlassian;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
