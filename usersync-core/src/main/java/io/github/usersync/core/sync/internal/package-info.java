/** Implementation of the sync engine; not API. */
@NullMarked
package io.github.usersync.core.sync.internal;

import org.jspecify.annotations.NullMarked;
