package io.github.usersync.cli.internal.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.runner.JsonFileTarget;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The demo: serves a sample Entra ID tenant on loopback in Graph's wire format, syncs it through
 * the real Entra connector into a JSON-file host, changes a few users in the sample and syncs again,
 * which reads only the changes (Graph delta).
 */
public final class DemoRun {
  static final String MAPPING = String.join("\n",
      "attributes:",
      "  department: \"department | trim | lookup(departments) | whenEmpty(keep)\"",
      "  position: \"jobTitle | trim\"",
      "lookups:",
      "  departments: { ENG: Engineering, SLS: Sales, LGL: Legal, FIN: Finance, SUP: Support }",
      "groups:",
      "  drop: [\"^Test \"]");

  private final PrintStream out;
  private final PrintStream err;

  /** A demo writing to the given streams. */
  public DemoRun(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  /** Runs the demo; returns the exit code. */
  public int run(boolean quiet, Path hostFile) {
    try (SampleGraph graph = Samples.tenant()) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("tenant", SampleGraph.TENANT);
      settings.put("clientId", "5b1f6c2e-1d7a-4c4e-9a3b-6f0d2c8e7a41");
      settings.put("clientSecret", "demo-client-secret");
      settings.put("loginBaseUrl", graph.baseUrl());
      settings.put("baseUrl", graph.baseUrl());
      UserMapping mapping = UserMapping.parse(new ObjectMapper(new YAMLFactory()).readTree(MAPPING), "entra");
      Files.deleteIfExists(hostFile);
      try (IdpDirectory directory = IdpDirectories.open("entra", settings);
          JsonFileTarget host = JsonFileTarget.open(hostFile)) {
        UserSync sync = UserSync.builder(directory, host)
            .name("demo")
            .mapper(mapping)
            .stateStore(SyncStateStore.inMemory())
            .listener(quiet ? SyncListener.none() : new io.github.usersync.runner.ProgressPrinter(err))
            .build();

        out.println("usersync demo: a sample Entra ID tenant (" + graph.users().size() + " users, nested groups)");
        out.println("served on " + graph.baseUrl() + " in Microsoft Graph's format, synced through the");
        out.println("entra connector into the JSON-file host " + hostFile);
        out.println();
        out.println("== 1. First (full) sync");
        SyncReport first = sync.run();
        out.print(first.toText());
        host.flush();

        out.println();
        out.println("== 2. Changes in the IdP");
        for (String change : Samples.change(graph)) {
          out.println("  - " + change);
        }
        out.println();
        out.println("== 3. Second sync: reads only the changes since the first (Graph delta)");
        SyncReport second = sync.run();
        out.print(second.toText());
        for (ChangeOutcome o : second.outcomes()) {
          out.printf(Locale.ROOT, "  %-8s %s%n", o.status(), o.change());
        }
        out.println();
        out.println("The host file " + hostFile + " holds the result; run the demo again to start over.");
        return first.success() && second.success() ? 0 : 1;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("the demo could not write " + hostFile + ": " + e.getMessage(), e);
    }
  }
}
