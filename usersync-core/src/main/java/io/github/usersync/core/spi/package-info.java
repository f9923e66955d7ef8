/**
 * The extension points: {@link io.github.usersync.core.spi.IdpDirectory} (an IdP, read-only) and
 * {@link io.github.usersync.core.spi.ProvisioningTarget} (a host), each with a {@link
 * io.github.usersync.core.spi.Provider} found by {@link java.util.ServiceLoader} ({@link
 * io.github.usersync.core.spi.IdpDirectoryProvider}, {@link
 * io.github.usersync.core.spi.ProvisioningTargetProvider}). See docs/connectors.md for how to add
 * one.
 *
 * <p>New capabilities are added as {@code default} methods, so an implementation written today keeps
 * compiling; {@code capabilities()} says what an implementation supports. Extension API: for authors
 * of connectors and host targets; {@link io.github.usersync.core.spi.AbstractProvisioningTarget} is
 * the shortest way to a target.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.core.spi;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
