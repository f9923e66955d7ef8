package io.github.usersync.console.internal;

import static io.github.usersync.console.internal.Html.esc;

import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.EndpointCheck;
import io.github.usersync.core.sync.AttributeChange;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeOutcome;
import io.github.usersync.core.sync.ChangeType;
import io.github.usersync.core.sync.HeldChanges;
import io.github.usersync.core.sync.SyncCounts;
import io.github.usersync.core.sync.SyncReport;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The console's HTML pages. Every value from a run, the IdP, the host or a request is escaped. */
public final class Pages {
  /** Rows of a run's change table shown at most. */
  static final int MAX_ROWS = 1000;

  private final String syncName;
  private final String source;
  private final String target;

  /** Pages for the sync {@code syncName} from {@code source} (a provider id) into {@code target}. */
  public Pages(String syncName, String source, String target) {
    this.syncName = syncName;
    this.source = source;
    this.target = target;
  }

  private String page(String title, String body, boolean refresh, Optional<String> notice) {
    return Html.page(syncName, title, notice.map(n -> "<div class=\"notice\" id=\"notice\">" + esc(n) + "</div>")
        .orElse("") + body, refresh);
  }

  /** The status page. */
  public String status(Runs runs, RunHistory history, String csrf, Optional<String> notice) {
    Optional<String> running = runs.inProgress();
    StringBuilder b = new StringBuilder("<h1>Status</h1><div class=\"card\"><dl>");
    dd(b, "Sync", esc(syncName) + " <span class=\"muted\">(" + esc(source) + " → " + esc(target) + ")</span>");
    dd(b, "Schedule", runs.schedule().map(Html::esc).orElse("none: runs only when started here"));
    runs.nextRun().ifPresent(t -> dd(b, "Next run", "<span id=\"next-run\">" + esc(Html.time(t.toInstant())) + "</span>"));
    dd(b, "Now", running.map(r -> "<span id=\"running\">" + Html.badge("dry", "running") + " " + esc(r) + "</span>")
        .orElse("<span id=\"idle\">idle</span>"));
    Optional<RunRecord> last = history.latestApplied();
    dd(b, "Last run", last.map(this::summary).orElse("none yet"));
    history.lastSuccess().ifPresent(t -> dd(b, "Last success", esc(Html.time(t))));
    Optional<RunRecord> latest = history.latest();
    latest.filter(r -> r.report().dryRun()).ifPresent(r -> dd(b, "Last dry run", summary(r)));
    b.append("</dl></div><p>")
        .append(Html.postButton("/sync", csrf, "Sync now", "sync-now", false)).append(" ")
        .append(Html.postButton("/dry-run", csrf, "Dry run", "dry-run", true))
        .append(" <span class=\"muted\">A dry run reads and plans without changing anything; its page offers"
            + " to apply the plan.</span></p>");
    runs.held().ifPresent(h -> held(b, h, csrf));
    b.append("<h2>Recent runs</h2><div class=\"card\">").append(Chart.svg(history.runs())).append("</div>");
    return page("Status", b.toString(), running.isPresent(), notice);
  }

  /** Changes a threshold held back: why, until when, the first of them, and "Approve". */
  private static void held(StringBuilder b, HeldChanges h, String csrf) {
    b.append("<h2>Held back for approval</h2><div class=\"card\" id=\"held\"><p>")
        .append(h.changes().size()).append(h.changes().size() == 1 ? " change" : " changes")
        .append(" held back by run ").append(esc(h.runId())).append(" at ").append(esc(Html.time(h.heldAt())))
        .append(": ").append(esc(h.reason())).append(". They can be approved until ")
        .append(esc(Html.time(h.expiresAt()))).append(".</p><table><thead><tr><th>Type</th><th>Subject</th>"
            + "<th>Reason</th></tr></thead><tbody>");
    int shown = 0;
    for (HeldChanges.Entry e : h.changes()) {
      if (shown++ == 20) {
        b.append("<tr><td colspan=\"3\" class=\"muted\">… and ").append(h.changes().size() - 20)
            .append(" more</td></tr>");
        break;
      }
      b.append("<tr><td>").append(esc(e.change().type().name())).append("</td><td>").append(esc(e.change().subject()))
          .append("</td><td>").append(esc(e.change().reason())).append("</td></tr>");
    }
    b.append("</tbody></table><p><form class=\"inline\" method=\"post\" action=\"/held/approve\">")
        .append("<input type=\"hidden\" name=\"csrf\" value=\"").append(esc(csrf)).append("\">")
        .append("<input type=\"hidden\" name=\"runId\" value=\"").append(esc(h.runId())).append("\">")
        .append("<button id=\"approve\" type=\"submit\">Approve</button></form> <span class=\"muted\">applies"
            + " exactly these changes; a user who is back in the IdP is left alone.</span></p></div>");
  }

