package io.github.usersync.core.sync.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The run's logging context: {@code usersync.run} (the run id) and {@code usersync.sync} (the
 * sync's name) in the SLF4J MDC of the thread running the sync and of every task it hands to the
 * run's pool, so each log line of a run names it. Internal.
 */
public final class RunContext implements AutoCloseable {
  /** The MDC key of the run id. */
  public static final String RUN_ID = "usersync.run";
  /** The MDC key of the sync's name. */
  public static final String SYNC = "usersync.sync";

  private final @Nullable Map<String, String> before;

  private RunContext(String runId, String syncName) {
    this.before = MDC.getCopyOfContextMap();
    MDC.put(RUN_ID, runId);
    MDC.put(SYNC, syncName);
  }

  /** Puts the run's keys in this thread's MDC until {@link #close()}, which restores what was there. */
  public static RunContext open(String runId, String syncName) {
    return new RunContext(runId, syncName);
  }

  @Override
  public void close() {
    Map<String, String> b = before;
    if (b == null) {
      MDC.remove(RUN_ID);
      MDC.remove(SYNC);
    } else {
      MDC.setContextMap(b);
    }
  }

  /** {@code pool}, with each task run in the MDC of the thread that submitted it. Shutting it down shuts nothing down. */
  public static ExecutorService propagating(ExecutorService pool) {
    return new AbstractExecutorService() {
      @Override
      public void execute(Runnable task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        pool.execute(() -> {
          Map<String, String> previous = MDC.getCopyOfContextMap();
          if (context == null) {
            MDC.clear();
          } else {
            MDC.setContextMap(context);
          }
          try {
            task.run();
          } finally {
            if (previous == null) {
              MDC.clear();
            } else {
              MDC.setContextMap(previous);
            }
          }
        });
      }

      @Override
      public void shutdown() {}

      @Override
      public List<Runnable> shutdownNow() {
        return List.of();
      }

      @Override
      public boolean isShutdown() {
        return pool.isShutdown();
      }

      @Override
      public boolean isTerminated() {
        return pool.isTerminated();
      }

      @Override
      public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
      }
    };
  }
}
