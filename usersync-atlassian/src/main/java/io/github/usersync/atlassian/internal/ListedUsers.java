package io.github.usersync.atlassian.internal;

import io.github.usersync.core.model.HostUser;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The users the target's own listing returned in this run, kept up to date by the target's own
 * writes, so a change the engine planned from that listing does not read the user again before it
 * writes (a REST host addresses users by username; the engine knows only the key). A new listing
 * replaces it; {@link #clear()} ends it (the engine flushes the target once per run).
 *
 * <p>A hit is as current as the listing: a change made elsewhere since then shows as a failed write
 * (the entry is then dropped, so the next change reads afresh). "Not listed" is trusted only when
 * the listing was read to its end ({@link #complete()}).
 */
public final class ListedUsers {
  private final Map<String, HostUser> byKey = new ConcurrentHashMap<>();
  private final Map<String, String> keyByName = new ConcurrentHashMap<>();
  private final Map<String, String> keyByLink = new ConcurrentHashMap<>();
  private volatile boolean complete;

  /** Starts a new listing: {@code listing} is recorded as it is read. */
  public Stream<HostUser> record(Stream<HostUser> listing) {
    clear();
    Stream<HostUser> end = Stream.<Runnable>of(() -> complete = true).flatMap(r -> {
      r.run();
      return Stream.empty();
    });
    return Stream.concat(listing.peek(this::put), end);
  }

  /** Whether the last listing was read to its end (so a user not in it was not in the host). */
  public boolean complete() {
    return complete;
  }

  /** A listed (or since written) user by key. */
  public Optional<HostUser> byKey(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Whether a complete listing holds no user with this username (case-insensitive) nor link. */
  public boolean surelyFree(String username, String externalId) {
    return complete && !keyByName.containsKey(lower(username)) && !keyByLink.containsKey(externalId);
  }

  /** Records a user as the target last read or wrote it. */
  public void put(HostUser u) {
    HostUser old = byKey.put(u.key(), u);
    if (old != null) {
      keyByName.remove(lower(old.username()), old.key());
      old.externalId().ifPresent(id -> keyByLink.remove(id, old.key()));
    }
    keyByName.put(lower(u.username()), u.key());
    u.externalId().ifPresent(id -> keyByLink.put(id, u.key()));
  }

  /** Forgets a user (deleted, or found to differ from what was listed). */
  public void remove(String key) {
    HostUser old = byKey.remove(key);
    if (old != null) {
      keyByName.remove(lower(old.username()), key);
      old.externalId().ifPresent(id -> keyByLink.remove(id, key));
    }
  }

  /** Forgets everything: the next change reads what it needs. */
  public void clear() {
    complete = false;
    byKey.clear();
    keyByName.clear();
    keyByLink.clear();
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
