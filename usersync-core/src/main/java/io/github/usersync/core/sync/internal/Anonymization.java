package io.github.usersync.core.sync.internal;

import io.github.usersync.core.model.HostUser;
import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.sync.AttributeChange;
import io.github.usersync.core.sync.Change;
import io.github.usersync.core.sync.ChangeType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What {@code missingUsers: anonymize} makes of an account: a pseudonym derived from its IdP id
 * (stable, so a second run changes nothing), used as username and display name, an email in the
 * policy's domain, the mapping's attributes removed; the link to the IdP id stays, so a returning
 * user gets the original values back through the planner's ordinary update. Planned by the
 * planner, and computed again from the current host account when held changes are approved.
 * Internal.
 */
final class Anonymization {
  private Anonymization() {}

  /** {@code user-} and the first 12 hex digits of the SHA-256 of the IdP id. */
  static String pseudonym(String externalId) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(externalId.getBytes(StandardCharsets.UTF_8));
      StringBuilder b = new StringBuilder("user-");
      for (int i = 0; i < 6; i++) {
        b.append(Character.forDigit((d[i] >> 4) & 0xf, 16)).append(Character.forDigit(d[i] & 0xf, 16));
      }
      return b.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /**
   * The change that anonymizes {@code h} (linked to an IdP id), or null when it is anonymized and
   * inactive already.
   */
  static @Nullable Change change(HostUser h, String reason, String emailDomain, Set<String> mappedAttributes) {
    String id = h.externalId().orElseThrow(() -> new IllegalStateException("an unlinked user is never anonymized"));
    String alias = pseudonym(id);
    String email = alias + "@" + emailDomain;
    HostUserUpdate.Builder u = HostUserUpdate.builder();
    List<AttributeChange> diffs = new ArrayList<>();
    if (!h.username().equalsIgnoreCase(alias)) {
      u.username(alias);
      diffs.add(AttributeChange.of("username", h.username(), alias));
    }
    if (!h.email().map(email::equalsIgnoreCase).orElse(false)) {
      u.email(email);
      diffs.add(AttributeChange.of("email", h.email().orElse(null), email));
    }
    if (!h.displayName().map(alias::equals).orElse(false)) {
      u.displayName(alias);
      diffs.add(AttributeChange.of("displayName", h.displayName().orElse(null), alias));
    }
    for (String name : mappedAttributes) {
      String current = h.attributes().get(name);
      if (current != null) {
        u.addRemoveAttributes(name);
        diffs.add(AttributeChange.of(name, current, null));
      }
    }
    HostUserUpdate update = u.build();
    if (update.isEmpty() && !h.active()) {
      return null;
    }
    return Change.builder(ChangeType.ANONYMIZE_USER, h.username(), reason)
        .externalId(id).hostKey(h.key()).attributes(diffs).update(update).build();
  }
}
