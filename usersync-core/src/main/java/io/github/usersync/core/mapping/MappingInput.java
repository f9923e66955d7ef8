package io.github.usersync.core.mapping;

import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import java.util.List;
import java.util.Optional;
import org.immutables.value.Value;

/** What a mapping reads for one user: the user, their groups, their manager, their photo. */
@Value.Immutable
public interface MappingInput {
  /** The directory user. */
  @Value.Parameter
  DirectoryUser user();

  /** The user's IdP groups (direct or transitive, as the policy says); empty if not read. */
  List<DirectoryGroup> groups();

  /** The user's manager, when the mapping uses the manager and the user has one. */
  Optional<DirectoryUser> manager();

  /** The fingerprint of the user's photo, when the mapping uses photos and the user has one. */
  Optional<String> photoFingerprint();

  /** Input with only the user. */
  static MappingInput of(DirectoryUser user) {
    return ImmutableMappingInput.of(user);
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link MappingInput}. */
  final class Builder extends ImmutableMappingInput.Builder {}
}
