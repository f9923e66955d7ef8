/**
 * The {@code usersync} command-line tool: config files, the JSON-file target, commands (demo,
 * providers, check, sync, schedule, explain) and their exit codes.
 */
@NullMarked
package io.github.usersync.examples.cli;

import org.jspecify.annotations.NullMarked;
