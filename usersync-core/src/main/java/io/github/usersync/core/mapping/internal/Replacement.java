package io.github.usersync.core.mapping.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A regex and its replacement, both parsed once. The replacement is split into literal text and
 * group references ({@code $1}, {@code ${name}}) up front, so a reference to a group that does not
 * exist is a configuration error, not an exception in the middle of a sync.
 */
public final class Replacement {
  private final Pattern pattern;
  private final String[] literals;
  private final int[] groups;
  private final @Nullable String[] names;

  // A Matcher per thread, reset per value: a mapping runs this for every user, and a Matcher is
  // several objects. Safe because one replaceAll never calls another on the same Replacement.
  private final ThreadLocal<Matcher> matcher;

  private Replacement(Pattern pattern, String[] literals, int[] groups, @Nullable String[] names) {
    this.matcher = ThreadLocal.withInitial(() -> pattern.matcher(""));
    this.pattern = pattern;
    this.literals = literals;
    this.groups = groups;
    this.names = names;
  }

  /** A replacement could not be parsed; {@link #index} is the offending character. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    /** Zero-based index into the replacement text. */
    public final int index;

    SyntaxError(String message, int index) {
      super(message, null, false, false);
      this.index = index;
    }
  }

  /**
   * Compiles a replacement for {@code pattern}: {@code $n} and {@code ${name}} refer to groups,
   * {@code \$} and {@code \\} are literal.
   */
  public static Replacement compile(Pattern pattern, String replacement) throws SyntaxError {
    List<String> literals = new ArrayList<>();
    List<Integer> groups = new ArrayList<>();
    List<@Nullable String> names = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int groupCount = pattern.matcher("").groupCount();
    for (int i = 0; i < replacement.length(); i++) {
      char c = replacement.charAt(i);
      if (c == '\\') {
        if (i + 1 >= replacement.length()) {
          throw new SyntaxError("a replacement cannot end with '\\'; write '\\\\' for a backslash", i);
        }
        lit.append(replacement.charAt(++i));
      } else if (c == '$') {
        int at = i;
        if (i + 1 < replacement.length() && replacement.charAt(i + 1) == '{') {
          int end = replacement.indexOf('}', i + 2);
          if (end < 0) {
            throw new SyntaxError("unclosed '${' in the replacement", at);
          }
          String name = replacement.substring(i + 2, end);
          if (!hasNamedGroup(pattern, name)) {
            throw new SyntaxError(
                "the replacement refers to group '" + name + "', which the regex does not name", at);
          }
          literals.add(lit.toString());
          lit.setLength(0);
          groups.add(-1);
          names.add(name);
          i = end;
        } else {
          int j = i + 1;
          int n = 0;
          while (j < replacement.length() && Character.isDigit(replacement.charAt(j))) {
            int next = n * 10 + (replacement.charAt(j) - '0');
            if (j > i + 1 && next > groupCount) {
              break; // like Matcher: $12 with one group is $1 then "2"
            }
            n = next;
            j++;
          }
          if (j == i + 1) {
            throw new SyntaxError(
                "'$' must be followed by a group number or {name}; write '\\$' for a dollar sign", at);
          }
          if (n > groupCount) {
            throw new SyntaxError(
                "the replacement refers to group $" + n + " but the regex has " + groupCount
                    + (groupCount == 1 ? " group" : " groups"),
                at);
          }
          literals.add(lit.toString());
          lit.setLength(0);
          groups.add(n);
          names.add(null);
          i = j - 1;
        }
      } else {
        lit.append(c);
      }
    }
    literals.add(lit.toString());
    int[] g = new int[groups.size()];
    for (int i = 0; i < g.length; i++) {
      g[i] = groups.get(i);
    }
    return new Replacement(
        pattern, literals.toArray(new String[0]), g, names.toArray(new String[0]));
  }

  // Java 11 cannot list a pattern's named groups, and Matcher.group(name) checks the name only after
  // a match. An empty alternative makes the pattern match "", so the name can be checked now.
  private static boolean hasNamedGroup(Pattern pattern, String name) {
    try {
      Matcher m = Pattern.compile("(?:" + pattern.pattern() + "\n)|", pattern.flags()).matcher("");
      if (m.find()) {
        m.group(name);
        return true;
      }
    } catch (IllegalArgumentException e) {
      return false;
    }
    return false;
  }

  /** The regex. */
  public Pattern pattern() {
    return pattern;
  }

  /** Replaces every match in {@code s}; returns {@code s} itself when nothing matches. */
  public String replaceAll(String s) {
    Matcher m = matcher.get().reset(s);
    if (!m.find()) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length() + 16);
    int last = 0;
    do {
      b.append(s, last, m.start());
      for (int i = 0; i < groups.length; i++) {
        b.append(literals[i]);
        String name = names[i];
        String g = name != null ? m.group(name) : m.group(groups[i]);
        if (g != null) {
          b.append(g);
        }
      }
      b.append(literals[groups.length]);
      last = m.end();
    } while (m.find());
    return b.append(s, last, s.length()).toString();
  }
}
