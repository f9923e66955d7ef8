package io.github.usersync.core.sync.internal;

import io.github.usersync.core.MappingException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.mapping.MappingInput;
import io.github.usersync.core.mapping.MappingOutcome;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeType;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Step 2 of a run, map: turns each IdP user (with their groups and manager) into the host user the
 * mapping wants. A user the mapping skips is noted; a user it cannot map is a failed {@code
 * MAP_USER} change, never a user treated as gone. Internal.
 */
public final class UserMapStep {
  private final RunSetup setup;
  final List<PlanResult.Failure> failures = new ArrayList<>();
  final List<String> skippedUsers = new ArrayList<>();
  private @Nullable String lastProblem;

  /** The map step of one run. */
  public UserMapStep(RunSetup setup) {
    this.setup = setup;
  }

  /** The wanted host user, or null when the mapping skipped the user or failed (both recorded). */
  @Nullable MappedUser map(Source source, Source.SourceUser su) {
    DirectoryUser u = su.user;
    MappingInput.Builder in = MappingInput.builder().user(u).groups(su.groups);
    if (setup.mapper.usesManager()) {
      in.manager(source.managerFor(u));
    }
    try {
      MappingOutcome outcome = setup.mapper.map(in.build());
      if (!outcome.user().isPresent()) {
        String why = u.username() + ": " + outcome.skipReason().orElse("skipped by the mapping");
        skippedUsers.add(why);
        lastProblem = why;
        return null;
      }
      return outcome.user().get();
    } catch (MappingException e) {
      fail(u, String.valueOf(e.getMessage()));
    } catch (RuntimeException e) {
      if (e instanceof UsersyncException) {
        throw e;
      }
      fail(u, "the mapping failed: " + e);
    }
    return null;
  }

  /** Why the last user was not mapped (for single-user runs). */
  @Nullable String lastProblem() {
    return lastProblem;
  }

  private void fail(DirectoryUser u, String message) {
    failures.add(new PlanResult.Failure(
        Change.builder(ChangeType.MAP_USER, u.username(), "could not be mapped").externalId(u.id()).build(),
        message));
    lastProblem = message;
  }
}
