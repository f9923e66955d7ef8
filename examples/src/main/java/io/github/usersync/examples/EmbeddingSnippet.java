package io.github.usersync.examples;

import io.github.usersync.core.IdpDirectories;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.UserQuery;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The embedding snippet shown in the README, compiled with the build so it cannot rot (a test
 * checks that the README shows exactly the code between the snippet markers).
 */
public final class EmbeddingSnippet {
  private EmbeddingSnippet() {}

  /** Opens a directory by provider id, checks the connection, and reads the active users. */
  public static List<String> activeUsernames(String providerId, Map<String, String> settings) {
    // snippet:start
    try (IdpDirectory directory = IdpDirectories.open(providerId, settings)) {
      ConnectionReport check = directory.checkConnection();
      if (!check.ok()) {
        throw new IllegalStateException(check.toText()); // says, per endpoint, what to fix
      }
      return directory.users(UserQuery.standard())
          .filter(DirectoryUser::active)
          .map(DirectoryUser::username)
          .collect(Collectors.toList());
    }
    // snippet:end
  }
}
