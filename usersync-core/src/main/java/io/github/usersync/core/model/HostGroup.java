package io.github.usersync.core.model;

import java.util.Optional;
import org.immutables.value.Value;

/** A group as the host holds it. Groups are identified by name in every host usersync targets. */
@Value.Immutable
public interface HostGroup {
  /** The group name. */
  @Value.Parameter
  String name();

  /** The description, when the host keeps one. */
  Optional<String> description();

  /** A group with a name only. */
  static HostGroup of(String name) {
    return ImmutableHostGroup.of(name);
  }
}
