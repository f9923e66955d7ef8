package io.github.usersync.core.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DefaultMapperTest {
  @Test
  void registersExactlyTheModulesUsersyncDeclaresNotWhateverIsOnTheClassPath() {
    ObjectMapper mapper = ApiClient.defaultMapper();

    // jackson-dataformat-yaml and others are on this test class path; none is picked up.
    assertThat(mapper.getRegisteredModuleIds())
        .containsExactlyInAnyOrder(new Jdk8Module().getTypeId(), new JavaTimeModule().getTypeId());
  }

  @Test
  void readsUnknownPropertiesAndWritesOptionalAndTime() throws Exception {
    ObjectMapper mapper = ApiClient.defaultMapper();

    assertThat(mapper.readValue("{\"a\":1,\"unknown\":2}", Only.class).a).isEqualTo(1);
    assertThat(mapper.writeValueAsString(Map.of("o", Optional.of("x")))).isEqualTo("{\"o\":\"x\"}");
    assertThat(mapper.readValue("\"2026-01-02T03:04:05Z\"", Instant.class))
        .isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
  }

  static final class Only {
    public int a;
  }
}
