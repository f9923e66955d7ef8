/**
 * OneLogin wire format and helpers: user and group JSON, error classification, rate-limit headers,
 * the API budget guard, the server clock. Not API; may change in any release.
 */
@NullMarked
package io.github.usersync.onelogin.internal;

import org.jspecify.annotations.NullMarked;
