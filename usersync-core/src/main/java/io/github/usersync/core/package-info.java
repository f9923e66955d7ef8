/**
 * usersync's entry points that need no other package: provider discovery ({@link
 * io.github.usersync.core.IdpDirectories}), the library's version ({@link
 * io.github.usersync.core.Usersync}) and the exception hierarchy under {@link
 * io.github.usersync.core.UsersyncException}.
 *
 * <p><b>API tiers.</b> Every package of usersync is in one of three:
 *
 * <ul>
 *   <li><b>User API</b>, for applications that embed usersync: this package, {@code core.model},
 *       {@code core.settings}, {@code core.mapping}, {@code core.sync}, {@code core.jit}, {@code
 *       core.memory}, each connector's and target's root package, and the test kit;
 *   <li><b>Extension API</b>, for authors of connectors and host targets: {@code core.spi} (the
 *       interfaces they implement, which gain only {@code default} methods) and {@code core.http}
 *       (the HTTP toolkit every connector is built on), and {@code atlassian.bridge} for Jira and
 *       Confluence apps;
 *   <li><b>Internal</b>: every package named {@code *.internal}. Not documented, not checked for
 *       compatibility, and may change in any release; do not use it.
 * </ul>
 *
 * <p>The build compares the public and protected members of the first two tiers with the last
 * release and fails on an incompatible change that is not declared (CONTRIBUTING.md, "API
 * compatibility"). Before 1.0, a minor release may still make such changes; the CHANGELOG lists
 * them.
 *
 * <p>Every failure usersync raises is unchecked and a subclass of {@link
 * io.github.usersync.core.UsersyncException}:
 *
 * <ul>
 *   <li>{@link io.github.usersync.core.ConfigurationException}: a setting or mapping rule is wrong;
 *       names the key; {@link io.github.usersync.core.MissingValueException} when a builder lacks
 *       a required value;
 *   <li>{@link io.github.usersync.core.RemoteCallException}: a call to an IdP or host API failed,
 *       either before an answer ({@link io.github.usersync.core.ConnectionFailedException}, which
 *       says what to fix) or with an error answer ({@link io.github.usersync.core.ApiException} and
 *       its status-specific leaves);
 *   <li>{@link io.github.usersync.core.DirectoryException}: a directory read could not be completed
 *       as asked (for example an expired change cursor);
 *   <li>{@link io.github.usersync.core.MappingException} and {@link
 *       io.github.usersync.core.ProvisioningException}: one user could not be mapped or provisioned.
 * </ul>
 *
 * <p>Besides, as in any Java library: {@code null} where the API does not allow it throws {@code
 * NullPointerException}, and a value outside a documented range that a value type's builder checks
 * itself (such as {@code SyncPolicy.applyConcurrency(0)}) throws {@code IllegalArgumentException}.
 */
@NullMarked
package io.github.usersync.core;

import org.jspecify.annotations.NullMarked;
