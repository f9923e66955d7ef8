/**
 * usersync's entry points that need no other package: provider discovery ({@link
 * io.github.usersync.core.IdpDirectories}) and the exception hierarchy under {@link
 * io.github.usersync.core.UsersyncException}.
 *
 * <p>Every failure usersync raises is unchecked and a subclass of {@link
 * io.github.usersync.core.UsersyncException}:
 *
 * <ul>
 *   <li>{@link io.github.usersync.core.ConfigurationException}: a setting or mapping rule is wrong;
 *       names the key;
 *   <li>{@link io.github.usersync.core.RemoteCallException}: a call to an IdP or host API failed,
 *       either before an answer ({@link io.github.usersync.core.ConnectionFailedException}, which
 *       says what to fix) or with an error answer ({@link io.github.usersync.core.ApiException} and
 *       its status-specific leaves);
 *   <li>{@link io.github.usersync.core.DirectoryException}: a directory read could not be completed
 *       as asked (for example an expired change cursor);
 *   <li>{@link io.github.usersync.core.MappingException} and {@link
 *       io.github.usersync.core.ProvisioningException}: one user could not be mapped or provisioned.
 * </ul>
 */
@NullMarked
package io.github.usersync.core;

import org.jspecify.annotations.NullMarked;
