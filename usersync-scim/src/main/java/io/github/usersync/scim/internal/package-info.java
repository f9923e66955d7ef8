/** SCIM wire formats, filters, PATCH and the resource store. Internal: no compatibility promise. */
@NullMarked
package io.github.usersync.scim.internal;

import org.jspecify.annotations.NullMarked;
