package io.github.usersync.atlassian.bridge;

/**
 * Everything usersync needs from Jira in-process: users, groups, and the user property set. A
 * Jira app implements it in a few lines with Jira's Java API (see the module README for each
 * method's call on Jira 9.12 and 10.x) and passes it to {@link
 * io.github.usersync.atlassian.JiraTarget#inProcess}.
 */
public interface JiraBridge extends UserBridge, GroupBridge, JiraUserProperties {}
