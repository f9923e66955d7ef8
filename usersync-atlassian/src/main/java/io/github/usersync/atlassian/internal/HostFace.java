package io.github.usersync.atlassian.internal;

import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One face of an Atlassian host: the raw reads and writes, without the target's rules (idempotency,
 * link conflicts, protected groups), which {@link io.github.usersync.atlassian.AtlassianTarget}
 * applies once for every face. Implementations throw on failure; the target turns every failure
 * into a {@link io.github.usersync.core.ProvisioningException} naming the operation and the user.
 *
 * <p>Users passed back in are as this face last returned them, so a face can use their
 * username (REST APIs address users by name) without another request.
 */
public interface HostFace extends AutoCloseable {
  /** The product name used in messages and reports: {@code jira}, {@code confluence}, {@code crowd}. */
  String product();

  /** What this face can do and which attributes it keeps. */
  TargetCapabilities capabilities();

  /** Why this username cannot be created here, if it cannot (e.g. Confluence's lower case rule). */
  default Optional<String> usernameProblem(String username) {
    return Optional.empty();
  }

  /** The longest attribute value the host keeps, or 0 for no limit. */
  default int maxAttributeLength() {
    return 0;
  }

  /**
   * Why this face cannot write these attributes at all (Confluence's REST API has no resource for
   * profile fields), so the target refuses before it changes anything; empty when it can.
   */
  default Optional<String> attributeWriteProblem(Set<String> names) {
    return Optional.empty();
  }

  /** Every user, with attributes and link, lazily where the host pages. */
  Stream<HostUser> users();

  /** One user by key. */
  Optional<HostUser> user(String key);

  /** One user by username, compared case-insensitively. */
  Optional<HostUser> userByUsername(String username);

  /** The user linked to an IdP id. */
  Optional<HostUser> userByExternalId(String externalId);

  /** The users with an email address, compared case-insensitively. */
  Stream<HostUser> usersByEmail(String email);

  /**
   * Creates the account and returns it as stored, from the host's answer where that carries it
   * (so the target need not read it again). A face may also set the link, attributes and the
   * active flag in the same call where the host allows it; the target applies whatever still
   * differs afterwards.
   */
  HostUser createAccount(NewHostUser user);

  /** Sets email and display name; null leaves a field as it is. */
  void updateProfile(HostUser user, @Nullable String email, @Nullable String displayName);

  /** Renames the account; the key stays. */
  void rename(HostUser user, String newUsername);

  /** Deactivates or reactivates the account. */
  void setActive(HostUser user, boolean active);

  /** Deletes the account; returns once the host has removed it. */
  void delete(HostUser user);

  /** Sets and removes attributes. */
  void setAttributes(HostUser user, Map<String, String> set, Set<String> remove);

  /** Links the account to an IdP id. */
  void setExternalId(HostUser user, String externalId);

  /** The names of every group. */
  Stream<String> groupNames();

  /** Whether a group exists. */
  boolean groupExists(String group);

  /** Creates a group in one write where the host allows it; a group that exists already is success. */
  void createGroup(String group);

  /** The keys of a group's direct members; empty when there is no such group. */
  Stream<String> groupMemberKeys(String group);

  /** The groups a user is a direct member of. */
  Set<String> groupsOf(HostUser user);

  /**
   * Adds a user to a group in one write where the host allows it; a user who is a member already is
   * success. A group that does not exist is refused with the host's answer.
   */
  void addMember(HostUser user, String group);

  /** Removes a user from a group in one write; a user who is not a member (or a group that is gone) is success. */
  void removeMember(HostUser user, String group);

  /**
   * Probes every call a sync makes through this face and says, for each one that fails, what to
   * fix. An in-process face has nothing to probe: the default answers a report without checks.
   */
  default ConnectionReport checkConnection() {
    return ConnectionReport.builder().provider(product()).build();
  }

  /** Releases what the face holds. */
  @Override
  default void close() {}
}
