package io.github.usersync.core.mapping.internal;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.WhenEmpty;
import io.github.usersync.core.settings.Suggestions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * Parses and compiles one rule's text ({@code source | transform | transform(arg)}) in one pass.
 * Every error is a {@link MappingException} naming the rule and the zero-based position in the
 * rule's text, e.g. {@code mapping.attributes.department: unknown transform 'lowr' at 12 (did you
 * mean 'lower'?)}. The grammar is documented in {@code docs/mapping.md}.
 */
public final class RuleParser {
  // What can follow '|': the transforms, and whenEmpty, which is a policy written like one.
  private static final List<String> STEP_NAMES = stepNames();

  private static final List<String> SOURCE_FUNCTIONS = List.of("firstOf", "template");
  // Rules nest through ( ), firstOf and templates; a bound keeps a pathological text a
  // configuration error instead of a StackOverflowError.
  private static final int MAX_DEPTH = 50;
  private static final List<String> POLICIES = List.of("keep", "clear", "skip", "fail", "default");
  private static final Map<String, Expr.Special.Kind> SPECIALS = specials();

  private final String rule;
  private final String src;
  private final int @Nullable [] origin;
  private final Map<String, Map<String, String>> lookups;
  private final Usage usage;
  private int pos;
  private int depth;
  private @Nullable WhenEmpty whenEmpty;
  private int whenEmptyPosition = -1;

  private RuleParser(
      String rule,
      String src,
      int @Nullable [] origin,
      Map<String, Map<String, String>> lookups,
      Usage usage) {
    this.rule = rule;
    this.src = src;
    this.origin = origin;
    this.lookups = lookups;
    this.usage = usage;
  }

  private static List<String> stepNames() {
    List<String> names = new ArrayList<>(Transforms.names());
    names.add("whenEmpty");
    return List.copyOf(names);
  }

  private static Map<String, Expr.Special.Kind> specials() {
    Map<String, Expr.Special.Kind> m = new LinkedHashMap<>();
    m.put("$id", Expr.Special.Kind.ID);
    m.put("$username", Expr.Special.Kind.USERNAME);
    m.put("$email", Expr.Special.Kind.EMAIL);
    m.put("$givenName", Expr.Special.Kind.GIVEN_NAME);
    m.put("$familyName", Expr.Special.Kind.FAMILY_NAME);
    m.put("$displayName", Expr.Special.Kind.DISPLAY_NAME);
    m.put("$active", Expr.Special.Kind.ACTIVE);
    m.put("$managerId", Expr.Special.Kind.MANAGER_ID);
    m.put("$groups", Expr.Special.Kind.GROUPS);
    m.put("$roles", Expr.Special.Kind.ROLES);
    m.put("$photo", Expr.Special.Kind.PHOTO);
    m.put("$manager.id", Expr.Special.Kind.MANAGER_ID_OF_MANAGER);
    m.put("$manager.username", Expr.Special.Kind.MANAGER_USERNAME);
    m.put("$manager.email", Expr.Special.Kind.MANAGER_EMAIL);
    m.put("$manager.displayName", Expr.Special.Kind.MANAGER_DISPLAY_NAME);
    m.put("$manager.givenName", Expr.Special.Kind.MANAGER_GIVEN_NAME);
    m.put("$manager.familyName", Expr.Special.Kind.MANAGER_FAMILY_NAME);
    return m;
  }

  /** The special source names ({@code $username}, …), for documentation and suggestions. */
  public static Set<String> specialSources() {
    Set<String> s = new LinkedHashSet<>(SPECIALS.keySet());
    s.add("$manager.raw.<path>");
    return s;
  }

