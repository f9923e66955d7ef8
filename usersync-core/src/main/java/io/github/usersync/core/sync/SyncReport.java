package io.github.usersync.core.sync;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.github.usersync.core.Usersync;
import io.github.usersync.core.model.RequestStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a run did: how it ended ({@link #status()}), counts, every change with its outcome and
 * reason, requests and throttle waits, duration, whether cleanup was skipped and why, and whether
 * the sync state was committed. Serialises to JSON with any Jackson {@code ObjectMapper} ({@code
 * mapper.writeValueAsString(report)}) or {@link #toJson()}.
 */
@JsonSerialize(using = SyncReport.Json.class)
public final class SyncReport {
  /** How a run ended; the CLI's exit code follows it. */
  public enum Status {
    /**
     * Everything was read and every planned change reached the host, or was left out by design
     * (a protected group, a change the host never makes or refused for good).
     */
    SUCCESS("success"),
    /** Everything was read and applied, but a safety threshold held destructive changes back. */
    GUARD_HELD("guard-held"),
    /**
     * The IdP could not be read completely: what was read was applied, cleanup was held back, and
     * the change cursor did not move.
     */
    INCOMPLETE("incomplete"),
    /** A change failed, or the host could not be read or written, or the state could not be saved. */
    FAILED("failed");

    private final String id;

    Status(String id) {
      this.id = id;
    }

    /** The status as the JSON report writes it: {@code success}, {@code guard-held}, {@code incomplete}, {@code failed}. */
    public String id() {
      return id;
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter WRITER =
      new ObjectMapper().writerWithDefaultPrettyPrinter();

  private final String runId;
  private final String name;
  private final SyncMode mode;
  private final boolean dryRun;
  private final Instant startedAt;
  private final Instant finishedAt;
  private final SyncPlan plan;
  private final List<ChangeOutcome> outcomes;
  private final RequestStats.Snapshot directoryRequests;
  private final RequestStats.Snapshot targetRequests;
  private final @Nullable String error;
  private final Status status;
  private final boolean committed;

  SyncReport(
      String runId,
      String name,
      boolean dryRun,
      Instant startedAt,
      Instant finishedAt,
      SyncPlan plan,
      List<ChangeOutcome> outcomes,
      RequestStats.Snapshot directoryRequests,
      RequestStats.Snapshot targetRequests,
      @Nullable String error,
      Status status,
      boolean committed) {
    this.runId = runId;
    this.name = name;
    this.mode = plan.mode();
    this.dryRun = dryRun;
    this.startedAt = startedAt;
    this.finishedAt = finishedAt;
    this.plan = plan;
    this.outcomes = Collections.unmodifiableList(outcomes);
    this.directoryRequests = directoryRequests;
    this.targetRequests = targetRequests;
    this.error = error;
    this.status = status;
    this.committed = committed;
  }

  /** A copy with one more note (the scheduler adds coalesced triggers). */
  SyncReport withNote(String note) {
    List<String> notes = new java.util.ArrayList<>(plan.notes());
    notes.add(note);
    SyncPlan p = new SyncPlan(plan.mode(), plan.changes(), plan.readComplete(),
        plan.cleanupSkippedReason().orElse(null), plan.usersRead(), plan.unchanged(), plan.notProvisioned(),
        plan.skippedUsers(), notes);
    return new SyncReport(runId, name, dryRun, startedAt, finishedAt, p, outcomes, directoryRequests,
        targetRequests, error, status, committed);
  }

  /**
   * The run's id (a random UUID): in the JSON report and in the SLF4J MDC ({@code usersync.run}) of
   * every log line of the run.
   */
  public String runId() {
    return runId;
  }

  /** The sync's name. */
  public String name() {
    return name;
  }

  /** How the IdP was read. */
  public SyncMode mode() {
    return mode;
  }

  /** Whether nothing was applied (a plan). */
  public boolean dryRun() {
    return dryRun;
  }

  /** When the run started. */
  public Instant startedAt() {
    return startedAt;
  }

  /** When the run ended. */
  public Instant finishedAt() {
    return finishedAt;
  }

  /** How long the run took. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }

  /** The plan the run applied. */
  public SyncPlan plan() {
    return plan;
  }

  /** Every change with its outcome, in apply order. */
  public List<ChangeOutcome> outcomes() {
    return outcomes;
  }

  /** The counts: applied changes (for a dry run, planned ones), failures, skips. */
  public SyncCounts counts() {
    return SyncCounts.of(
        outcomes,
        dryRun ? ChangeOutcome.Status.NOT_APPLIED : ChangeOutcome.Status.APPLIED,
        plan.unchanged(),
        plan.notProvisioned());
  }

  /** Whether cleanup (deactivations, deletions, membership removals) was skipped. */
  public boolean cleanupSkipped() {
    return plan.cleanupSkippedReason().isPresent();
  }

  /** Why cleanup was skipped. */
  public Optional<String> cleanupSkippedReason() {
    return plan.cleanupSkippedReason();
  }

  /** Requests made to the IdP. */
  public RequestStats.Snapshot directoryRequests() {
    return directoryRequests;
  }

  /** Requests made to the host, where the target counts them. */
  public RequestStats.Snapshot targetRequests() {
    return targetRequests;
  }

  /** Time spent waiting for rate limits. */
  public Duration throttleWait() {
    return directoryRequests.throttleWait().plus(targetRequests.throttleWait());
  }

  /**
   * A failure that stopped the run, or kept it from committing: the IdP or the host could not be
   * read, the host could not save the changes, the state could not be saved.
   */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** How the run ended. */
  public Status status() {
    return status;
  }

  /** Whether the run read everything, applied its plan, nothing failed and no guard held anything back. */
  public boolean success() {
    return status == Status.SUCCESS;
  }

  /**
   * Whether the run committed the sync state (change cursor, pending users, managed groups). False
   * for dry runs, single-user and JIT runs (which never write the state), and runs that failed
   * before the commit: then nothing was committed and the next run plans the same changes again.
   */
  public boolean committed() {
    return committed;
  }

  /** The report as JSON. */
  public String toJson() {
    try {
      return WRITER.writeValueAsString(this);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A readable summary: counts, guard decisions, failures (at most 20 listed). */
  public String toText() {
    SyncCounts c = counts();
    StringBuilder b = new StringBuilder();
    b.append(String.format(Locale.ROOT, "usersync %s: %s sync%s in %d ms, %d users read: %s%n",
        name, mode.name().toLowerCase(Locale.ROOT).replace('_', ' '), dryRun ? " (dry run)" : "",
        duration().toMillis(), plan.usersRead(), status.id()));
    String[][] rows = {
      {"created", Long.toString(c.created())}, {"updated", Long.toString(c.updated())},
      {"deactivated", Long.toString(c.deactivated())}, {"anonymized", Long.toString(c.anonymized())},
      {"reactivated", Long.toString(c.reactivated())},
      {"deleted", Long.toString(c.deleted())}, {"unchanged", Long.toString(c.unchanged())},
      {"not provisioned", Long.toString(c.notProvisioned())},
      {"failed", Long.toString(c.failed())}, {"skipped", Long.toString(c.skipped())},
      {"groupsCreated", Long.toString(c.groupsCreated())},
      {"groupsRenamed", Long.toString(c.groupsRenamed())},
      {"groupsDeleted", Long.toString(c.groupsDeleted())},
      {"membershipsAdded", Long.toString(c.membershipsAdded())},
      {"membershipsRemoved", Long.toString(c.membershipsRemoved())},
      {"managersSet", Long.toString(c.managersSet())}, {"photosSet", Long.toString(c.photosSet())},
      {"photosRemoved", Long.toString(c.photosRemoved())},
    };
    for (String[] r : rows) {
      b.append(String.format(Locale.ROOT, "  %-20s %10s%n", r[0], r[1]));
    }
    b.append(String.format(Locale.ROOT, "  %-20s %10d (%d retries, %d throttled, waited %d ms)%n",
        "IdP requests", directoryRequests.requests(), directoryRequests.retries(),
        directoryRequests.throttled(), directoryRequests.throttleWait().toMillis()));
    if (targetRequests.requests() > 0) {
      b.append(String.format(Locale.ROOT, "  %-20s %10d%n", "host requests", targetRequests.requests()));
    }
    cleanupSkippedReason().ifPresent(r -> b.append("Cleanup skipped: ").append(r).append('\n'));
    error().ifPresent(e -> b.append("Error: ").append(e).append('\n'));
    for (String n : plan.notes()) {
      b.append("Note: ").append(n).append('\n');
    }
    listOutcomes(b, ChangeOutcome.Status.FAILED, c.failed(), "failures");
    if (!cleanupSkipped()) {
      listOutcomes(b, ChangeOutcome.Status.SKIPPED, c.skipped(), "skipped changes");
    }
    return b.toString();
  }

  private void listOutcomes(StringBuilder b, ChangeOutcome.Status status, long count, String what) {
    int listed = 0;
    for (ChangeOutcome o : outcomes) {
      if (o.status() == status && listed++ < 20) {
        b.append("  ").append(status).append(' ').append(o.change()).append(": ")
            .append(o.message().orElse("")).append('\n');
      }
    }
    if (count > 20) {
      b.append("  … and ").append(count - 20).append(" more ").append(what).append(" (see the JSON report)\n");
    }
  }

  @Override
  public String toString() {
    return "SyncReport[" + name + ", " + mode + (dryRun ? ", dry run" : "") + ", " + counts() + "]";
  }

  /** Writes the report as JSON; registered on the class, so any ObjectMapper uses it. */
  static final class Json extends StdSerializer<SyncReport> {
    private static final long serialVersionUID = 1L;

    Json() {
      super(SyncReport.class);
    }

    @Override
    public void serialize(SyncReport r, JsonGenerator g, SerializerProvider p) throws IOException {
      SyncCounts c = r.counts();
      g.writeStartObject();
      g.writeStringField("runId", r.runId);
      g.writeStringField("usersyncVersion", Usersync.version());
      g.writeStringField("name", r.name);
      g.writeStringField("mode", r.mode.name());
      g.writeBooleanField("dryRun", r.dryRun);
      g.writeStringField("status", r.status.id());
      g.writeBooleanField("success", r.success());
      g.writeBooleanField("committed", r.committed);
      g.writeStringField("startedAt", r.startedAt.toString());
      g.writeStringField("finishedAt", r.finishedAt.toString());
      g.writeNumberField("durationMillis", r.duration().toMillis());
      g.writeNumberField("usersRead", r.plan.usersRead());
      g.writeBooleanField("readComplete", r.plan.readComplete());
      g.writeBooleanField("cleanupSkipped", r.cleanupSkipped());
      if (r.cleanupSkippedReason().isPresent()) {
        g.writeStringField("cleanupSkippedReason", r.cleanupSkippedReason().get());
      }
      if (r.error != null) {
        g.writeStringField("error", r.error);
      }
      g.writeObjectFieldStart("counts");
      g.writeNumberField("created", c.created());
      g.writeNumberField("updated", c.updated());
      g.writeNumberField("deactivated", c.deactivated());
      g.writeNumberField("anonymized", c.anonymized());
      g.writeNumberField("reactivated", c.reactivated());
      g.writeNumberField("deleted", c.deleted());
      g.writeNumberField("unchanged", c.unchanged());
      g.writeNumberField("notProvisioned", c.notProvisioned());
      g.writeNumberField("failed", c.failed());
      g.writeNumberField("skipped", c.skipped());
      g.writeNumberField("groupsCreated", c.groupsCreated());
      g.writeNumberField("groupsRenamed", c.groupsRenamed());
      g.writeNumberField("groupsDeleted", c.groupsDeleted());
      g.writeNumberField("membershipsAdded", c.membershipsAdded());
      g.writeNumberField("membershipsRemoved", c.membershipsRemoved());
      g.writeNumberField("managersSet", c.managersSet());
      g.writeNumberField("photosSet", c.photosSet());
      g.writeNumberField("photosRemoved", c.photosRemoved());
      g.writeEndObject();
      g.writeObjectFieldStart("requests");
      writeStats(g, "directory", r.directoryRequests);
      writeStats(g, "target", r.targetRequests);
      g.writeNumberField("throttleWaitMillis", r.throttleWait().toMillis());
      g.writeEndObject();
      g.writeArrayFieldStart("notes");
      for (String n : r.plan.notes()) {
        g.writeString(n);
      }
      g.writeEndArray();
      g.writeArrayFieldStart("skippedUsers");
      for (String s : r.plan.skippedUsers()) {
        g.writeString(s);
      }
      g.writeEndArray();
      Map<ChangeType, Long> byType = new EnumMap<>(ChangeType.class);
      g.writeArrayFieldStart("changes");
      for (ChangeOutcome o : r.outcomes) {
        byType.merge(o.change().type(), 1L, Long::sum);
        writeOutcome(g, o);
      }
      g.writeEndArray();
      g.writeEndObject();
    }

    private static void writeStats(JsonGenerator g, String name, RequestStats.Snapshot s) throws IOException {
      g.writeObjectFieldStart(name);
      g.writeNumberField("requests", s.requests());
      g.writeNumberField("retries", s.retries());
      g.writeNumberField("throttled", s.throttled());
      g.writeNumberField("throttleWaitMillis", s.throttleWait().toMillis());
      g.writeNumberField("failures", s.failures());
      g.writeEndObject();
    }

    private static void writeOutcome(JsonGenerator g, ChangeOutcome o) throws IOException {
      Change ch = o.change();
      g.writeStartObject();
      g.writeStringField("type", ch.type().name());
      g.writeStringField("subject", ch.subject());
      if (ch.group().isPresent()) {
        g.writeStringField("group", ch.group().get());
      }
      if (ch.externalId().isPresent()) {
        g.writeStringField("externalId", ch.externalId().get());
      }
      if (ch.hostKey().isPresent()) {
        g.writeStringField("hostKey", ch.hostKey().get());
      }
      if (ch.type() == ChangeType.RENAME_GROUP && ch.value().isPresent()) {
        g.writeStringField("newName", ch.value().get());
      }
      if (ch.destructive()) {
        g.writeBooleanField("destructive", true);
      }
      g.writeStringField("reason", ch.reason());
      g.writeStringField("outcome", o.status().name());
      if (o.at().isPresent()) {
        g.writeStringField("at", o.at().get().toString());
      }
      if (o.errorCode().isPresent()) {
        g.writeStringField("errorCode", o.errorCode().get());
      }
      if (o.message().isPresent()) {
        g.writeStringField("message", o.message().get());
      }
      if (!ch.attributes().isEmpty()) {
        g.writeArrayFieldStart("attributes");
        for (AttributeChange a : ch.attributes()) {
          g.writeStartObject();
          g.writeStringField("name", a.name());
          if (a.before().isPresent()) {
            g.writeStringField("before", a.before().get());
          } else {
            g.writeNullField("before");
          }
          if (a.after().isPresent()) {
            g.writeStringField("after", a.after().get());
          } else {
            g.writeNullField("after");
          }
          g.writeEndObject();
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    }
  }
}
