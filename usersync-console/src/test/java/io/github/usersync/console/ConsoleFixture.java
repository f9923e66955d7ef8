package io.github.usersync.console;

import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.runner.JsonFileTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An Okta org on loopback, the okta connector reading it, a JSON-file host and a state file in a
 * temporary directory, and a console over them.
 */
final class ConsoleFixture implements AutoCloseable {
  final Path dir;
  final OktaOrg org = new OktaOrg();
  final IdpDirectory directory = IdpDirectories.open("okta",
      Map.of("baseUrl", org.baseUrl(), "apiToken", OktaOrg.TOKEN));
  final JsonFileTarget target;
  final UserSync sync;
  final ConsoleServer console;

  ConsoleFixture(UnaryOperator<ConsoleServer.Builder> options) {
    try {
      dir = Files.createTempDirectory("usersync-console-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    target = JsonFileTarget.open(dir.resolve("host.json"));
    sync = UserSync.builder(directory, target).name("okta-to-host")
        // Five users: one deactivation is 20 %, over the default 10 % threshold.
        .policy(SyncPolicy.builder().maxDestructivePercent(50).build())
        .stateStore(SyncStateStore.file(dir.resolve("state.json"))).build();
    console = options.apply(ConsoleServer.builder(sync, directory, target).port(0)).build().start();
  }

  String url(String path) {
    return console.uri().resolve(path).toString();
  }

  @Override
  public void close() {
    console.close();
    directory.close();
    target.close();
    org.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
