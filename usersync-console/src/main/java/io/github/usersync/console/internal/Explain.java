package io.github.usersync.console.internal;

import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.UserMapping;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncPolicy;
import java.util.Optional;
import java.util.stream.Collectors;

/** "Explain" for one user: reads what the mapping needs from the IdP and traces the mapping. */
public final class Explain {
  private Explain() {}

  /** The mapping's trace for the IdP user {@code userId}, or empty if the IdP has no such user. */
  public static Optional<String> explain(IdpDirectory directory, UserMapping mapping, SyncPolicy policy, String userId) {
    UserQuery query = UserQuery.builder().attributes(mapping.sourcePaths()).build();
    Optional<DirectoryUser> user = directory.user(userId, query);
    if (!user.isPresent()) {
      return Optional.empty();
    }
    MappingInput.Builder in = MappingInput.builder().user(user.get());
    if (mapping.usesGroups() && directory.capabilities().supports(Capability.USER_GROUPS)) {
      in.groups(directory.groupsOfUser(userId, policy.membership()).collect(Collectors.toList()));
    }
    if (mapping.usesManager()) {
      Optional<String> managerId = user.get().managerId().isPresent() ? user.get().managerId()
          : directory.capabilities().supports(Capability.MANAGER) ? directory.managerId(userId) : Optional.empty();
      managerId.flatMap(m -> directory.user(m, UserQuery.standard())).ifPresent(in::manager);
    }
    return Optional.of(mapping.explain(in.build()).toText());
  }
}
