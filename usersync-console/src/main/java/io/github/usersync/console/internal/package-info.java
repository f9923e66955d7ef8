/** The console's pages, sessions, run history and monitoring output; not an API. */
@NullMarked
package io.github.usersync.console.internal;

import org.jspecify.annotations.NullMarked;
