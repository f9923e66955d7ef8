package io.github.usersync.core.spi;

import io.github.usersync.core.ProvisioningException;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link ProvisioningTarget} over a store of user records (a table, a map, a remote API), that
 * keeps the bookkeeping of the target contract so a host writes only how to insert, save and remove
 * a record and how to keep groups.
 *
 * <p>It refuses a username taken by another account or an IdP id linked to another account, checks
 * attributes against {@link io.github.usersync.core.model.TargetCapabilities#allowedAttributes()},
 * applies an update field by field (attributes set and removed, a rename only where allowed and
 * free), writes only what changed, makes activation, deletion and managers idempotent, and names
 * the operation and the user in every {@link ProvisioningException}. It reads through {@link
 * #user(String)}, {@link #userByUsername(String)} and {@link #userByExternalId(String)}; a host with
 * many users overrides them with indexed look-ups.
 *
 * <p>It adds no locking: a host whose target is called by several apply workers at once ({@code
 * SyncPolicy.applyConcurrency()} above 1) makes its store safe for that.
 */
public abstract class AbstractProvisioningTarget implements ProvisioningTarget {
  /** For subclasses. */
  protected AbstractProvisioningTarget() {}

  /**
   * Stores a new account as given and returns it as stored, with the host's key. Called only after
   * the checks above passed.
   */
  protected abstract HostUser insertUser(NewHostUser user);

  /** Replaces the stored account with the same key by {@code user}. Called only for a change. */
  protected abstract void saveUser(HostUser user);

  /** Removes the account with this key and its group memberships. Called only if it exists. */
  protected abstract void removeUser(String key);

  @Override
  public HostUser createUser(NewHostUser user) {
    String op = "create user";
    Optional<HostUser> sameName = userByUsername(user.username());
    if (sameName.isPresent()) {
      if (sameName.get().externalId().equals(Optional.of(user.externalId()))) {
        return sameName.get();
      }
      throw new ProvisioningException(op, user.username(),
          "the username is taken by another account" + linkOf(sameName.get()), null);
    }
    Optional<HostUser> sameLink = userByExternalId(user.externalId());
    if (sameLink.isPresent()) {
      throw new ProvisioningException(op, user.username(), "IdP id " + user.externalId()
          + " is already linked to the account '" + sameLink.get().username() + "'", null);
    }
    checkAttributes(op, user.username(), user.attributes().keySet());
    return insertUser(user);
  }

  @Override
  public HostUser updateUser(String key, HostUserUpdate update) {
    String op = "update user";
    HostUser current = existing(op, key);
    checkAttributes(op, current.username(), update.setAttributes().keySet());
    HostUser.Builder next = HostUser.builder().from(current);
    Optional<String> newName = update.username().filter(n -> !n.equals(current.username()));
    if (newName.isPresent()) {
      String name = newName.get();
      if (!capabilities().canRenameUsers()) {
        throw new ProvisioningException("rename user", current.username(),
            name() + " cannot change usernames (asked for '" + name + "')", null);
      }
      Optional<HostUser> other = userByUsername(name).filter(u -> !u.key().equals(key));
      if (other.isPresent()) {
        throw new ProvisioningException(
            "rename user", current.username(), "the username '" + name + "' is taken", null);
      }
      next.username(name);
    }
    Optional<String> newLink = update.externalId();
    if (newLink.isPresent()) {
      Optional<HostUser> other = userByExternalId(newLink.get()).filter(u -> !u.key().equals(key));
      if (other.isPresent()) {
        throw new ProvisioningException(op, current.username(), "IdP id " + newLink.get()
            + " is already linked to the account '" + other.get().username() + "'", null);
      }
      next.externalId(newLink);
    }
    update.email().ifPresent(next::email);
    update.displayName().ifPresent(next::displayName);
    Map<String, String> attributes = new LinkedHashMap<>(current.attributes());
    attributes.putAll(update.setAttributes());
    attributes.keySet().removeAll(update.removeAttributes());
    next.attributes(attributes);
    HostUser updated = next.build();
    if (!updated.equals(current)) {
      saveUser(updated);
    }
    return updated;
  }

  @Override
  public void deactivateUser(String key) {
    setActive("deactivate user", key, false);
  }

  @Override
  public void reactivateUser(String key) {
    setActive("reactivate user", key, true);
  }

  @Override
  public void deleteUser(String key) {
    Optional<HostUser> u = user(key);
    if (!u.isPresent()) {
      return;
    }
    if (!capabilities().canDeleteUsers()) {
      throw new ProvisioningException(
          "delete user", u.get().username(), name() + " does not delete users", null);
    }
    removeUser(key);
  }

  /** Sets or clears the manager where the host keeps managers; refuses it otherwise. */
  @Override
  public void setManager(String userKey, Optional<String> managerKey) {
    if (!capabilities().keepsManagers()) {
      ProvisioningTarget.super.setManager(userKey, managerKey);
      return;
    }
    HostUser current = existing("set manager", userKey);
    if (!current.managerKey().equals(managerKey)) {
      saveUser(HostUser.builder().from(current).managerKey(managerKey).build());
    }
  }

  /** The account with this key, or a {@link ProvisioningException} naming {@code operation}. */
  protected final HostUser existing(String operation, String key) {
    return user(key).orElseThrow(() ->
        new ProvisioningException(operation, key, "there is no user with key " + key, null));
  }

  private void setActive(String op, String key, boolean active) {
    HostUser current = existing(op, key);
    if (current.active() != active) {
      saveUser(HostUser.builder().from(current).active(active).build());
    }
  }

  private void checkAttributes(String op, String username, Set<String> names) {
    for (String n : names) {
      if (!capabilities().acceptsAttribute(n)) {
        throw new ProvisioningException(op, username, name() + " does not keep the attribute '" + n
            + "'; it keeps " + capabilities().allowedAttributes().orElse(Set.of()), null);
      }
    }
  }

  private static String linkOf(HostUser u) {
    return u.externalId().map(id -> " (linked to IdP id " + id + ")").orElse(" (not linked)");
  }
}
