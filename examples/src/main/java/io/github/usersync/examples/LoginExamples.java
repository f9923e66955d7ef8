package io.github.usersync.examples;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.memory.InMemoryTarget;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.sync.SyncPolicy;
import io.github.usersync.core.sync.UserSync;
import io.github.usersync.core.sync.UserSyncResult;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * The two login patterns: refresh the user from the IdP's REST API at login ({@code syncUser}),
 * and just-in-time provisioning from the claims an SSO front sends ({@code provisionFromClaims}).
 * Both run the same mapping and policy as batch syncs.
 */
public final class LoginExamples {
  private LoginExamples() {}

  /** Runs both examples. */
  public static void main(String[] args) {
    syncAtLogin(System.out);
    jitFromClaims(System.out);
  }

  /** At login, refresh the user from the IdP by their IdP id. */
  static UserSyncResult syncAtLogin(PrintStream out) {
    InMemoryDirectory idp = InMemoryDirectory.create();
    idp.putUser(DirectoryUser.builder().id("00u7").username("katherine@example.com")
        .displayName("Katherine Johnson").active(true).build());
    idp.putGroup(DirectoryGroup.of("00g1", "jira-users"));
    idp.addMember("00g1", GroupMember.user("00u7"));
    UserSync sync = UserSync.builder(idp, InMemoryTarget.create())
        .policy(SyncPolicy.builder().addRequiredGroups("jira-users").build())
        .build();

    UserSyncResult r = sync.syncUser("00u7");
    out.println("sync at login: " + r.status() + ", may sign in: " + r.allowed());
    return r;
  }

  /** At login, create or update the user from the SSO's claims. */
  static UserSyncResult jitFromClaims(PrintStream out) {
    InMemoryDirectory idp = InMemoryDirectory.create(); // no IdP API needed for plain JIT
    UserSync sync = UserSync.builder(idp, InMemoryTarget.create()).build();
    Map<String, Object> claims = Map.of(
        "sub", "00u9", "preferred_username", "dorothy", "email", "dorothy@example.com",
        "name", "Dorothy Vaughan", "groups", List.of("engineering"));

    UserSyncResult first = sync.provisionFromClaims(claims);
    UserSyncResult second = sync.provisionFromClaims(claims);
    out.println("JIT: first login " + first.status() + ", second login " + second.status()
        + ", user " + first.user().map(u -> u.username()).orElse("?"));
    return first;
  }
}
