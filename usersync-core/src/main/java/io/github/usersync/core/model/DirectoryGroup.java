package io.github.usersync.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;
import org.immutables.value.Value;

/** A group (or group-like construct, such as a OneLogin role) as an IdP directory reports it. */
@Value.Immutable
public interface DirectoryGroup {
  /** The IdP's stable id. */
  String id();

  /** The group's name as the mapping sees it (connectors may offer name or full path). */
  String name();

  /** The description, when there is one. */
  Optional<String> description();

  /** The group as the IdP returned it. Treat as read-only; excluded from equals and toString. */
  @Value.Default
  @Value.Auxiliary
  default JsonNode raw() {
    return Json.emptyObject();
  }

  /** A group with only an id and a name. */
  static DirectoryGroup of(String id, String name) {
    return builder().id(id).name(name).build();
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link DirectoryGroup}. */
  final class Builder extends ImmutableDirectoryGroup.Builder {}
}
