package io.github.usersync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's embedding snippet is exactly the compiled code in {@link EmbeddingSnippet}. */
class ReadmeSnippetTest {
  @Test
  void readmeShowsTheCompiledSnippet() throws IOException {
    String source = Files.readString(Path.of("src/main/java/io/github/usersync/examples/EmbeddingSnippet.java"));
    String region = source.substring(source.indexOf("// snippet:start") + "// snippet:start".length(),
        source.indexOf("// snippet:end"));
    List<String> lines = Arrays.stream(region.split("\n")).filter(l -> !l.isBlank()).collect(Collectors.toList());
    int indent = lines.stream().mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
    String expected = lines.stream().map(l -> l.substring(indent)).collect(Collectors.joining("\n"));

    String readme = Files.readString(Path.of("../README.md"));

    assertThat(readme).contains(expected);
  }
}
