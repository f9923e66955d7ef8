/**
 * In-memory implementations of both SPIs, thread-safe: {@link
 * io.github.usersync.core.memory.InMemoryDirectory} (an IdP for tests, demos and benchmarks, with
 * change tracking and fault injection) and {@link io.github.usersync.core.memory.InMemoryTarget}
 * (a host). User API: for tests and demos of an embedding application.
 */
@NullMarked
package io.github.usersync.core.memory;

import org.jspecify.annotations.NullMarked;
