package io.github.usersync.core.mapping;

import static io.github.usersync.core.mapping.MappingTests.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.usersync.core.MappingException;
import io.github.usersync.core.mapping.internal.Transforms;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The table of transforms ({@link Transforms}) against what uses it: the parser accepts every entry
 * and checks its argument count, each entry's example gives its output, unknown names get the
 * nearest entry, explanations describe the transforms, the Java builder has a method for each, and
 * docs/mapping.md lists exactly the table.
 */
class TransformTableTest {
  private static final Path DOC = Path.of("..", "docs", "mapping.md");
  private static final String BEGIN = "<!-- transforms: generated from Transforms.java -->\n";
  private static final String END = "<!-- /transforms -->";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> DEPARTMENTS = Map.of("D01", "Engineering");

  static Stream<Transforms.Entry> entries() {
    return Transforms.all().stream();
  }

  private static UserMapping mapping(String rule) {
    return UserMapping.builder().lookup("departments", DEPARTMENTS).attribute("x", rule).build();
  }

  private static MappingException compileError(String rule) {
    MappingException e = catchThrowableOfType(MappingException.class, () -> mapping(rule));
    assertThat(e).as("no error for %s", rule).isNotNull();
    return e;
  }

  /** An argument list of n arguments each entry accepts where it takes one: quoted texts. */
  private static String call(String name, int n) {
    List<String> args = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      args.add(name.equals("truncate") ? "5" : name.equals("lookup") ? "departments" : "'x'");
    }
    return name + "(" + String.join(", ", args) + ")";
  }

  @Test
  void theTableHoldsEveryTransformOnceWithADescriptionAndAnExample() {
    List<String> names =
        Transforms.all().stream().map(Transforms.Entry::name).collect(Collectors.toList());
    assertThat(names)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrder(
            "lower", "upper", "trim", "stripDomain", "replace", "guestUpnToEmail", "ascii",
            "lookup", "default", "split", "oneOf", "not", "truncate", "first", "join", "all");
    assertThat(Transforms.names()).containsExactlyElementsOf(names);
    for (Transforms.Entry t : Transforms.all()) {
      assertThat(Transforms.find(t.name())).containsSame(t);
      assertThat(t.usage()).startsWith(t.name());
      assertThat(t.description()).as(t.name()).isNotBlank().doesNotContain("\n");
      assertThat(t.example().call()).startsWith(t.name());
      assertThat(t.minArguments()).isLessThanOrEqualTo(t.maxArguments());
    }
    assertThat(Transforms.find("whenEmpty")).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void everyEntryCompilesWithTheArgumentsItTakes(Transforms.Entry t) {
    for (int n = t.minArguments(); n <= Math.min(t.maxArguments(), 3); n++) {
      String rule = "v | " + (n == 0 ? t.name() : call(t.name(), n));
      List<Explanation.RuleTrace> rules =
          mapping(rule).explain(MappingInput.of(user(JSON.createObjectNode()))).rules();
      assertThat(rules.get(rules.size() - 1).transforms())
          .as(rule)
          .singleElement()
          .satisfies(step -> assertThat(step.description()).contains(t.description()));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void tooManyOrTooFewArgumentsAreErrorsNamingTheTransform(Transforms.Entry t) {
    if (t.maxArguments() != Integer.MAX_VALUE) {
      String tooMany = "v | " + call(t.name(), t.maxArguments() + 1);
      MappingException e = compileError(tooMany);
      assertThat(e.position()).contains(4);
      assertThat(e.getMessage())
          .startsWith("mapping.attributes.x: transform '" + t.name() + "' takes ")
          .contains(t.maxArguments() == 0 ? "no arguments" : ", got " + (t.maxArguments() + 1))
          .endsWith(" at 4");
    }
    if (t.minArguments() > 0) {
      MappingException e = compileError("v | " + t.name());
      assertThat(e.getMessage())
          .startsWith("mapping.attributes.x: transform '" + t.name() + "' takes ")
          .endsWith(" " + t.arguments() + ", got 0 at 4");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void aMisspeltNameSuggestsTheEntry(Transforms.Entry t) {
    String name = t.name();
    // two neighbouring letters swapped in longer names; the last letter dropped from short ones
    String typo = name.substring(0, name.length() - 1);
    if (name.length() >= 5) {
      int i = 1;
      while (name.charAt(i) == name.charAt(i + 1)) {
        i++;
      }
      typo = name.substring(0, i) + name.charAt(i + 1) + name.charAt(i) + name.substring(i + 2);
    }
    MappingException e = compileError("v | " + typo);
    assertThat(e.getMessage())
        .isEqualTo(
            "mapping.attributes.x: unknown transform '" + typo + "' at 4 (did you mean '" + name
                + "'?)");
  }

  @Test
  void whenEmptyIsSuggestedTooThoughItIsNoTransform() {
    assertThat(compileError("v | whenEmty(keep)").getMessage())
        .endsWith("unknown transform 'whenEmty' at 4 (did you mean 'whenEmpty'?)");
    assertThat(compileError("whenEmpty(v)").getMessage()).contains("'whenEmpty' is a transform");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("entries")
  void everyExampleGivesItsOutput(Transforms.Entry t) throws JsonProcessingException {
    Transforms.Example ex = t.example();
    ObjectNode raw = JSON.createObjectNode();
    if (ex.input().size() == 1) {
      raw.put("v", ex.input().get(0));
    } else if (!ex.input().isEmpty()) {
      ex.input().forEach(raw.putArray("v")::add);
    }
    Explanation e =
        mapping("v | " + ex.call()).explain(MappingInput.of(user(raw)));
    Explanation.RuleTrace rule = e.rules().get(e.rules().size() - 1);
    assertThat(rule.error()).isEmpty();
    assertThat(rule.transforms()).hasSize(1);
    assertThat(rule.transforms().get(0).value()).isEqualTo(rendered(ex.output()));
    assertThat(rule.transforms().get(0).description()).contains(t.description());
  }

  /** As explanations render values. */
  private static String rendered(List<String> values) throws JsonProcessingException {
    if (values.isEmpty()) {
      return "(nothing)";
    }
    List<String> quoted = new ArrayList<>();
    for (String v : values) {
      quoted.add(JSON.writeValueAsString(v));
    }
    return values.size() == 1 ? quoted.get(0) : "[" + String.join(", ", quoted) + "]";
  }

  @Test
  void explanationsSayWhatEachAppliedTransformDoesOnce() {
    UserMapping m =
        UserMapping.builder()
            .username("v | trim | lower")
            .email("w | lower")
            .lookup("departments", DEPARTMENTS)
            .attribute("d", "v | lookup(departments)")
            .build();
    Explanation e =
        m.explain(MappingInput.of(user(MappingTests.json("{\"v\":\" D01 \",\"w\":\"A@B\"}"))));
    assertThat(e.rules().get(0).inputs().get(0).description()).isEmpty();
    assertThat(e.rules().get(0).transforms().get(1).description())
        .contains(Transforms.find("lower").orElseThrow().description());
    String text = e.toText();
    assertThat(text)
        .contains(
            "\ntransforms\n"
                + "  trim           removes leading and trailing white space\n"
                + "  lower          changes to lower case (locale-independent)\n"
                + "  lookup(table)  the value for the key in a table under `mapping.lookups`;"
                + " nothing when the table lacks the key\n");
    assertThat(text.indexOf("\ntransforms\n")).isLessThan(text.indexOf("\noutcome:"));
  }

  @Test
  void theJavaRuleBuilderHasAMethodForEveryTransform() {
    Set<String> methods =
        Arrays.stream(Rule.class.getMethods())
            .filter(m -> !Modifier.isStatic(m.getModifiers()) && m.getReturnType() == Rule.class)
            .map(Method::getName)
            .collect(Collectors.toSet());
    for (Transforms.Entry t : Transforms.all()) {
      // default is a Java keyword
      assertThat(methods).as(t.name()).contains(t.name().equals("default") ? "orDefault" : t.name());
    }
  }

  /** The doc's transforms table is this table, rendered; on a difference the new one is in target/. */
  @Test
  void theDocListsExactlyTheTable() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int begin = doc.indexOf(BEGIN);
    int end = doc.indexOf(END);
    assertThat(begin).as("the marker %s in %s", BEGIN.strip(), DOC).isNotNegative();
    assertThat(end).isGreaterThan(begin);
    String expected = markdown();
    Files.writeString(Path.of("target", "mapping-transforms-table.md"), expected, StandardCharsets.UTF_8);
    assertThat(doc.substring(begin + BEGIN.length(), end)).isEqualTo(expected);
  }

  private static String markdown() {
    StringBuilder b = new StringBuilder("| transform | does | example |\n|---|---|---|\n");
    for (Transforms.Entry t : Transforms.all()) {
      Transforms.Example ex = t.example();
      b.append("| `").append(cell(t.usage())).append("` | ").append(cell(t.description()))
          .append(" | ");
      if (!ex.call().equals(t.name())) {
        b.append('`').append(cell(ex.call())).append("`: ");
      }
      b.append(values(ex.input())).append(" → ").append(values(ex.output())).append(" |\n");
    }
    return b.toString();
  }

  private static String values(List<String> values) {
    if (values.isEmpty()) {
      return "nothing";
    }
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add("`" + cell(v.strip().equals(v) ? v : '"' + v + '"') + "`");
    }
    return String.join(", ", out);
  }

  private static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
