package io.github.usersync.jdbc.internal;

import io.github.usersync.core.UsersyncException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of usersync's tables, created on first use: the first call of {@link #ensure} checks that
 * it answers a query and creates it when it does not. Creation races between nodes are harmless:
 * whoever loses finds the table the other created.
 */
public final class Table {
  private static final Logger LOG = LoggerFactory.getLogger(Table.class);

  private final DataSource dataSource;
  private final String name;
  private final String columns;
  private volatile boolean ready;

  /**
   * A table {@code name} with the column definitions {@code columns}, in which {@code {text}}
   * stands for the database's type for long text.
   */
  public Table(DataSource dataSource, String name, String columns) {
    this.dataSource = dataSource;
    this.name = name;
    this.columns = columns;
  }

  /** The table's name, prefix included. */
  public String name() {
    return name;
  }

  /** The CREATE TABLE statement for a database whose JDBC product name is {@code product}. */
  public String createStatement(String product) {
    return "CREATE TABLE " + name + " (" + columns.replace("{text}", textType(product)) + ")";
  }

  /**
   * The type for a text of any length: {@code TEXT} (PostgreSQL), {@code LONGTEXT} (MySQL,
   * MariaDB), {@code NVARCHAR(MAX)} (SQL Server), else the standard {@code CLOB} (H2, Oracle, Db2,
   * Derby).
   */
  static String textType(String product) {
    String p = product.toLowerCase(Locale.ROOT);
    if (p.contains("postgres")) {
      return "TEXT";
    }
    if (p.contains("mysql") || p.contains("mariadb")) {
      return "LONGTEXT";
    }
    if (p.contains("sql server")) {
      return "NVARCHAR(MAX)";
    }
    return "CLOB";
  }

  /** Makes sure the table exists, creating it on the first call when it does not. */
  public void ensure() {
    if (ready) {
      return;
    }
    synchronized (this) {
      if (ready) {
        return;
      }
      try {
        if (!exists()) {
          create();
        }
      } catch (SQLException e) {
        throw new UsersyncException("cannot reach the database for the table " + name + ": " + e.getMessage(), e);
      }
      ready = true;
    }
  }

  private boolean exists() throws SQLException {
    return Jdbc.inTransaction(dataSource, c -> {
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT sync_name FROM " + name + " WHERE 1 = 0").close();
        return true;
      } catch (SQLException e) {
        // No such table (or no right to read it); the rollback keeps the connection usable.
        c.rollback();
        return false;
      }
    });
  }

  private void create() throws SQLException {
    String sql;
    try {
      sql = Jdbc.inTransaction(dataSource, c -> {
        String create = createStatement(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
          s.execute(create);
        }
        return create;
      });
    } catch (SQLException e) {
      if (exists()) {
        return;
      }
      throw new UsersyncException("cannot create the table " + name + ": " + e.getMessage() + "; create it"
          + " as usersync-jdbc's README shows, or let usersync's database user create tables", e);
    }
    LOG.info("created the table {}: {}", name, sql);
  }
}
