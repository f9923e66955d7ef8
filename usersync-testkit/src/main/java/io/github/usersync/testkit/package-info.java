/**
 * Contract tests every connector and host target must pass: extend {@link
 * io.github.usersync.testkit.IdpDirectoryContract} or {@link
 * io.github.usersync.testkit.ProvisioningTargetContract} and supply only a factory. {@link
 * io.github.usersync.testkit.Fixtures} loads response fixtures named {@code
 * fixtures/<idp>/<resource>_<variant>.json}.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.testkit;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
