package io.github.usersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A SCIM filter (RFC 7644 §3.4.2.2), parsed once and evaluated against resources: {@code eq ne co
 * sw ew gt ge lt le pr}, {@code and}, {@code or}, {@code not (…)}, parentheses and value filters
 * ({@code emails[type eq "work" and value co "@example.com"]}). Attribute names are compared
 * ignoring case; values ignoring case except for case-exact attributes ({@code id}, {@code
 * externalId}). A bare word where a value belongs is read as a string, as Microsoft's
 * documentation writes {@code externalId eq jyoung}.
 */
public abstract class Filter {
  Filter() {}

  /** Whether {@code node} (a resource, or an element of a multi-valued attribute) matches. */
  public abstract boolean matches(JsonNode node);

  /**
   * The value an {@code attr eq "value"} filter pins {@code attr} to, for building the element a
   * PATCH on {@code emails[type eq "work"].value} addresses when there is none yet.
   */
  public void pinned(java.util.Map<String, JsonNode> out) {}

  /**
   * Parses a filter.
   *
   * @throws ScimException 400 {@code invalidFilter} naming the position
   */
  public static Filter parse(String text) {
    Parser p = new Parser(text);
    Filter f = p.or();
    p.skipSpace();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.substring(p.pos) + "'");
    }
    return f;
  }

  private static final class Parser {
    final String s;
    int pos;

    Parser(String s) {
      this.s = s;
    }

    ScimException error(String what) {
      return ScimException.badRequest("invalidFilter", "the filter '" + s + "' is not valid: " + what
          + " at " + pos);
    }

    void skipSpace() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean keyword(String k) {
      skipSpace();
      int end = pos + k.length();
      if (end <= s.length() && s.regionMatches(true, pos, k, 0, k.length())
          && (end == s.length() || Character.isWhitespace(s.charAt(end)) || s.charAt(end) == '(')) {
        pos = end;
        return true;
      }
      return false;
    }

    Filter or() {
      Filter left = and();
      while (keyword("or")) {
        left = new Logical(left, and(), false);
      }
      return left;
    }

    Filter and() {
      Filter left = unary();
      while (keyword("and")) {
        left = new Logical(left, unary(), true);
      }
      return left;
    }

    Filter unary() {
      skipSpace();
      if (keyword("not")) {
        skipSpace();
        if (pos >= s.length() || s.charAt(pos) != '(') {
          throw error("'not' must be followed by '('");
        }
        return new Not(group());
      }
      if (pos < s.length() && s.charAt(pos) == '(') {
        return group();
      }
      return comparison();
    }

    Filter group() {
      pos++; // '('
      Filter f = or();
      skipSpace();
      if (pos >= s.length() || s.charAt(pos) != ')') {
        throw error("missing ')'");
      }
      pos++;
      return f;
    }

    Filter comparison() {
      skipSpace();
      int start = pos;
      int depth = 0;
      boolean quoted = false;
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c == '"' && (pos == 0 || s.charAt(pos - 1) != '\\')) {
          quoted = !quoted;
        } else if (!quoted && c == '[') {
          depth++;
        } else if (!quoted && c == ']') {
          depth--;
        } else if (!quoted && depth == 0 && (Character.isWhitespace(c) || c == ')')) {
          break;
        }
        pos++;
      }
      String pathText = s.substring(start, pos);
      if (pathText.isEmpty()) {
        throw error("an attribute name is missing");
      }
      AttrPath path = AttrPath.parse(pathText);
      skipSpace();
      int opStart = pos;
      while (pos < s.length() && Character.isLetter(s.charAt(pos))) {
        pos++;
      }
      String op = s.substring(opStart, pos).toLowerCase(Locale.ROOT);
      if (op.isEmpty()) {
        // A bare value filter such as emails[type eq "work"]: true when any element matches.
        return new Compare(path, "pr", null);
      }
      if (op.equals("pr")) {
        return new Compare(path, "pr", null);
      }
      if (!java.util.Arrays.asList("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le").contains(op)) {
        throw error("unknown operator '" + op + "'");
      }
      skipSpace();
      return new Compare(path, op, value());
    }

    @Nullable Object value() {
      if (pos >= s.length()) {
        throw error("a value is missing");
      }
      if (s.charAt(pos) == '"') {
        StringBuilder b = new StringBuilder();
        pos++;
        while (pos < s.length() && s.charAt(pos) != '"') {
          char c = s.charAt(pos);
          if (c == '\\' && pos + 1 < s.length()) {
            pos++;
            c = s.charAt(pos);
          }
          b.append(c);
          pos++;
        }
        if (pos >= s.length()) {
          throw error("an unclosed string");
        }
        pos++;
        return b.toString();
      }
      int start = pos;
      while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != ')') {
        pos++;
      }
      String word = s.substring(start, pos);
      switch (word.toLowerCase(Locale.ROOT)) {
        case "true":
          return Boolean.TRUE;
        case "false":
          return Boolean.FALSE;
        case "null":
          return null;
        default:
          try {
            return new BigDecimal(word);
          } catch (NumberFormatException e) {
            return word;
          }
      }
    }
  }

  private static final class Logical extends Filter {
    final Filter left;
    final Filter right;
    final boolean and;

    Logical(Filter left, Filter right, boolean and) {
      this.left = left;
      this.right = right;
      this.and = and;
    }

    @Override
    public boolean matches(JsonNode node) {
      return and ? left.matches(node) && right.matches(node) : left.matches(node) || right.matches(node);
    }

    @Override
    public void pinned(java.util.Map<String, JsonNode> out) {
      if (and) {
        left.pinned(out);
        right.pinned(out);
      }
    }
  }

  private static final class Not extends Filter {
    final Filter inner;

    Not(Filter inner) {
      this.inner = inner;
    }

    @Override
    public boolean matches(JsonNode node) {
      return !inner.matches(node);
    }
  }

  private static final class Compare extends Filter {
    final AttrPath path;
    final String op;
    final @Nullable Object value;

    Compare(AttrPath path, String op, @Nullable Object value) {
      this.path = path;
      this.op = op;
      this.value = value;
    }

    @Override
    public void pinned(java.util.Map<String, JsonNode> out) {
      if (op.equals("eq") && path.urn == null && path.steps.size() == 1 && value != null) {
        out.put(path.steps.get(0).name, ScimJson.MAPPER.valueToTree(value));
      }
    }

    @Override
    public boolean matches(JsonNode node) {
      List<JsonNode> values = new ArrayList<>();
      ScimJson.collect(node, path, values);
      if (op.equals("pr")) {
        return values.stream().anyMatch(v -> !v.isNull() && !(v.isTextual() && v.asText().isEmpty()));
      }
      if (values.isEmpty()) {
        return op.equals("ne") ? value != null : value == null && op.equals("eq");
      }
      boolean caseExact = Schemas.caseExact(path);
      for (JsonNode v : values) {
        if (test(v, caseExact)) {
          return !op.equals("ne");
        }
      }
      return op.equals("ne");
    }

    private boolean test(JsonNode value0, boolean caseExact) {
      JsonNode v = value0;
      Object want = value;
      String o = op.equals("ne") ? "eq" : op;
      if (want == null) {
        return v.isNull();
      }
      if (want instanceof Boolean) {
        Boolean b = ScimJson.bool(v);
        return o.equals("eq") && b != null && b.equals(want);
      }
      if (want instanceof BigDecimal && v.isNumber()) {
        int c = v.decimalValue().compareTo((BigDecimal) want);
        return compare(o, c);
      }
      if (v.isObject() && !ScimJson.get(v, "value").isMissingNode()) {
        v = ScimJson.get(v, "value"); // a complex value compares by its value (manager eq "…")
      }
      if (v.isContainerNode()) {
        return false;
      }
      String have = v.asText();
      String w = want.toString();
      if (!caseExact) {
        have = have.toLowerCase(Locale.ROOT);
        w = w.toLowerCase(Locale.ROOT);
      }
      switch (o) {
        case "eq":
          return have.equals(w);
        case "co":
          return have.contains(w);
        case "sw":
          return have.startsWith(w);
        case "ew":
          return have.endsWith(w);
        default:
          return compare(o, have.compareTo(w));
      }
    }

    private static boolean compare(String op, int c) {
      switch (op) {
        case "eq":
          return c == 0;
        case "gt":
          return c > 0;
        case "ge":
          return c >= 0;
        case "lt":
          return c < 0;
        case "le":
          return c <= 0;
        default:
          return false;
      }
    }
  }
}
