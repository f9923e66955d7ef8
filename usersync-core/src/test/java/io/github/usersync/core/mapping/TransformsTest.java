package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.NOTHING;
import static io.github.usersync.core.mapping.MappingTests.eval;
import static io.github.usersync.core.mapping.MappingTests.json;
import static io.github.usersync.core.mapping.MappingTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.MappingException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transform, on present, missing, null, multi-valued and unusual values. */
class TransformsTest {
  private static final Map<String, Map<String, String>> LOOKUPS =
      Map.of("departments", Map.of("D01", "Engineering", "D02", "Sales"));

  static Stream<Arguments> transforms() {
    return Stream.of(
        // rule, the user JSON, expected
        Arguments.of("v | lower", "{\"v\":\"JaNe\"}", "jane"),
        Arguments.of("v | lower", "{\"v\":\"İSTANBUL\"}", "i̇stanbul"),
        Arguments.of("v | lower", "{\"v\":null}", NOTHING),
        Arguments.of("v | lower", "{}", NOTHING),
        Arguments.of("v | upper", "{\"v\":\"straße\"}", "STRASSE"),
        Arguments.of("v | upper", "{\"v\":[\"a\",\"b\"]}", "A"),
        Arguments.of("v | upper | join('-')", "{\"v\":[\"a\",\"b\"]}", "A-B"),
        Arguments.of("v | trim", "{\"v\":\"  x \\t\"}", "x"),
        Arguments.of("v | trim", "{\"v\":\"   \"}", NOTHING),
        Arguments.of("v | trim | default('blank')", "{\"v\":\"   \"}", "blank"),
        Arguments.of("v | stripDomain", "{\"v\":\"jane@example.com\"}", "jane"),
        Arguments.of("v | stripDomain", "{\"v\":\"jane\"}", "jane"),
        Arguments.of("v | stripDomain", "{\"v\":\"@example.com\"}", NOTHING),
        Arguments.of("v | replace('^0+', '')", "{\"v\":\"000123\"}", "123"),
        Arguments.of("v | replace('(\\w+)\\.(\\w+)', '$2 $1')", "{\"v\":\"jane.doe\"}", "doe jane"),
        Arguments.of("v | replace('(?<first>\\w+)@.*', '${first}')", "{\"v\":\"jane@x\"}", "jane"),
        Arguments.of("v | replace('a', '\\$')", "{\"v\":\"banana\"}", "b$n$n$"),
        Arguments.of("v | replace('x', 'y')", "{\"v\":\"abc\"}", "abc"),
        Arguments.of("v | replace('.*', '')", "{\"v\":\"abc\"}", NOTHING),
        Arguments.of("v | replace('-', '')", "{\"v\":[\"a-1\",\"b-2\"]}", "a1"),
        Arguments.of("v | guestUpnToEmail",
            "{\"v\":\"jane_example.com#EXT#@tenant.onmicrosoft.com\"}", "jane@example.com"),
        Arguments.of("v | guestUpnToEmail",
            "{\"v\":\"jane_doe_example.co.uk#EXT#@tenant.onmicrosoft.com\"}", "jane_doe@example.co.uk"),
        Arguments.of("v | guestUpnToEmail", "{\"v\":\"jane#ext#@tenant.onmicrosoft.com\"}",
            "jane#ext#@tenant.onmicrosoft.com"),
        Arguments.of("v | guestUpnToEmail", "{\"v\":\"member@contoso.com\"}", "member@contoso.com"),
        Arguments.of("v | guestUpnToEmail", "{\"v\":\"#EXT#\"}", "#EXT#"),
        Arguments.of("v | ascii", "{\"v\":\"José Müller-Łukasiewicz Ørsted Straße\"}",
            "Jose Muller-Lukasiewicz Orsted Strasse"),
        Arguments.of("v | ascii", "{\"v\":\"plain\"}", "plain"),
        Arguments.of("v | ascii", "{\"v\":\"東京 Ångström\"}", "東京 Angstrom"),
        Arguments.of("v | ascii", "{\"v\":\"e\\u0301\"}", "e"),
        Arguments.of("v | lookup(departments)", "{\"v\":\"D01\"}", "Engineering"),
        Arguments.of("v | lookup('departments')", "{\"v\":\"D02\"}", "Sales"),
        Arguments.of("v | lookup(departments)", "{\"v\":\"D99\"}", NOTHING),
        Arguments.of("v | lookup(departments) | default('Other')", "{\"v\":\"D99\"}", "Other"),
        Arguments.of("firstOf(v | lookup(departments), v)", "{\"v\":\"D99\"}", "D99"),
        Arguments.of("v | default('x')", "{\"v\":null}", "x"),
        Arguments.of("v | default('x')", "{\"v\":\"y\"}", "y"),
        Arguments.of("v | first", "{\"v\":[\"\",null,\"b\",\"c\"]}", "b"),
        Arguments.of("v | first", "{\"v\":[]}", NOTHING),
        Arguments.of("v | join", "{\"v\":[\"a\",[\"b\",\"c\"]]}", "a, b, c"),
        Arguments.of("v | join(' / ')", "{\"v\":\"solo\"}", "solo"),
        Arguments.of("v | all", "{\"v\":\"solo\"}", "[\"solo\"]"),
        Arguments.of("v | all", "{\"v\":[\"q\\\"uote\",\"b\\\\s\"]}", "[\"q\\\"uote\",\"b\\\\s\"]"),
        Arguments.of("v | split(',') | join('|')", "{\"v\":\"a,b,,c\"}", "a|b|c"),
        Arguments.of("v | split(';') | trim | upper | join(',')", "{\"v\":\" a ; b \"}", "A,B"),
        Arguments.of("v | oneOf('ACTIVE', 'PROVISIONED')", "{\"v\":\"ACTIVE\"}", "true"),
        Arguments.of("v | oneOf('ACTIVE')", "{\"v\":\"SUSPENDED\"}", "false"),
        Arguments.of("v | oneOf('ACTIVE')", "{}", "false"),
        Arguments.of("v | oneOf(1)", "{\"v\":1}", "true"),
        Arguments.of("v | not", "{\"v\":false}", "true"),
        Arguments.of("v | not", "{\"v\":\"YES\"}", "false"),
        Arguments.of("v | not", "{}", NOTHING),
        Arguments.of("v | truncate(3)", "{\"v\":\"abcdef\"}", "abc"),
        Arguments.of("v | truncate(3)", "{\"v\":\"ab\"}", "ab"),
        Arguments.of("v | truncate(2)", "{\"v\":\"😀😀😀\"}", "😀😀"),
        Arguments.of("v | lower | trim | stripDomain | upper", "{\"v\":\" Jane@X.COM \"}", "JANE"),
        Arguments.of("v", "{\"v\":12.5}", "12.5"),
        Arguments.of("v", "{\"v\":true}", "true"),
        Arguments.of("v", "{\"v\":\"\"}", NOTHING),
        Arguments.of("v", "{\"v\":\"😀 ünïcödé\"}", "😀 ünïcödé"));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("transforms")
  void transformsGiveTheDocumentedValue(String rule, String userJson, String expected) {
    assertThat(eval(rule, MappingInput.of(user(json(userJson))), LOOKUPS)).isEqualTo(expected);
  }

  @Test
  void veryLongValuesPassThroughEveryTransform() {
    String big = "Ä".repeat(200_000) + "@example.com";
    ObjectNode raw = JsonNodeFactory.instance.objectNode().put("v", big);
    String rule = "v | trim | lower | upper | ascii | stripDomain | replace('A', 'b') | truncate(100000)";
    assertThat(eval(rule, MappingInput.of(user(raw)), Map.of())).isEqualTo("b".repeat(100_000));
  }

  @Test
  void aNonBooleanGivenToNotIsAMappingError() {
    assertThatThrownBy(() -> eval("v | not", json("{\"v\":\"maybe\"}")))
        .isInstanceOf(MappingException.class)
        .hasMessageStartingWith("mapping.attributes.x: 'maybe' is not a boolean");
  }

  @Test
  void aRegexThatOverflowsTheStackFailsTheUserNotTheSync() {
    ObjectNode raw = JsonNodeFactory.instance.objectNode().put("v", "ab".repeat(100_000));
    assertThatThrownBy(() -> eval("v | replace('(a|b)*', 'x')", MappingInput.of(user(raw)), Map.of()))
        .isInstanceOf(MappingException.class)
        .hasMessageContaining("too complex for a value of 200000 characters");
  }
}
