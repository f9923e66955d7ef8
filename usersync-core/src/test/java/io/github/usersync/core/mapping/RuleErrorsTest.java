package io.github.usersync.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.github.usersync.core.MappingException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Configuration errors: raised when the mapping is built, naming the rule and the position. */
class RuleErrorsTest {

  private static MappingException compileError(String rule) {
    MappingException e =
        catchThrowableOfType(
            MappingException.class,
            () ->
                UserMapping.builder()
                    .lookup("departments", Map.of("D01", "Engineering"))
                    .attribute("department", rule)
                    .build());
    assertThat(e).as("no error for %s", rule).isNotNull();
    assertThat(e.rule()).isEqualTo("mapping.attributes.department");
    return e;
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        // rule text, position, message after "mapping.attributes.department: "
        Arguments.of("dept.code | lowr", 12, "unknown transform 'lowr' at 12 (did you mean 'lower'?)"),
        Arguments.of("mail | uper", 7, "unknown transform 'uper' at 7 (did you mean 'upper'?)"),
        Arguments.of("mail | frobnicate", 7, "unknown transform 'frobnicate' at 7"),
        Arguments.of("", 0, "the rule is empty at 0; write a source such as a path"
            + " (profile.department), a 'constant' or $username"),
        Arguments.of("mail | replace('(', 'x')", 17, "invalid regex '(': Unclosed group at 17"),
        Arguments.of("mail | replace('a[b', 'x')", 18, "invalid regex 'a[b': Unclosed character class at 18"),
        Arguments.of("mail | replace('(a)', '$2')", 23,
            "the replacement refers to group $2 but the regex has 1 group at 23"),
        Arguments.of("mail | replace('a', '${n}')", 21,
            "the replacement refers to group 'n', which the regex does not name at 21"),
        Arguments.of("mail | replace('a', 'x$')", 22,
            "'$' must be followed by a group number or {name}; write '\\$' for a dollar sign at 22"),
        Arguments.of("mail | lookup(dept)", 14, "unknown lookup table 'dept' at 14; declared tables: departments"),
        Arguments.of("mail | lookup(departmnts)", 14,
            "unknown lookup table 'departmnts' at 14 (did you mean 'departments'?); declared tables: departments"),
        Arguments.of("mail | lookup(1)", 14, "lookup(…) takes a table name at 14, e.g. lookup(departments)"),
        Arguments.of("'unclosed", 0, "unclosed quote ' at 0; end the text with ' (write '' for a ' inside it)"),
        Arguments.of("mail | default(\"x)", 15,
            "unclosed quote \" at 15; end the text with \" (write \"\" for a \" inside it)"),
        Arguments.of("attributes[\"x.y\"", 10, "missing ']' to close '[' at 10"),
        Arguments.of("attributes[0 1]", 13, "expected ']' at 13"),
        Arguments.of("attributes[]", 11, "expected an index ([0], [-1]), [*], a quoted key ([\"x.y\"]) or a"
            + " filter ([type='work']) inside [ ] at 11"),
        Arguments.of("emails[primary]", 14, "expected '=' in a filter such as [type='work'] at 14"),
        Arguments.of("a.[\"x\"]", 2, "unexpected '[' after '.' at 2; write a quoted key without the dot: a[\"x.y\"]"),
        Arguments.of("a.", 2, "expected a field name after '.' at 2"),
        Arguments.of("a[99999999999]", 2, "the number is too large at 2"),
        Arguments.of("firstOf(a, b", 7, "missing ')' to close 'firstOf(' at 7"),
        Arguments.of("firstOf()", 7, "firstOf(…) needs at least one source at 7"),
        Arguments.of("firstOf(a b)", 10, "unexpected 'b'; expected ',' or ')' in firstOf(…) at 10"),
        Arguments.of("frstOf(a, b)", 0, "unknown source function 'frstOf' at 0 (did you mean 'firstOf'?)"),
        Arguments.of("lower(mail)", 0, "unknown source function 'lower' at 0 ('lower' is a transform:"
            + " write it after a source, e.g. name | lower)"),
        Arguments.of("(mail | lower", 0, "missing ')' to close '(' at 0"),
        Arguments.of("mail)", 4, "unmatched ')' at 4"),
        Arguments.of("mail, upn", 4, "unexpected ',' at 4; for a fallback write firstOf(a, b) or a ?? b"),
        Arguments.of("mail upn", 5, "unexpected 'u'; expected '|' and a transform, or the end of the rule at 5"),
        Arguments.of("a ?? ", 5, "expected a source (a path such as profile.department, a 'constant',"
            + " template('…'), firstOf(…) or a $special source) at 5"),
        Arguments.of("mail | lower ?? upn", 13, "'??' cannot follow a transform at 13; put the left side in"
            + " parentheses: (a | lower) ?? b, or write firstOf(a | lower, b)"),
        Arguments.of("mail |", 6, "expected a transform name after '|' at 6"),
        Arguments.of("mail | 'x'", 7, "expected a transform name after '|' at 7"),
        Arguments.of("$usrname", 0, "unknown special source '$usrname' at 0 (did you mean '$username'?)"),
        Arguments.of("$", 0, "expected a name after '$' at 0 (e.g. $username)"),
        Arguments.of("$manager", 0, "'$manager' needs a field at 0: $manager.username, $manager.email,"
            + " $manager.displayName, $manager.id or $manager.raw.<path>"),
        Arguments.of("$manager.emial", 0, "unknown special source '$manager.emial' at 0 (did you mean"
            + " '$manager.email'?)"),
        Arguments.of("$manager.raw", 12, "expected a path after '$manager.raw' at 12, e.g."
            + " $manager.raw.profile.login"),
        Arguments.of("$groups.name", 7, "'$groups' takes no path at 7; use | first or | join(', ') for"
            + " several values"),
        Arguments.of("mail | lower(1)", 7, "transform 'lower' takes no arguments at 7"),
        Arguments.of("mail | replace('x')", 7,
            "transform 'replace' takes 2 arguments (regex, replacement), got 1 at 7"),
        Arguments.of("mail | join(',', ';')", 7, "transform 'join' takes at most 1 argument (separator), got 2 at 7"),
        Arguments.of("mail | oneOf()", 7, "transform 'oneOf' takes at least 1 argument (value, …), got 0 at 7"),
        Arguments.of("mail | default(x)", 15, "transform 'default' expects the value in quotes at 15, e.g. default('x')"),
        Arguments.of("mail | split('')", 13, "split(…) needs a separator that is not empty at 13"),
        Arguments.of("mail | truncate(0)", 16, "truncate(…) takes a length of at least 1 at 16, e.g. truncate(255)"),
        Arguments.of("mail | truncate('9')", 16, "truncate(…) takes a length of at least 1 at 16, e.g. truncate(255)"),
        Arguments.of("mail | replace('a' 'b')", 19, "expected ',' or ')' in the argument list at 19"),
        Arguments.of("mail | replace('a', ", 14, "missing ')' to close '(' at 14"),
        Arguments.of("mail | whenEmpty(kep)", 17, "unknown whenEmpty policy 'kep' at 17 (did you mean 'keep'?)"),
        Arguments.of("mail | whenEmpty", 7, "whenEmpty takes one policy at 7: whenEmpty(keep), whenEmpty(clear),"
            + " whenEmpty(skip), whenEmpty(fail) or whenEmpty(default('x'))"),
        Arguments.of("mail | whenEmpty('x')", 17, "whenEmpty takes a policy, not a text at 17; for a fixed value"
            + " write whenEmpty(default('x'))"),
        Arguments.of("mail | whenEmpty(default)", 17, "whenEmpty(default) needs a value at 17, e.g."
            + " whenEmpty(default('n/a'))"),
        Arguments.of("mail | whenEmpty(default(''))", 25, "a default must not be empty at 25; use whenEmpty(clear)"),
        Arguments.of("mail | whenEmpty(keep) | lower", 23, "whenEmpty(…) must be the last step of the rule at 23"),
        Arguments.of("firstOf(a | whenEmpty(keep), b)", 12, "whenEmpty(…) belongs at the end of the whole rule,"
            + " not inside firstOf(…), ( ) or a template at 12"),
        Arguments.of("template('{givenName} {surnam | lowr}')", 32,
            "unknown transform 'lowr' at 32 (did you mean 'lower'?)"),
        Arguments.of("template('{a}''s {b')", 17, "unclosed '{' in the template at 17; write '{{' for a literal brace"),
        Arguments.of("template('a } b')", 12, "unmatched '}' in the template at 12; write '}}' for a literal brace"),
        Arguments.of("template('{ }')", 10, "empty placeholder '{}' in the template at 10"),
        Arguments.of("template(\"{a | replace('(', '')}\")", 25, "invalid regex '(': Unclosed group at 25"),
        Arguments.of("template('{a b}')", 13, "unexpected 'b'; expected '|' and a transform, or '}' at 13"),
        Arguments.of("template(givenName)", 9, "template(…) takes a quoted text at 9, e.g."
            + " template('{givenName} {surname}')"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("errors")
  void errorsNameTheRuleThePositionAndTheFix(String rule, int position, String message) {
    MappingException e = compileError(rule);
    assertThat(e.getMessage()).isEqualTo("mapping.attributes.department: " + message);
    assertThat(e.position()).contains(position);
  }

  @Test
  void deepNestingIsAnErrorNotAStackOverflow() {
    MappingException e = compileError("(".repeat(10_000) + "mail" + ")".repeat(10_000));
    assertThat(e).hasMessage("mapping.attributes.department: the rule nests deeper than 50 levels at 50");
  }

  @Test
  void theIssuesExampleMessageHasExactlyItsShape() {
    assertThat(compileError("dept.code | lowr"))
        .hasMessage("mapping.attributes.department: unknown transform 'lowr' at 12 (did you mean 'lower'?)");
  }

  @Test
  void usernameAndActiveCannotKeepOrClear() {
    MappingException e =
        catchThrowableOfType(
            MappingException.class,
            () -> UserMapping.builder().username("upn | whenEmpty(keep)").build());
    assertThat(e)
        .hasMessage(
            "mapping.username: whenEmpty(keep) is not possible for the username (a user must have"
                + " one) at 6; use whenEmpty(skip), whenEmpty(fail) or whenEmpty(default('…'))");
    assertThat(e.position()).contains(6);

    e =
        catchThrowableOfType(
            MappingException.class,
            () -> UserMapping.builder().active("accountEnabled | whenEmpty(clear)").build());
    assertThat(e.rule()).isEqualTo("mapping.active");
    assertThat(e).hasMessageContaining("whenEmpty(clear) is not possible for active");

    e =
        catchThrowableOfType(
            MappingException.class,
            () ->
                UserMapping.builder()
                    .active("accountEnabled | whenEmpty(default('maybe'))")
                    .build());
    assertThat(e).hasMessageStartingWith("mapping.active: 'maybe' is not a boolean");
  }

  @Test
  void builderRulesReportPositionsInTheirText() {
    Rule rule = Rule.path("mail").replace("[", "x");
    assertThat(rule.text()).isEqualTo("mail | replace('[', 'x')");
    MappingException e =
        catchThrowableOfType(
            MappingException.class, () -> UserMapping.builder().email(rule).build());
    assertThat(e).hasMessage("mapping.email: invalid regex '[': Unclosed character class at 16");
  }
}
