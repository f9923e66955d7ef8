package io.github.usersync.core.jit;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The mapper claims are converted with, created once (creating one per login is costly). */
final class JitJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JitJson() {}
}
