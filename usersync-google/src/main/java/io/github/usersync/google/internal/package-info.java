/**
 * Wire-format and helper classes of the Google connector (service-account keys, error parsing,
 * user mapping, web-safe base64); not a public API.
 */
@NullMarked
package io.github.usersync.google.internal;

import org.jspecify.annotations.NullMarked;
