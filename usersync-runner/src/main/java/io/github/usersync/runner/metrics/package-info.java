/**
 * Metrics of sync runs in Micrometer ({@link io.github.usersync.runner.metrics.SyncMetrics}); needs
 * {@code micrometer-core} on the class path (an optional dependency).
 */
@NullMarked
package io.github.usersync.runner.metrics;

import org.jspecify.annotations.NullMarked;
