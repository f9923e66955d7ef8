package io.github.usersync.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** A {@link DataSource} without a pool, over {@link DriverManager}: what the tests and their child JVMs connect with. */
final class UrlDataSource implements DataSource {
  private final String url;
  private final boolean autoCommit;

  UrlDataSource(String url) {
    this(url, true);
  }

  /** Connections in the given auto-commit mode, as a pool configured either way hands them out. */
  UrlDataSource(String url, boolean autoCommit) {
    this.url = url;
    this.autoCommit = autoCommit;
  }

  @Override
  public Connection getConnection() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    c.setAutoCommit(autoCommit);
    return c;
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return DriverManager.getConnection(url, username, password);
  }

  @Override
  public @Nullable PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(@Nullable PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
