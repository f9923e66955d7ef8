/**
 * Implementation detail of the Entra connector: Graph's wire format, error codes, paging with delta
 * links, the delta cursor and the certificate assertion. Not a public API.
 */
@NullMarked
package io.github.usersync.entra.internal;

import org.jspecify.annotations.NullMarked;
