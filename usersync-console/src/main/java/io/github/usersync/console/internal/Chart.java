package io.github.usersync.console.internal;

import io.github.usersync.core.sync.SyncReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The history chart as inline SVG: a bar per run for its changes (left axis; dry runs lighter) and a
 * line for its duration (right axis), oldest run on the left. No script, no external asset.
 */
public final class Chart {
  private static final int W = 680;
  private static final int H = 190;
  private static final int LEFT = 48;
  private static final int RIGHT = 56;
  private static final int TOP = 14;
  private static final int BOTTOM = 34;

  private Chart() {}

  /** The chart of {@code newestFirst} (at most the last 30 are drawn). */
  public static String svg(List<RunRecord> newestFirst) {
    List<RunRecord> runs = new ArrayList<>(newestFirst.subList(0, Math.min(30, newestFirst.size())));
    java.util.Collections.reverse(runs);
    StringBuilder b = new StringBuilder();
    b.append("<svg id=\"history-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(W)
        .append("\" height=\"").append(H).append("\" viewBox=\"0 0 ").append(W).append(' ').append(H)
        .append("\" role=\"img\" aria-label=\"Changes and duration per run\">");
    if (runs.isEmpty()) {
      return b.append("<text x=\"").append(LEFT).append("\" y=\"").append(H / 2)
          .append("\">No runs yet</text></svg>").toString();
    }
    long maxChanges = 1;
    double maxSeconds = 0.001;
    for (RunRecord r : runs) {
      maxChanges = Math.max(maxChanges, r.report().counts().changes());
      maxSeconds = Math.max(maxSeconds, r.report().duration().toMillis() / 1000.0);
    }
    int plotW = W - LEFT - RIGHT;
    int plotH = H - TOP - BOTTOM;
    double slot = (double) plotW / runs.size();
    double bar = Math.max(2, Math.min(28, slot * 0.6));
    int baseY = TOP + plotH;
    b.append(line(LEFT, baseY, W - RIGHT, baseY, "#c5ccd6"));
    b.append(line(LEFT, TOP, LEFT, baseY, "#c5ccd6"));
    b.append(line(W - RIGHT, TOP, W - RIGHT, baseY, "#c5ccd6"));
    b.append(text(LEFT - 6, TOP + 4, "end", Long.toString(maxChanges)));
    b.append(text(LEFT - 6, baseY, "end", "0"));
    b.append(text(W - RIGHT + 6, TOP + 4, "start", fmt(maxSeconds) + " s"));
    b.append(text(W - RIGHT + 6, baseY, "start", "0 s"));
    b.append(text(LEFT, H - 6, "start", "changes per run (bars)"));
    b.append(text(W - RIGHT, H - 6, "end", "duration (line)"));
    StringBuilder path = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      RunRecord r = runs.get(i);
      SyncReport rep = r.report();
      double cx = LEFT + slot * (i + 0.5);
      long changes = rep.counts().changes();
      double h = plotH * (double) changes / maxChanges;
      String fill = rep.dryRun() ? "#9db7dc" : rep.success() ? "#2f6db5" : "#c0392b";
      b.append("<rect class=\"bar\" x=\"").append(fmt(cx - bar / 2)).append("\" y=\"").append(fmt(baseY - h))
          .append("\" width=\"").append(fmt(bar)).append("\" height=\"").append(fmt(h)).append("\" fill=\"")
          .append(fill).append("\"><title>").append(Html.esc("run " + r.id() + " (" + r.trigger().label() + ", "
              + rep.status().id() + "): " + changes + " changes, " + Html.seconds(rep.duration())))
          .append("</title></rect>");
      if (runs.size() <= 15 || i % 5 == 0) {
        b.append(text(cx, baseY + 13, "middle", "#" + r.id()));
      }
      double y = baseY - plotH * (rep.duration().toMillis() / 1000.0) / maxSeconds;
      path.append(i == 0 ? 'M' : 'L').append(fmt(cx)).append(',').append(fmt(y));
    }
    b.append("<path d=\"").append(path).append("\" fill=\"none\" stroke=\"#e08a00\" stroke-width=\"2\"/>");
    return b.append("</svg>").toString();
  }

  private static String line(double x1, double y1, double x2, double y2, String color) {
    return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2)
        + "\" stroke=\"" + color + "\"/>";
  }

  private static String text(double x, double y, String anchor, String s) {
    return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor + "\">" + Html.esc(s) + "</text>";
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }
}
