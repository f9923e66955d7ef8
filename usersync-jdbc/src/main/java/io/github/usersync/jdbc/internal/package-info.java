/** Schema creation and transactions for usersync-jdbc; not API. */
@NullMarked
package io.github.usersync.jdbc.internal;

import org.jspecify.annotations.NullMarked;
