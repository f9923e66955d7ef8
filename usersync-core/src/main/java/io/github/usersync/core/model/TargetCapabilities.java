package io.github.usersync.core.model;

import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/** What a provisioning target can do and which attributes it keeps. */
@Value.Immutable
public interface TargetCapabilities {
  /**
   * The attribute names the host accepts, when it accepts only some (Confluence: phone, im,
   * website, position, department, location); empty when it accepts any name (Jira).
   */
  Optional<Set<String>> allowedAttributes();

  /** Whether users can be deleted (as opposed to only deactivated). */
  @Value.Default
  default boolean canDeleteUsers() {
    return true;
  }

  /** Whether groups can be created. */
  @Value.Default
  default boolean canCreateGroups() {
    return true;
  }

  /** Whether usernames can be changed in place. */
  @Value.Default
  default boolean canRenameUsers() {
    return true;
  }

  /** Whether the host keeps a manager per user. */
  @Value.Default
  default boolean keepsManagers() {
    return false;
  }

  /** Whether the host keeps a profile photo per user. */
  @Value.Default
  default boolean keepsPhotos() {
    return false;
  }

  /** Whether the host accepts an attribute of this name. */
  default boolean acceptsAttribute(String name) {
    return allowedAttributes().map(s -> s.contains(name)).orElse(true);
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TargetCapabilities}. */
  final class Builder extends ImmutableTargetCapabilities.Builder {}
}
