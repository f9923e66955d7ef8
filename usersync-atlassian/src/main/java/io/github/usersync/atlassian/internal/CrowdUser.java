package io.github.usersync.atlassian.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A user as Crowd's user-management API returns it ({@code name}, {@code key}, {@code active},
 * {@code first-name}, {@code last-name}, {@code display-name}, {@code email}, and with {@code
 * expand=attributes} its multi-valued attributes).
 */
public final class CrowdUser {
  private final String name;
  private final @Nullable String key;
  private final boolean active;
  private final @Nullable String firstName;
  private final @Nullable String lastName;
  private final @Nullable String displayName;
  private final @Nullable String email;
  private final Map<String, String> attributes;
  private final boolean attributesListed;

  private CrowdUser(JsonNode n) {
    this.name = n.path("name").asText();
    this.key = text(n, "key");
    this.active = n.path("active").asBoolean(true);
    this.firstName = text(n, "first-name");
    this.lastName = text(n, "last-name");
    this.displayName = text(n, "display-name");
    this.email = text(n, "email");
    JsonNode attrs = n.path("attributes");
    // Crowd's own samples name the list "attributes"; its newer reference shows "attribute".
    JsonNode list = attrs.has("attributes") ? attrs.path("attributes") : attrs.path("attribute");
    this.attributesListed = list.isArray();
    Map<String, String> a = new LinkedHashMap<>();
    for (JsonNode attr : list) {
      JsonNode values = attr.path("values");
      if (attr.hasNonNull("name") && values.size() > 0) {
        a.put(attr.path("name").asText(), values.get(0).asText());
      }
    }
    this.attributes = Collections.unmodifiableMap(a);
  }

  private CrowdUser(CrowdUser u, Map<String, String> attributes) {
    this.name = u.name;
    this.key = u.key;
    this.active = u.active;
    this.firstName = u.firstName;
    this.lastName = u.lastName;
    this.displayName = u.displayName;
    this.email = u.email;
    this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    this.attributesListed = true;
  }

  /** Reads a user entity. */
  public static CrowdUser of(JsonNode n) {
    return new CrowdUser(n);
  }

  /** The username. */
  public String name() {
    return name;
  }

  /** Crowd's stable key ({@code <directory id>:<external id>}), where the server sends one. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** Whether the user can sign in. */
  public boolean active() {
    return active;
  }

  /** The first name. */
  public Optional<String> firstName() {
    return Optional.ofNullable(firstName);
  }

  /** The last name. */
  public Optional<String> lastName() {
    return Optional.ofNullable(lastName);
  }

  /** The display name. */
  public Optional<String> displayName() {
    return Optional.ofNullable(displayName);
  }

  /** The email address. */
  public Optional<String> email() {
    return Optional.ofNullable(email);
  }

  /** The first value of each attribute, by name (empty unless read with {@code expand=attributes}). */
  public Map<String, String> attributes() {
    return attributes;
  }

  /**
   * Whether the entity listed its attributes (read with {@code expand=attributes}); an entity that
   * did not says nothing about them.
   */
  public boolean attributesListed() {
    return attributesListed;
  }

  /** This user with these attributes (the first value of each), as listed. */
  public CrowdUser withAttributes(Map<String, String> attributes) {
    return new CrowdUser(this, attributes);
  }

  private static @Nullable String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
