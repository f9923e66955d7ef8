package io.github.usersync.core.spi;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostGroup;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.model.TargetCapabilities;
import io.github.usersync.core.spi.internal.OneByOne;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a host implements so usersync can provision it: read its users and groups, and change them.
 *
 * <p>The rules below are what the engine relies on. The test kit's {@code
 * io.github.usersync.testkit.ProvisioningTargetContract} checks each of them: extend it in your
 * tests (see the test kit's README). {@link AbstractProvisioningTarget} keeps most of them for a
 * host that stores user records.
 *
 * <p><b>Users</b>
 *
 * <ul>
 *   <li>{@link #createUser} stores the account linked to {@link NewHostUser#externalId()}, active
 *       unless {@link NewHostUser#active()} says otherwise, with every attribute given, and returns
 *       it as stored. Afterwards it is found by {@link #user(String) key}, by {@link
 *       #userByExternalId link}, by {@link #userByUsername username} and by {@link #usersByEmail
 *       email} (both regardless of case), and {@link #users()} lists it.
 *   <li>Creating a user again with the same username and the same link returns the existing
 *       account; no second one is made. A username taken by any other account (linked to another
 *       IdP id, or not linked) is refused with a {@link ProvisioningException} whose message
 *       contains the username.
 *   <li>{@link #updateUser} changes only what the {@link HostUserUpdate} holds: absent fields stay
 *       as they are, {@link HostUserUpdate#setAttributes()} are set and {@link
 *       HostUserUpdate#removeAttributes()} are gone afterwards (not kept with an empty value). It
 *       returns the account as stored afterwards; the same update applied twice returns an equal
 *       account.
 *   <li>Where {@link TargetCapabilities#canRenameUsers()}, a new username keeps the key and the
 *       link: the account is found by the new username and by its link, not by the old username.
 *   <li>Where {@link TargetCapabilities#allowedAttributes()} is given, setting any other attribute
 *       is refused with a {@link ProvisioningException} whose message names the attribute.
 *   <li>{@link #deactivateUser} and {@link #reactivateUser} set {@link HostUser#active()}; doing so
 *       twice is harmless.
 *   <li>Where {@link TargetCapabilities#canDeleteUsers()}, {@link #deleteUser} removes the account
 *       (found neither by key nor by username afterwards); deleting an account that is gone does
 *       nothing.
 *   <li>{@link #users()} lists each account once.
 * </ul>
 *
 * <p><b>Groups</b>
 *
 * <ul>
 *   <li>Creating a group that exists, adding a membership that exists and removing one that does
 *       not all succeed without effect. {@link #groups()}, {@link #groupMembers(String)} and {@link
 *       #groupsOfUser(String)} agree with the changes made, each member listed once.
 * </ul>
 *
 * <p><b>Managers and photos</b>
 *
 * <ul>
 *   <li>Where {@link TargetCapabilities#keepsManagers()}, {@link #setManager} sets {@link
 *       HostUser#managerKey()} and clears it for {@code Optional.empty()}; repeating it is harmless.
 *   <li>Where {@link TargetCapabilities#keepsPhotos()}, {@link #setPhoto} stores the photo and
 *       {@link HostUser#photoFingerprint()} is its {@link Photo#fingerprint()} afterwards;
 *       repeating it is harmless.
 * </ul>
 *
 * <p><b>Failures</b>
 *
 * <ul>
 *   <li>A change the host refuses, or one for a user key that does not exist, throws {@link
 *       ProvisioningException} naming the operation and the user or group; usersync reports it and
 *       goes on with the next change. A refusal that will not change on a retry (a validation
 *       error) is {@linkplain ProvisioningException#permanent permanent}: usersync remembers it and
 *       plans the change again only when the user's data in the IdP changes. What the host never
 *       does at all is better declared in {@link TargetCapabilities} (protected groups, renames,
 *       read-only fields), so it is never planned.
 *   <li>Changes may be buffered; {@link #flush()} makes them durable, and usersync commits its
 *       sync state only after it returned.
 *   <li>Every change is idempotent, so a re-run after a crash converges.
 *   <li>Reads are lazy where the host pages.
 * </ul>
 */
public interface ProvisioningTarget extends AutoCloseable {
  /** A short name for reports, e.g. {@code jira}, {@code memory}. */
  String name();

  /** What the host supports and which attributes it keeps. */
  TargetCapabilities capabilities();

  /** Every user of the host (including those usersync did not create). */
  Stream<HostUser> users();

  /** Every group of the host. */
  Stream<HostGroup> groups();

  /** The keys of a group's direct members; empty if there is no such group. */
  Stream<String> groupMembers(String groupName);

  /** One user by host key. */
  default Optional<HostUser> user(String key) {
    return users().filter(u -> u.key().equals(key)).findFirst();
  }

  /** The user linked to an IdP id. */
  default Optional<HostUser> userByExternalId(String externalId) {
    return users().filter(u -> u.externalId().map(externalId::equals).orElse(false)).findFirst();
  }

  /** The user with a username (case-insensitive). */
  default Optional<HostUser> userByUsername(String username) {
    String wanted = username.toLowerCase(Locale.ROOT);
    return users().filter(u -> u.username().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
  }

  /** The users with an email address (case-insensitive). */
  default Stream<HostUser> usersByEmail(String email) {
    String wanted = email.toLowerCase(Locale.ROOT);
    return users()
        .filter(u -> u.email().map(e -> e.toLowerCase(Locale.ROOT).equals(wanted)).orElse(false));
  }

  /** The names of the groups a user is a direct member of. */
  default Set<String> groupsOfUser(String userKey) {
    return groups()
        .map(HostGroup::name)
        .filter(g -> groupMembers(g).anyMatch(userKey::equals))
        .collect(Collectors.toSet());
  }

  /** Creates a user, linked to {@link NewHostUser#externalId()}. */
  HostUser createUser(NewHostUser user);

  /** Changes a user's profile; returns the user as it is afterwards. */
  HostUser updateUser(String key, HostUserUpdate update);

  /** Stops the user from signing in; keeps the account and its data. */
  void deactivateUser(String key);

  /** Lets a deactivated user sign in again. */
  void reactivateUser(String key);

  /** Deletes the account. Only called when the policy asks for deletion. */
  void deleteUser(String key);

  /** Creates a group. */
  void createGroup(String name);

  /**
   * Renames a group, keeping its members and permissions, where {@link
   * TargetCapabilities#canRenameGroups()}.
   */
  default void renameGroup(String oldName, String newName) {
    throw new ProvisioningException("rename group", oldName, name() + " cannot rename groups", null);
  }

  /**
   * Deletes a group, where {@link TargetCapabilities#canDeleteGroups()}. usersync deletes only
   * groups it created, once emptied, and only when the policy asks.
   */
  default void deleteGroup(String name) {
    throw new ProvisioningException("delete group", name, name() + " cannot delete groups", null);
  }

  /** Adds a user to a group. */
  void addMembership(String userKey, String groupName);

  /** Removes a user from a group. */
  void removeMembership(String userKey, String groupName);

  /**
   * Adds users to and removes users from one group, in as few requests as the host allows (a SCIM
   * service takes many members in one PATCH). usersync calls it with the membership changes of a
   * run, group by group; a user key is in at most one of the two lists. The same rules hold as for
   * {@link #addMembership} and {@link #removeMembership}: a membership that exists already, or
   * one to remove that does not, is success.
   *
   * <p>The default makes one {@link #addMembership} or {@link #removeMembership} call each.
   *
   * @return the changes that failed, by user key, each with its {@link ProvisioningException}
   *     (empty when every change was made). A key not in the answer was applied.
   * @throws ProvisioningException when none of the changes was made (e.g. the group is gone)
   */
  default Map<String, ProvisioningException> applyMemberships(
      String groupName, List<String> adds, List<String> removes) {
    Map<String, ProvisioningException> failed = new LinkedHashMap<>();
    for (String key : adds) {
      OneByOne.attempt("add membership", key, () -> addMembership(key, groupName), failed);
    }
    for (String key : removes) {
      OneByOne.attempt("remove membership", key, () -> removeMembership(key, groupName), failed);
    }
    return failed;
  }

  /** Sets or clears the user's manager, where {@link TargetCapabilities#keepsManagers()}. */
  default void setManager(String userKey, Optional<String> managerKey) {
    throw new ProvisioningException(
        "set manager", userKey, name() + " does not keep managers", null);
  }

  /** Sets the user's photo, where {@link TargetCapabilities#keepsPhotos()}. */
  default void setPhoto(String userKey, Photo photo) {
    throw new ProvisioningException("set photo", userKey, name() + " does not keep photos", null);
  }

  /**
   * Probes every call a sync makes to the host and says, for each one that fails, why and what to
   * fix; never throws for a failed probe. The default has nothing to probe (an in-memory or
   * in-process host) and answers a report without checks.
   */
  default ConnectionReport checkConnection() {
    return ConnectionReport.builder().provider(name()).build();
  }

  /** Removes the user's photo, where {@link TargetCapabilities#canRemovePhotos()}. */
  default void removePhoto(String userKey) {
    throw new ProvisioningException("remove photo", userKey, name() + " cannot remove photos", null);
  }

  /**
   * Makes every change made so far durable, where the target buffers changes (a file written at
   * the end, a batch). usersync calls it once after applying a run's changes and before it commits
   * the sync state; when it throws, the run fails and nothing is committed, so the next run plans
   * the same changes again. Default: nothing to do.
   */
  default void flush() {}

  /** Requests made to the host so far, for the sync report; targets without requests report none. */
  default io.github.usersync.core.model.RequestStats.Snapshot requestStats() {
    return io.github.usersync.core.model.RequestStats.Snapshot.empty();
  }

  /** Releases resources. */
  @Override
  default void close() {}
}
