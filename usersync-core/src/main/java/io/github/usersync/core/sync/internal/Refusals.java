package io.github.usersync.core.sync.internal;

import io.github.usersync.core.mapping.AttributeValue;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.SyncState;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Changes the host refused permanently or never makes, remembered per IdP user with a fingerprint
 * of the user's mapped data: such a change is reported once, then left out silently until the
 * user's data in the IdP changes.
 */
final class Refusals {
  /** The fingerprint of a user whose memberships alone are planned (profile not mapped). */
  static final long UNMAPPED = 0;
  /** The fingerprint of a user the IdP no longer has (nothing mapped). */
  static final long GONE = 1;

  private final Map<String, SyncState.Refusal> before;
  /** Users mapped this run with other data than when they were refused: their refusal lapses. */
  final Set<String> lapsed = new HashSet<>();
  /** Refusals made this run: user id → fingerprint, reason, change keys. */
  final Map<String, Added> added = new LinkedHashMap<>();

  static final class Added {
    final String fingerprint;
    final String reason;
    final Set<String> changes = new TreeSet<>();

    Added(String fingerprint, String reason) {
      this.fingerprint = fingerprint;
      this.reason = reason;
    }
  }

  Refusals(Map<String, SyncState.Refusal> before) {
    this.before = before;
  }

  /** What a refusal of this change is remembered as: its type and, for memberships, the group. */
  static String key(Change c) {
    return c.group().map(g -> c.type().name() + " " + g).orElse(c.type().name());
  }

  /** A user was mapped with this fingerprint: a refusal recorded for other data lapses. */
  void seen(String userId, long fingerprint) {
    SyncState.Refusal r = before.get(userId);
    if (r != null && !r.fingerprint().equals(hex(fingerprint))) {
      lapsed.add(userId);
    }
  }

  /** Whether the host refused this change of this user, with this data, in an earlier run. */
  boolean remembered(String userId, long fingerprint, String key) {
    if (before.isEmpty()) {
      return false;
    }
    SyncState.Refusal r = before.get(userId);
    return r != null && r.fingerprint().equals(hex(fingerprint))
        && (r.changes().isEmpty() || r.changes().contains(key));
  }

  /** Records a refusal made this run. */
  void add(String userId, long fingerprint, String key, String reason) {
    added.computeIfAbsent(userId, k -> new Added(hex(fingerprint), reason)).changes.add(key);
  }

  /**
   * A fingerprint of everything the mapping wants for a user (a 64-bit FNV-1a hash; see {@link
   * #hex}): equal fingerprints mean the same wanted data. Never {@link #UNMAPPED} or {@link #GONE}.
   */
  static long fingerprint(MappedUser m) {
    StringBuilder b = new StringBuilder(128);
    b.append(m.username()).append('\u0000');
    value(b, m.email());
    value(b, m.displayName());
    b.append(m.active()).append('\u0000');
    new TreeMap<>(m.attributes()).forEach((k, v) -> {
      b.append(k).append('=');
      value(b, v);
    });
    b.append('\u0001');
    new TreeSet<>(m.groups()).forEach(g -> b.append(g).append('\u0000'));
    b.append('\u0001').append(m.managerId().orElse("")).append('\u0000').append(m.photoFingerprint().orElse(""));
    long h = 0xcbf29ce484222325L;
    for (byte x : b.toString().getBytes(StandardCharsets.UTF_8)) {
      h ^= x & 0xff;
      h *= 0x100000001b3L;
    }
    return h == UNMAPPED || h == GONE ? 2 : h;
  }

  /** A fingerprint as the state stores it. */
  static String hex(long fingerprint) {
    return fingerprint == UNMAPPED ? "unmapped" : fingerprint == GONE ? "gone"
        : String.format(java.util.Locale.ROOT, "%016x", fingerprint);
  }

  private static void value(StringBuilder b, AttributeValue v) {
    b.append(v.kind().name().charAt(0)).append(v.value().orElse("")).append('\u0000');
  }
}
