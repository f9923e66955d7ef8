/**
 * The sync engine: one pipeline, read → map → plan → guard → apply → report, behind every way of
 * syncing ({@link io.github.usersync.core.sync.UserSync#run() full or incremental runs}, {@link
 * io.github.usersync.core.sync.UserSync#syncUser(String) a single user}, {@link
 * io.github.usersync.core.sync.UserSync#provisionFromClaims(java.util.Map) just-in-time from
 * claims}) and the {@link io.github.usersync.core.sync.SyncScheduler cron scheduler}.
 *
 * <p>Safety: a read that fails or ends incomplete never leads to a deactivation or deletion;
 * deletion thresholds stop a run that would remove too much; one bad record fails only its own
 * change.
 */
@NullMarked
@UsersyncStyle
package io.github.usersync.core.sync;

import io.github.usersync.core.UsersyncStyle;
import org.jspecify.annotations.NullMarked;
