package io.github.usersync.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsersyncTest {
  @Test
  void theVersionIsTheOneMavenBuilt() {
    // Surefire passes the POM's version in; the class reads the resource the build filtered.
    assertThat(Usersync.version())
        .isEqualTo(System.getProperty("usersync.expected.version"))
        .matches("\\d+\\.\\d+\\.\\d+.*");
  }
}
