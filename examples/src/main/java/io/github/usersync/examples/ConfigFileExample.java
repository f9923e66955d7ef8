package io.github.usersync.examples;

import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.runner.ConfigRunner;
import java.nio.file.Path;

/**
 * An application runs a usersync config file (the CLI's format, docs/cli.md) through
 * usersync-runner: the same state file, lock and targets as {@code usersync sync --config FILE}.
 */
public final class ConfigFileExample {
  private ConfigFileExample() {}

  /** Runs the config file named by the first argument (default {@code usersync.yaml}) once. */
  public static void main(String[] args) {
    SyncReport report = run(Path.of(args.length > 0 ? args[0] : "usersync.yaml"));
    System.out.print(report.toText());
    System.exit(report.success() ? 0 : 1);
  }

  static SyncReport run(Path configFile) {
    // snippet:start
    SyncReport report = ConfigRunner.fromFile(configFile).runOnce();
    if (!report.success()) {
      System.err.println("usersync: " + report.status() + "; " + report.counts());
    }
    // snippet:end
    return report;
  }
}
