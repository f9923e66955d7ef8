package io.github.usersync.scim.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Applies a SCIM PATCH request (RFC 7644 §3.5.2) to a resource, accepting what Microsoft Entra and
 * Okta send besides the RFC's form (cited in docs/scim.md and the tests' fixtures): {@code op} in
 * any case ({@code "Replace"}); {@code active} as the string {@code "False"}; a {@code replace}
 * without a path whose value object holds paths as keys ({@code "name.givenName"}, {@code
 * "urn:…:enterprise:2.0:User:employeeNumber"}); member removal by a value array ({@code {"op":
 * "Remove","path":"members","value":[{"value":"…"}]}}) or by filter ({@code
 * members[value eq "…"]}); {@code emails[type eq "work"].value} on a user who has no work email
 * yet (the element is created); a {@code manager} given as an array of references.
 */
public final class Patch {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private Patch() {}

  /**
   * Applies every operation of {@code body} to {@code resource}, in order.
   *
   * @throws ScimException 400 for a malformed request or a path that cannot be applied
   */
  public static void apply(ObjectNode resource, JsonNode body) {
    JsonNode ops = ScimJson.get(body, "Operations");
    if (!ops.isArray() || ops.size() == 0) {
      throw ScimException.badRequest("invalidSyntax", "a PATCH request needs a non-empty 'Operations' array");
    }
    for (JsonNode op : ops) {
      String name = ScimJson.text(op, "op");
      if (name == null) {
        throw ScimException.badRequest("invalidSyntax", "a PATCH operation has no 'op'");
      }
      String kind = name.toLowerCase(Locale.ROOT);
      if (!kind.equals("add") && !kind.equals("replace") && !kind.equals("remove")) {
        throw ScimException.badRequest("invalidSyntax", "unknown PATCH op '" + name + "'; use add, replace or remove");
      }
      String path = ScimJson.text(op, "path");
      JsonNode value = ScimJson.get(op, "value");
      if (path == null) {
        if (kind.equals("remove")) {
          throw ScimException.badRequest("noTarget", "a remove operation needs a path");
        }
        if (!value.isObject()) {
          throw ScimException.badRequest("invalidValue", "an " + kind + " operation without a path needs an object value");
        }
        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          AttrPath p = AttrPath.parse(e.getKey());
          if (p.steps.isEmpty() && e.getValue().isObject()) {
            // An extension given whole: merge its attributes one by one.
            Iterator<Map.Entry<String, JsonNode>> sub = e.getValue().fields();
            while (sub.hasNext()) {
              Map.Entry<String, JsonNode> s = sub.next();
              applyPath(resource, kind, AttrPath.parse(p.urn + ":" + s.getKey()), s.getValue());
            }
          } else {
            applyPath(resource, kind, p, e.getValue());
          }
        }
      } else {
        applyPath(resource, kind, AttrPath.parse(path), value);
      }
    }
  }

  private static void applyPath(ObjectNode resource, String op, AttrPath path, JsonNode rawValue) {
    if (path.head().equals("id") || path.head().equals("meta") || path.head().equals("groups")
        || path.head().equals("schemas")) {
      if (op.equals("replace") && path.head().equals("id") && rawValue.isTextual()
          && rawValue.asText().equals(resource.path("id").asText())) {
        return; // Okta sends the group's own id along with a displayName replace
      }
      throw ScimException.badRequest("mutability", "'" + path + "' is read-only");
    }
    JsonNode value = rawValue.isMissingNode() ? F.nullNode() : rawValue;
    ObjectNode container = resource;
    if (path.urn != null) {
      String f = ScimJson.fieldName(resource, path.urn);
      JsonNode ext = f == null ? null : resource.get(f);
      if (path.steps.isEmpty()) {
        if (op.equals("remove")) {
          if (f != null) {
            resource.remove(f);
          }
        } else if (value.isObject()) {
          ObjectNode target = ext instanceof ObjectNode ? (ObjectNode) ext : resource.putObject(path.urn);
          if (op.equals("replace")) {
            target.removeAll();
          }
          target.setAll((ObjectNode) value.deepCopy());
        } else {
          throw ScimException.badRequest("invalidValue", "'" + path + "' needs an object value");
        }
        return;
      }
      if (!(ext instanceof ObjectNode)) {
        if (op.equals("remove")) {
          return;
        }
        ext = resource.putObject(f == null ? path.urn : f);
      }
      container = (ObjectNode) ext;
    }
    AttrPath.Step first = path.steps.get(0);
    List<AttrPath.Step> rest = path.steps.subList(1, path.steps.size());
    String field = ScimJson.fieldName(container, first.name);
    String name = field == null ? first.name : field;
    JsonNode current = field == null ? null : container.get(field);
    if (first.filter == null) {
      if (rest.isEmpty()) {
        setOrRemove(container, name, current, op, value);
      } else {
        String sub = rest.get(0).name;
        if (current instanceof ArrayNode) {
          for (JsonNode e : current) {
            if (e instanceof ObjectNode) {
              setOrRemove((ObjectNode) e, subName(e, sub), e.get(subName(e, sub)), op, value);
            }
          }
        } else {
          if (!(current instanceof ObjectNode)) {
            if (op.equals("remove")) {
              return;
            }
            current = container.putObject(name);
          }
          setOrRemove((ObjectNode) current, subName(current, sub), current.get(subName(current, sub)), op, value);
        }
      }
      return;
    }
    // A value filter on a multi-valued attribute: emails[type eq "work"].value, members[value eq "x"].
    ArrayNode array;
    if (current instanceof ArrayNode) {
      array = (ArrayNode) current;
    } else {
      if (op.equals("remove")) {
        return;
      }
      array = container.putArray(name);
    }
    boolean matched = false;
    for (int i = array.size() - 1; i >= 0; i--) {
      JsonNode e = array.get(i);
      if (!first.filter.matches(e)) {
        continue;
      }
      matched = true;
      if (rest.isEmpty()) {
        if (op.equals("remove")) {
          array.remove(i);
        } else if (value.isObject() && e instanceof ObjectNode) {
          ((ObjectNode) e).setAll((ObjectNode) value.deepCopy());
        } else {
          throw ScimException.badRequest("invalidValue", "'" + path + "' needs an object value");
        }
      } else if (e instanceof ObjectNode) {
        String sub = subName(e, rest.get(0).name);
        setOrRemove((ObjectNode) e, sub, e.get(sub), op, value);
      }
    }
    if (!matched && !op.equals("remove")) {
      // Entra replaces emails[type eq "work"].value on users who have no work email yet.
      Map<String, JsonNode> pinned = new LinkedHashMap<>();
      first.filter.pinned(pinned);
      ObjectNode element = array.addObject();
      pinned.forEach(element::set);
      if (rest.isEmpty()) {
        if (value.isObject()) {
          element.setAll((ObjectNode) value.deepCopy());
        }
      } else {
        element.set(rest.get(0).name, coerce(rest.get(0).name, value));
      }
    }
    if (array.size() == 0) {
      container.remove(name);
    }
  }

  private static String subName(JsonNode node, String name) {
    String f = ScimJson.fieldName(node, name);
    return f == null ? name : f;
  }

  private static void setOrRemove(ObjectNode container, String name, @Nullable JsonNode current, String op,
      JsonNode value) {
    if (op.equals("remove")) {
      if (current instanceof ArrayNode && value.isArray() && value.size() > 0) {
        // Entra: {"op":"Remove","path":"members","value":[{"value":"u1091"}]} removes those values.
        ArrayNode a = (ArrayNode) current;
        for (int i = a.size() - 1; i >= 0; i--) {
          for (JsonNode v : value) {
            if (sameValue(a.get(i), v)) {
              a.remove(i);
              break;
            }
          }
        }
        if (a.size() == 0) {
          container.remove(name);
        }
      } else {
        container.remove(name);
      }
      return;
    }
    if (value.isNull()) {
      container.remove(name);
      return;
    }
    if (op.equals("add") && current instanceof ArrayNode) {
      ArrayNode a = (ArrayNode) current;
      for (JsonNode v : value.isArray() ? value : F.arrayNode().add(value)) {
        boolean present = false;
        for (JsonNode e : a) {
          present |= sameValue(e, v);
        }
        if (!present) {
          a.add(v.deepCopy());
        }
      }
      return;
    }
    container.set(name, coerce(name, value.deepCopy()));
  }

  /** Two values of a multi-valued attribute are the same when their {@code value}s are (members, emails). */
  private static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isObject() && b.isObject()) {
      String va = ScimJson.text(a, "value");
      String vb = ScimJson.text(b, "value");
      if (va != null && vb != null) {
        return va.equals(vb);
      }
    }
    return a.equals(b);
  }

  /** Booleans Entra sends as strings ({@code "False"}) become booleans. */
  static JsonNode coerce(String name, JsonNode value) {
    String n = name.toLowerCase(Locale.ROOT);
    if ((n.equals("active") || n.equals("primary")) && value.isTextual()) {
      Boolean b = ScimJson.bool(value);
      if (b == null) {
        throw ScimException.badRequest("invalidValue", "'" + name + "' must be true or false, got '" + value.asText() + "'");
      }
      return F.booleanNode(b);
    }
    return value;
  }

}
