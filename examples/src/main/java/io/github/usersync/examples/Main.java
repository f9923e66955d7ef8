package io.github.usersync.examples;

import io.github.usersync.examples.cli.Cli;

/** The entry point of {@code usersync.jar}: the {@code usersync} command-line tool. */
public final class Main {
  private Main() {}

  /** Runs a command and exits with its code (see {@link Cli}). */
  public static void main(String[] args) {
    System.exit(new Cli(System.out, System.err).run(args));
  }
}
