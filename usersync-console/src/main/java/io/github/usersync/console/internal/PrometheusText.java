package io.github.usersync.console.internal;

import io.github.usersync.core.sync.SyncReport;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /metrics} in the Prometheus text exposition format (version 0.0.4), rendered from the
 * console's run history: runs by status, changes by type and outcome, the last run's duration,
 * requests and time, the last success, and whether a run is in progress.
 */
public final class PrometheusText {
  /** The content type of the format. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private PrometheusText() {}

  /** The scrape text for the sync {@code sync}. */
  public static String render(String sync, RunHistory history, boolean running) {
    StringBuilder b = new StringBuilder();
    String s = "sync=\"" + label(sync) + "\"";
    header(b, "usersync_runs_total", "counter", "Runs finished since the console started, by status; dry runs apart.");
    for (Map.Entry<String, Long> e : history.runsByStatus().entrySet()) {
      String[] k = e.getKey().split("\u0000", 2);
      b.append("usersync_runs_total{").append(s).append(",status=\"").append(label(k[0]))
          .append("\",dry_run=\"").append(k[1]).append("\"} ").append(e.getValue()).append('\n');
    }
    header(b, "usersync_changes_total", "counter", "Changes of runs that were not dry runs, by type and outcome.");
    for (Map.Entry<String, Long> e : history.changes().entrySet()) {
      String[] k = e.getKey().split("\u0000", 2);
      b.append("usersync_changes_total{").append(s).append(",type=\"").append(label(k[0].toLowerCase(Locale.ROOT)))
          .append("\",outcome=\"").append(label(k[1].toLowerCase(Locale.ROOT))).append("\"} ")
          .append(e.getValue()).append('\n');
    }
    header(b, "usersync_run_in_progress", "gauge", "1 while a run of the sync is in progress.");
    b.append("usersync_run_in_progress{").append(s).append("} ").append(running ? 1 : 0).append('\n');
    Optional<RunRecord> last = history.latestApplied();
    if (last.isPresent()) {
      SyncReport r = last.get().report();
      header(b, "usersync_last_run_duration_seconds", "gauge", "How long the last run (not a dry run) took.");
      b.append("usersync_last_run_duration_seconds{").append(s).append("} ").append(seconds(r.duration().toMillis())).append('\n');
      header(b, "usersync_last_run_timestamp_seconds", "gauge", "When the last run (not a dry run) finished.");
      b.append("usersync_last_run_timestamp_seconds{").append(s).append("} ")
          .append(seconds(r.finishedAt().toEpochMilli())).append('\n');
      header(b, "usersync_last_run_success", "gauge", "1 if the last run (not a dry run) succeeded.");
      b.append("usersync_last_run_success{").append(s).append("} ").append(r.success() ? 1 : 0).append('\n');
      header(b, "usersync_last_run_requests", "gauge", "Requests the last run made, by end (idp, host).");
      b.append("usersync_last_run_requests{").append(s).append(",end=\"idp\"} ").append(r.directoryRequests().requests()).append('\n');
      b.append("usersync_last_run_requests{").append(s).append(",end=\"host\"} ").append(r.targetRequests().requests()).append('\n');
      header(b, "usersync_last_run_throttle_wait_seconds", "gauge", "Time the last run waited on throttled answers.");
      b.append("usersync_last_run_throttle_wait_seconds{").append(s).append("} ")
          .append(seconds(r.throttleWait().toMillis())).append('\n');
    }
    history.lastSuccess().ifPresent(t -> {
      header(b, "usersync_last_success_timestamp_seconds", "gauge", "When the last successful run finished.");
      b.append("usersync_last_success_timestamp_seconds{").append(s).append("} ").append(seconds(t.toEpochMilli())).append('\n');
    });
    return b.toString();
  }

  private static void header(StringBuilder b, String name, String type, String help) {
    b.append("# HELP ").append(name).append(' ').append(help).append('\n');
    b.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  /** A label value as the format escapes it: backslash, double quote and line feed. */
  static String label(String v) {
    return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
  }
}
