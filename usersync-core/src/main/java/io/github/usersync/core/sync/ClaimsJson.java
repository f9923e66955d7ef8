package io.github.usersync.core.sync;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The mapper claims are converted with, created once (creating one per login is costly). */
final class ClaimsJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private ClaimsJson() {}
}