  private String summary(RunRecord r) {
    SyncReport rep = r.report();
    return "<a href=\"/runs/" + r.id() + "\">#" + r.id() + "</a> " + esc(r.trigger().label()) + " · "
        + Html.badge(rep.status().id(), rep.status().id()) + " · finished " + esc(Html.time(rep.finishedAt()))
        + " · took " + esc(Html.seconds(rep.duration())) + " · " + rep.counts().changes()
        + (rep.counts().changes() == 1 ? " change" : " changes");
  }

  /** The history page: chart and table. */
  public String history(RunHistory history, Optional<String> notice) {
    StringBuilder b = new StringBuilder("<h1>Run history</h1><div class=\"card\">")
        .append(Chart.svg(history.runs())).append("</div>");
    b.append("<table id=\"history\"><thead><tr><th>#</th><th>Trigger</th><th>Started</th><th>Took</th>"
        + "<th>Mode</th><th>Status</th><th>Changes</th><th>Failed</th><th>Users read</th></tr></thead><tbody>");
    for (RunRecord r : history.runs()) {
      SyncReport rep = r.report();
      b.append("<tr><td><a href=\"/runs/").append(r.id()).append("\">#").append(r.id()).append("</a></td><td>")
          .append(esc(r.trigger().label())).append("</td><td>").append(esc(Html.time(rep.startedAt())))
          .append("</td><td class=\"n\">").append(esc(Html.seconds(rep.duration()))).append("</td><td>")
          .append(esc(rep.mode().name().toLowerCase(Locale.ROOT))).append("</td><td>")
          .append(Html.badge(rep.dryRun() ? "dry" : rep.status().id(), rep.dryRun() ? "dry run" : rep.status().id()))
          .append("</td><td class=\"n\">").append(rep.counts().changes()).append("</td><td class=\"n\">")
          .append(rep.counts().failed()).append("</td><td class=\"n\">").append(rep.plan().usersRead())
          .append("</td></tr>");
    }
    if (history.runs().isEmpty()) {
      b.append("<tr><td colspan=\"9\" class=\"muted\">No runs yet.</td></tr>");
    }
    return page("History", b.append("</tbody></table>").toString(), false, notice);
  }

  /** A run's page: summary, counts and its changes filtered by type and outcome. */
  public String run(RunRecord r, @Nullable RunRecord dryRunApplied, boolean applicable, @Nullable ChangeType type,
      ChangeOutcome.@Nullable Status outcome, String csrf, Optional<String> notice) {
    SyncReport rep = r.report();
    StringBuilder b = new StringBuilder("<h1>Run #").append(r.id()).append(" · ").append(esc(r.trigger().label()))
        .append("</h1><div class=\"card\"><dl>");
    dd(b, "Status", "<span id=\"run-status\">" + Html.badge(rep.dryRun() ? "dry" : rep.status().id(),
        rep.dryRun() ? "dry run: nothing applied" : rep.status().id()) + "</span>");
    dd(b, "Mode", esc(rep.mode().name().toLowerCase(Locale.ROOT)));
    dd(b, "Started", esc(Html.time(rep.startedAt())));
    dd(b, "Took", esc(Html.seconds(rep.duration())));
    dd(b, "Users read", Long.toString(rep.plan().usersRead()));
    dd(b, "Requests", rep.directoryRequests().requests() + " to the IdP (" + rep.directoryRequests().retries()
        + " retries, " + rep.directoryRequests().throttled() + " throttled), " + rep.targetRequests().requests()
        + " to the host");
    if (!rep.dryRun()) {
      dd(b, "State committed", rep.committed() ? "yes" : "no");
    }
    rep.error().ifPresent(e -> dd(b, "Error", "<span id=\"run-error\">" + esc(e) + "</span>"));
    rep.cleanupSkippedReason().ifPresent(c -> dd(b, "Cleanup skipped", esc(c)));
    for (String n : rep.plan().notes()) {
      dd(b, "Note", esc(n));
    }
    if (dryRunApplied != null) {
      dd(b, "Applied from", "<span id=\"applied-from\">" + comparison(dryRunApplied, r) + "</span>");
    }
    b.append("</dl></div>");
    if (rep.dryRun()) {
      if (applicable) {
        b.append("<p>").append(Html.postButton("/runs/" + r.id() + "/apply", csrf, "Apply", "apply", false))
            .append(" <span class=\"muted\">runs a full sync now: it reads and plans again and applies what it"
                + " plans; this page compares that with the preview below.</span></p>");
      } else {
        b.append("<p class=\"muted\">This plan can no longer be applied: a run finished after it, or it has"
            + " nothing to apply. Make a new dry run.</p>");
      }
    }
    counts(b, rep.counts());
    filteredChanges(b, r, type, outcome);
    return page("Run #" + r.id(), b.toString(), false, notice);
  }

