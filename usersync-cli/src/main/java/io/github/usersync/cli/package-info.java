/**
 * The {@code usersync} command-line tool ({@code java -jar usersync.jar}, {@code bin/usersync}):
 * the commands demo, providers, check, sync, schedule, explain and completion, on picocli, and
 * their exit codes. {@link io.github.usersync.cli.Main} is the entry point.
 */
@NullMarked
package io.github.usersync.cli;

import org.jspecify.annotations.NullMarked;
