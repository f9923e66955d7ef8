package io.github.usersync.keycloak.it;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Changes to a seeded realm through the Admin REST API, as an administrator would make them
 * between two syncs: rename a user, disable one, remove a membership, delete a user.
 */
public final class RealmChanges {
  private final KeycloakAdmin admin;
  private final String base;

  /** Changes to {@code realm} made as {@code admin}. */
  public RealmChanges(KeycloakAdmin admin, SeededRealm realm) {
    this.admin = admin;
    this.base = "/realms/" + KeycloakAdmin.enc(realm.realm());
  }

  /** Gives the user a new username (the realm allows editing usernames). */
  public void rename(String userId, String newUsername) {
    ObjectNode u = KeycloakAdmin.object();
    u.put("username", newUsername);
    admin.put(base + "/users/" + userId, u);
  }

  /** Disables the user. */
  public void disable(String userId) {
    ObjectNode u = KeycloakAdmin.object();
    u.put("enabled", false);
    admin.put(base + "/users/" + userId, u);
  }

  /** Removes the user from the group (a direct membership). */
  public void removeMembership(String userId, String groupId) {
    admin.delete(base + "/users/" + userId + "/groups/" + groupId);
  }

  /** Adds the user to the group. */
  public void addMembership(String userId, String groupId) {
    admin.put(base + "/users/" + userId + "/groups/" + groupId);
  }

  /** Deletes the user. */
  public void delete(String userId) {
    admin.delete(base + "/users/" + userId);
  }
}
