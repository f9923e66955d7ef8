package io.github.usersync.atlassian.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * IdP id to user key, for hosts that cannot look a user up by the link: built by reading every
 * user's link once, kept up to date by this target's own writes, and rebuilt on a miss when it is
 * older than {@code maxAge} (another node of a cluster may have linked users since). A hit is
 * checked by the caller against the user's actual link.
 */
public final class LinkIndex {
  private final Duration maxAge;
  private final Clock clock;
  private @Nullable Map<String, String> byExternalId;
  private Instant builtAt = Instant.EPOCH;

  /** An index rebuilt on a miss when older than {@code maxAge}. */
  public LinkIndex(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  /**
   * The key linked to {@code externalId}, building the index with {@code links} (pairs of IdP id
   * and key) when there is none yet or it is stale.
   */
  public synchronized Optional<String> find(
      String externalId, Supplier<Stream<Map.Entry<String, String>>> links) {
    Map<String, String> index = byExternalId;
    if (index == null || (!index.containsKey(externalId) && isStale())) {
      index = build(links);
    }
    return Optional.ofNullable(index.get(externalId));
  }

  /** Records a link this target made. */
  public synchronized void put(String externalId, String key) {
    Map<String, String> index = byExternalId;
    if (index != null) {
      index.values().remove(key);
      index.put(externalId, key);
    }
  }

  /** Forgets a user (deleted) by key. */
  public synchronized void removeKey(String key) {
    Map<String, String> index = byExternalId;
    if (index != null) {
      index.values().remove(key);
    }
  }

  /** Drops the index; the next lookup rebuilds it. */
  public synchronized void invalidate() {
    byExternalId = null;
  }

  private boolean isStale() {
    return Duration.between(builtAt, clock.instant()).compareTo(maxAge) > 0;
  }

  private Map<String, String> build(Supplier<Stream<Map.Entry<String, String>>> links) {
    Map<String, String> index = new HashMap<>();
    try (Stream<Map.Entry<String, String>> s = links.get()) {
      s.forEach(e -> index.put(e.getKey(), e.getValue()));
    }
    byExternalId = index;
    builtAt = clock.instant();
    return index;
  }
}
