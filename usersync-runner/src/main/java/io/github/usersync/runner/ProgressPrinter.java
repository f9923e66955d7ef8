package io.github.usersync.runner;

import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncPhase;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress lines on a stream, at most once a second: the phase, users read with the rate, and
 * changes applied of the plan's total with the rate and the time left
 * ({@code usersync:   1200 of 4000 changes applied (30%), 85/s, about 33s left}).
 */
public final class ProgressPrinter implements SyncListener {
  private final PrintStream err;
  private final LongSupplier nanos;
  private long last;
  private long phaseStart;

  /** Progress lines to {@code err}. */
  public ProgressPrinter(PrintStream err) {
    this(err, System::nanoTime);
  }

  ProgressPrinter(PrintStream err, LongSupplier nanos) {
    this.err = err;
    this.nanos = nanos;
    this.phaseStart = nanos.getAsLong();
    this.last = phaseStart - 2_000_000_000L; // the first update prints at once
  }

  @Override
  public synchronized void phase(SyncPhase phase) {
    phaseStart = nanos.getAsLong();
    if (phase != SyncPhase.DONE) {
      err.println("usersync: " + phase.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " …");
    }
  }

  @Override
  public synchronized void usersRead(long count) {
    if (tick()) {
      err.println("usersync:   " + count + " users read" + rate(count));
    }
  }

  @Override
  public synchronized void changeApplied(ChangeOutcome outcome, long done, long total) {
    if (tick() || done == total) {
      err.println(applied(done, total, nanos.getAsLong() - phaseStart));
    }
  }

  /** The line for {@code done} of {@code total} changes after {@code elapsedNanos}. */
  static String applied(long done, long total, long elapsedNanos) {
    StringBuilder b = new StringBuilder("usersync:   ").append(done).append(" of ").append(total).append(" changes applied");
    if (total > 0) {
      b.append(" (").append(done * 100 / total).append("%)");
    }
    double seconds = elapsedNanos / 1e9;
    if (done > 0 && seconds >= 0.5) {
      double perSecond = done / seconds;
      b.append(String.format(Locale.ROOT, ", %.0f/s", perSecond));
      if (done < total) {
        b.append(", about ").append(duration(Math.round((total - done) / perSecond))).append(" left");
      }
    }
    return b.toString();
  }

  private String rate(long count) {
    double seconds = (nanos.getAsLong() - phaseStart) / 1e9;
    return count > 0 && seconds >= 0.5 ? String.format(Locale.ROOT, " (%.0f/s)", count / seconds) : "";
  }

  private static String duration(long seconds) {
    if (seconds < 90) {
      return seconds + "s";
    }
    if (seconds < 90 * 60) {
      return (seconds + 30) / 60 + " min";
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, (seconds % 3600) / 60);
  }

  private boolean tick() {
    long now = nanos.getAsLong();
    if (now - last > 1_000_000_000L) {
      last = now;
      return true;
    }
    return false;
  }
}
