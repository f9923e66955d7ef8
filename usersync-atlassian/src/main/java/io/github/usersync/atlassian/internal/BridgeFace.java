package io.github.usersync.atlassian.internal;

import io.github.usersync.atlassian.bridge.BridgeUser;
import io.github.usersync.atlassian.bridge.GroupBridge;
import io.github.usersync.atlassian.bridge.UserBridge;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The in-process face: a {@link HostFace} over a product bridge. Users and groups go straight
 * to the bridge; subclasses say where attributes and the IdP link live (Jira's property set,
 * Confluence's profile fields).
 */
abstract class BridgeFace implements HostFace {
  /** Where the IdP link is kept, in both products' per-user stores. */
  static final String LINK_KEY = "usersync.externalId";

  private final UserBridge users;
  private final GroupBridge groups;
  private final LinkIndex links;

  BridgeFace(UserBridge users, GroupBridge groups, Duration linkIndexMaxAge, Clock clock) {
    this.users = users;
    this.groups = groups;
    this.links = new LinkIndex(linkIndexMaxAge, clock);
  }

  /** The user's attributes, by name. */
  abstract Map<String, String> attributes(String key);

  /** The user's IdP id, if linked. */
  abstract Optional<String> link(String key);

  /** Stores the IdP id. */
  abstract void storeLink(String key, String externalId);

  /** Sets and removes attributes. */
  abstract void storeAttributes(String key, Map<String, String> set, Set<String> remove);

  final HostUser toHostUser(BridgeUser b) {
    return HostUser.builder()
        .key(b.key())
        .username(b.username())
        .email(b.email())
        .displayName(b.displayName())
        .active(b.active())
        .attributes(attributes(b.key()))
        .externalId(link(b.key()))
        .build();
  }

  @Override
  public Stream<HostUser> users() {
    return users.allUsers().map(this::toHostUser);
  }

  @Override
  public Optional<HostUser> user(String key) {
    return users.userByKey(key).map(this::toHostUser);
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return users.userByUsername(username).map(this::toHostUser);
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    for (int attempt = 0; attempt < 2; attempt++) {
      Optional<String> key = links.find(externalId, this::allLinks);
      if (!key.isPresent()) {
        return Optional.empty();
      }
      Optional<HostUser> u = user(key.get());
      if (u.isPresent() && u.get().externalId().map(externalId::equals).orElse(false)) {
        return u;
      }
      links.invalidate();
    }
    return Optional.empty();
  }

  private Stream<Map.Entry<String, String>> allLinks() {
    return users.allUsers()
        .flatMap(u -> link(u.key())
            .map(id -> Stream.<Map.Entry<String, String>>of(new AbstractMap.SimpleImmutableEntry<>(id, u.key())))
            .orElseGet(Stream::empty));
  }

  @Override
  public Stream<HostUser> usersByEmail(String email) {
    return users.usersByEmail(email).map(this::toHostUser);
  }

  @Override
  public HostUser createAccount(NewHostUser user) {
    return toHostUser(users.createUser(user.username(), user.email().orElse(null), user.displayName().orElse(null)));
  }

  @Override
  public void updateProfile(HostUser user, @Nullable String email, @Nullable String displayName) {
    users.updateUser(user.key(), email, displayName);
  }

  @Override
  public void rename(HostUser user, String newUsername) {
    users.renameUser(user.key(), newUsername);
  }

  @Override
  public void setActive(HostUser user, boolean active) {
    users.setActive(user.key(), active);
  }

  @Override
  public void delete(HostUser user) {
    users.deleteUser(user.key());
    links.removeKey(user.key());
  }

  @Override
  public void setAttributes(HostUser user, Map<String, String> set, Set<String> remove) {
    storeAttributes(user.key(), set, remove);
  }

  @Override
  public void setExternalId(HostUser user, String externalId) {
    storeLink(user.key(), externalId);
    links.put(externalId, user.key());
  }

  @Override
  public Stream<String> groupNames() {
    return groups.groupNames();
  }

  @Override
  public boolean groupExists(String group) {
    return groups.groupExists(group);
  }

  @Override
  public void createGroup(String group) {
    if (!groups.groupExists(group)) {
      groups.createGroup(group);
    }
  }

  @Override
  public Stream<String> groupMemberKeys(String group) {
    return groups.groupExists(group) ? groups.memberKeys(group) : Stream.empty();
  }

  @Override
  public Set<String> groupsOf(HostUser user) {
    return groups.groupsOfUser(user.key());
  }

  @Override
  public void addMember(HostUser user, String group) {
    // In-process reads cost no request; the products' managers refuse an existing membership.
    if (!groups.groupExists(group)) {
      throw new HostRefusal("there is no group '" + group + "'; create it first");
    }
    if (groups.groupsOfUser(user.key()).stream().noneMatch(group::equalsIgnoreCase)) {
      groups.addMember(user.key(), group);
    }
  }

  @Override
  public void removeMember(HostUser user, String group) {
    Optional<String> actual = groups.groupsOfUser(user.key()).stream().filter(group::equalsIgnoreCase).findFirst();
    if (actual.isPresent()) {
      groups.removeMember(user.key(), actual.get());
    }
  }
}
