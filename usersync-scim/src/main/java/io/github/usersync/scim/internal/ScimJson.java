package io.github.usersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** JSON helpers for SCIM resources: case-insensitive attribute access, errors, list responses. */
public final class ScimJson {
  /** The mapper for SCIM bodies. */
  public static final ObjectMapper MAPPER = new ObjectMapper();
  /** RFC 7644 §3.12. */
  public static final String ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";
  /** RFC 7644 §3.4.2. */
  public static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
  /** RFC 7644 §3.5.2. */
  public static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

  private ScimJson() {}

  /** The field of {@code node} named {@code name} ignoring case (SCIM names are case-insensitive). */
  public static @Nullable String fieldName(JsonNode node, String name) {
    if (!node.isObject()) {
      return null;
    }
    if (node.has(name)) {
      return name;
    }
    Iterator<String> it = node.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (f.equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  /** The field named {@code name} ignoring case, or a missing node. */
  public static JsonNode get(JsonNode node, String name) {
    String f = fieldName(node, name);
    return f == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node.get(f);
  }

  /** A text field (ignoring case), or null when absent, null or empty. */
  public static @Nullable String text(JsonNode node, String name) {
    JsonNode v = get(node, name);
    return v.isValueNode() && !v.isNull() && !v.asText().isEmpty() ? v.asText() : null;
  }

  /** A boolean, accepting Microsoft Entra's {@code "True"}/{@code "False"} strings; null otherwise. */
  public static @Nullable Boolean bool(JsonNode v) {
    if (v.isBoolean()) {
      return v.booleanValue();
    }
    if (v.isTextual()) {
      String s = v.asText().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true")) {
        return Boolean.TRUE;
      }
      if (s.equals("false")) {
        return Boolean.FALSE;
      }
    }
    return null;
  }

  /** Collects every value at {@code path} in {@code node}, reading multi-valued attributes element by element. */
  public static void collect(JsonNode node, AttrPath path, List<JsonNode> out) {
    JsonNode start = node;
    if (path.urn != null) {
      start = get(node, path.urn);
      if (start.isMissingNode()) {
        return;
      }
    } else if (!path.steps.isEmpty() && get(node, path.steps.get(0).name).isMissingNode()
        && Schemas.ENTERPRISE_ATTRIBUTES.stream().anyMatch(a -> a.equalsIgnoreCase(path.steps.get(0).name))) {
      start = get(node, Schemas.ENTERPRISE); // Entra names enterprise attributes without their URN
    }
    walk(start, path.steps, 0, out);
  }

  private static void walk(JsonNode node, List<AttrPath.Step> steps, int i, List<JsonNode> out) {
    if (node.isArray()) {
      for (JsonNode e : node) {
        walk(e, steps, i, out);
      }
      return;
    }
    if (i == steps.size()) {
      out.add(node);
      return;
    }
    AttrPath.Step step = steps.get(i);
    JsonNode v = get(node, step.name);
    if (v.isMissingNode() || v.isNull()) {
      return;
    }
    if (step.filter != null) {
      Filter f = step.filter;
      if (v.isArray()) {
        for (JsonNode e : v) {
          if (f.matches(e)) {
            walk(e, steps, i + 1, out);
          }
        }
      } else if (f.matches(v)) {
        walk(v, steps, i + 1, out);
      }
      return;
    }
    walk(v, steps, i + 1, out);
  }

  /** An RFC 7644 §3.12 error body. */
  public static ObjectNode error(int status, @Nullable String scimType, String detail) {
    ObjectNode e = MAPPER.createObjectNode();
    e.putArray("schemas").add(ERROR);
    if (scimType != null) {
      e.put("scimType", scimType);
    }
    e.put("detail", detail);
    e.put("status", Integer.toString(status));
    return e;
  }

  /** A list response: {@code totalResults}, {@code startIndex}, {@code itemsPerPage} as integers. */
  public static ObjectNode list(List<? extends JsonNode> page, int total, int startIndex) {
    ObjectNode r = MAPPER.createObjectNode();
    r.putArray("schemas").add(LIST);
    r.put("totalResults", total);
    r.put("startIndex", startIndex);
    r.put("itemsPerPage", page.size());
    ArrayNode a = r.putArray("Resources");
    page.forEach(a::add);
    return r;
  }

  /** Removes JSON nulls (unassigned in SCIM) from an object, recursively. */
  public static void dropNulls(ObjectNode o) {
    Iterator<Map.Entry<String, JsonNode>> it = o.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        it.remove();
      } else if (e.getValue().isObject()) {
        dropNulls((ObjectNode) e.getValue());
      }
    }
  }
}
