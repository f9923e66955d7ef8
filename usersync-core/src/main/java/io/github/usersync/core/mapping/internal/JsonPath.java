package io.github.usersync.core.mapping.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A compiled path into a JSON tree: an array of steps, parsed once. Evaluation walks the tree
 * without parsing or allocating on the common, single-valued route ({@code profile.login}, {@code
 * emails[0].value}); {@code [*]}, {@code [field=value]} filters and fields read across an array
 * switch to a collecting route.
 */
public final class JsonPath {
  enum Kind {
    FIELD,
    INDEX,
    ALL,
    FILTER
  }

  /** One step of a path. */
  static final class Step {
    final Kind kind;
    final String name;
    final int index;
    final String value;

    private Step(Kind kind, String name, int index, String value) {
      this.kind = kind;
      this.name = name;
      this.index = index;
      this.value = value;
    }

    static Step field(String name) {
      return new Step(Kind.FIELD, name, 0, "");
    }

    static Step index(int index) {
      return new Step(Kind.INDEX, "", index, "");
    }

    static Step all() {
      return new Step(Kind.ALL, "", 0, "");
    }

    static Step filter(String field, String value) {
      return new Step(Kind.FILTER, field, 0, value);
    }
  }

  private final Step[] steps;
  private final String text;

  JsonPath(List<Step> steps, String text) {
    this.steps = steps.toArray(new Step[0]);
    this.text = text;
  }

  /** The path as written. */
  String text() {
    return text;
  }

  /**
   * The path's field names without array selectors, e.g. {@code emails.value} for {@code
   * emails[0].value}: what connectors turn into {@code $select} and the like.
   */
  String sourcePath() {
    StringBuilder b = new StringBuilder();
    for (Step s : steps) {
      if (s.kind == Kind.FIELD) {
        String q = quoteIfNeeded(s.name);
        if (b.length() > 0 && !q.startsWith("[")) {
          b.append('.');
        }
        b.append(q);
      }
    }
    return b.toString();
  }

  /** The value at this path, or null. */
  @Nullable Object eval(JsonNode root, String rule) {
    JsonNode n = root;
    Step[] s = steps;
    for (int i = 0; i < s.length; i++) {
      Step step = s[i];
      switch (step.kind) {
        case FIELD:
          // instanceof rather than isObject(): a type check instead of a megamorphic virtual call
          // on the hot path (every rule of every user comes through here).
          if (n instanceof ObjectNode) {
            n = ((ObjectNode) n).get(step.name);
            if (n == null) {
              return null;
            }
          } else if (n instanceof ArrayNode) {
            return evalMany(n, i, rule);
          } else {
            return null;
          }
          break;
        case INDEX:
          if (n instanceof ArrayNode) {
            int idx = step.index < 0 ? n.size() + step.index : step.index;
            n = idx < 0 ? null : ((ArrayNode) n).get(idx);
            if (n == null) {
              return null;
            }
          } else if (!n.isValueNode() || (step.index != 0 && step.index != -1)) {
            // A scalar counts as a one-element list, so [0] works whether an IdP sends "x" or ["x"].
            return null;
          }
          break;
        default:
          return evalMany(n, i, rule);
      }
    }
    return Values.fromJson(n, rule, text);
  }

  private @Nullable Object evalMany(JsonNode start, int from, String rule) {
    List<JsonNode> current = new ArrayList<>();
    current.add(start);
    for (int i = from; i < steps.length && !current.isEmpty(); i++) {
      Step step = steps[i];
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : current) {
        apply(step, n, next);
      }
      current = next;
    }
    List<String> out = new ArrayList<>();
    for (JsonNode n : current) {
      if (n.isArray()) {
        Values.collect(n, out, rule, text);
      } else {
        Object v = Values.fromJson(n, rule, text);
        if (v != null) {
          out.add((String) v);
        }
      }
    }
    return Values.ofList(out);
  }

  private static void apply(Step step, JsonNode n, List<JsonNode> out) {
    switch (step.kind) {
      case FIELD:
        if (n.isObject()) {
          add(n.get(step.name), out);
        } else if (n.isArray()) {
          for (JsonNode e : n) {
            apply(step, e, out);
          }
        }
        return;
      case INDEX:
        if (n.isArray()) {
          int idx = step.index < 0 ? n.size() + step.index : step.index;
          add(idx < 0 ? null : n.get(idx), out);
        } else if (n.isValueNode() && (step.index == 0 || step.index == -1)) {
          out.add(n);
        }
        return;
      case ALL:
        if (n.isArray()) {
          for (JsonNode e : n) {
            add(e, out);
          }
        } else {
          add(n, out);
        }
        return;
      default: // FILTER
        if (n.isArray()) {
          for (JsonNode e : n) {
            if (matches(step, e)) {
              out.add(e);
            }
          }
        } else if (matches(step, n)) {
          out.add(n);
        }
    }
  }

  private static boolean matches(Step filter, JsonNode element) {
    if (!element.isObject()) {
      return false;
    }
    JsonNode v = element.get(filter.name);
    return v != null && v.isValueNode() && !v.isNull() && v.asText().equals(filter.value);
  }

  private static void add(@Nullable JsonNode n, List<JsonNode> out) {
    if (n != null && !n.isNull() && !n.isMissingNode()) {
      out.add(n);
    }
  }

  /** A field name as it is written in a path: bare when it is an identifier, else {@code ["…"]}. */
  static String quoteIfNeeded(String name) {
    if (RuleParser.isIdentifier(name)) {
      return name;
    }
    return "[\"" + name.replace("\"", "\"\"") + "\"]";
  }
}
