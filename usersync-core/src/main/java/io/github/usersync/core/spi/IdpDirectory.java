package io.github.usersync.core.spi;

import io.github.usersync.core.DirectoryException;
import io.github.usersync.core.model.RequestStats;
import io.github.usersync.core.model.Capability;
import io.github.usersync.core.model.ChangeCursor;
import io.github.usersync.core.model.ConnectionReport;
import io.github.usersync.core.model.DirectoryCapabilities;
import io.github.usersync.core.model.DirectoryChanges;
import io.github.usersync.core.model.DirectoryGroup;
import io.github.usersync.core.model.DirectoryUser;
import io.github.usersync.core.model.GroupMember;
import io.github.usersync.core.model.Membership;
import io.github.usersync.core.model.Photo;
import io.github.usersync.core.spi.internal.Unsupported;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Read-only access to one IdP tenant: users, groups, memberships, managers, photos and changes.
 *
 * <p>Contract for implementations:
 *
 * <ul>
 *   <li>Thread-safe: the engine keeps up to {@link DirectoryCapabilities#maxConcurrentRequests()}
 *       calls in flight.
 *   <li>Streams are lazy and read page by page; a failure mid-way is thrown from the stream (as a
 *       {@link io.github.usersync.core.RemoteCallException} or {@link DirectoryException}), never
 *       swallowed, so a partial read is never mistaken for a complete one.
 *   <li>Every id put into a URL is encoded; secrets never appear in messages.
 *   <li>Optional operations not in {@link #capabilities()} throw {@link DirectoryException}.
 * </ul>
 */
public interface IdpDirectory extends AutoCloseable {
  /** The provider id, e.g. {@code okta}. */
  String providerId();

  /** What this directory supports. */
  DirectoryCapabilities capabilities();

  /** Lists every user visible to the connector's credentials, lazily, page by page. */
  Stream<DirectoryUser> users(UserQuery query);

  /** Reads one user by IdP id; empty if there is no such user. */
  Optional<DirectoryUser> user(String id, UserQuery query);

  /** Finds a user by email address (JIT enrichment). Needs {@link Capability#FIND_USER_BY_EMAIL}. */
  default Optional<DirectoryUser> userByEmail(String email, UserQuery query) {
    throw unsupported(Capability.FIND_USER_BY_EMAIL);
  }

  /** Lists every group visible to the connector, lazily. Needs {@link Capability#GROUPS}. */
  default Stream<DirectoryGroup> groups() {
    throw unsupported(Capability.GROUPS);
  }

  /**
   * Lists a group's members: direct, or (needs {@link Capability#TRANSITIVE_GROUP_MEMBERS} or an
   * implementation that walks nested groups) transitive. Needs {@link Capability#GROUP_MEMBERS}.
   */
  default Stream<GroupMember> groupMembers(String groupId, Membership membership) {
    throw unsupported(Capability.GROUP_MEMBERS);
  }

  /** Lists the groups a user belongs to. Needs {@link Capability#USER_GROUPS}. */
  default Stream<DirectoryGroup> groupsOfUser(String userId, Membership membership) {
    throw unsupported(Capability.USER_GROUPS);
  }

  /** The IdP id of the user's manager; empty when none. Needs {@link Capability#MANAGER}. */
  default Optional<String> managerId(String userId) {
    throw unsupported(Capability.MANAGER);
  }

  /**
   * The managers of many users at once (an entry per user: the manager's IdP id, empty when none),
   * for IdPs that read many in one request (Graph's JSON batching). The engine hands each call a
   * share of the users and runs up to {@link DirectoryCapabilities#maxConcurrentRequests()} calls
   * at once. Default: {@link #managerId(String)} per user, in order. A failure is thrown, as from
   * {@code managerId}. Needs {@link Capability#MANAGER}.
   */
  default Map<String, Optional<String>> managerIds(List<String> userIds) {
    Map<String, Optional<String>> out = new LinkedHashMap<>();
    for (String id : userIds) {
      out.put(id, managerId(id));
    }
    return out;
  }

  /** The user's profile photo; empty when none. Needs {@link Capability#PHOTO}. */
  default Optional<Photo> photo(String userId) {
    throw unsupported(Capability.PHOTO);
  }

  /**
   * A fingerprint of the user's photo, cheaper than the photo (metadata, an etag); empty when the
   * user has none. Needs {@link Capability#PHOTO_FINGERPRINT}.
   */
  default Optional<String> photoFingerprint(String userId) {
    throw unsupported(Capability.PHOTO_FINGERPRINT);
  }

  /**
   * The photo fingerprints of many users at once (empty: no photo), called like {@link
   * #managerIds(List)}. A user whose photo could not be read may be left out of the map: the engine
   * then leaves that user's photo as it is this run. Default: {@link #photoFingerprint(String)} per
   * user, in order, a failure thrown. Needs {@link Capability#PHOTO_FINGERPRINT}.
   */
  default Map<String, Optional<String>> photoFingerprints(List<String> userIds) {
    Map<String, Optional<String>> out = new LinkedHashMap<>();
    for (String id : userIds) {
      out.put(id, photoFingerprint(id));
    }
    return out;
  }

  /**
   * The photos of many users at once (empty: no photo), called like {@link #managerIds(List)}. A
   * user whose photo could not be read may be left out of the map: the engine then asks {@link
   * #photo(String)} for that user alone. Default: {@code photo} per user, in order, a failure
   * thrown. Needs {@link Capability#PHOTO}.
   */
  default Map<String, Optional<Photo>> photos(List<String> userIds) {
    Map<String, Optional<Photo>> out = new LinkedHashMap<>();
    for (String id : userIds) {
      out.put(id, photo(id));
    }
    return out;
  }

  /**
   * Starts tracking changes from now, before a full read, so the next incremental read sees
   * everything that changed during or after it. Needs {@link Capability#CHANGES}.
   */
  default ChangeCursor startChangeTracking(UserQuery query) {
    throw unsupported(Capability.CHANGES);
  }

  /**
   * Reads what changed since {@code cursor}. Needs {@link Capability#CHANGES}.
   *
   * @throws io.github.usersync.core.ChangeCursorExpiredException when the IdP no longer accepts
   *     the cursor; run a full read instead
   */
  default DirectoryChanges changesSince(ChangeCursor cursor, UserQuery query) {
    throw unsupported(Capability.CHANGES);
  }

  /**
   * Probes every endpoint this connector needs and says, for each, whether it answered and, if
   * not, why and what to fix. Never throws for a failed probe.
   */
  ConnectionReport checkConnection();

  /** Requests made so far, with retries and throttle waits, for the sync report. */
  default RequestStats.Snapshot requestStats() {
    return RequestStats.Snapshot.empty();
  }

  /** Releases resources; the directory must not be used afterwards. */
  @Override
  default void close() {}

  private DirectoryException unsupported(Capability capability) {
    return Unsupported.capability(providerId(), capability, capabilities().supported());
  }
}
