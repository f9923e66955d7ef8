package io.github.usersync.testkit.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/connectors.md quotes compiled files: every {@code <!-- file: PATH -->} block is that file,
 * to the character, and every file of the example connector is quoted.
 */
class ConnectorsDocTest {
  private static final Path ROOT = Path.of("..");
  private static final Pattern QUOTE =
      Pattern.compile("<!-- file: (\\S+) -->\\n```java\\n(.*?)\\n```", Pattern.DOTALL);

  @Test
  void everyQuotedFileIsTheCompiledFile() throws IOException {
    Map<String, String> quoted = quotes();

    assertThat(quoted).isNotEmpty();
    for (Map.Entry<String, String> q : quoted.entrySet()) {
      String file = Files.readString(ROOT.resolve(q.getKey())).stripTrailing();
      assertThat(q.getValue()).as("docs/connectors.md quoting %s", q.getKey()).isEqualTo(file);
    }
  }

  @Test
  void theWholeExampleConnectorIsQuoted() throws IOException {
    Path example = Path.of("src/test/java/io/github/usersync/testkit/example");
    try (Stream<Path> files = Files.list(example)) {
      assertThat(quotes().keySet())
          .containsAll(files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.startsWith("Acme") && !n.endsWith("Test.java"))
              .map(n -> "usersync-testkit/" + example.resolve(n).toString().replace('\\', '/'))
              .collect(Collectors.toList()));
    }
  }

  private static Map<String, String> quotes() throws IOException {
    String doc = Files.readString(ROOT.resolve("docs/connectors.md"));
    Map<String, String> out = new LinkedHashMap<>();
    Matcher m = QUOTE.matcher(doc);
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }
}
