package io.github.usersync.jdbc.internal;

import io.github.usersync.core.ConfigurationException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** Transactions over a {@link DataSource} and the few portable SQL facts usersync-jdbc relies on. */
public final class Jdbc {
  /** The longest sync name a table keeps. */
  public static final int LONGEST_NAME = 200;
  private static final Pattern PREFIX = Pattern.compile("([A-Za-z][A-Za-z0-9_]*\\.)?([A-Za-z][A-Za-z0-9_]*)?");

  private Jdbc() {}

  /** Work in a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Does the work on {@code c}; committed when it returns, rolled back when it throws. */
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction on a connection of {@code dataSource}, whatever the
   * connection's auto-commit mode, and restores that mode before the connection goes back.
   */
  public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      if (autoCommit) {
        c.setAutoCommit(false);
      }
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      } finally {
        if (autoCommit) {
          try {
            c.setAutoCommit(true);
          } catch (SQLException e) {
            // the pool resets it, or closes the connection
          }
        }
      }
    }
  }

  /** Whether {@code e} is an integrity constraint violation (SQLSTATE class 23: a duplicate key). */
  public static boolean isDuplicateKey(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if (x instanceof SQLIntegrityConstraintViolationException
          || (x.getSQLState() != null && x.getSQLState().startsWith("23"))) {
        return true;
      }
    }
    return false;
  }

  /**
   * Checks a table-name prefix: letters, digits and {@code _}, optionally a schema and a dot
   * before; nothing that needs quoting, so it is safe to put into SQL.
   */
  public static String checkPrefix(String prefix) {
    if (!PREFIX.matcher(prefix).matches()) {
      throw new ConfigurationException("tablePrefix", "'" + prefix + "' is not a table-name prefix: use letters,"
          + " digits and _ (starting with a letter), optionally after a schema name and a dot, e.g. usersync_ or"
          + " idm.usersync_");
    }
    return prefix;
  }

  /** Checks that a sync name fits the tables' name column. */
  public static String checkName(String name) {
    if (name.length() > LONGEST_NAME) {
      throw new ConfigurationException("name", "a sync name kept in a database has at most " + LONGEST_NAME
          + " characters; this one has " + name.length());
    }
    return name;
  }
}
