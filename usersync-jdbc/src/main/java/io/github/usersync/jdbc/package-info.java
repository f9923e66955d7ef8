/**
 * Sync state and a sync lock in a database over plain JDBC, for hosts that run on several nodes:
 * {@link io.github.usersync.jdbc.JdbcSyncStateStore} keeps each sync's state as one JSON document
 * per row; {@link io.github.usersync.jdbc.JdbcSyncLock} is a lease row per sync, renewed while a run
 * lasts and taken over after it expires. Tables are created on first use. Tested on PostgreSQL and
 * H2.
 */
@NullMarked
package io.github.usersync.jdbc;

import org.jspecify.annotations.NullMarked;
