package io.github.usersync.core.mapping.internal;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.github.usersync.core.MappingException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The engine's value model. A value is {@code null} (nothing), a non-empty {@link String}, or a
 * {@link Multi} of two or more non-empty strings. Empty strings never travel: every source and
 * transform turns them into nothing, so "empty" is one test ({@code == null}) everywhere.
 */
public final class Values {
  private static final int RENDER_LIMIT = 200;

  private Values() {}

  /** Two or more non-empty strings, from a JSON array or a multi-valued source. */
  static final class Multi {
    final String[] values;

    Multi(String[] values) {
      this.values = values;
    }
  }

  static @Nullable String nonEmpty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** Nothing, the one string, or a {@link Multi}, from a list of non-empty strings. */
  static @Nullable Object ofList(List<String> list) {
    switch (list.size()) {
      case 0:
        return null;
      case 1:
        return list.get(0);
      default:
        return new Multi(list.toArray(new String[0]));
    }
  }

  /** The single value a rule yields: a multi-valued result without first/join/all gives its first. */
  public static @Nullable String single(@Nullable Object v) {
    if (v instanceof Multi) {
      return ((Multi) v).values[0];
    }
    return (String) v;
  }

  /** Every value as a list (empty for nothing). */
  static List<String> list(@Nullable Object v) {
    if (v == null) {
      return List.of();
    }
    if (v instanceof Multi) {
      return List.of(((Multi) v).values);
    }
    return List.of((String) v);
  }

  /**
   * The value of a JSON node: text as is, numbers and booleans as their JSON text, arrays as their
   * (flattened) elements; {@code null} for JSON null, missing nodes and empty strings.
   *
   * @throws MappingException when the node is, or an array holds, a JSON object: a path must address
   *     a field inside it
   */
  static @Nullable Object fromJson(JsonNode n, String rule, String label) {
    if (n instanceof TextNode) {
      return nonEmpty(((TextNode) n).textValue()); // the common case, without a virtual call
    }
    switch (n.getNodeType()) {
      case STRING:
        return nonEmpty(n.textValue());
      case NUMBER:
      case BOOLEAN:
      case BINARY:
        return nonEmpty(n.asText());
      case ARRAY:
        {
          List<String> out = new ArrayList<>(n.size());
          collect(n, out, rule, label);
          return ofList(out);
        }
      case OBJECT:
        throw objectError(n, rule, label);
      case POJO:
        return nonEmpty(String.valueOf(((com.fasterxml.jackson.databind.node.POJONode) n).getPojo()));
      default: // NULL, MISSING
        return null;
    }
  }

  static void collect(JsonNode array, List<String> out, String rule, String label) {
    for (JsonNode element : array) {
      if (element.isArray()) {
        collect(element, out, rule, label);
      } else {
        Object v = fromJson(element, rule, label);
        if (v != null) {
          out.add((String) v);
        }
      }
    }
  }

  static MappingException objectError(JsonNode object, String rule, String label) {
    Iterator<String> names = object.fieldNames();
    String example =
        names.hasNext() ? label + "." + JsonPath.quoteIfNeeded(names.next()) : label + ".<field>";
    return new MappingException(
        rule,
        "'" + label + "' is a JSON object, not a value; address a field inside it, e.g. " + example);
  }

  /** The value as a JSON array text: {@code ["a","b"]}, for hosts that keep JSON (Jira). */
  static @Nullable String jsonArray(@Nullable Object v) {
    if (v == null) {
      return null;
    }
    StringBuilder b = new StringBuilder().append('[');
    List<String> all = list(v);
    for (int i = 0; i < all.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append('"');
      JsonStringEncoder.getInstance().quoteAsString(all.get(i), b);
      b.append('"');
    }
    return b.append(']').toString();
  }

  /** How a value reads in an explanation: {@code "text"}, {@code ["a", "b"]} or (nothing). */
  public static String render(@Nullable Object v) {
    if (v == null) {
      return "(nothing)";
    }
    if (v instanceof Multi) {
      StringBuilder b = new StringBuilder("[");
      String[] values = ((Multi) v).values;
      for (int i = 0; i < values.length; i++) {
        b.append(i == 0 ? "" : ", ").append(quote(values[i]));
      }
      return b.append(']').toString();
    }
    return quote((String) v);
  }

  static String quote(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), RENDER_LIMIT) + 2).append('"');
    JsonStringEncoder.getInstance()
        .quoteAsString(s.length() > RENDER_LIMIT ? s.substring(0, RENDER_LIMIT) : s, b);
    b.append('"');
    if (s.length() > RENDER_LIMIT) {
      b.append("… (").append(s.length()).append(" characters)");
    }
    return b.toString();
  }
}
