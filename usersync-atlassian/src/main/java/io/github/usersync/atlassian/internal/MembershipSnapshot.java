package io.github.usersync.atlassian.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Every group's direct user members, read in one request (Crowd's {@code /group/membership}) and
 * reused for {@code maxAge}, so reading the members of G groups costs one request instead of G
 * paged listings. The target's own membership changes are applied to it as they are made; changes
 * made elsewhere show once it is older than {@code maxAge}. A zero {@code maxAge} turns it off.
 */
public final class MembershipSnapshot {
  private final Duration maxAge;
  private final Clock clock;
  private final Supplier<Map<String, Set<String>>> loader;
  private @Nullable Map<String, Set<String>> byGroup;
  private Instant readAt = Instant.EPOCH;

  /** A snapshot loaded by {@code loader} (group name to usernames). */
  public MembershipSnapshot(Duration maxAge, Clock clock, Supplier<Map<String, Set<String>>> loader) {
    this.maxAge = maxAge;
    this.clock = clock;
    this.loader = loader;
  }

  /** Whether the snapshot is used at all. */
  public boolean enabled() {
    return !maxAge.isZero() && !maxAge.isNegative();
  }

  /** The usernames (lower case) of a group's direct members; empty when the group is not in the snapshot. */
  public synchronized Optional<Set<String>> members(String group) {
    Map<String, Set<String>> m = byGroup;
    if (m == null || Duration.between(readAt, clock.instant()).compareTo(maxAge) > 0) {
      Map<String, Set<String>> fresh = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      loader.get().forEach((g, users) -> {
        Set<String> lower = new LinkedHashSet<>();
        users.forEach(u -> lower.add(u.toLowerCase(Locale.ROOT)));
        fresh.put(g, lower);
      });
      m = fresh;
      byGroup = fresh;
      readAt = clock.instant();
    }
    Set<String> members = m.get(group);
    return members == null ? Optional.empty() : Optional.of(new LinkedHashSet<>(members));
  }

  /** Records a membership this target added. */
  public synchronized void added(String group, String username) {
    Map<String, Set<String>> m = byGroup;
    if (m != null) {
      m.computeIfAbsent(group, g -> new LinkedHashSet<>()).add(username.toLowerCase(Locale.ROOT));
    }
  }

  /** Records a membership this target removed. */
  public synchronized void removed(String group, String username) {
    Map<String, Set<String>> m = byGroup;
    if (m != null && m.containsKey(group)) {
      m.get(group).remove(username.toLowerCase(Locale.ROOT));
    }
  }

  /** Records a group this target created. */
  public synchronized void created(String group) {
    Map<String, Set<String>> m = byGroup;
    if (m != null) {
      m.putIfAbsent(group, new LinkedHashSet<>());
    }
  }

  /** Records a rename this target made. */
  public synchronized void renamed(String oldName, String newName) {
    Map<String, Set<String>> m = byGroup;
    if (m != null) {
      for (Set<String> members : m.values()) {
        if (members.remove(oldName.toLowerCase(Locale.ROOT))) {
          members.add(newName.toLowerCase(Locale.ROOT));
        }
      }
    }
  }

  /** Records a user this target deleted. */
  public synchronized void deleted(String username) {
    Map<String, Set<String>> m = byGroup;
    if (m != null) {
      m.values().forEach(members -> members.remove(username.toLowerCase(Locale.ROOT)));
    }
  }
}
