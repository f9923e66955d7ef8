package io.github.usersync.atlassian;

import io.github.usersync.atlassian.internal.HostFace;
import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.UsersyncException;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.ProvisioningTarget;
import io.github.usersync.atlassian.internal.Guarded;
import io.github.usersync.atlassian.internal.ListedUsers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A Jira, Confluence or Crowd target: the one target logic every face shares, in-process or over
 * REST. It makes every change idempotent (writes only what differs from the user as last listed or
 * read, and takes the host's "already a member" and "not a member" answers as success), keeps the
 * IdP link so renames work, refuses what would break that link (a username or IdP id
 * already linked elsewhere), never changes the members of protected groups (by default the
 * products' administrator groups) nor deactivates or deletes their members, checks that a rename
 * took effect, and turns every failure into a {@link ProvisioningException} that names the
 * operation and the user or group.
 *
 * <p>It remembers the users its own listing returned until the next {@link #flush()} (the engine
 * lists the host's users at the start of a full run and flushes once after applying), so a change
 * the engine planned from that listing costs only its writes: adding or removing a membership is
 * one request. A change made in the host by someone else since the listing shows as a failed write,
 * and the next change of that user reads it afresh.
 *
 * <p>Create one with {@link JiraTarget}, {@link ConfluenceTarget}, {@link CrowdTarget} or {@link
 * AtlassianTargets}. Thread-safe if the face is (the REST faces are; an in-process bridge is if the
 * product's API is, which Jira's and Confluence's managers are).
 */
public final class AtlassianTarget implements ProvisioningTarget {
  private final HostFace host;
  private final Set<String> protectedGroups;
  private final @Nullable RequestStats stats;
  private final ListedUsers listed = new ListedUsers();

  AtlassianTarget(HostFace host, Set<String> protectedGroups, @Nullable RequestStats stats) {
    this.host = host;
    Set<String> p = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    p.addAll(protectedGroups);
    this.protectedGroups = Collections.unmodifiableSet(p);
    this.stats = stats;
  }

  @Override
  public String name() {
    return host.product();
  }

  /**
   * The face's capabilities (see the module's README: what each product can write over each face)
   * with this target's {@link #protectedGroups()}, so the planner leaves their changes out and
   * reports each once instead of this target refusing them on every run.
   */
  @Override
  public TargetCapabilities capabilities() {
    return TargetCapabilities.builder().from(host.capabilities()).protectedGroups(protectedGroups).build();
  }

  /** The groups whose members this target never changes (compared case-insensitively). */
  public Set<String> protectedGroups() {
    return protectedGroups;
  }

  /**
   * Requests made to the host so far by the REST face's HTTP clients, for the sync report; none
   * for an in-process target.
   */
  @Override
  public RequestStats.Snapshot requestStats() {
    RequestStats s = stats;
    return s != null ? s.snapshot() : RequestStats.Snapshot.empty();
  }

  /**
   * Probes every read a sync makes through the REST face (writes are not probed: they would change
   * the host) and says, for each one that fails, what to fix; an in-process target has nothing to
   * probe and answers a report without checks.
   */
  @Override
  public ConnectionReport checkConnection() {
    return host.checkConnection();
  }

  // ---------------------------------------------------------------- reads

  @Override
  public Stream<HostUser> users() {
    return read("list users", name(),
        () -> listed.record(Guarded.stream(host.users(), e -> failure("list users", name(), e))));
  }

  @Override
  public Stream<HostGroup> groups() {
    return read(
        "list groups",
        name(),
        () -> Guarded.stream(host.groupNames().map(HostGroup::of), e -> failure("list groups", name(), e)));
  }

  @Override
  public Stream<String> groupMembers(String groupName) {
    return read(
        "list group members",
        groupName,
        () -> Guarded.stream(host.groupMemberKeys(groupName), e -> failure("list group members", groupName, e)));
  }

  @Override
  public Optional<HostUser> user(String key) {
    return read("read user", key, () -> host.user(key));
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    return read("find user by IdP id", externalId, () -> host.userByExternalId(externalId));
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return read("find user by username", username, () -> host.userByUsername(username));
  }

  @Override
  public Stream<HostUser> usersByEmail(String email) {
    return read(
        "find users by email",
        email,
        () -> Guarded.stream(host.usersByEmail(email), e -> failure("find users by email", email, e)));
  }

  @Override
  public Set<String> groupsOfUser(String userKey) {
    return read(
        "list groups of user",
        userKey,
        () -> {
          Optional<HostUser> u = host.user(userKey);
          return u.isPresent() ? host.groupsOf(u.get()) : Collections.<String>emptySet();
        });
  }

  // ---------------------------------------------------------------- users

  @Override
  public HostUser createUser(NewHostUser user) {
    String op = "create user";
    String name = user.username();
    return write(op, name, () -> {
      Optional<String> bad = host.usernameProblem(name);
      if (bad.isPresent()) {
        throw refuse(op, name, bad.get());
      }
      checkAttributes(op, name, user.attributes().keySet(), user.attributes());
      // The engine plans a create from the same listing; ask the host only when it did not say.
      boolean free = listed.surelyFree(name, user.externalId());
      Optional<HostUser> existing = free ? Optional.<HostUser>empty() : host.userByUsername(name);
      if (existing.isPresent()) {
        HostUser e = existing.get();
        if (e.externalId().map(user.externalId()::equals).orElse(false)) {
          return e;
        }
        throw refuse(op, name, e.externalId().isPresent()
            ? "the username is taken by an account linked to another IdP id (" + e.externalId().get() + ")"
            : "the username is taken by an account usersync did not create; link it to the IdP user"
                + " (an update that sets the IdP id) instead of creating a second account");
      }
      Optional<HostUser> linked = free ? Optional.<HostUser>empty() : host.userByExternalId(user.externalId());
      if (linked.isPresent()) {
        throw refuse(op, name, "IdP id " + user.externalId() + " is already linked to the account '"
            + linked.get().username() + "' (key " + linked.get().key() + ")");
      }
      HostUser created = host.createAccount(user);
      String key = created.key();
      if (!created.externalId().map(user.externalId()::equals).orElse(false)) {
        try {
          host.setExternalId(created, user.externalId());
        } catch (RuntimeException e) {
          // An account without its link would be taken for a host-only account on the next run
          // and never adopted; take it back so the next run creates it again.
          rollBack(created, e);
          throw e;
        }
        created = reread(op, name, key);
      }
      Map<String, String> set = changedAttributes(created, user.attributes());
      if (!set.isEmpty()) {
        host.setAttributes(created, set, Collections.emptySet());
      }
      if (created.active() != user.active()) {
        host.setActive(created, user.active());
      }
      HostUser stored = set.isEmpty() && created.active() == user.active() ? created : reread(op, name, key);
      listed.put(stored);
      return stored;
    });
  }

  @Override
  public HostUser updateUser(String key, HostUserUpdate update) {
    HostUser current = existing("update user", key);
    String name = current.username();
    return write("update user", name, () -> {
      HostUser u = current;
      checkAttributes("update user", name, update.setAttributes().keySet(), update.setAttributes());
      if (update.username().isPresent() && !update.username().get().equals(u.username())) {
        u = rename(u, update.username().get());
      }
      if (update.externalId().isPresent() && !update.externalId().equals(u.externalId())) {
        String id = update.externalId().get();
        Optional<HostUser> other = host.userByExternalId(id);
        if (other.isPresent() && !other.get().key().equals(key)) {
          throw refuse("link user", u.username(), "IdP id " + id + " is already linked to the account '"
              + other.get().username() + "' (key " + other.get().key() + ")");
        }
        host.setExternalId(u, id);
        u = HostUser.builder().from(u).externalId(id).build();
      }
      String email = update.email().filter(e -> !Optional.of(e).equals(current.email())).orElse(null);
      String display =
          update.displayName().filter(d -> !Optional.of(d).equals(current.displayName())).orElse(null);
      if (email != null || display != null) {
        host.updateProfile(u, email, display);
      }
      Map<String, String> set = changedAttributes(u, update.setAttributes());
      Set<String> remove = new LinkedHashSet<>();
      for (String r : update.removeAttributes()) {
        if (u.attributes().containsKey(r) && !update.setAttributes().containsKey(r)) {
          remove.add(r);
        }
      }
      if (!set.isEmpty() || !remove.isEmpty()) {
        host.setAttributes(u, set, remove);
      }
      // Every write succeeded: the account is what it was with the changes made (a rename was
      // read back and checked above).
      Map<String, String> attributes = new LinkedHashMap<>(u.attributes());
      attributes.putAll(set);
      attributes.keySet().removeAll(remove);
      HostUser.Builder after = HostUser.builder().from(u).attributes(attributes);
      if (email != null) {
        after.email(email);
      }
      if (display != null) {
        after.displayName(display);
      }
      HostUser updated = after.build();
      listed.put(updated);
      return updated;
    }, key);
  }

  private HostUser rename(HostUser u, String newName) {
    String op = "rename user";
    if (!host.capabilities().canRenameUsers()) {
      throw refuse(op, u.username(), host.product() + " cannot rename users this way; the account was"
          + " left as it is and was not recreated. Rename '" + u.username() + "' to '" + newName
          + "' in " + host.product() + "'s administration (or use the in-process target), then run"
          + " the sync again");
    }
    Optional<String> bad = host.usernameProblem(newName);
    if (bad.isPresent()) {
      throw refuse(op, u.username(), bad.get());
    }
    Optional<HostUser> taken = host.userByUsername(newName);
    if (taken.isPresent() && !taken.get().key().equals(u.key())) {
      throw refuse(op, u.username(), "the username '" + newName + "' is taken by another account (key "
          + taken.get().key() + ")");
    }
    host.rename(u, newName);
    HostUser after = reread(op, u.username(), u.key());
    if (!after.username().equalsIgnoreCase(newName)) {
      throw refuse(op, u.username(), host.product() + " accepted the rename to '" + newName
          + "' but kept the name '" + after.username() + "' (a read-only or external user directory"
          + " may own the name); rename the user where the directory is managed");
    }
    return after;
  }

  @Override
  public void deactivateUser(String key) {
    setActive("deactivate user", key, false);
  }

  @Override
  public void reactivateUser(String key) {
    setActive("reactivate user", key, true);
  }

  private void setActive(String op, String key, boolean active) {
    HostUser u = existing(op, key);
    write(op, u.username(), () -> {
      if (u.active() == active) {
        return null;
      }
      if (!active) {
        refuseIfProtectedMember(op, u);
      }
      host.setActive(u, active);
      listed.put(HostUser.builder().from(u).active(active).build());
      return null;
    }, key);
  }

  @Override
  public void deleteUser(String key) {
    String op = "delete user";
    Optional<HostUser> found = read(op, key, () -> host.user(key));
    if (!found.isPresent()) {
      return;
    }
    HostUser u = found.get();
    write(op, u.username(), () -> {
      // A face that cannot delete (Confluence before 8.0) refuses itself, naming the version.
      refuseIfProtectedMember(op, u);
      host.delete(u);
      listed.remove(key);
      return null;
    });
  }

  // ---------------------------------------------------------------- groups

  @Override
  public void createGroup(String name) {
    write("create group", name, () -> {
      host.createGroup(name);
      return null;
    });
  }

  @Override
  public void addMembership(String userKey, String groupName) {
    String op = "add membership";
    HostUser u = existing(op, userKey);
    write(op, u.username(), () -> {
      refuseIfProtected(op, u, groupName);
      host.addMember(u, groupName);
      return null;
    }, userKey);
  }

  @Override
  public void removeMembership(String userKey, String groupName) {
    String op = "remove membership";
    Optional<HostUser> found = known(op, userKey);
    if (!found.isPresent()) {
      return;
    }
    HostUser u = found.get();
    write(op, u.username(), () -> {
      refuseIfProtected(op, u, groupName);
      host.removeMember(u, groupName);
      return null;
    }, userKey);
  }

  /** Ends the run: forgets what the listing returned, so the next run reads the host afresh. */
  @Override
  public void flush() {
    listed.clear();
  }

  @Override
  public void close() {
    listed.clear();
    host.close();
  }

  @Override
  public String toString() {
    return "AtlassianTarget[" + name() + "]";
  }

  // ---------------------------------------------------------------- rules

  private void refuseIfProtected(String op, HostUser u, String group) {
    if (protectedGroups.contains(group)) {
      throw refuse(op, u.username(), "group '" + group + "' is protected: usersync does not change the"
          + " members of protected groups. Manage it in " + host.product() + ", or remove it from the"
          + " protectedGroups setting if the IdP should own it");
    }
  }

  private void refuseIfProtectedMember(String op, HostUser u) {
    if (protectedGroups.isEmpty()) {
      return;
    }
    Optional<String> group = host.groupsOf(u).stream().filter(protectedGroups::contains).findFirst();
    if (group.isPresent()) {
      throw refuse(op, u.username(), "the user is a member of the protected group '" + group.get()
          + "'; usersync does not deactivate or delete members of protected groups (local"
          + " administrators). Remove the membership in " + host.product() + " first, or change the"
          + " protectedGroups setting");
    }
  }

  private void checkAttributes(String op, String user, Set<String> names, Map<String, String> values) {
    TargetCapabilities caps = host.capabilities();
    for (String n : names) {
      if (!caps.acceptsAttribute(n)) {
        // A face that can write no attribute says why and the way out (remote Confluence).
        throw refuse(op, user, host.attributeWriteProblem(Collections.singleton(n)).orElseGet(() ->
            host.product() + " does not keep the attribute '" + n + "'; it keeps only "
                + String.join(", ", new TreeSet<>(caps.allowedAttributes().orElse(Collections.emptySet())))));
      }
    }
    if (!names.isEmpty()) {
      Optional<String> problem = host.attributeWriteProblem(names);
      if (problem.isPresent()) {
        throw refuse(op, user, problem.get());
      }
    }
    int max = host.maxAttributeLength();
    if (max > 0) {
      for (Map.Entry<String, String> e : values.entrySet()) {
        if (e.getValue().length() >= max) {
          throw refuse(op, user, "the value of '" + e.getKey() + "' has " + e.getValue().length()
              + " characters; " + host.product() + " keeps values under " + max + " characters");
        }
      }
    }
  }

  private static Map<String, String> changedAttributes(HostUser u, Map<String, String> wanted) {
    Map<String, String> out = new LinkedHashMap<>();
    wanted.forEach((k, v) -> {
      if (!Objects.equals(u.attributes().get(k), v)) {
        out.put(k, v);
      }
    });
    return out;
  }

  private void rollBack(HostUser created, RuntimeException original) {
    try {
      host.delete(created);
    } catch (RuntimeException e) {
      // The original failure is what the report must show; a failed rollback leaves an unlinked
      // account, which the next run reports as a taken username. Keep it with the original.
      original.addSuppressed(e);
    }
  }

  // ---------------------------------------------------------------- plumbing

  /** The user as listed or last written in this run, else as the host answers now. */
  private Optional<HostUser> known(String op, String key) {
    Optional<HostUser> hit = listed.byKey(key);
    return hit.isPresent() ? hit : read(op, key, () -> host.user(key));
  }

  private HostUser existing(String op, String key) {
    Optional<HostUser> u = known(op, key);
    if (!u.isPresent()) {
      throw new ProvisioningException(op, key, "there is no " + host.product() + " user with key " + key, null);
    }
    return u.get();
  }

  private HostUser reread(String op, String name, String key) {
    Optional<HostUser> u = host.user(key);
    if (!u.isPresent()) {
      throw refuse(op, name, host.product() + " does not return the account (key " + key
          + ") after the change; check the host's logs");
    }
    return u.get();
  }

  private static ProvisioningException refuse(String op, String subject, String message) {
    return new ProvisioningException(op, subject, message, null);
  }

  private <T> T read(String op, String subject, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw failure(op, subject, e);
    }
  }

  private <T> T write(String op, String subject, Supplier<T> call) {
    return read(op, subject, call);
  }

  /**
   * A write about a user the run may know from its listing: when it fails, the user is forgotten,
   * so the next change reads it afresh (it may have changed in the host since it was listed).
   */
  private <T> T write(String op, String subject, Supplier<T> call, String userKey) {
    try {
      return write(op, subject, call);
    } catch (RuntimeException e) {
      listed.remove(userKey);
      throw e;
    }
  }

  private static ProvisioningException failure(String op, String subject, RuntimeException e) {
    if (e instanceof ProvisioningException) {
      return (ProvisioningException) e;
    }
    String message = e instanceof UsersyncException
        ? String.valueOf(e.getMessage())
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return new ProvisioningException(op, subject, message, e);
  }
}
