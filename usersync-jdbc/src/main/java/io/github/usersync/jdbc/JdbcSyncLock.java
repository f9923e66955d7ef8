package io.github.usersync.jdbc;

import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.sync.SyncLock;
import io.github.usersync.jdbc.internal.Jdbc;
import io.github.usersync.jdbc.internal.Table;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SyncLock} for hosts on several nodes: a lease row per sync name in a database table,
 * with its owner (host and pid) and expiry.
 *
 * <ul>
 *   <li>A run takes the lease by inserting the row, or by taking over a row whose lease expired (a
 *       node that died mid-run); a live lease is refused, naming its holder.
 *   <li>While the run lasts, a background thread renews the lease every {@code renewEvery} (a
 *       third of the lease time by default). A lease that could not be renewed in time, or that
 *       another node took over, is lost: {@link Handle#isHeld()} then answers false.
 *   <li>Closing the handle deletes the row; a node that dies leaves its row, which the next run
 *       takes over once the lease time (default 60 s) has passed.
 * </ul>
 *
 * Expiry is computed from each node's clock, so the nodes' clocks must agree to well within the
 * lease time (NTP does). The table ({@code usersync_sync_lock} by default) is created on first use;
 * see the module's README.
 */
public final class JdbcSyncLock implements SyncLock {
  private static final Logger LOG = LoggerFactory.getLogger(JdbcSyncLock.class);

  private final DataSource dataSource;
  private final Table table;
  private final Duration leaseTime;
  private final Duration renewEvery;
  private final Clock clock;

  private JdbcSyncLock(Builder b) {
    this.dataSource = b.dataSource;
    this.leaseTime = b.leaseTime;
    this.renewEvery = b.renewEvery != null ? b.renewEvery : b.leaseTime.dividedBy(3);
    if (renewEvery.isZero() || renewEvery.isNegative() || renewEvery.compareTo(leaseTime) >= 0) {
      throw new IllegalArgumentException("renewEvery (" + renewEvery + ") must be positive and shorter than"
          + " the lease time (" + leaseTime + ")");
    }
    this.clock = b.clock;
    this.table = new Table(dataSource, Jdbc.checkPrefix(b.tablePrefix) + "sync_lock",
        "sync_name VARCHAR(" + Jdbc.LONGEST_NAME + ") NOT NULL, lease_owner VARCHAR(64) NOT NULL,"
            + " holder_host VARCHAR(255) NOT NULL, holder_pid BIGINT, acquired_at BIGINT NOT NULL,"
            + " expires_at BIGINT NOT NULL, PRIMARY KEY (sync_name)");
  }

  /** A lock in the table {@code usersync_sync_lock} of {@code dataSource}, with 60-second leases. */
  public static JdbcSyncLock create(DataSource dataSource) {
    return builder(dataSource).build();
  }

  /** A builder, for the table-name prefix and the lease time. */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** The table's name. */
  public String tableName() {
    return table.name();
  }

  @Override
  public Optional<Handle> tryAcquire(String name) {
    Jdbc.checkName(name);
    table.ensure();
    String owner = UUID.randomUUID().toString();
    Holder me = Holder.thisProcess(Instant.ofEpochMilli(clock.millis()));
    long expires = me.since().toEpochMilli() + leaseTime.toMillis();
    try {
      Row row = row(name).orElse(null);
      boolean taken;
      if (row == null) {
        taken = insert(name, owner, me, expires);
      } else if (row.expiresAt > me.since().toEpochMilli()) {
        taken = false;
      } else {
        taken = takeOver(name, row, owner, me, expires);
        if (taken) {
          LOG.warn("sync {}: took over the lease of {}, which expired at {} (that run ended without releasing"
              + " it, or could not renew it)", name, row.holder().describe(), Instant.ofEpochMilli(row.expiresAt));
        }
      }
      return taken ? Optional.of(new Lease(name, owner, expires)) : Optional.empty();
    } catch (SQLException e) {
      throw new UsersyncException("cannot take the lease of the sync '" + name + "' in the table "
          + table.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Holder> holder(String name) {
    Jdbc.checkName(name);
    table.ensure();
    try {
      return row(name).filter(r -> r.expiresAt > clock.millis()).map(Row::holder);
    } catch (SQLException e) {
      throw new UsersyncException("cannot read the lease of the sync '" + name + "' in the table "
          + table.name() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "JdbcSyncLock(" + table.name() + ", lease " + leaseTime + ")";
  }

  private Optional<Row> row(String name) throws SQLException {
    return Jdbc.inTransaction(dataSource, c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT lease_owner, holder_host, holder_pid, acquired_at,"
          + " expires_at FROM " + table.name() + " WHERE sync_name = ?")) {
        s.setString(1, name);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return Optional.<Row>empty();
          }
          long pid = r.getLong(3);
          Long p = r.wasNull() ? null : pid;
          return Optional.of(new Row(r.getString(1), r.getString(2), p, r.getLong(4), r.getLong(5)));
        }
      }
    });
  }

  private boolean insert(String name, String owner, Holder me, long expires) throws SQLException {
    try {
      return Jdbc.inTransaction(dataSource, c -> {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO " + table.name() + " (sync_name, lease_owner,"
            + " holder_host, holder_pid, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
          s.setString(1, name);
          s.setString(2, owner);
          s.setString(3, host(me));
          setPid(s, 4, me);
          s.setLong(5, me.since().toEpochMilli());
          s.setLong(6, expires);
          return s.executeUpdate() == 1;
        }
      });
    } catch (SQLException e) {
      if (Jdbc.isDuplicateKey(e)) {
        return false; // another node inserted it first
      }
      throw e;
    }
  }

  private boolean takeOver(String name, Row old, String owner, Holder me, long expires) throws SQLException {
    // Compare-and-set on the expired owner: of two nodes taking over at once, one wins.
    return Jdbc.inTransaction(dataSource, c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE " + table.name() + " SET lease_owner = ?,"
          + " holder_host = ?, holder_pid = ?, acquired_at = ?, expires_at = ? WHERE sync_name = ?"
          + " AND lease_owner = ? AND expires_at <= ?")) {
        s.setString(1, owner);
        s.setString(2, host(me));
        setPid(s, 3, me);
        s.setLong(4, me.since().toEpochMilli());
        s.setLong(5, expires);
        s.setString(6, name);
        s.setString(7, old.owner);
        s.setLong(8, me.since().toEpochMilli());
        return s.executeUpdate() == 1;
      }
    });
  }

  private static String host(Holder h) {
    return h.host().length() > 255 ? h.host().substring(0, 255) : h.host();
  }

  private static void setPid(PreparedStatement s, int index, Holder h) throws SQLException {
    if (h.pid().isPresent()) {
      s.setLong(index, h.pid().getAsLong());
    } else {
      s.setNull(index, Types.BIGINT);
    }
  }

  /** A lease row as read. */
  private static final class Row {
    final String owner;
    final String host;
    final @Nullable Long pid;
    final long acquiredAt;
    final long expiresAt;

    Row(String owner, String host, @Nullable Long pid, long acquiredAt, long expiresAt) {
      this.owner = owner;
      this.host = host;
      this.pid = pid;
      this.acquiredAt = acquiredAt;
      this.expiresAt = expiresAt;
    }

    Holder holder() {
      Holder.Builder b = Holder.builder().host(host).since(Instant.ofEpochMilli(acquiredAt))
          .expires(Instant.ofEpochMilli(expiresAt));
      if (pid != null) {
        b.pid(pid);
      }
      return b.build();
    }
  }

  /** A held lease, renewed in the background until closed. */
  private final class Lease implements Handle {
    private final String name;
    private final String owner;
    private final ScheduledExecutorService renewer;
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile long expiresAt;
    private volatile boolean lost;

    Lease(String name, String owner, long expiresAt) {
      this.name = name;
      this.owner = owner;
      this.expiresAt = expiresAt;
      this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "usersync-lease-" + name);
        t.setDaemon(true);
        return t;
      });
      long every = renewEvery.toMillis();
      renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      if (!open.get() || lost) {
        return;
      }
      long next = clock.millis() + leaseTime.toMillis();
      try {
        int updated = Jdbc.inTransaction(dataSource, c -> {
          try (PreparedStatement s = c.prepareStatement("UPDATE " + table.name() + " SET expires_at = ?"
              + " WHERE sync_name = ? AND lease_owner = ?")) {
            s.setLong(1, next);
            s.setString(2, name);
            s.setString(3, owner);
            return s.executeUpdate();
          }
        });
        if (updated == 1) {
          expiresAt = next;
        } else if (open.get()) {
          lost = true;
          LOG.error("sync {}: the lease was taken over by another node (it expired at {} before it could be"
              + " renewed); this run no longer holds the lock", name, Instant.ofEpochMilli(expiresAt));
          renewer.shutdown();
        }
      } catch (SQLException | RuntimeException e) {
        LOG.warn("sync {}: cannot renew the lease in the table {} ({}); it ends at {} unless a renewal succeeds",
            name, table.name(), e.getMessage(), Instant.ofEpochMilli(expiresAt));
      }
    }

    @Override
    public boolean isHeld() {
      return open.get() && !lost && clock.millis() < expiresAt;
    }

    @Override
    public void close() {
      if (!open.compareAndSet(true, false)) {
        return;
      }
      renewer.shutdownNow();
      try {
        Jdbc.inTransaction(dataSource, c -> {
          try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table.name()
              + " WHERE sync_name = ? AND lease_owner = ?")) {
            s.setString(1, name);
            s.setString(2, owner);
            return s.executeUpdate();
          }
        });
      } catch (SQLException e) {
        LOG.warn("sync {}: cannot release the lease in the table {} ({}); it ends by itself at {}",
            name, table.name(), e.getMessage(), Instant.ofEpochMilli(expiresAt));
      }
    }

    @Override
    public String toString() {
      return "lease of " + name + (isHeld() ? " (held)" : " (not held)");
    }
  }

  /** Builds a {@link JdbcSyncLock}. */
  public static final class Builder {
    private final DataSource dataSource;
    private String tablePrefix = "usersync_";
    private Duration leaseTime = Duration.ofSeconds(60);
    private @Nullable Duration renewEvery;
    private Clock clock = Clock.systemUTC();

    private Builder(DataSource dataSource) {
      this.dataSource = dataSource;
    }

    /**
     * The prefix of the table's name (default {@code usersync_}, making {@code usersync_sync_lock});
     * letters, digits and {@code _}, optionally after a schema and a dot.
     */
    public Builder tablePrefix(String tablePrefix) {
      this.tablePrefix = Jdbc.checkPrefix(tablePrefix);
      return this;
    }

    /**
     * How long a lease lasts unless renewed (default 60 s): how long a dead node's run blocks the
     * next one, and how long a node may fail to reach the database before it loses the lease.
     */
    public Builder leaseTime(Duration leaseTime) {
      if (leaseTime.isNegative() || leaseTime.isZero()) {
        throw new IllegalArgumentException("a lease time must be positive: " + leaseTime);
      }
      this.leaseTime = leaseTime;
      return this;
    }

    /** How often a held lease is renewed (default: a third of the lease time). */
    public Builder renewEvery(Duration renewEvery) {
      this.renewEvery = renewEvery;
      return this;
    }

    /** The clock leases are computed with (tests). */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** The lock. */
    public JdbcSyncLock build() {
      return new JdbcSyncLock(this);
    }
  }
}
