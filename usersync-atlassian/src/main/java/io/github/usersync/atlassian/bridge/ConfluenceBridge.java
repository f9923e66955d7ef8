package io.github.usersync.atlassian.bridge;

/**
 * Everything usersync needs from Confluence in-process: users, groups, and the profile fields of
 * {@code UserDetailsManager}. A Confluence app implements it with Confluence's Java API (see the
 * module README for each method's call on Confluence 8.5 and 9.x) and passes it to {@link
 * io.github.usersync.atlassian.ConfluenceTarget#inProcess}.
 */
public interface ConfluenceBridge extends UserBridge, GroupBridge, ConfluenceUserDetails {}
