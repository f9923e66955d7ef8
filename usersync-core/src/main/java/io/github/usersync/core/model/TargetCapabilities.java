package io.github.usersync.core.model;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.immutables.value.Value;

/**
 * What a provisioning target can do, which attributes it keeps, and what it will never do. The
 * planner leaves out every change a target declares it will never make and reports each once as
 * skipped, with the reason and the way out, instead of failing it on every run:
 *
 * <pre>{@code
 * TargetCapabilities.builder()
 *     .addProtectedGroups("jira-administrators", "jira-system-administrators")
 *     .canRenameUsers(false)                 // no REST resource to rename
 *     .addReadOnlyFields("displayName")      // a version that cannot change it
 *     .build();
 * }</pre>
 */
@Value.Immutable
public interface TargetCapabilities {
  /**
   * The attribute names the host accepts, when it accepts only some (Confluence: phone, im,
   * website, position, department, location); empty when it accepts any name (Jira).
   */
  Optional<Set<String>> allowedAttributes();

  /** Whether users can be deleted (as opposed to only deactivated). */
  @Value.Default
  default boolean canDeleteUsers() {
    return true;
  }

  /**
   * Whether a deleted user's group memberships stay in the host (default false: deleting a user
   * removes its memberships); where they stay, {@code SyncPolicy.stripMembershipsOnCleanup} removes
   * them before the deletion.
   */
  @Value.Default
  default boolean keepsMembershipsOfDeletedUsers() {
    return false;
  }

  /** Whether groups can be created. */
  @Value.Default
  default boolean canCreateGroups() {
    return true;
  }

  /**
   * Whether usernames can be changed in place; if not, renames in the IdP are left out and reported
   * once, and {@code missingUsers: anonymize} is refused when the sync is built.
   */
  @Value.Default
  default boolean canRenameUsers() {
    return true;
  }

  /**
   * Whether {@link io.github.usersync.core.spi.ProvisioningTarget#renameGroup} works: a group
   * renamed (or moved) in the IdP is then renamed in the host, keeping its permissions, instead of
   * being emptied and created anew. Default false.
   */
  @Value.Default
  default boolean canRenameGroups() {
    return false;
  }

  /**
   * Whether {@link io.github.usersync.core.spi.ProvisioningTarget#deleteGroup} works (used only for
   * groups usersync created, emptied after their IdP group left, when {@code
   * SyncPolicy.deleteEmptiedGroups} is on). Default false.
   */
  @Value.Default
  default boolean canDeleteGroups() {
    return false;
  }

  /**
   * Whether {@link io.github.usersync.core.spi.ProvisioningTarget#removePhoto} works, so a photo
   * removed in the IdP is removed in the host. Default false.
   */
  @Value.Default
  default boolean canRemovePhotos() {
    return false;
  }

  /**
   * Host groups usersync never creates, renames, deletes or changes the members of, and whose
   * members it never deactivates or deletes: the host's administrators groups (Jira's {@code
   * jira-administrators}, Crowd's {@code crowd-administrators}). Compared case-insensitively. A
   * sync may protect more groups with {@code SyncPolicy.protectedGroups}.
   */
  Set<String> protectedGroups();

  /**
   * User fields the host cannot change once the account exists ({@code displayName}, {@code
   * email} or an attribute name), e.g. the display name on Confluence before 9.4; changes to them
   * are left out and reported once. Renames are governed by {@link #canRenameUsers()}.
   */
  Set<String> readOnlyFields();

  /** Whether the host keeps a manager per user. */
  @Value.Default
  default boolean keepsManagers() {
    return false;
  }

  /** Whether the host keeps a profile photo per user. */
  @Value.Default
  default boolean keepsPhotos() {
    return false;
  }

  /** Whether {@code group} is one of the {@link #protectedGroups()} (case-insensitive). */
  default boolean protects(String group) {
    String g = group.toLowerCase(Locale.ROOT);
    return protectedGroups().stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).equals(g));
  }

  /** Whether the host accepts an attribute of this name. */
  default boolean acceptsAttribute(String name) {
    return allowedAttributes().map(s -> s.contains(name)).orElse(true);
  }

  /** A new builder. */
  static Builder builder() {
    return new Builder();
  }

  /** Builds {@link TargetCapabilities}. */
  final class Builder extends ImmutableTargetCapabilities.Builder {}
}
