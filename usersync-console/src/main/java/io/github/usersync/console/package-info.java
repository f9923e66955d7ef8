/**
 * A web console for one sync, served by the JDK's HTTP server ({@code jdk.httpserver}) with no
 * framework and no external assets: the sync's status and next run, the run history (a table and a
 * server-rendered SVG chart), a run's changes filtered by type and outcome, "Sync now", "Dry run"
 * then "Apply", connection checks of both ends, "explain" for one user, {@code /metrics}
 * (Prometheus text) and {@code /health}. Start one with {@link
 * io.github.usersync.console.ConsoleServer#builder}; see docs/console.md.
 */
@NullMarked
package io.github.usersync.console;

import org.jspecify.annotations.NullMarked;
