package io.github.usersync.core.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** Shared helpers for the mapping tests. */
final class MappingTests {
  static final ObjectMapper JSON = new ObjectMapper();
  /** What {@link #eval} returns when a rule yields nothing. */
  static final String NOTHING = "∅";

  private MappingTests() {}

  static JsonNode json(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code src/test/resources/fixtures/mapping/<name>.json}. */
  static JsonNode fixture(String name) {
    try (InputStream in =
        MappingTests.class.getResourceAsStream("/fixtures/mapping/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A user with fixed normalised fields and {@code raw} as the IdP's JSON. */
  static DirectoryUser user(JsonNode raw) {
    return DirectoryUser.builder()
        .id("u-1")
        .username("jane")
        .email("jane@example.com")
        .givenName("Jane")
        .familyName("Doe")
        .displayName("Jane Doe")
        .active(true)
        .raw(raw)
        .build();
  }

  static DirectoryGroup group(String id, String name) {
    return DirectoryGroup.of(id, name);
  }

  static DirectoryGroup role(String id, String name) {
    return DirectoryGroup.builder().id(id).name(name).raw(json("{\"usersyncKind\":\"role\"}")).build();
  }

  /** The value one attribute rule gives for {@code input}, or {@link #NOTHING}. */
  static String eval(String rule, MappingInput input, Map<String, Map<String, String>> lookups) {
    UserMapping.Builder b = UserMapping.builder().attribute("x", rule);
    lookups.forEach(b::lookup);
    MappedUser u = b.build().map(input).user().orElseThrow();
    AttributeValue v = java.util.Objects.requireNonNull(u.attributes().get("x"));
    return v.kind() == AttributeValue.Kind.SET ? v.value().orElseThrow() : NOTHING;
  }

  static String eval(String rule, JsonNode raw) {
    return eval(rule, MappingInput.of(user(raw)), Map.of());
  }
}
