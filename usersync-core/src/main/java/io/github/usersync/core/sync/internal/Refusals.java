package io.github.usersync.core.sync.internal;

import io.github.usersync.core.mapping.AttributeValue;
import io.github.usersync.core.mapping.MappedUser;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.SyncState;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
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
   * A fingerprint of everything the mapping wants for a user (64-bit FNV-1a hashes, attributes and
   * groups combined independently of their order; see {@link #hex}): equal fingerprints mean the
   * same wanted data. Never {@link #UNMAPPED} or {@link #GONE}. Allocates nothing: it is computed
   * for every mapped user.
   */
  static long fingerprint(MappedUser m) {
    long h = hash(OFFSET, m.username());
    h = value(h, m.email());
    h = value(h, m.displayName());
    h = mix(h, m.active() ? 1 : 2);
    long attributes = 0;
    for (Map.Entry<String, AttributeValue> e : m.attributes().entrySet()) {
      attributes += value(hash(OFFSET, e.getKey()), e.getValue());
    }
    long groups = 0;
    for (String g : m.groups()) {
      groups += hash(OFFSET, g);
    }
    h = mix(mix(h, attributes), groups);
    h = hash(h, m.managerId().orElse(""));
    h = hash(h, m.photoFingerprint().orElse(""));
    return h == UNMAPPED || h == GONE ? 2 : h;
  }

  private static final long OFFSET = 0xcbf29ce484222325L;
  private static final long PRIME = 0x100000001b3L;

  private static long value(long h, AttributeValue v) {
    return hash(mix(h, v.kind().ordinal()), v.value().orElse(""));
  }

  private static long hash(long h, String s) {
    for (int i = 0; i < s.length(); i++) {
      h = (h ^ s.charAt(i)) * PRIME;
    }
    return (h ^ 0xffff) * PRIME; // a separator, so "ab"+"c" differs from "a"+"bc"
  }

  private static long mix(long h, long x) {
    for (int i = 0; i < 8; i++) {
      h = (h ^ ((x >>> (i * 8)) & 0xff)) * PRIME;
    }
    return h;
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
