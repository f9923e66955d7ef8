package io.github.usersync.core.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.github.usersync.core.model.TargetCapabilities;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every YAML example in {@code docs/mapping.md} is read as a host would read its config file and
 * compiled; the Confluence examples are validated against Confluence's attributes; the explain
 * example's output is the real output.
 */
class DocsExamplesTest {
  private static final Path DOC = Path.of("..", "docs", "mapping.md");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final TargetCapabilities CONFLUENCE =
      TargetCapabilities.builder()
          .allowedAttributes(Set.of("phone", "im", "website", "position", "department", "location"))
          .build();

  private static List<String> blocks(String doc, String language) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("```" + language + "\\n(.*?)```", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static String doc() throws IOException {
    return Files.readString(DOC, StandardCharsets.UTF_8);
  }

  @Test
  void everyYamlExampleCompiles() throws IOException {
    List<String> yaml = blocks(doc(), "yaml");
    assertThat(yaml).hasSizeGreaterThanOrEqualTo(9);
    String failsOnConfluence = "# fails on confluence: ";
    for (String block : yaml) {
      JsonNode mapping = YAML.readTree(block).get("mapping");
      assertThat(mapping).as(block).isNotNull();
      if (block.startsWith(failsOnConfluence)) {
        String expected = block.substring(failsOnConfluence.length(), block.indexOf('\n'));
        UserMapping m = UserMapping.parse(mapping);
        assertThatThrownBy(() -> m.validateFor(CONFLUENCE)).as(block).hasMessage(expected);
      } else if (block.startsWith("# confluence")) {
        UserMapping.parse(mapping).validateFor(CONFLUENCE);
      } else {
        UserMapping.parse(mapping, "entra");
      }
    }
  }

  @Test
  void theExplainExampleShowsTheRealOutput() throws IOException {
    String doc = doc();
    JsonNode mapping = YAML.readTree(blocks(doc, "yaml").get(0)).get("mapping");
    JsonNode sample = new ObjectMapper().readTree(blocks(doc, "json").get(0));
    String actual =
        UserMapping.parse(mapping, "entra").explain(SampleInput.fromJson(sample, "entra")).toText();
    // When the output changes, the new text is in target/ to paste into the doc.
    Files.writeString(Path.of("target", "mapping-explain-example.txt"), actual, StandardCharsets.UTF_8);
    assertThat(blocks(doc, "text").get(0)).isEqualTo(actual);
  }

  @Test
  void theJavaExampleBuilds() {
    UserMapping mapping = UserMapping.builder()
        .username(Rule.path("userPrincipalName").guestUpnToEmail().lower())
        .email(Rule.firstOf(Rule.path("mail"), Rule.path("userPrincipalName")).guestUpnToEmail().lower())
        .displayName(Rule.firstOf(Rule.path("displayName"), Rule.template("{givenName} {surname}")))
        .lookup("departments", Map.of("D01", "Engineering", "D02", "Sales"))
        .attribute("department", Rule.path("department").lookup("departments").whenEmpty(WhenEmpty.keep()))
        .attribute("costCenter", "onPremisesExtensionAttributes.extensionAttribute1 | upper") // text works too
        .groups(GroupRules.builder().drop("All Users", "^Dyn-.*").prefix("idp-").build())
        .manager(true)
        .build();
    assertThat(Rule.path("userPrincipalName").guestUpnToEmail().lower().text())
        .isEqualTo("userPrincipalName | guestUpnToEmail | lower");
    assertThat(mapping.usesManager()).isTrue();
  }
}
