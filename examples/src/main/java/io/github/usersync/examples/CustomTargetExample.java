package io.github.usersync.examples;

import io.github.usersync.core.memory.InMemoryDirectory;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.AbstractProvisioningTarget;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.core.sync.SyncReport;
import io.github.usersync.core.sync.UserSync;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A full sync into your own host: implement {@link ProvisioningTarget} over your user store (here a
 * map standing in for a database table) and hand it to {@link UserSync}.
 */
public final class CustomTargetExample {
  private CustomTargetExample() {}

  /** Runs the example. */
  public static void main(String[] args) {
    run(System.out);
  }

  static SyncReport run(PrintStream out) {
    InMemoryDirectory idp = InMemoryDirectory.create();
    idp.putUser(DirectoryUser.builder().id("00u1").username("ada@example.com").email("ada@example.com")
        .displayName("Ada Lovelace").active(true).build());
    idp.putUser(DirectoryUser.builder().id("00u2").username("alan@example.com").email("alan@example.com")
        .displayName("Alan Turing").active(true).build());
    idp.putGroup(DirectoryGroup.of("00g1", "analysts"));
    idp.addMember("00g1", GroupMember.user("00u1"));

    AppUserStore host = new AppUserStore(out);
    SyncReport report = UserSync.builder(idp, host).build().run();
    out.print(report.toText());
    return report;
  }

  /**
   * The host's side: every change usersync makes arrives as a method call. {@link
   * AbstractProvisioningTarget} keeps the target contract's rules (taken usernames, links, attribute
   * updates, idempotent changes); the host says how its rows are stored.
   */
  static final class AppUserStore extends AbstractProvisioningTarget {
    private final Map<String, HostUser> rows = new LinkedHashMap<>();
    private final Map<String, Set<String>> groups = new LinkedHashMap<>();
    private final PrintStream log;
    private long nextId;

    AppUserStore(PrintStream log) {
      this.log = log;
    }

    @Override
    public String name() {
      return "my-app";
    }

    @Override
    public TargetCapabilities capabilities() {
      return TargetCapabilities.builder().build();
    }

    @Override
    public Stream<HostUser> users() {
      return new ArrayList<>(rows.values()).stream();
    }

    @Override
    public Stream<HostGroup> groups() {
      return groups.keySet().stream().map(HostGroup::of);
    }

    @Override
    public Stream<String> groupMembers(String group) {
      return new ArrayList<>(groups.getOrDefault(group, Set.of())).stream();
    }

    @Override
    protected HostUser insertUser(NewHostUser u) {
      // The key is the row's id: it stays the same when the user is renamed.
      HostUser row = HostUser.builder().key("u" + ++nextId).username(u.username()).email(u.email())
          .displayName(u.displayName()).active(u.active()).attributes(u.attributes())
          .externalId(u.externalId()).build();
      rows.put(row.key(), row);
      log.println("INSERT user " + u.username());
      return row;
    }

    @Override
    protected void saveUser(HostUser row) {
      rows.put(row.key(), row);
      log.println("UPDATE user " + row.username());
    }

    @Override
    protected void removeUser(String key) {
      rows.remove(key);
      groups.values().forEach(members -> members.remove(key));
    }

    @Override
    public void createGroup(String name) {
      if (groups.putIfAbsent(name, new LinkedHashSet<>()) == null) {
        log.println("INSERT group " + name);
      }
    }

    @Override
    public void addMembership(String userKey, String group) {
      HostUser user = existing("add membership", userKey);
      if (groups.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(userKey)) {
        log.println("INSERT membership " + user.username() + " -> " + group);
      }
    }

    @Override
    public void removeMembership(String userKey, String group) {
      groups.getOrDefault(group, new LinkedHashSet<>()).remove(userKey);
    }
  }
}
