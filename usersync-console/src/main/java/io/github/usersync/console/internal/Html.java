package io.github.usersync.console.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** HTML building: every value put into a page goes through {@link #esc}; the one page layout. */
public final class Html {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private static final String CSS = String.join("\n",
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0;color:#1d2330;background:#f6f7f9}",
      "header{background:#1f3a5f;color:#fff;padding:10px 24px;display:flex;gap:24px;align-items:center}",
      "header a{color:#dbe6f5;text-decoration:none}header a:hover{color:#fff}",
      "header strong{font-size:16px;margin-right:12px}",
      "main{padding:18px 24px;max-width:1100px}",
      "h1{font-size:20px;margin:4px 0 14px}h2{font-size:16px;margin:22px 0 8px}",
      "table{border-collapse:collapse;background:#fff;width:100%}",
      "th,td{border-bottom:1px solid #e3e6eb;padding:5px 8px;text-align:left;vertical-align:top}",
      "th{background:#eef1f5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}",
      ".card{background:#fff;border:1px solid #e3e6eb;border-radius:6px;padding:12px 16px;margin-bottom:14px}",
      ".badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}",
      ".success,.APPLIED,.OK{background:#dcf2e3;color:#17663a}",
      ".failed,.FAILED{background:#fbe0e0;color:#9b1c1c}",
      ".incomplete,.guard-held,.SKIPPED{background:#fff1cc;color:#7a5200}",
      ".NOT_APPLIED,.dry{background:#e6ecf7;color:#24456f}",
      "form.inline{display:inline}button{font:inherit;padding:5px 14px;border-radius:4px;border:1px solid #1f3a5f;",
      "background:#1f3a5f;color:#fff;cursor:pointer}button.secondary{background:#fff;color:#1f3a5f}",
      "input,select{font:inherit;padding:4px 6px}pre{background:#fff;border:1px solid #e3e6eb;padding:10px;",
      "overflow:auto;white-space:pre-wrap}.notice{background:#fff8d6;border:1px solid #e9d47a;padding:8px 12px;",
      "border-radius:4px;margin-bottom:14px}.muted{color:#5f6b7a}dl{display:grid;grid-template-columns:max-content auto;",
      "gap:4px 16px;margin:0}dt{color:#5f6b7a}dd{margin:0}svg text{font:11px system-ui,sans-serif;fill:#5f6b7a}");

  private Html() {}

  /** {@code s} with {@code & < > " '} replaced by entities: safe in text and in quoted attributes. */
  public static String esc(@org.jspecify.annotations.Nullable Object s) {
    String v = String.valueOf(s);
    StringBuilder b = new StringBuilder(v.length() + 16);
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '&':
          b.append("&amp;");
          break;
        case '<':
          b.append("&lt;");
          break;
        case '>':
          b.append("&gt;");
          break;
        case '"':
          b.append("&quot;");
          break;
        case '\'':
          b.append("&#39;");
          break;
        default:
          b.append(c);
      }
    }
    return b.toString();
  }

  /** A time as {@code 2026-12-03 10:15:00 UTC}. */
  public static String time(Instant t) {
    return TIME.format(t);
  }

  /** A duration as {@code 1.234 s}. */
  public static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.3f s", d.toMillis() / 1000.0);
  }

  /** A status badge; {@code cssClass} is one of the fixed classes above, {@code label} is escaped. */
  public static String badge(String cssClass, String label) {
    return "<span class=\"badge " + esc(cssClass) + "\">" + esc(label) + "</span>";
  }

  /**
   * The page around {@code body}: {@code title} is escaped; {@code body} must already be built
   * from escaped values. {@code refresh} reloads the page every few seconds (while a run goes on).
   */
  public static String page(String syncName, String title, String body, boolean refresh) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        + (refresh ? "<meta http-equiv=\"refresh\" content=\"2\">" : "")
        + "<title>" + esc(title) + " · usersync " + esc(syncName) + "</title><style>" + CSS + "</style></head><body>"
        + "<header><strong>usersync · " + esc(syncName) + "</strong><nav>"
        + "<a href=\"/\">Status</a> &nbsp; <a href=\"/runs\">History</a> &nbsp; <a href=\"/check\">Check</a>"
        + " &nbsp; <a href=\"/explain\">Explain</a> &nbsp; <a href=\"/metrics\">Metrics</a></nav></header>"
        + "<main>" + body + "</main></body></html>\n";
  }

  /** A POST form with one button, carrying the session's CSRF token. */
  public static String postButton(String action, String csrf, String label, String id, boolean secondary) {
    return "<form class=\"inline\" method=\"post\" action=\"" + esc(action) + "\">"
        + "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">"
        + "<button id=\"" + esc(id) + "\"" + (secondary ? " class=\"secondary\"" : "") + " type=\"submit\">"
        + esc(label) + "</button></form>";
  }
}
