/**
 * The Google Workspace connector: reads users, groups, memberships, managers and photos from the
 * Admin SDK Directory API, authenticated as a service account with domain-wide delegation or with
 * an OAuth refresh token. Provider id {@code google}.
 *
 * <p>Start with {@link io.github.usersync.google.GoogleSettings} and {@link
 * io.github.usersync.google.GoogleDirectory#create(GoogleSettings)}, or let {@link
 * io.github.usersync.core.IdpDirectories} find {@link
 * io.github.usersync.google.GoogleDirectoryProvider}. {@link
 * io.github.usersync.google.GoogleOAuthConsent} obtains a refresh token once.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.google;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