  private static String comparison(RunRecord dry, RunRecord applied) {
    Set<Change> previewed = new HashSet<>();
    for (ChangeOutcome o : dry.report().outcomes()) {
      if (o.status() == ChangeOutcome.Status.NOT_APPLIED) {
        previewed.add(o.change());
      }
    }
    int same = 0;
    int unforeseen = 0;
    for (ChangeOutcome o : applied.report().outcomes()) {
      if (o.status() == ChangeOutcome.Status.SKIPPED) {
        continue;
      }
      if (previewed.contains(o.change())) {
        same++;
      } else {
        unforeseen++;
      }
    }
    return "<a href=\"/runs/" + dry.id() + "\">dry run #" + dry.id() + "</a>: " + same + " of its " + previewed.size()
        + " changes were planned again; " + unforeseen + " not in the preview (the IdP or the host changed in"
        + " between); " + (previewed.size() - same) + " previewed no longer needed";
  }

  private static void counts(StringBuilder b, SyncCounts c) {
    b.append("<h2>Counts</h2><table id=\"counts\" style=\"width:auto\"><tbody>");
    Object[][] rows = {
      {"created", c.created()}, {"updated", c.updated()}, {"deactivated", c.deactivated()},
      {"reactivated", c.reactivated()}, {"deleted", c.deleted()}, {"unchanged", c.unchanged()},
      {"failed", c.failed()}, {"skipped", c.skipped()}, {"groups created", c.groupsCreated()},
      {"groups renamed", c.groupsRenamed()}, {"groups deleted", c.groupsDeleted()},
      {"memberships added", c.membershipsAdded()}, {"memberships removed", c.membershipsRemoved()},
      {"managers set", c.managersSet()}, {"photos set", c.photosSet()}, {"photos removed", c.photosRemoved()},
    };
    for (Object[] row : rows) {
      if ((Long) row[1] != 0 || "unchanged".equals(row[0]) || "failed".equals(row[0])) {
        b.append("<tr><th>").append(esc(row[0])).append("</th><td class=\"n\">").append(row[1]).append("</td></tr>");
      }
    }
    b.append("</tbody></table>");
  }

  private static void filteredChanges(StringBuilder b, RunRecord r, @Nullable ChangeType type,
      ChangeOutcome.@Nullable Status outcome) {
    List<ChangeOutcome> all = r.report().outcomes();
    b.append("<h2>Changes</h2><form method=\"get\" action=\"/runs/").append(r.id()).append("\" id=\"filters\">")
        .append("Type ").append(select("type", ChangeType.values(), type, Enum::name))
        .append(" Outcome ").append(select("outcome", ChangeOutcome.Status.values(), outcome, Enum::name))
        .append(" <button type=\"submit\" class=\"secondary\" id=\"filter\">Filter</button></form><p></p>");
    b.append("<table id=\"changes\"><thead><tr><th>Type</th><th>Subject</th><th>Outcome</th><th>Reason</th>"
        + "<th>Details</th><th>Message</th></tr></thead><tbody>");
    int shown = 0;
    int matching = 0;
    for (ChangeOutcome o : all) {
      if ((type != null && o.change().type() != type) || (outcome != null && o.status() != outcome)) {
        continue;
      }
      matching++;
      if (shown >= MAX_ROWS) {
        continue;
      }
      shown++;
      Change c = o.change();
      b.append("<tr class=\"change\"><td>").append(esc(c.type().name())).append("</td><td>").append(esc(c.subject()))
          .append(c.group().map(g -> " → " + esc(g)).orElse("")).append("</td><td>")
          .append(Html.badge(o.status().name(), o.status().name())).append("</td><td>").append(esc(c.reason()))
          .append("</td><td>").append(details(c)).append("</td><td>").append(esc(o.message().orElse("")))
          .append("</td></tr>");
    }
    if (matching == 0) {
      b.append("<tr><td colspan=\"6\" class=\"muted\">No changes").append(type != null || outcome != null
          ? " match the filter" : "").append(".</td></tr>");
    }
    b.append("</tbody></table>");
    if (matching > shown) {
      b.append("<p class=\"muted\">… and ").append(matching - shown)
          .append(" more; narrow the filter to see them.</p>");
    }
  }

