package io.github.usersync.atlassian.internal;

import io.github.usersync.core.ApiException;
import io.github.usersync.core.http.ConnectionChecks;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.NewHostUser;
import io.github.usersync.core.model.TargetCapabilities;
import java.time.Clock;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Crowd over its user-management API. A user's key is Crowd's {@code key} ({@code <directory
 * id>:<external id>}), which a rename keeps; servers that send no key fall back to the username.
 * Attributes are Crowd user attributes; the IdP link is the attribute {@code usersync.externalId}.
 */
public final class CrowdRestFace implements HostFace {
  /** The attribute that keeps the IdP link. */
  public static final String LINK_ATTRIBUTE = "usersync.externalId";

  private final CrowdApi api;
  private final Map<String, String> nameByKey = new ConcurrentHashMap<>();
  private final Map<String, String> keyByName = new ConcurrentHashMap<>();
  private final LinkIndex fallbackIndex;
  private final MembershipSnapshot memberships;
  private volatile boolean attributeSearchWorks = true;

  /** A face over Crowd's API; memberships are read in one request and reused for {@code membershipCache}. */
  public CrowdRestFace(CrowdApi api, Duration membershipCache, Clock clock) {
    this.api = api;
    this.fallbackIndex = new LinkIndex(Duration.ofSeconds(60), clock);
    this.memberships = new MembershipSnapshot(membershipCache, clock, api::memberships);
  }

  @Override
  public String product() {
    return "crowd";
  }

  /**
   * Renames users (the key stays); no group resource renames or deletes groups here, and photos are
   * not kept. The protected groups are added by the target.
   */
  @Override
  public TargetCapabilities capabilities() {
    return AtlassianCapabilities.BASE;
  }

  /** Probes every read a sync makes on Crowd's API; writes are not probed. */
  @Override
  public ConnectionReport checkConnection() {
    return api.probe(ConnectionChecks.forProvider(product()), "").report();
  }

  HostUser toHostUser(CrowdUser u) {
    String key = u.key().orElse(u.name());
    nameByKey.put(key, u.name());
    keyByName.put(u.name().toLowerCase(java.util.Locale.ROOT), key);
    return HostUser.builder()
        .key(key)
        .username(u.name())
        .email(u.email())
        .displayName(u.displayName())
        .active(u.active())
        .attributes(CrowdApi.userAttributes(u))
        .externalId(Optional.ofNullable(u.attributes().get(LINK_ATTRIBUTE)))
        .build();
  }

  @Override
  public Stream<HostUser> users() {
    return api.users().map(this::toHostUser);
  }

  @Override
  public Optional<HostUser> user(String key) {
    String name = nameByKey.get(key);
    if (name != null) {
      Optional<CrowdUser> u = api.user(name);
      if (u.isPresent() && u.get().key().orElse(u.get().name()).equals(key)) {
        return u.map(this::toHostUser);
      }
      nameByKey.remove(key);
    }
    if (key.indexOf(':') < 0) {
      // Not a Crowd key: this server sends none, so the username is the key.
      return api.user(key).filter(u -> !u.key().isPresent()).map(this::toHostUser);
    }
    return api.userByKey(key).map(this::toHostUser);
  }

  @Override
  public Optional<HostUser> userByUsername(String username) {
    return api.user(username).map(this::toHostUser);
  }

  @Override
  public Optional<HostUser> userByExternalId(String externalId) {
    if (attributeSearchWorks) {
      try {
        return api.usersWhere(LINK_ATTRIBUTE, externalId).findFirst().map(this::toHostUser);
      } catch (ApiException e) {
        if (e.status() != 400 && e.status() != 501) {
          throw e;
        }
        // The directory cannot search by a custom attribute; fall back to reading every user's
        // attributes once (one paged listing) and indexing the links.
        attributeSearchWorks = false;
      }
    }
    Optional<String> key = fallbackIndex.find(externalId, () -> users()
        .filter(u -> u.externalId().isPresent())
        .map(u -> new AbstractMap.SimpleImmutableEntry<>(u.externalId().get(), u.key())));
    return key.flatMap(this::user).filter(u -> u.externalId().map(externalId::equals).orElse(false));
  }

  @Override
  public Stream<HostUser> usersByEmail(String email) {
    return api.usersWhere("email", email).map(this::toHostUser);
  }

