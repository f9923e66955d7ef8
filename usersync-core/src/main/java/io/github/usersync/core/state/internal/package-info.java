/**
 * The state stores and locks that ship with core ({@code SyncStateStore.file}, {@code
 * SyncLock.file}) and the waiting shared by every lock; not API.
 */
@NullMarked
package io.github.usersync.core.state.internal;

import org.jspecify.annotations.NullMarked;
