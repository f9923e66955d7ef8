/**
 * Okta wire format and helpers: user and group JSON, filter expressions, error codes and their
 * fixes, the domain check and private-key reading. Not API: may change in any release.
 */
@NullMarked
package io.github.usersync.okta.internal;

import org.jspecify.annotations.NullMarked;
