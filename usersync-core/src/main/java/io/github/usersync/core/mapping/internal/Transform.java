package io.github.usersync.core.mapping.internal;

import io.github.usersync.core.MappingException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A compiled transform: one step of a rule's pipeline, made by an entry of {@link Transforms}. The
 * functions of the transforms that need more than a line live here; the table names them.
 */
final class Transform {
  /** What a transform does to a whole value: nothing, one text or a {@link Values.Multi}. */
  interface Fn {
    @Nullable Object apply(@Nullable Object v, Eval e);
  }

  /** What a transform does to each text of a value; empty or null means nothing. */
  interface EachFn {
    @Nullable String apply(String s, Eval e);
  }

  /** The transform as written, for explanations. */
  final String label;
  /** The table entry it was made from. */
  final Transforms.Entry entry;

  private final Fn fn;

  Transform(String label, Transforms.Entry entry, Fn fn) {
    this.label = label;
    this.entry = entry;
    this.fn = fn;
  }

  @Nullable Object apply(@Nullable Object v, Eval e) {
    return fn.apply(v, e);
  }

  /** {@code f} applied to each value of a (possibly multi-valued) value. */
  static Fn each(EachFn f) {
    return (v, e) -> {
      if (v == null) {
        return null;
      }
      if (v instanceof String) {
        return Values.nonEmpty(f.apply((String) v, e));
      }
      String[] in = ((Values.Multi) v).values;
      List<String> out = new ArrayList<>(in.length);
      for (String s : in) {
        String r = Values.nonEmpty(f.apply(s, e));
        if (r != null) {
          out.add(r);
        }
      }
      return Values.ofList(out);
    };
  }

  /** {@code jane@example.com} → {@code jane}. */
  static String stripDomain(String s) {
    int at = s.lastIndexOf('@');
    return at < 0 ? s : s.substring(0, at);
  }

  /**
   * An Entra B2B guest's UPN, {@code jane_example.com#EXT#@tenant.onmicrosoft.com}, back to {@code
   * jane@example.com}: Entra writes the invited address with its {@code @} as {@code _}, and domains
   * have no underscores, so the last {@code _} before {@code #EXT#} was the {@code @}. Any other value
   * passes unchanged.
   */
  static String guestUpnToEmail(String s) {
    int ext = indexOfExt(s);
    if (ext <= 0) {
      return s;
    }
    int underscore = s.lastIndexOf('_', ext - 1);
    if (underscore <= 0 || underscore == ext - 1) {
      return s;
    }
    return s.substring(0, underscore) + '@' + s.substring(underscore + 1, ext);
  }

  private static int indexOfExt(String s) {
    String mark = "#EXT#";
    for (int i = s.indexOf('#'); i >= 0; i = s.indexOf('#', i + 1)) {
      if (s.regionMatches(true, i, mark, 0, mark.length())) {
        return i;
      }
    }
    return -1;
  }

  /** {@code replace('regex', 'replacement')}: every match. */
  static String replace(Replacement replacement, String s, Eval e) {
    try {
      return replacement.replaceAll(s);
    } catch (StackOverflowError tooDeep) {
      // java.util.regex recurses per repetition; a pathological regex on a very long value can
      // exhaust the stack. That is this user's value failing this rule, not a crashed sync.
      throw new MappingException(
          e.rule,
          -1,
          "the regex '" + replacement.pattern().pattern() + "' is too complex for a value of "
              + s.length() + " characters; simplify it (avoid repeated alternations such as (a|b)*)",
          null);
    }
  }

  /** {@code truncate(n)}: at most n characters (code points), never splitting a surrogate pair. */
  static String truncate(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    if (s.codePointCount(0, s.length()) <= max) {
      return s;
    }
    return s.substring(0, s.offsetByCodePoints(0, max));
  }

  /** {@code split('sep')}: one value into several, at a literal separator. */
  static @Nullable Object split(@Nullable Object v, String separator) {
    if (v == null) {
      return null;
    }
    List<String> out = new ArrayList<>();
    for (String s : Values.list(v)) {
      int from = 0;
      while (true) {
        int at = s.indexOf(separator, from);
        String part = at < 0 ? s.substring(from) : s.substring(from, at);
        if (!part.isEmpty()) {
          out.add(part);
        }
        if (at < 0) {
          break;
        }
        from = at + separator.length();
      }
    }
    return Values.ofList(out);
  }

  /** {@code join(', ')}: several values as one text. */
  static @Nullable Object join(@Nullable Object v, String separator) {
    if (v instanceof Values.Multi) {
      return String.join(separator, ((Values.Multi) v).values);
    }
    return v;
  }

  /** {@code oneOf('A', 'B')}: {@code "true"} when the value (or any of several) is one of these. */
  static String oneOf(@Nullable Object v, Set<String> accepted) {
    for (String s : Values.list(v)) {
      if (accepted.contains(s)) {
        return "true";
      }
    }
    return "false";
  }

  /**
   * Folds accented Latin letters to ASCII ({@code é} → {@code e}, {@code ß} → {@code ss}, {@code Ø} →
   * {@code O}); characters with no ASCII form (other scripts) are kept.
   */
  static final class Ascii {
    private static final Map<Character, String> SPECIAL =
        Map.ofEntries(
            Map.entry('ß', "ss"),
            Map.entry('ẞ', "SS"),
            Map.entry('æ', "ae"),
            Map.entry('Æ', "AE"),
            Map.entry('œ', "oe"),
            Map.entry('Œ', "OE"),
            Map.entry('ø', "o"),
            Map.entry('Ø', "O"),
            Map.entry('đ', "d"),
            Map.entry('Đ', "D"),
            Map.entry('ð', "d"),
            Map.entry('Ð', "D"),
            Map.entry('ł', "l"),
            Map.entry('Ł', "L"),
            Map.entry('þ', "th"),
            Map.entry('Þ', "TH"),
            Map.entry('ı', "i"),
            Map.entry('ħ', "h"),
            Map.entry('Ħ', "H"));

    // Latin-1 and Latin Extended-A/B folded once, so the usual European names take a table
    // lookup per character instead of two Unicode normalisations.
    private static final int TABLE_END = 0x250;
    private static final String[] TABLE = table();

    private Ascii() {}

    private static String[] table() {
      String[] t = new String[TABLE_END];
      for (char c = 0; c < TABLE_END; c++) {
        t[c] = c < 0x80 ? String.valueOf(c) : fold(String.valueOf(c));
      }
      return t;
    }

    static String apply(String s) {
      int i = 0;
      while (i < s.length() && s.charAt(i) < 0x80) {
        i++;
      }
      if (i == s.length()) {
        return s; // the common case: already ASCII, nothing allocated
      }
      StringBuilder b = new StringBuilder(s.length()).append(s, 0, i);
      for (; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c >= TABLE_END) {
          return fold(s); // another script or a combining mark: the general route
        }
        b.append(TABLE[c]);
      }
      return b.toString();
    }

    private static String fold(String s) {
      String d = Normalizer.normalize(s, Normalizer.Form.NFD);
      StringBuilder b = new StringBuilder(d.length());
      for (int j = 0; j < d.length(); j++) {
        char c = d.charAt(j);
        int type = Character.getType(c);
        if (type == Character.NON_SPACING_MARK
            || type == Character.COMBINING_SPACING_MARK
            || type == Character.ENCLOSING_MARK) {
          continue;
        }
        String special = c < 0x80 ? null : SPECIAL.get(c);
        if (special != null) {
          b.append(special);
        } else {
          b.append(c);
        }
      }
      return Normalizer.normalize(b, Normalizer.Form.NFC);
    }
  }
}
