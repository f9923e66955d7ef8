package io.github.usersync.runner;

import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncListener;
import io.github.usersync.core.sync.SyncPhase;
import java.io.PrintStream;
import java.util.Locale;

/** Progress lines ({@code usersync:   1200 users read}) on a stream, at most once a second. */
public final class ProgressPrinter implements SyncListener {
  private final PrintStream err;
  private long last;

  /** Progress lines to {@code err}. */
  public ProgressPrinter(PrintStream err) {
    this.err = err;
  }

  @Override
  public void phase(SyncPhase phase) {
    if (phase != SyncPhase.DONE) {
      err.println("usersync: " + phase.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " …");
    }
  }

  @Override
  public synchronized void usersRead(long count) {
    if (tick()) {
      err.println("usersync:   " + count + " users read");
    }
  }

  @Override
  public synchronized void changeApplied(ChangeOutcome outcome, long done, long total) {
    if (tick() || done == total) {
      err.println("usersync:   " + done + " of " + total + " changes applied");
    }
  }

  private boolean tick() {
    long now = System.nanoTime();
    if (now - last > 1_000_000_000L) {
      last = now;
      return true;
    }
    return false;
  }
}
