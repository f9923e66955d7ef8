package io.github.usersync.core.mapping.internal;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.settings.Suggestions;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The transforms a rule can use, as one table: each one's name, the arguments it takes, what it
 * does in one line, an example, and how it is built from its arguments. The rule parser, the
 * explanations ({@code explain}), the "did you mean" suggestions and the transforms table in {@code
 * docs/mapping.md} (checked by a test) all come from this table; a new transform is one entry here.
 */
public final class Transforms {
  private static final int ANY = Integer.MAX_VALUE;

  private static final List<Entry> ALL =
      List.of(
          each(
              "lower",
              "changes to lower case (locale-independent)",
              example("lower", "Jane@X.com", "jane@x.com"),
              (s, e) -> s.toLowerCase(Locale.ROOT)),
          each(
              "upper",
              "changes to upper case (locale-independent)",
              example("upper", "r&d", "R&D"),
              (s, e) -> s.toUpperCase(Locale.ROOT)),
          each(
              "trim",
              "removes leading and trailing white space",
              example("trim", " Sales ", "Sales"),
              (s, e) -> s.strip()),
          each(
              "stripDomain",
              "keeps what is before the last `@`",
              example("stripDomain", "jane@example.com", "jane"),
              (s, e) -> Transform.stripDomain(s)),
          entry(
              "replace",
              2,
              2,
              "(regex, replacement)",
              "replace('regex', 'replacement')",
              "replaces every match (Java regex; `$1`, `${name}` refer to groups, `\\$` is a dollar"
                  + " sign)",
              example("replace('^0+', '')", "000123", "123"),
              c -> {
                c.text(0, "the regex");
                c.text(1, "the replacement");
                Replacement r = c.replacement(1, c.regex(0));
                return Transform.each((s, e) -> Transform.replace(r, s, e));
              }),
          each(
              "guestUpnToEmail",
              "an Entra B2B guest's UPN back to their address; any other value unchanged",
              example(
                  "guestUpnToEmail", "jane_example.com#EXT#@tenant.onmicrosoft.com", "jane@example.com"),
              (s, e) -> Transform.guestUpnToEmail(s)),
          each(
              "ascii",
              "folds accented Latin letters to ASCII; other characters are kept",
              example("ascii", "José Müller Ørsted", "Jose Muller Orsted"),
              (s, e) -> Transform.Ascii.apply(s)),
          entry(
              "lookup",
              1,
              1,
              "(table)",
              "lookup(table)",
              "the value for the key in a table under `mapping.lookups`; nothing when the table lacks"
                  + " the key",
              example("lookup(departments)", "D01", "Engineering"),
              Transforms::lookup),
          entry(
              "default",
              1,
              1,
              "(value)",
              "default('x')",
              "`x` when the rule so far yields nothing",
              example("default('n/a')", null, "n/a"),
              c -> {
                String value = Values.nonEmpty(c.text(0, "the value"));
                return (v, e) -> v != null ? v : value;
              }),
          entry(
              "split",
              1,
              1,
              "(separator)",
              "split(',')",
              "one text into several values at a literal separator",
              example("split(',')", List.of("a,b"), List.of("a", "b")),
              c -> {
                String separator = c.text(0, "the separator");
                if (separator.isEmpty()) {
                  throw c.error(0, "split(…) needs a separator that is not empty", "");
                }
                return (v, e) -> Transform.split(v, separator);
              }),
          entry(
              "oneOf",
              1,
              ANY,
              "(value, …)",
              "oneOf('A', 'B')",
              "`true` if the value (or any of several) is one of these, else `false`",
              example("oneOf('ACTIVE', 'LOCKED_OUT')", "LOCKED_OUT", "true"),
              c -> {
                Set<String> accepted = new LinkedHashSet<>();
                for (int i = 0; i < c.count(); i++) {
                  accepted.add(c.text(i, "each value"));
                }
                Set<String> set = Set.copyOf(accepted);
                return (v, e) -> Transform.oneOf(v, set);
              }),
          each(
              "not",
              "the opposite of a boolean text (`true`/`false`, `yes`/`no`, `1`/`0`)",
              example("not", "yes", "false"),
              (s, e) -> Booleans.parse(s, e.rule) ? "false" : "true"),
          entry(
              "truncate",
              1,
              1,
              "(length)",
              "truncate(n)",
              "at most `n` characters (whole code points)",
              example("truncate(3)", "abcdef", "abc"),
              c -> {
                int max = c.number(0).orElse(0);
                if (max < 1) {
                  throw c.error(0, "truncate(…) takes a length of at least 1", ", e.g. truncate(255)");
                }
                return Transform.each((s, e) -> Transform.truncate(s, max));
              }),
          whole(
              "first",
              "the first of several values",
              example("first", List.of("a", "b"), List.of("a")),
              (v, e) -> Values.single(v)),
          entry(
              "join",
              0,
              1,
              "(separator)",
              "join(', ')",
              "several values as one text, with the separator between them (`join` alone: `, `)",
              example("join(' / ')", List.of("a", "b"), List.of("a / b")),
              c -> {
                String separator = c.count() == 0 ? ", " : c.text(0, "the separator");
                return (v, e) -> Transform.join(v, separator);
              }),
          whole(
              "all",
              "every value as a JSON array text, for hosts that keep JSON (Jira properties)",
              example("all", List.of("java", "sql"), List.of("[\"java\",\"sql\"]")),
              (v, e) -> Values.jsonArray(v)));

  private static final Map<String, Entry> BY_NAME = byName();

  private Transforms() {}

