package io.github.usersync.core.mapping.internal;

import io.github.usersync.core.MappingException;
import java.util.Locale;

/** The texts the engine reads as booleans, for {@code active} and {@code not}. */
public final class Booleans {
  private Booleans() {}

  /**
   * {@code true}, {@code yes}, {@code 1} (and their opposites {@code false}, {@code no}, {@code 0}),
   * in any case, with surrounding spaces.
   *
   * @throws MappingException naming {@code rule} for any other text
   */
  public static boolean parse(String s, String rule) {
    // What $active and JSON booleans give, without the general path's two new strings.
    if (s.equals("true")) {
      return true;
    }
    if (s.equals("false")) {
      return false;
    }
    switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "1":
        return true;
      case "false":
      case "no":
      case "0":
        return false;
      default:
        throw new MappingException(
            rule,
            "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s)
                + "' is not a boolean (true/false, yes/no, 1/0); turn the value into one, e.g. "
                + "status | oneOf('ACTIVE')");
    }
  }
}