  /**
   * Compiles a rule.
   *
   * @param rule the rule's name, e.g. {@code mapping.attributes.department}
   * @param text the rule's text
   * @param lookups the lookup tables rules may name
   * @param usage collects what the rule reads
   * @throws MappingException for any syntax error, with the position
   */
  public static CompiledRule compile(
      String rule, String text, Map<String, Map<String, String>> lookups, Usage usage) {
    RuleParser p = new RuleParser(rule, text, null, lookups, usage);
    p.skipWs();
    if (p.eof()) {
      throw p.errAt(
          0,
          "the rule is empty",
          "; write a source such as a path (profile.department), a 'constant' or $username");
    }
    Expr expr = p.pipeline(true);
    p.skipWs();
    if (!p.eof()) {
      throw p.unexpected("'|' and a transform, or the end of the rule");
    }
    return new CompiledRule(rule, text, expr, p.whenEmpty, p.whenEmptyPosition);
  }

  /**
   * Compiles a regex of a group rule; an error names {@code rule} and the position in the regex.
   */
  public static Pattern regex(String rule, String regex) {
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      int at = Math.max(0, Math.min(e.getIndex(), regex.length()));
      throw new MappingException(
          rule, at, "invalid regex '" + regex + "': " + e.getDescription() + " at " + at, e);
    }
  }

  /** Compiles a replacement for {@code pattern}; an error names the position in the replacement. */
  public static Replacement replacement(String rule, Pattern pattern, String replacement) {
    try {
      return Replacement.compile(pattern, replacement);
    } catch (Replacement.SyntaxError e) {
      throw new MappingException(rule, e.index, e.getMessage() + " at " + e.index, null);
    }
  }

  /** Whether {@code name} can be written bare in a path. */
  static boolean isIdentifier(String name) {
    if (name.isEmpty() || !isIdentStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!isIdentPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  // ---- grammar ----

  /** {@code fallback ( '|' transform )* [ '|' whenEmpty(…) ]}. */
  private Expr pipeline(boolean top) {
    skipWs();
    int start = pos;
    if (++depth > MAX_DEPTH) {
      throw err(start, "the rule nests deeper than " + MAX_DEPTH + " levels", "");
    }
    Expr source = fallback();
    List<Transform> transforms = new ArrayList<>();
    while (true) {
      skipWs();
      if (eof() || peek() != '|') {
        break;
      }
      pos++;
      skipWs();
      int at = pos;
      if (eof() || !isIdentStart(peek())) {
        throw err(at, "expected a transform name after '|'", "");
      }
      String name = ident();
      int afterName = pos;
      skipWs();
      List<Arg> args = null;
      if (!eof() && peek() == '(') {
        args = args();
      } else {
        pos = afterName;
      }
      String label = src.substring(at, pos);
      if (name.equals("whenEmpty")) {
        if (!top) {
          throw err(
              at,
              "whenEmpty(…) belongs at the end of the whole rule, not inside firstOf(…), ( ) or a"
                  + " template",
              "");
        }
        whenEmpty = policy(args, at);
        whenEmptyPosition = o(at);
        skipWs();
        if (!eof() && peek() == '|') {
          throw err(pos, "whenEmpty(…) must be the last step of the rule", "");
        }
        break;
      }
      transforms.add(transform(name, args, at, label));
    }
    depth--;
    if (transforms.isEmpty()) {
      return source;
    }
    return new Expr.Pipeline(
        src.substring(start, pos).strip(), source, transforms.toArray(new Transform[0]));
  }

  /** {@code source ( '??' source )*}. */
  private Expr fallback() {
    int start = pos;
    Expr first = source();
    skipWs();
    if (!src.startsWith("??", pos)) {
      return first;
    }
    List<Expr> options = new ArrayList<>();
    options.add(first);
    while (src.startsWith("??", pos)) {
      pos += 2;
      options.add(source());
      skipWs();
    }
    return new Expr.FirstOf(src.substring(start, pos).strip(), options.toArray(new Expr[0]));
  }

  private Expr source() {
    skipWs();
    int start = pos;
    if (eof()) {
      throw err(
          pos,
          "expected a source (a path such as profile.department, a 'constant', template('…'),"
              + " firstOf(…) or a $special source)",
          "");
    }
    char c = peek();
    if (c == '\'' || c == '"') {
      Str s = string();
      return new Expr.Constant(src.substring(start, pos), s.value);
    }
    if (c == '$') {
      return special();
    }
    if (c == '(') {
      pos++;
      Expr inner = pipeline(false);
      skipWs();
      if (eof()) {
        throw err(start, "missing ')' to close '('", "");
      }
      if (peek() != ')') {
        throw unexpected("'|' and a transform, or ')'");
      }
      pos++;
      return inner;
    }
    if (isIdentStart(c)) {
      String id = ident();
      skipWs();
      if (!eof() && peek() == '(') {
        if (id.equals("firstOf")) {
          return firstOf(start);
        }
        if (id.equals("template")) {
          return template(start);
        }
        String hint = Suggestions.didYouMean(id, SOURCE_FUNCTIONS);
        if (hint.isEmpty() && STEP_NAMES.contains(id)) {
          hint = " ('" + id + "' is a transform: write it after a source, e.g. name | " + id + ")";
        }
        throw err(start, "unknown source function '" + id + "'", hint);
      }
      pos = start;
      return path(start, start, false);
    }
    if (c == '[') {
      return path(start, start, false);
    }
    throw err(
        pos,
        "unexpected '" + c + "'; expected a source (a path, a 'constant', template('…'), firstOf(…)"
            + " or a $special source)",
        "");
  }

  private Expr path(int labelStart, int start, boolean manager) {
    List<JsonPath.Step> steps = new ArrayList<>();
    if (peek() == '[') {
      steps.add(bracket());
    } else {
      steps.add(JsonPath.Step.field(ident()));
    }
    while (!eof()) {
      char c = peek();
      if (c == '.') {
        pos++;
        if (eof() || !isIdentStart(peek())) {
          if (!eof() && peek() == '[') {
            throw err(pos, "unexpected '[' after '.'", "; write a quoted key without the dot: a[\"x.y\"]");
          }
          throw err(pos, "expected a field name after '.'", "");
        }
        steps.add(JsonPath.Step.field(ident()));
      } else if (c == '[') {
        steps.add(bracket());
      } else {
        break;
      }
    }
    JsonPath path = new JsonPath(steps, src.substring(start, pos));
    usage.path(path.sourcePath());
    return new Expr.Path(src.substring(labelStart, pos), path, manager);
  }

  private JsonPath.Step bracket() {
    int open = pos;
    pos++;
    skipWs();
    if (eof()) {
      throw err(open, "missing ']' to close '['", "");
    }
    char c = peek();
    JsonPath.Step step;
    if (c == '\'' || c == '"') {
      step = JsonPath.Step.field(string().value);
    } else if (c == '*') {
      pos++;
      step = JsonPath.Step.all();
    } else if (c == '-' || isDigit(c)) {
      step = JsonPath.Step.index(integer());
    } else if (isIdentStart(c)) {
      String field = ident();
      skipWs();
      if (eof() || peek() != '=') {
        throw err(pos, "expected '=' in a filter such as [type='work']", "");
      }
      pos++;
      skipWs();
      step = JsonPath.Step.filter(field, literal());
    } else {
      throw err(
          pos,
          "expected an index ([0], [-1]), [*], a quoted key ([\"x.y\"]) or a filter ([type='work'])"
              + " inside [ ]",
          "");
    }
    skipWs();
    if (eof()) {
      throw err(open, "missing ']' to close '['", "");
    }
    if (peek() != ']') {
      throw err(pos, "expected ']'", "");
    }
    pos++;
    return step;
  }

  private String literal() {
    if (!eof() && (peek() == '\'' || peek() == '"')) {
      return string().value;
    }
    int start = pos;
    while (!eof() && (isIdentPart(peek()) || peek() == '.')) {
      pos++;
    }
    if (start == pos) {
      throw err(pos, "expected a value after '=', e.g. [type='work']", "");
    }
    return src.substring(start, pos);
  }

  private Expr special() {
    int start = pos;
    pos++;
    if (eof() || !isIdentStart(peek())) {
      throw err(start, "expected a name after '$'", " (e.g. $username)");
    }
    String name = "$" + ident();
    if (name.equals("$manager")) {
      usage.manager();
      if (eof() || peek() != '.') {
        throw err(
            start,
            "'$manager' needs a field",
            ": $manager.username, $manager.email, $manager.displayName, $manager.id or"
                + " $manager.raw.<path>");
      }
      pos++;
      if (eof() || !isIdentStart(peek())) {
        throw err(pos, "expected a field after '$manager.'", "");
      }
      String field = ident();
      if (field.equals("raw")) {
        if (eof() || (peek() != '.' && peek() != '[')) {
          throw err(pos, "expected a path after '$manager.raw'", ", e.g. $manager.raw.profile.login");
        }
        if (peek() == '.') {
          pos++;
        }
        if (eof() || !(isIdentStart(peek()) || peek() == '[')) {
          throw err(pos, "expected a path after '$manager.raw'", ", e.g. $manager.raw.profile.login");
        }
        return path(start, pos, true);
      }
      name = "$manager." + field;
    }
    Expr.Special.Kind kind = SPECIALS.get(name);
    if (kind == null) {
      throw err(
          start,
          "unknown special source '" + name + "'",
          Suggestions.didYouMean(name, specialSources()));
    }
    if (!eof() && (peek() == '.' || peek() == '[')) {
      throw err(
          pos,
          "'" + name + "' takes no path",
          "; use | first or | join(', ') for several values");
    }
    switch (kind) {
      case GROUPS:
      case ROLES:
        usage.groups();
        break;
      case PHOTO:
        usage.photo();
        break;
      default:
        break;
    }
    return new Expr.Special(src.substring(start, pos), kind);
  }

  private Expr firstOf(int start) {
    int open = pos;
    pos++;
    skipWs();
    if (!eof() && peek() == ')') {
      throw err(open, "firstOf(…) needs at least one source", "");
    }
    List<Expr> options = new ArrayList<>();
    while (true) {
      options.add(pipeline(false));
      skipWs();
      if (eof()) {
        throw err(open, "missing ')' to close 'firstOf('", "");
      }
      char c = peek();
      pos++;
      if (c == ')') {
        break;
      }
      if (c != ',') {
        pos--;
        throw unexpected("',' or ')' in firstOf(…)");
      }
    }
    return new Expr.FirstOf(src.substring(start, pos), options.toArray(new Expr[0]));
  }

  private Expr template(int start) {
    int open = pos;
    pos++;
    skipWs();
    if (eof() || (peek() != '\'' && peek() != '"')) {
      throw err(pos, "template(…) takes a quoted text", ", e.g. template('{givenName} {surname}')");
    }
    Str text = string();
    skipWs();
    if (eof()) {
      throw err(open, "missing ')' to close 'template('", "");
    }
    if (peek() != ')') {
      throw err(pos, "template(…) takes one quoted text; expected ')'", "");
    }
    pos++;
    return compileTemplate(src.substring(start, pos), text);
  }

  private Expr compileTemplate(String label, Str s) {
    String t = s.value;
    int[] org = s.origin;
    List<String> literals = new ArrayList<>();
    List<Expr> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < t.length()) {
      char c = t.charAt(i);
      if (c == '{') {
        if (i + 1 < t.length() && t.charAt(i + 1) == '{') {
          lit.append('{');
          i += 2;
          continue;
        }
        int close = closingBrace(t, i + 1);
        if (close < 0) {
          throw errAt(org[i], "unclosed '{' in the template", "; write '{{' for a literal brace");
        }
        String inner = t.substring(i + 1, close);
        if (inner.isBlank()) {
          throw errAt(org[i], "empty placeholder '{}' in the template", "");
        }
        RuleParser p =
            new RuleParser(rule, inner, Arrays.copyOfRange(org, i + 1, close + 1), lookups, usage);
        p.depth = depth;
        Expr e = p.pipeline(false);
        p.skipWs();
        if (!p.eof()) {
          throw p.unexpected("'|' and a transform, or '}'");
        }
        literals.add(lit.toString());
        lit.setLength(0);
        parts.add(e);
        i = close + 1;
      } else if (c == '}') {
        if (i + 1 < t.length() && t.charAt(i + 1) == '}') {
          lit.append('}');
          i += 2;
          continue;
        }
        throw errAt(org[i], "unmatched '}' in the template", "; write '}}' for a literal brace");
      } else {
        lit.append(c);
        i++;
      }
    }
    literals.add(lit.toString());
    if (parts.isEmpty()) {
      return new Expr.Constant(label, literals.get(0));
    }
    return new Expr.Template(label, literals.toArray(new String[0]), parts.toArray(new Expr[0]));
  }

  private static int closingBrace(String t, int from) {
    int j = from;
    while (j < t.length()) {
      char c = t.charAt(j);
      if (c == '\'' || c == '"') {
        j++;
        while (j < t.length()) {
          if (t.charAt(j) == c) {
            if (j + 1 < t.length() && t.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
      } else if (c == '}') {
        return j;
      }
      j++;
    }
    return -1;
  }

  // ---- transforms ----

  private Transform transform(String name, @Nullable List<Arg> args, int at, String label) {
    Transforms.Entry entry =
        Transforms.find(name)
            .orElseThrow(
                () ->
                    err(
                        at,
                        "unknown transform '" + name + "'",
                        Suggestions.didYouMean(name, STEP_NAMES)));
    List<Arg> given = arity(entry, args, at);
    return new Transform(label, entry, entry.create(new Call(name, given)));
  }

  private WhenEmpty policy(@Nullable List<Arg> args, int at) {
    if (args == null || args.size() != 1) {
      throw err(
          at,
          "whenEmpty takes one policy",
          ": whenEmpty(keep), whenEmpty(clear), whenEmpty(skip), whenEmpty(fail) or"
              + " whenEmpty(default('x'))");
    }
    Arg a = args.get(0);
    if (a.kind == Arg.Kind.WORD) {
      switch (a.text) {
        case "keep":
          return WhenEmpty.keep();
        case "clear":
          return WhenEmpty.clear();
        case "skip":
          return WhenEmpty.skipUser();
        case "fail":
          return WhenEmpty.fail();
        case "default":
          throw errAt(a.pos, "whenEmpty(default) needs a value", ", e.g. whenEmpty(default('n/a'))");
        default:
          break;
      }
    } else if (a.kind == Arg.Kind.CALL && (a.text.equals("default") || a.text.equals("skip"))) {
      if (a.args.size() != 1 || a.args.get(0).kind != Arg.Kind.STRING) {
        throw errAt(a.pos, a.text + "(…) takes one quoted text", ", e.g. " + a.text + "('n/a')");
      }
      String value = a.args.get(0).text;
      if (a.text.equals("skip")) {
        return WhenEmpty.skipUser(value);
      }
      if (value.isEmpty()) {
        throw errAt(a.args.get(0).pos, "a default must not be empty", "; use whenEmpty(clear)");
      }
      return WhenEmpty.useDefault(value);
    } else if (a.kind == Arg.Kind.STRING) {
      throw errAt(
          a.pos,
          "whenEmpty takes a policy, not a text",
          "; for a fixed value write whenEmpty(default('x'))");
    }
    throw errAt(
        a.pos,
        "unknown whenEmpty policy '" + a.text + "'",
        Suggestions.didYouMean(a.text, POLICIES));
  }

  private List<Arg> arity(Transforms.Entry entry, @Nullable List<Arg> args, int at) {
    String name = entry.name();
    int min = entry.minArguments();
    int max = entry.maxArguments();
    int n = args == null ? 0 : args.size();
    if (max == 0 && n > 0) {
      throw err(at, "transform '" + name + "' takes no arguments", "");
    }
    if (n < min || n > max) {
      String expected;
      if (min == max) {
        expected = min + (min == 1 ? " argument " : " arguments ");
      } else if (max == Integer.MAX_VALUE) {
        expected = "at least " + min + (min == 1 ? " argument " : " arguments ");
      } else if (min == 0) {
        expected = "at most " + max + (max == 1 ? " argument " : " arguments ");
      } else {
        expected = min + " to " + max + " arguments ";
      }
      throw err(
          at, "transform '" + name + "' takes " + expected + entry.arguments() + ", got " + n, "");
    }
    return args == null ? List.of() : args;
  }

  /** One use of a transform, for its table entry to read and check the arguments. */
  private final class Call implements Transforms.Call {
    private final String name;
    private final List<Arg> args;

    Call(String name, List<Arg> args) {
      this.name = name;
      this.args = args;
    }

    @Override
    public int count() {
      return args.size();
    }

    @Override
    public String text(int i, String what) {
      return RuleParser.this.text(name, args.get(i), what).text;
    }

    @Override
    public Optional<String> name(int i) {
      Arg a = args.get(i);
      return a.kind == Arg.Kind.CALL || a.kind == Arg.Kind.NUMBER
          ? Optional.empty()
          : Optional.of(a.text);
    }

    @Override
    public OptionalInt number(int i) {
      Arg a = args.get(i);
      return a.kind == Arg.Kind.NUMBER ? OptionalInt.of(Integer.parseInt(a.text)) : OptionalInt.empty();
    }

    @Override
    public Pattern regex(int i) {
      Arg a = RuleParser.this.text(name, args.get(i), "the regex");
      try {
        return Pattern.compile(a.text);
      } catch (PatternSyntaxException e) {
        int idx = e.getIndex();
        int where = idx >= 0 && idx < a.origin.length ? a.origin[idx] : a.pos;
        throw errAt(where, "invalid regex '" + a.text + "': " + e.getDescription(), "");
      }
    }

    @Override
    public Replacement replacement(int i, Pattern regex) {
      Arg a = RuleParser.this.text(name, args.get(i), "the replacement");
      try {
        return Replacement.compile(regex, a.text);
      } catch (Replacement.SyntaxError e) {
        throw errAt(a.origin[e.index], String.valueOf(e.getMessage()), "");
      }
    }

    @Override
    public Map<String, Map<String, String>> lookups() {
      return lookups;
    }

    @Override
    public MappingException error(int i, String what, String hint) {
      return errAt(args.get(i).pos, what, hint);
    }
  }

  private Arg text(String name, Arg a, String what) {
    if (a.kind == Arg.Kind.STRING || a.kind == Arg.Kind.NUMBER) {
      return a;
    }
    throw errAt(
        a.pos,
        "transform '" + name + "' expects " + what + " in quotes",
        ", e.g. " + name + "('" + a.text + "')");
  }

  // ---- arguments ----

  /** One argument of a transform: a quoted text, a number, a bare name or a nested call. */
  private static final class Arg {
    enum Kind {
      STRING,
      NUMBER,
      WORD,
      CALL
    }

    final Kind kind;
    final String text;
    final int pos;
    final int[] origin;
    final List<Arg> args;

    Arg(Kind kind, String text, int pos, int[] origin, List<Arg> args) {
      this.kind = kind;
      this.text = text;
      this.pos = pos;
      this.origin = origin;
      this.args = args;
    }
  }

  private List<Arg> args() {
    int open = pos;
    pos++;
    skipWs();
    List<Arg> out = new ArrayList<>();
    if (!eof() && peek() == ')') {
      pos++;
      return out;
    }
    while (true) {
      skipWs();
      out.add(arg(open));
      skipWs();
      if (eof()) {
        throw err(open, "missing ')' to close '('", "");
      }
      char c = peek();
      pos++;
      if (c == ')') {
        return out;
      }
      if (c != ',') {
        pos--;
        throw err(pos, "expected ',' or ')' in the argument list", "");
      }
    }
  }

  private Arg arg(int open) {
    if (eof()) {
      throw err(open, "missing ')' to close '('", "");
    }
    int at = pos;
    char c = peek();
    if (c == '\'' || c == '"') {
      Str s = string();
      return new Arg(Arg.Kind.STRING, s.value, o(at), s.origin, List.of());
    }
    if (isDigit(c) || (c == '-' && pos + 1 < src.length() && isDigit(src.charAt(pos + 1)))) {
      int n = integer();
      return new Arg(Arg.Kind.NUMBER, Integer.toString(n), o(at), identity(at, pos), List.of());
    }
    if (isIdentStart(c)) {
      String name = ident();
      int after = pos;
      skipWs();
      if (!eof() && peek() == '(') {
        return new Arg(Arg.Kind.CALL, name, o(at), new int[0], args());
      }
      pos = after;
      return new Arg(Arg.Kind.WORD, name, o(at), identity(at, pos), List.of());
    }
    throw err(pos, "expected an argument (a quoted text, a number or a name)", "");
  }

  private int[] identity(int from, int to) {
    int[] r = new int[to - from + 1];
    for (int i = 0; i < r.length; i++) {
      r[i] = o(from + i);
    }
    return r;
  }

  // ---- lexing ----

  /** A quoted text and, per character, its position in the rule's text. */
  private static final class Str {
    final String value;
    final int[] origin;

    Str(String value, int[] origin) {
      this.value = value;
      this.origin = origin;
    }
  }

  /** {@code 'text'} or {@code "text"}; the quote is doubled to stand for itself: {@code 'it''s'}. */
  private Str string() {
    int start = pos;
    char q = src.charAt(pos++);
    StringBuilder b = new StringBuilder();
    int[] org = new int[Math.max(4, src.length() - start)];
    int n = 0;
    while (true) {
      if (eof()) {
        throw err(
            start,
            "unclosed quote " + q,
            "; end the text with " + q + " (write " + q + q + " for a " + q + " inside it)");
      }
      char c = src.charAt(pos);
      if (c == q) {
        if (pos + 1 < src.length() && src.charAt(pos + 1) == q) {
          b.append(q);
          org[n++] = o(pos);
          pos += 2;
          continue;
        }
        org[n++] = o(pos);
        pos++;
        break;
      }
      b.append(c);
      org[n++] = o(pos);
      pos++;
    }
    return new Str(b.toString(), Arrays.copyOf(org, n));
  }

  private int integer() {
    int start = pos;
    if (peek() == '-') {
      pos++;
    }
    int digits = pos;
    while (!eof() && isDigit(peek())) {
      pos++;
    }
    if (pos == digits) {
      throw err(start, "expected a number", "");
    }
    if (pos - digits > 9) {
      throw err(start, "the number is too large", "");
    }
    return Integer.parseInt(src.substring(start, pos));
  }

  private String ident() {
    int start = pos;
    pos++;
    while (!eof() && isIdentPart(peek())) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private static boolean isIdentStart(char c) {
    return Character.isLetter(c) || c == '_' || c == '@';
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '@';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void skipWs() {
    while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
      pos++;
    }
  }

  private boolean eof() {
    return pos >= src.length();
  }

  private char peek() {
    return src.charAt(pos);
  }

  /** The position in the rule's text of this parser's character {@code i}. */
  private int o(int i) {
    int[] org = origin;
    return org == null ? i : org[Math.min(i, org.length - 1)];
  }

  private MappingException unexpected(String expected) {
    if (src.startsWith("??", pos)) {
      return err(
          pos,
          "'??' cannot follow a transform",
          "; put the left side in parentheses: (a | lower) ?? b, or write firstOf(a | lower, b)");
    }
    char c = peek();
    if (c == ')' || c == ']' || c == '}') {
      return err(pos, "unmatched '" + c + "'", "");
    }
    if (c == ',') {
      return err(pos, "unexpected ','", "; for a fallback write firstOf(a, b) or a ?? b");
    }
    return err(pos, "unexpected '" + c + "'; expected " + expected, "");
  }

  private MappingException err(int localPos, String what, String suffix) {
    return errAt(o(localPos), what, suffix);
  }

  private MappingException errAt(int position, String what, String suffix) {
    return new MappingException(rule, position, what + " at " + position + suffix, null);
  }
}
