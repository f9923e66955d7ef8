/**
 * Just-in-time provisioning at login: {@link io.github.usersync.core.jit.AlbTokenVerifier} checks
 * the signed header an AWS Application Load Balancer sends, and {@link
 * io.github.usersync.core.jit.LoginProvisioner} hands the claims to {@link
 * io.github.usersync.core.sync.UserSync#provisionFromClaims(java.util.Map)}, which reads them with
 * a {@link io.github.usersync.core.sync.ClaimsMapping}. This package builds on {@code sync}; {@code
 * sync} knows nothing of it.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.core.jit;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
