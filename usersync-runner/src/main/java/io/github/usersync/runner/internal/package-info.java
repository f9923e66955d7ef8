/** Implementation of the runner: strict reading of user files, atomic replacement. Not API. */
@NullMarked
package io.github.usersync.runner.internal;

import org.jspecify.annotations.NullMarked;
