package io.github.usersync.console;

import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.core.sync.UserSync;
import java.util.Map;
import java.util.function.UnaryOperator;

/** An Okta org on loopback, the okta connector reading it, an in-memory host, and a console over them. */
final class ConsoleFixture implements AutoCloseable {
  final OktaOrg org = new OktaOrg();
  final IdpDirectory directory = IdpDirectories.open("okta",
      Map.of("baseUrl", org.baseUrl(), "apiToken", OktaOrg.TOKEN));
  final InMemoryTarget target = InMemoryTarget.create();
  final UserSync sync = UserSync.builder(directory, target).name("okta-to-host")
      // Five users: one deactivation is 20 %, over the default 10 % threshold.
      .policy(SyncPolicy.builder().maxDestructivePercent(50).build())
      .stateStore(SyncStateStore.inMemory()).build();
  final ConsoleServer console;

  ConsoleFixture(UnaryOperator<ConsoleServer.Builder> options) {
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
  }
}