  /** A change's attributes, {@code name: before → after}, escaped. */
  private static String details(Change c) {
    StringBuilder b = new StringBuilder();
    for (AttributeChange a : c.attributes()) {
      if (b.length() > 0) {
        b.append("<br>");
      }
      b.append("<span class=\"muted\">").append(esc(a.name())).append(":</span> ")
          .append(a.before().map(v -> esc(v) + " → ").orElse("")).append(esc(a.after().orElse("(none)")));
    }
    return b.toString();
  }

  private static <E> String select(String name, E[] values, @Nullable E selected, Function<E, String> label) {
    StringBuilder b = new StringBuilder("<select name=\"").append(name).append("\" id=\"").append(name)
        .append("\"><option value=\"\">all</option>");
    for (E v : values) {
      String l = label.apply(v);
      b.append("<option value=\"").append(esc(l)).append('"').append(v == selected ? " selected" : "").append('>')
          .append(esc(l)).append("</option>");
    }
    return b.append("</select>").toString();
  }

  /** The connection check of both ends. */
  public String check(ConnectionReport idp, ConnectionReport host, Optional<String> notice) {
    StringBuilder b = new StringBuilder("<h1>Connection check</h1><p class=\"muted\">Every endpoint the source"
        + " needs, then every call a sync makes to the host; for each failure, what went wrong and how to fix it.</p>");
    checks(b, "IdP: " + idp.provider(), "check-idp", idp);
    checks(b, "Host: " + host.provider(), "check-host", host);
    return page("Check", b.toString(), false, notice);
  }

  private static void checks(StringBuilder b, String title, String id, ConnectionReport report) {
    b.append("<h2>").append(esc(title)).append(" ")
        .append(Html.badge(report.ok() ? "OK" : "FAILED", report.ok() ? "ok" : "failed")).append("</h2>");
    b.append("<table id=\"").append(id).append("\"><thead><tr><th>Check</th><th>Endpoint</th><th>Result</th>"
        + "<th>HTTP</th><th>Problem</th><th>Fix</th></tr></thead><tbody>");
    for (EndpointCheck c : report.checks()) {
      b.append("<tr><td>").append(esc(c.name())).append("</td><td><code>").append(esc(c.endpoint()))
          .append("</code></td><td>").append(Html.badge(c.status().name(), c.status().name().toLowerCase(Locale.ROOT)))
          .append("</td><td>").append(c.httpStatus().isPresent() ? Integer.toString(c.httpStatus().getAsInt()) : "")
          .append("</td><td>").append(esc(c.problem().orElse(""))).append("</td><td class=\"fix\">")
          .append(esc(c.fix().orElse(""))).append("</td></tr>");
    }
    if (report.checks().isEmpty()) {
      b.append("<tr><td colspan=\"6\" class=\"muted\">This end has nothing to probe.</td></tr>");
    }
    b.append("</tbody></table>");
  }

  /** The explain page: a form, and the trace for {@code user} when given. */
  public String explain(@Nullable String user, @Nullable String trace, @Nullable String problem) {
    StringBuilder b = new StringBuilder("<h1>Explain one user</h1><p class=\"muted\">Reads one user from the IdP"
        + " and shows every mapping rule: what it read, each transform's output and the result.</p>"
        + "<form method=\"get\" action=\"/explain\"><label>IdP user id <input name=\"user\" id=\"user\" size=\"36\" value=\"")
        .append(esc(user == null ? "" : user)).append("\"></label> <button type=\"submit\" id=\"explain\">Explain</button>"
            + "</form>");
    if (problem != null) {
      b.append("<p class=\"notice\" id=\"explain-problem\">").append(esc(problem)).append("</p>");
    }
    if (trace != null) {
      b.append("<pre id=\"explanation\">").append(esc(trace)).append("</pre>");
    }
    return page("Explain", b.toString(), false, Optional.empty());
  }

  /** The login page (when the console has an access token). */
  public String login(String csrf, boolean failed) {
    String body = "<h1>Sign in</h1>" + (failed ? "<p class=\"notice\" id=\"login-failed\">That is not the console's"
        + " access token.</p>" : "") + "<form method=\"post\" action=\"/login\"><input type=\"hidden\" name=\"csrf\""
        + " value=\"" + esc(csrf) + "\"><label>Access token <input type=\"password\" name=\"token\" id=\"token\""
        + " autocomplete=\"off\" size=\"40\"></label> <button type=\"submit\" id=\"login\">Sign in</button></form>"
        + "<p class=\"muted\">The token is in the file given to <code>--token-file</code> (or the console's"
        + " configuration).</p>";
    return Html.page(syncName, "Sign in", body, false);
  }

  private static void dd(StringBuilder b, String term, String html) {
    b.append("<dt>").append(esc(term)).append("</dt><dd>").append(html).append("</dd>");
  }
}
