package io.github.usersync.core.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.settings.Suggestions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads the {@code mapping} section of a config file into a {@link UserMapping.Builder}. */
final class MappingConfig {
  private static final List<String> KEYS =
      List.of(
          "username", "email", "displayName", "active", "attributes", "lookups", "groups", "manager",
          "photo");
  private static final List<String> GROUP_KEYS =
      List.of("sync", "roles", "include", "drop", "rename", "replace", "prefix", "required");
  private static final List<String> ROLE_MODES = List.of("include", "exclude", "only");

  private MappingConfig() {}

  static void read(JsonNode config, UserMapping.Builder b) {
    if (config.isNull() || config.isMissingNode()) {
      return;
    }
    if (!config.isObject()) {
      throw new MappingException(
          "mapping",
          "expected an object with the keys " + String.join(", ", KEYS) + ", not "
              + kind(config));
    }
    unknownKeys("mapping", config, KEYS);
    // Lookups first: rules that name a table are compiled against them.
    JsonNode lookups = config.get("lookups");
    if (lookups != null && !lookups.isNull()) {
      object("mapping.lookups", lookups);
      for (Map.Entry<String, JsonNode> table : lookups.properties()) {
        b.lookup(table.getKey(), table(table.getKey(), table.getValue()));
      }
    }
    if (config.hasNonNull("username")) {
      b.username(rule("mapping.username", config.get("username")));
    }
    if (config.hasNonNull("email")) {
      b.email(rule("mapping.email", config.get("email")));
    }
    if (config.hasNonNull("displayName")) {
      b.displayName(rule("mapping.displayName", config.get("displayName")));
    }
    if (config.hasNonNull("active")) {
      b.active(rule("mapping.active", config.get("active")));
    }
    JsonNode attributes = config.get("attributes");
    if (attributes != null && !attributes.isNull()) {
      object("mapping.attributes", attributes);
      for (Map.Entry<String, JsonNode> a : attributes.properties()) {
        if (a.getValue().isNull()) {
          b.removeAttribute(a.getKey());
        } else {
          b.attribute(a.getKey(), rule("mapping.attributes." + a.getKey(), a.getValue()));
        }
      }
    }
    if (config.has("groups")) {
      b.groups(groups(config.get("groups")));
    }
    if (config.has("manager")) {
      b.manager(bool("mapping.manager", config.get("manager")));
    }
    if (config.has("photo")) {
      b.photo(bool("mapping.photo", config.get("photo")));
    }
  }

  private static Rule rule(String name, JsonNode node) {
    if (!node.isTextual()) {
      throw new MappingException(
          name,
          "expected a rule as text, e.g. \"profile.department | trim\", not " + kind(node)
              + (node.isObject()
                  ? " (a rule is one string; whenEmpty goes at its end: \"… | whenEmpty(keep)\")"
                  : ""));
    }
    return Rule.parse(node.textValue());
  }

  private static Map<String, String> table(String name, JsonNode node) {
    String rule = "mapping.lookups." + name;
    object(rule, node);
    Map<String, String> t = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      t.put(e.getKey(), scalar(rule + "." + e.getKey(), e.getValue()));
    }
    return t;
  }

  private static GroupRules groups(JsonNode node) {
    if (node.isNull()) {
      return GroupRules.defaults();
    }
    if (node.isBoolean() || node.isTextual()) {
      return bool("mapping.groups", node) ? GroupRules.defaults() : GroupRules.none();
    }
    object("mapping.groups", node);
    unknownKeys("mapping.groups", node, GROUP_KEYS);
    GroupRules.Builder g = GroupRules.builder();
    if (node.has("sync")) {
      g.sync(bool("mapping.groups.sync", node.get("sync")));
    }
    if (node.hasNonNull("roles")) {
      String mode = scalar("mapping.groups.roles", node.get("roles")).toLowerCase(Locale.ROOT);
      if (!ROLE_MODES.contains(mode)) {
        throw new MappingException(
            "mapping.groups.roles",
            "unknown value '" + mode + "'" + Suggestions.didYouMean(mode, ROLE_MODES)
                + "; use include, exclude or only");
      }
      g.roles(GroupRules.Roles.valueOf(mode.toUpperCase(Locale.ROOT)));
    }
    g.include(strings("mapping.groups.include", node.get("include")).toArray(new String[0]));
    g.drop(strings("mapping.groups.drop", node.get("drop")).toArray(new String[0]));
    g.required(strings("mapping.groups.required", node.get("required")));
    JsonNode rename = node.get("rename");
    if (rename != null && !rename.isNull()) {
      object("mapping.groups.rename", rename);
      for (Map.Entry<String, JsonNode> e : rename.properties()) {
        g.rename(e.getKey(), scalar("mapping.groups.rename." + e.getKey(), e.getValue()));
      }
    }
    JsonNode replace = node.get("replace");
    if (replace != null && !replace.isNull()) {
      List<JsonNode> entries = new ArrayList<>();
      if (replace.isArray()) {
        replace.forEach(entries::add);
      } else {
        entries.add(replace);
      }
      for (int i = 0; i < entries.size(); i++) {
        String name = "mapping.groups.replace[" + i + "]";
        JsonNode e = entries.get(i);
        object(name, e);
        unknownKeys(name, e, List.of("regex", "replacement"));
        if (!e.hasNonNull("regex")) {
          throw new MappingException(
              name, "needs a regex, e.g. { \"regex\": \"^sg-\", \"replacement\": \"\" }");
        }
        g.replace(
            scalar(name + ".regex", e.get("regex")),
            e.hasNonNull("replacement") ? scalar(name + ".replacement", e.get("replacement")) : "");
      }
    }
    if (node.hasNonNull("prefix")) {
      g.prefix(scalar("mapping.groups.prefix", node.get("prefix")));
    }
    return g.build();
  }

  private static List<String> strings(String name, JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        out.add(scalar(name + "[" + i + "]", node.get(i)));
      }
    } else {
      out.add(scalar(name, node));
    }
    return out;
  }

  private static String scalar(String name, JsonNode node) {
    if (!node.isValueNode() || node.isNull()) {
      throw new MappingException(name, "expected a text, not " + kind(node));
    }
    return node.asText();
  }

  private static boolean bool(String name, JsonNode node) {
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isTextual()) {
      String s = node.textValue().trim().toLowerCase(Locale.ROOT);
      if (s.equals("true") || s.equals("false")) {
        return s.equals("true");
      }
    }
    throw new MappingException(name, "expected true or false, not " + kind(node));
  }

  private static void object(String name, JsonNode node) {
    if (!node.isObject()) {
      throw new MappingException(name, "expected an object (keys and values), not " + kind(node));
    }
  }

  private static void unknownKeys(String name, JsonNode node, List<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!known.contains(key)) {
        throw new MappingException(
            name,
            "unknown key '" + key + "'" + Suggestions.didYouMean(key, known) + "; known keys: "
                + String.join(", ", known));
      }
    }
  }

  private static String kind(JsonNode node) {
    switch (node.getNodeType()) {
      case ARRAY:
        return "a list";
      case OBJECT:
        return "an object";
      case NUMBER:
        return "a number (" + node.asText() + ")";
      case BOOLEAN:
        return "a boolean (" + node.asText() + ")";
      case STRING:
        return "a text";
      case NULL:
        return "null";
      default:
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }
  }
}
