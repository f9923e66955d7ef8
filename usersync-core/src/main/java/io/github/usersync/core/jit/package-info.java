/**
 * Just-in-time provisioning at login: {@link io.github.usersync.core.jit.ClaimsMapping} turns the
 * claims an SSO front sends into a directory user for {@link
 * io.github.usersync.core.sync.UserSync#provisionFromClaims(java.util.Map)}.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.core.jit;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
