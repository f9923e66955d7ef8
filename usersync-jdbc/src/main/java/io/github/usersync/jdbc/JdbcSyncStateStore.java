package io.github.usersync.jdbc;

import io.github.usersync.core.ConfigurationException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.sync.SyncState;
import io.github.usersync.core.sync.SyncStateJson;
import io.github.usersync.core.sync.SyncStateStore;
import io.github.usersync.jdbc.internal.Jdbc;
import io.github.usersync.jdbc.internal.Table;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Keeps each sync's {@link SyncState} in a database table, one row per sync name holding the
 * state as a {@link SyncStateJson} document, for hosts that run on several nodes:
 *
 * <pre>{@code
 * UserSync sync = UserSync.builder(directory, target)
 *     .stateStore(JdbcSyncStateStore.create(dataSource))
 *     .lock(JdbcSyncLock.create(dataSource))
 *     .build();
 * }</pre>
 *
 * A save is one transaction (an update, or an insert for a new sync), so the row holds the state
 * before or after it, never a mix. The table ({@code usersync_sync_state} by default) is created on
 * first use; see the module's README for its definition. Plain JDBC: any {@link DataSource}, a pool
 * or not; connections are returned in the auto-commit mode they came in.
 */
public final class JdbcSyncStateStore implements SyncStateStore {
  private final DataSource dataSource;
  private final Table table;
  private final Clock clock;

  private JdbcSyncStateStore(Builder b) {
    this.dataSource = b.dataSource;
    this.clock = b.clock;
    this.table = new Table(dataSource, Jdbc.checkPrefix(b.tablePrefix) + "sync_state",
        "sync_name VARCHAR(" + Jdbc.LONGEST_NAME + ") NOT NULL, state_json {text} NOT NULL,"
            + " updated_at BIGINT NOT NULL, PRIMARY KEY (sync_name)");
  }

  /** A store in the table {@code usersync_sync_state} of {@code dataSource}. */
  public static JdbcSyncStateStore create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** A builder, for a table-name prefix. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The table's name. */
  public String tableName() {
    return table.name();
  }

  @Override
  public Optional<SyncState> load(String syncName) {
    Jdbc.checkName(syncName);
    table.ensure();
    Optional<String> json;
    try {
      json = Jdbc.inTransaction(dataSource, c -> {
        try (PreparedStatement s = c.prepareStatement("SELECT state_json FROM " + table.name() + " WHERE sync_name = ?")) {
          s.setString(1, syncName);
          try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
          }
        }
      });
    } catch (SQLException e) {
      throw new UsersyncException("cannot read the sync state of '" + syncName + "' from the table "
          + table.name() + ": " + e.getMessage(), e);
    }
    if (json.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(SyncStateJson.read(json.get()));
    } catch (ConfigurationException e) {
      throw new ConfigurationException("state", "in the table " + table.name() + ", the row of the sync '"
          + syncName + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void save(String syncName, SyncState state) {
    Jdbc.checkName(syncName);
    table.ensure();
    String json = SyncStateJson.write(state);
    for (int attempt = 1; ; attempt++) {
      try {
        Jdbc.inTransaction(dataSource, c -> {
          long now = clock.millis();
          try (PreparedStatement u = c.prepareStatement(
              "UPDATE " + table.name() + " SET state_json = ?, updated_at = ? WHERE sync_name = ?")) {
            u.setString(1, json);
            u.setLong(2, now);
            u.setString(3, syncName);
            if (u.executeUpdate() > 0) {
              return 1;
            }
          }
          try (PreparedStatement i = c.prepareStatement(
              "INSERT INTO " + table.name() + " (sync_name, state_json, updated_at) VALUES (?, ?, ?)")) {
            i.setString(1, syncName);
            i.setString(2, json);
            i.setLong(3, now);
            return i.executeUpdate();
          }
        });
        return;
      } catch (SQLException e) {
        // Another node inserted the first row of this sync at the same moment: update it instead.
        if (attempt < 3 && Jdbc.isDuplicateKey(e)) {
          continue;
        }
        throw new UsersyncException("cannot save the sync state of '" + syncName + "' in the table "
            + table.name() + ": " + e.getMessage() + "; the previous state is kept", e);
      }
    }
  }

  @Override
  public String toString() {
    return "JdbcSyncStateStore(" + table.name() + ")";
  }

  /** Builds a {@link JdbcSyncStateStore}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = "usersync_";
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The prefix of the table's name (default {@code usersync_}, making {@code
     * usersync_sync_state}); letters, digits and {@code _}, optionally after a schema and a dot
     * ({@code idm.usersync_}).
     */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = Jdbc.checkPrefix(tablePrefix);
      return this;
    }

    /** The clock for the {@code updated_at} column (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The store. */
    public JdbcSyncStateStore build() {
      return new JdbcSyncStateStore(this);
    }
  }
}
