package io.github.usersync.testkit;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.spi.IdpDirectory;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.spi.UserQuery;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.Assertions;

/**
 * Checks that a connector or target pointed at an {@link EchoServer} lets no secret out: not in the
 * exception a failed call throws (with its causes), not in the connection report's text, not in
 * the sync report's JSON.
 */
public final class LeakCheck {
  private final List<Set<String>> secrets = new ArrayList<>();

  private LeakCheck() {}

  /** A check for no secret at all yet; add them with {@link #secret}. */
  public static LeakCheck create() {
    return new LeakCheck();
  }

  /** A secret whose every form (see {@link SecretForms}) must stay out; {@code ids} it may pair with. */
  public LeakCheck secret(String secret, String... ids) {
    secrets.add(SecretForms.of(secret, ids));
    return this;
  }

  /** Fails when {@code text} holds any form of any secret. */
  public void assertClean(String where, String text) {
    SecretForms.assertNoneIn(where, text, secrets);
  }

  /**
   * Lists users (which must fail against the echo server), probes the connection, and runs a full
   * sync into an in-memory target; none of their texts may hold a secret.
   *
   * @return the texts checked, for further assertions
   */
  public List<String> assertDirectoryLeaksNothing(IdpDirectory directory) {
    List<String> texts = new ArrayList<>();
    Throwable failure = Assertions.catchThrowable(() -> directory.users(UserQuery.standard()).count());
    Assertions.assertThat(failure).as("listing users from the echo server fails").isNotNull();
    texts.add(chain(failure));
    texts.add(directory.checkConnection().toText());
    SyncReport report = UserSync.builder(directory, InMemoryTarget.create()).name("echo").build().runFull();
    texts.add(report.toJson());
    for (String t : texts) {
      assertClean("the text", t);
    }
    return texts;
  }

  /**
   * Lists the target's users (which must fail against the echo server) and runs a full sync of one
   * user into it; neither text may hold a secret.
   *
   * @return the texts checked
   */
  public List<String> assertTargetLeaksNothing(ProvisioningTarget target) {
    List<String> texts = new ArrayList<>();
    Throwable failure = Assertions.catchThrowable(() -> target.users().count());
    Assertions.assertThat(failure).as("listing the target's users from the echo server fails").isNotNull();
    texts.add(chain(failure));
    InMemoryDirectory directory = InMemoryDirectory.create().putUser(DirectoryUser.builder()
        .id("u1").username("ada").email("ada@example.com").givenName("Ada").familyName("Lovelace")
        .displayName("Ada Lovelace").active(true).build());
    SyncReport report = UserSync.builder(directory, target).name("echo").build().runFull();
    texts.add(report.toJson());
    for (String t : texts) {
      assertClean("the text", t);
    }
    return texts;
  }

  /** An exception's string form and those of all its causes and suppressed exceptions. */
  public static String chain(Throwable t) {
    StringBuilder b = new StringBuilder();
    Set<Throwable> seen = new LinkedHashSet<>();
    append(b, t, seen);
    return b.toString();
  }

  private static void append(StringBuilder b, Throwable t, Set<Throwable> seen) {
    if (!seen.add(t)) {
      return;
    }
    b.append(t).append('\n');
    for (Throwable s : t.getSuppressed()) {
      append(b, s, seen);
    }
    if (t.getCause() != null) {
      append(b, t.getCause(), seen);
    }
  }
}
