package io.github.usersync.core.mapping;

import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a directory user into the host user usersync wants; what the sync engine calls for every
 * user. {@link UserMapping} (configured rules) implements it; a host may also implement it in Java.
 * Implementations are immutable and thread-safe.
 */
public interface UserMapper {
  /**
   * Maps one user.
   *
   * @throws io.github.usersync.core.MappingException when this user cannot be mapped (the run goes
   *     on and reports it)
   */
  MappingOutcome map(MappingInput input);

  /**
   * The host group an IdP group becomes, after renames, prefixes and drops; empty when the group is
   * not synchronised. The engine manages only memberships of such groups.
   */
  default Optional<String> hostGroupName(DirectoryGroup group) {
    return Optional.of(group.name());
  }

  /** Paths into the IdP's user JSON the mapping reads, so connectors fetch only those. */
  default Set<String> sourcePaths() {
    return Set.of();
  }

  /**
   * The host attributes this mapping writes (removed from an account usersync anonymizes); empty
   * by default.
   */
  default Set<String> attributeNames() {
    return Set.of();
  }

  /** Whether the mapping reads the user's groups. */
  default boolean usesGroups() {
    return true;
  }

  /** Whether the mapping reads the user's manager. */
  default boolean usesManager() {
    return false;
  }

  /**
   * The host attributes whose values come from the user's manager ({@code $manager} fields), when
   * no other host value does; empty when the username, email, display name or active flag does, or
   * when the mapper cannot tell (the default). A full run that spreads manager reads ({@code
   * SyncPolicy.managerRefreshRuns()}) keeps "no manager" for a user whose host account has no
   * manager and none of these attributes (at least one), instead of reading it every run: the
   * mapping would give the host the same values.
   */
  default Optional<Set<String>> managerAttributes() {
    return Optional.empty();
  }

  /** Whether photos are synchronised. */
  default boolean usesPhoto() {
    return false;
  }

  /**
   * Checks that the host can keep everything this mapping writes.
   *
   * @throws io.github.usersync.core.MappingException naming the rule and the allowed names, e.g. a
   *     mapping to Confluence's {@code manager}
   */
  default void validateFor(TargetCapabilities target) {}
}