  /** Every transform, in the order docs/mapping.md lists them. */
  public static List<Entry> all() {
    return ALL;
  }

  /** The transform called {@code name}, if there is one. */
  public static Optional<Entry> find(String name) {
    return Optional.ofNullable(BY_NAME.get(name));
  }

  /** The transforms' names, for suggestions. */
  public static Set<String> names() {
    return BY_NAME.keySet();
  }

  private static Map<String, Entry> byName() {
    Map<String, Entry> m = new LinkedHashMap<>();
    for (Entry t : ALL) {
      if (m.put(t.name, t) != null) {
        throw new IllegalStateException("two transforms named " + t.name);
      }
    }
    return java.util.Collections.unmodifiableMap(m);
  }

  private static Transform.Fn lookup(Call c) {
    String name =
        c.name(0)
            .orElseThrow(
                () -> c.error(0, "lookup(…) takes a table name", ", e.g. lookup(departments)"));
    Map<String, String> table = c.lookups().get(name);
    if (table == null) {
      Set<String> declared = c.lookups().keySet();
      String hint =
          declared.isEmpty()
              ? "; declare it under mapping.lookups"
              : Suggestions.didYouMean(name, declared)
                  + "; declared tables: "
                  + String.join(", ", declared);
      throw c.error(0, "unknown lookup table '" + name + "'", hint);
    }
    return Transform.each((s, e) -> table.get(s));
  }

  // ---- the table's shape ----

  /** One transform: its name, arguments, description, example and how it is built. */
  public static final class Entry {
    private final String name;
    private final int minArguments;
    private final int maxArguments;
    private final String arguments;
    private final String usage;
    private final String description;
    private final Example example;
    private final Factory factory;

    Entry(
        String name,
        int minArguments,
        int maxArguments,
        String arguments,
        String usage,
        String description,
        Example example,
        Factory factory) {
      this.name = name;
      this.minArguments = minArguments;
      this.maxArguments = maxArguments;
      this.arguments = arguments;
      this.usage = usage;
      this.description = description;
      this.example = example;
      this.factory = factory;
    }

    /** The name written in a rule, e.g. {@code replace}. */
    public String name() {
      return name;
    }

    /** The fewest arguments it takes. */
    public int minArguments() {
      return minArguments;
    }

    /** The most arguments it takes; {@link Integer#MAX_VALUE} for no limit. */
    public int maxArguments() {
      return maxArguments;
    }

    /** The arguments' names, as error messages give them: {@code (regex, replacement)}. */
    public String arguments() {
      return arguments;
    }

    /** How it is written, e.g. {@code replace('regex', 'replacement')}. */
    public String usage() {
      return usage;
    }

    /** What it does, in one line (Markdown code spans in backticks). */
    public String description() {
      return description;
    }

    /** An example: the transform as written, an input and its output. */
    public Example example() {
      return example;
    }

    Transform.Fn create(Call call) {
      return factory.create(call);
    }

    @Override
    public String toString() {
      return usage;
    }
  }

  /** An example of a transform: as written in a rule, a value in and the value out. */
  public static final class Example {
    private final String call;
    private final List<String> input;
    private final List<String> output;

    Example(String call, List<String> input, List<String> output) {
      this.call = call;
      this.input = input;
      this.output = output;
    }

    /** The transform as written, e.g. {@code replace('^0+', '')}. */
    public String call() {
      return call;
    }

    /** The values going in: none (nothing), one, or several. */
    public List<String> input() {
      return input;
    }

    /** The values coming out: none (nothing), one, or several. */
    public List<String> output() {
      return output;
    }
  }

  /** Builds a transform's function from its arguments, checking them. */
  interface Factory {
    Transform.Fn create(Call call);
  }

  /**
   * One use of a transform in a rule, with its arguments as the parser read them. The count is
   * already checked against the entry; errors point at an argument's position in the rule.
   */
  interface Call {
    /** How many arguments were given. */
    int count();

    /** Argument {@code i} as a text (quoted, or a number), else an error naming {@code what}. */
    String text(int i, String what);

    /** Argument {@code i} as a name (bare or quoted); empty for a number or a call. */
    Optional<String> name(int i);

    /** Argument {@code i} as a number; empty for anything else. */
    OptionalInt number(int i);

    /** Argument {@code i}, a text, compiled as a regex; an error points into it. */
    Pattern regex(int i);

    /** Argument {@code i}, a text, compiled as a replacement for {@code regex}. */
    Replacement replacement(int i, Pattern regex);

    /** The mapping's lookup tables. */
    Map<String, Map<String, String>> lookups();

    /** An error at argument {@code i}: {@code what at position} followed by {@code hint}. */
    MappingException error(int i, String what, String hint);
  }

  private static Entry entry(
      String name,
      int min,
      int max,
      String arguments,
      String usage,
      String description,
      Example example,
      Factory factory) {
    return new Entry(name, min, max, arguments, usage, description, example, factory);
  }

  /** A transform without arguments, applied to each value. */
  private static Entry each(
      String name, String description, Example example, Transform.EachFn fn) {
    return whole(name, description, example, Transform.each(fn));
  }

  /** A transform without arguments, applied to the whole value. */
  private static Entry whole(String name, String description, Example example, Transform.Fn fn) {
    return new Entry(name, 0, 0, "", name, description, example, c -> fn);
  }

  private static Example example(String call, @Nullable String input, String output) {
    return new Example(call, input == null ? List.of() : List.of(input), List.of(output));
  }

  private static Example example(String call, List<String> input, List<String> output) {
    return new Example(call, input, output);
  }
}
