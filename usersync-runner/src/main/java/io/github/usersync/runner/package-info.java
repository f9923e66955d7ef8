/**
 * Runs a sync from a config file (YAML or JSON), as the {@code usersync} command-line tool does and
 * as an application that embeds usersync can: {@code ConfigRunner.fromFile(path).runOnce()}.
 *
 * <p>{@link io.github.usersync.runner.ConfigFile} is the config format; {@link
 * io.github.usersync.runner.ConfigRunner} opens both ends, holds the sync's file lock, keeps the
 * state in a file and runs once or on the config's schedule; {@link
 * io.github.usersync.runner.JsonFileTarget} is a host kept in a JSON file (target type {@code
 * json-file}); {@link io.github.usersync.runner.ProgressPrinter} prints progress.
 */
@NullMarked
package io.github.usersync.runner;

import org.jspecify.annotations.NullMarked;
