/** Runnable example programs, each compiled and run by the build. */
@NullMarked
package io.github.usersync.examples;

import org.jspecify.annotations.NullMarked;
