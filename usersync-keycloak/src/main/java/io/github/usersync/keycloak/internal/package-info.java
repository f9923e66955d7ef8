/**
 * Keycloak wire format and helpers: JSON-to-model mapping, error fixes, and the listing that keeps
 * several offset pages in flight. Not public API.
 */
@NullMarked
package io.github.usersync.keycloak.internal;

import org.jspecify.annotations.NullMarked;
