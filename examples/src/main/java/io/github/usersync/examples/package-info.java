/** Runnable example programs and the entry point of {@code usersync.jar}. */
@NullMarked
package io.github.usersync.examples;

import org.jspecify.annotations.NullMarked;
