package io.github.usersync.runner;

import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.runner.internal.UserFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * How a {@link SyncReport} is written for people and tools: {@link #TEXT} (the counts, then the
 * changes with outcome and reason, capped), {@link #JSON} (everything, {@link SyncReport#toJson()})
 * or {@link #CSV} (one row per change, for a spreadsheet).
 */
public enum ReportFormat {
  /** Counts, failures and skips, then up to {@link #TEXT_CHANGES} changes, each with its outcome and reason. */
  TEXT,
  /** The whole report as JSON: run id, version, status, counts, requests, every change with its time and error code. */
  JSON,
  /** One row per change: type, subject, group, outcome, error code, time, reason, message. */
  CSV;

  /** How many changes the text lists before "… and N more". */
  public static final int TEXT_CHANGES = 50;

  /** The report in this format. */
  public String format(SyncReport report) {
    switch (this) {
      case JSON:
        return report.toJson() + "\n";
      case CSV:
        return csv(report);
      default:
        return text(report);
    }
  }

  /**
   * Writes the report in this format to {@code file}, atomically (a temporary file beside it,
   * renamed over it; removed when the write fails, and a temporary file a killed run left is removed
   * first).
   *
   * @throws UncheckedIOException naming the file when it cannot be written
   */
  public void write(SyncReport report, Path file) {
    Path target = file.toAbsolutePath();
    UserFiles.removeLeftovers(target);
    Path tmp = null;
    try {
      tmp = UserFiles.temporaryBeside(target);
      Files.writeString(tmp, format(report), StandardCharsets.UTF_8);
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write failed already; that is what is reported
        }
      }
      throw new UncheckedIOException("cannot write the report to " + file + ": " + e.getMessage(), e);
    }
  }

  /** The format by name ({@code text}, {@code json}, {@code csv}), as the CLI's {@code --report} takes it. */
  public static ReportFormat of(String name) {
    for (ReportFormat f : values()) {
      if (f.name().equalsIgnoreCase(name.trim())) {
        return f;
      }
    }
    throw new IllegalArgumentException("'" + name + "' is not a report format; use text, json or csv");
  }

  private static String text(SyncReport report) {
    StringBuilder b = new StringBuilder(report.toText());
    // Failures and skips are listed by the summary above; here what was (or would be) done.
    ChangeOutcome.Status done = report.dryRun() ? ChangeOutcome.Status.NOT_APPLIED : ChangeOutcome.Status.APPLIED;
    long count = report.outcomes().stream().filter(o -> o.status() == done).count();
    if (count == 0) {
      return b.toString();
    }
    b.append(report.dryRun() ? "Planned changes (" + count + "; nothing was applied):\n" : "Changes applied (" + count + "):\n");
    int listed = 0;
    for (ChangeOutcome o : report.outcomes()) {
      if (o.status() != done) {
        continue;
      }
      if (listed++ == TEXT_CHANGES) {
        break;
      }
      b.append(String.format(Locale.ROOT, "  %-11s %s%n", o.status(), o.change())); // the change says why
    }
    if (count > TEXT_CHANGES) {
      b.append("  … and ").append(count - TEXT_CHANGES).append(" more; use --report json (or csv) for every change\n");
    }
    return b.toString();
  }

  private static String csv(SyncReport report) {
    StringBuilder b = new StringBuilder("run_id,type,subject,group,outcome,error_code,at,reason,message\r\n");
    for (ChangeOutcome o : report.outcomes()) {
      Change c = o.change();
      b.append(cell(report.runId())).append(',')
          .append(cell(c.type().name())).append(',')
          .append(cell(c.subject())).append(',')
          .append(cell(c.group().orElse(""))).append(',')
          .append(cell(o.status().name())).append(',')
          .append(cell(o.errorCode().orElse(""))).append(',')
          .append(cell(o.at().map(Object::toString).orElse(""))).append(',')
          .append(cell(c.reason())).append(',')
          .append(cell(o.message().orElse(""))).append("\r\n");
    }
    return b.toString();
  }

  /**
   * One CSV cell (RFC 4180 quoting). A value a spreadsheet would run as a formula ({@code =},
   * {@code +}, {@code -}, {@code @}, tab, CR) gets a leading {@code '}: IdP data is not trusted.
   */
  static String cell(String value) {
    String v = value;
    if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
      v = "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }
}
