package io.github.usersync.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.SQLException;
import org.h2.tools.Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The JDBC store and lock on H2, served over TCP on 127.0.0.1 (so a second JVM reaches it) for this class. */
class H2Test extends JdbcStoreAndLockTest {
  private static Server server;

  @BeforeAll
  static void start() throws SQLException, IOException {
    System.setProperty("h2.bindAddress", "127.0.0.1");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Override
  String url() {
    return "jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/mem:usersync;DB_CLOSE_DELAY=-1";
  }

  @Override
  String textTypeName() {
    return "CHARACTER LARGE OBJECT";
  }
}
