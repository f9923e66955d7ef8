package io.github.usersync.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Small JSON helpers shared by the model. */
final class Json {
  private Json() {}

  static JsonNode emptyObject() {
    return JsonNodeFactory.instance.objectNode();
  }
}
