package io.github.usersync.scim.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A SCIM attribute path (RFC 7644 §3.10, §3.5.2): an optional schema URN, then attribute names
 * separated by dots, the first (or any) optionally followed by a value filter in brackets, e.g.
 * {@code emails[type eq "work"].value} or {@code
 * urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value}.
 */
public final class AttrPath {
  /** One step: an attribute name and, for multi-valued attributes, a filter on its values. */
  public static final class Step {
    /** The attribute name as written. */
    public final String name;
    /** The filter in brackets, if any. */
    public final @Nullable Filter filter;

    Step(String name, @Nullable Filter filter) {
      this.name = name;
      this.filter = filter;
    }
  }

  /** The extension URN the path is in; null for the core schema (attributes at the top level). */
  public final @Nullable String urn;
  /** The steps; empty when the path names a whole extension object. */
  public final List<Step> steps;
  private final String text;

  private AttrPath(@Nullable String urn, List<Step> steps, String text) {
    this.urn = urn;
    this.steps = Collections.unmodifiableList(steps);
    this.text = text;
  }

  /**
   * Parses a path.
   *
   * @throws ScimException 400 {@code invalidPath} when it is not one
   */
  public static AttrPath parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw ScimException.badRequest("invalidPath", "an empty attribute path");
    }
    String urn = null;
    String rest = t;
    if (t.regionMatches(true, 0, "urn:", 0, 4)) {
      String known = Schemas.knownUrnPrefix(t);
      if (known != null) {
        urn = known;
        rest = t.length() == known.length() ? "" : t.substring(known.length() + 1);
      } else {
        int bracket = t.indexOf('[');
        String head = bracket < 0 ? t : t.substring(0, bracket);
        int colon = head.lastIndexOf(':');
        urn = t.substring(0, colon);
        rest = t.substring(colon + 1);
      }
      if (Schemas.isCore(urn)) {
        urn = null;
      }
    }
    List<Step> steps = new ArrayList<>();
    int i = 0;
    while (i < rest.length()) {
      int start = i;
      while (i < rest.length() && rest.charAt(i) != '.' && rest.charAt(i) != '[') {
        i++;
      }
      String name = rest.substring(start, i);
      if (name.isEmpty() || !name.matches("\\$?[A-Za-z][A-Za-z0-9_$-]*")) {
        throw ScimException.badRequest("invalidPath", "'" + text + "' is not a valid attribute path");
      }
      Filter filter = null;
      if (i < rest.length() && rest.charAt(i) == '[') {
        int close = closingBracket(rest, i);
        if (close < 0) {
          throw ScimException.badRequest("invalidPath", "'" + text + "' has an unclosed '['");
        }
        filter = Filter.parse(rest.substring(i + 1, close));
        i = close + 1;
      }
      steps.add(new Step(name, filter));
      if (i < rest.length()) {
        if (rest.charAt(i) != '.') {
          throw ScimException.badRequest("invalidPath", "'" + text + "' is not a valid attribute path");
        }
        i++;
      }
    }
    if (steps.isEmpty() && urn == null) {
      throw ScimException.badRequest("invalidPath", "'" + text + "' is not a valid attribute path");
    }
    return new AttrPath(urn, steps, t);
  }

  private static int closingBracket(String s, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' && s.charAt(i - 1) != '\\') {
        quoted = !quoted;
      } else if (c == ']' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /** The path as written. */
  public String text() {
    return text;
  }

  /** The first attribute name in lower case (for mutability checks), or the URN. */
  public String head() {
    return steps.isEmpty() ? String.valueOf(urn) : steps.get(0).name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return text;
  }
}
