package io.github.usersync.cli;

/** The entry point of {@code usersync.jar} and {@code bin/usersync}: the {@code usersync} command-line tool. */
public final class Main {
  private Main() {}

  /** Runs a command and exits with its code (see {@link Cli}). */
  public static void main(String[] args) {
    // A process of its own: every attempt goes through usersync's retry, so the report counts
    // each one the server saw (the JDK would re-send some silently).
    io.github.usersync.core.http.ApiClient.disableJdkSilentRetries();
    System.exit(new Cli(System.out, System.err).run(args));
  }
}
