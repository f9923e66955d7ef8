package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.sync.SyncMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What one run reads: every user (full), the changes since a cursor plus the pending users
 * (incremental), or one user by id or from login claims. Internal.
 */
public final class Scope {
  final SyncMode mode;
  final @Nullable ChangeCursor cursor;
  final boolean trackChanges;
  final @Nullable String userId;
  final @Nullable DirectoryUser claimsUser;
  final List<DirectoryGroup> claimsGroups;
  /** Whether the one user was removed in the IdP (a pushed removal): nothing to read. */
  final boolean removed;

  private Scope(SyncMode mode, @Nullable ChangeCursor cursor, boolean trackChanges, @Nullable String userId,
      @Nullable DirectoryUser claimsUser, List<DirectoryGroup> claimsGroups) {
    this(mode, cursor, trackChanges, userId, claimsUser, claimsGroups, false);
  }

  private Scope(SyncMode mode, @Nullable ChangeCursor cursor, boolean trackChanges, @Nullable String userId,
      @Nullable DirectoryUser claimsUser, List<DirectoryGroup> claimsGroups, boolean removed) {
    this.mode = mode;
    this.cursor = cursor;
    this.trackChanges = trackChanges;
    this.userId = userId;
    this.claimsUser = claimsUser;
    this.claimsGroups = claimsGroups;
    this.removed = removed;
  }

  /** Every user; {@code trackChanges}: start change tracking first, for the next incremental run. */
  public static Scope full(boolean trackChanges) {
    return new Scope(SyncMode.FULL, null, trackChanges, null, null, List.of());
  }

  /** The changes since {@code cursor}, and the users pending from earlier runs. */
  public static Scope incremental(ChangeCursor cursor) {
    return new Scope(SyncMode.INCREMENTAL, cursor, false, null, null, List.of());
  }

  /** One user, read from the IdP by id. */
  public static Scope user(String idpUserId) {
    return new Scope(SyncMode.SINGLE_USER, null, false, idpUserId, null, List.of());
  }

  /** One user as login claims describe it, with the groups the claims name. */
  public static Scope claims(DirectoryUser user, List<DirectoryGroup> groups) {
    return new Scope(SyncMode.JIT, null, false, user.id(), user, groups);
  }

  /** One user an IdP pushed (SCIM), with the groups pushed with it. */
  public static Scope pushed(DirectoryUser user, List<DirectoryGroup> groups) {
    return new Scope(SyncMode.PUSH, null, false, user.id(), user, groups);
  }

  /** One user the IdP removed (a pushed removal). */
  public static Scope pushedRemoval(String idpUserId) {
    return new Scope(SyncMode.PUSH, null, false, idpUserId, null, List.of(), true);
  }

  /** How the IdP is read. */
  public SyncMode mode() {
    return mode;
  }

  /** Whether the run covers one user only (and so never writes the sync state). */
  public boolean oneUser() {
    return oneUser(mode);
  }

  /** Whether runs of this mode cover one user only. */
  public static boolean oneUser(SyncMode mode) {
    return mode == SyncMode.SINGLE_USER || mode == SyncMode.JIT || mode == SyncMode.PUSH;
  }

  /** For single-user runs: the user's IdP id. */
  public String userId() {
    return java.util.Objects.requireNonNull(userId, "not a single-user scope");
  }
}
