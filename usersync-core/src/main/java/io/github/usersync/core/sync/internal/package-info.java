/** Implementation of the sync engine. Internal: not an API; may change in any release. */
@NullMarked
package io.github.usersync.core.sync.internal;

import org.jspecify.annotations.NullMarked;