  @Override
  public HostUser createAccount(NewHostUser user) {
    Map<String, String> attributes = new LinkedHashMap<>(user.attributes());
    attributes.put(LINK_ATTRIBUTE, user.externalId());
    Optional<CrowdUser> answer = api.createUser(user.username(), user.email().orElse(null),
        user.displayName().orElse(null), user.active(), attributes)
        .filter(u -> u.name().equalsIgnoreCase(user.username()));
    CrowdUser created;
    if (answer.isPresent()) {
      // Crowd answers the new user with its key, so no read is needed. The attributes went in the
      // same request as the user (Crowd stores a user and its attributes in one call,
      // ApplicationService.addUser(Application, UserTemplateWithAttributes, PasswordCredential));
      // an answer that does not list them holds what was sent, as any acknowledged write does.
      created = answer.get().attributesListed() ? answer.get() : answer.get().withAttributes(attributes);
    } else {
      // A Crowd from before CWD-3976 answers without the user: read it for its key.
      created = api.user(user.username()).orElseThrow(() -> new HostRefusal(
          "Crowd accepted the new user '" + user.username() + "' but does not return it; check the"
              + " application's directories in Crowd's console"));
    }
    fallbackIndex.put(user.externalId(), created.key().orElse(created.name()));
    return toHostUser(created);
  }

  private CrowdUser current(HostUser user) {
    return api.user(user.username()).orElseThrow(() -> new HostRefusal(
        "Crowd no longer has the user '" + user.username() + "'"));
  }

  @Override
  public void updateProfile(HostUser user, @Nullable String email, @Nullable String displayName) {
    api.updateUser(current(user), email, displayName, null);
  }

  @Override
  public void rename(HostUser user, String newUsername) {
    api.rename(user.username(), newUsername);
    nameByKey.put(user.key(), newUsername);
    keyByName.remove(user.username().toLowerCase(java.util.Locale.ROOT));
    keyByName.put(newUsername.toLowerCase(java.util.Locale.ROOT), user.key());
    memberships.renamed(user.username(), newUsername);
  }

  @Override
  public void setActive(HostUser user, boolean active) {
    api.updateUser(current(user), null, null, active);
  }

  @Override
  public void delete(HostUser user) {
    api.deleteUser(user.username());
    nameByKey.remove(user.key());
    keyByName.remove(user.username().toLowerCase(java.util.Locale.ROOT));
    memberships.deleted(user.username());
    fallbackIndex.removeKey(user.key());
  }

  @Override
  public void setAttributes(HostUser user, Map<String, String> set, Set<String> remove) {
    if (!set.isEmpty()) {
      api.storeAttributes(user.username(), set);
    }
    for (String r : remove) {
      api.removeAttribute(user.username(), r);
    }
  }

  @Override
  public void setExternalId(HostUser user, String externalId) {
    api.storeAttributes(user.username(), java.util.Collections.singletonMap(LINK_ATTRIBUTE, externalId));
    fallbackIndex.put(externalId, user.key());
  }

  @Override
  public Stream<String> groupNames() {
    return api.groupNames();
  }

  @Override
  public boolean groupExists(String group) {
    return api.groupExists(group);
  }

  @Override
  public void createGroup(String group) {
    api.createGroup(group);
    memberships.created(group);
  }

  @Override
  public Stream<String> groupMemberKeys(String group) {
    if (memberships.enabled()) {
      Optional<Set<String>> names = memberships.members(group);
      if (names.isPresent()) {
        return names.get().stream().map(this::keyOf).flatMap(k -> k.map(Stream::of).orElseGet(Stream::empty));
      }
    }
    return api.groupUsers(group).map(u -> toHostUser(u).key());
  }

  /** The key of a username, from what this face has read, else from Crowd. */
  private Optional<String> keyOf(String username) {
    String key = keyByName.get(username);
    return key != null ? Optional.of(key) : api.user(username).map(u -> toHostUser(u).key());
  }

  @Override
  public Set<String> groupsOf(HostUser user) {
    return api.groupsOfUser(user.username());
  }

  @Override
  public void addMember(HostUser user, String group) {
    api.addUserToGroup(user.username(), group);
    memberships.added(group, user.username());
  }

  @Override
  public void removeMember(HostUser user, String group) {
    api.removeUserFromGroup(user.username(), group);
    memberships.removed(group, user.username());
  }
}
