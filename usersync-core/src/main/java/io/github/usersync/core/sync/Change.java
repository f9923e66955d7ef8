package io.github.usersync.core.sync;

import io.github.usersync.core.model.HostUserUpdate;
import io.github.usersync.core.model.NewHostUser;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One planned change: its type, the user or group it is for, why it is planned, and for updates the
 * before and after of each field. Immutable. Kept lean: a first sync plans one per user and one per
 * membership.
 */
public final class Change {
  private final ChangeType type;
  private final String subject;
  private final @Nullable String externalId;
  private final @Nullable String hostKey;
  private final @Nullable String group;
  private final String reason;
  // Rarely set; apart so that the million membership changes of a first sync stay small.
  private final @Nullable Details details;

  private static final class Details {
    final List<AttributeChange> attributes;
    final @Nullable NewHostUser newUser;
    final @Nullable HostUserUpdate update;
    final @Nullable String value;
    final boolean destructive;

    Details(List<AttributeChange> attributes, @Nullable NewHostUser newUser,
        @Nullable HostUserUpdate update, @Nullable String value, boolean destructive) {
      this.attributes = attributes;
      this.newUser = newUser;
      this.update = update;
      this.value = value;
      this.destructive = destructive;
    }
  }

  private Change(Builder b) {
    this.type = b.type;
    this.subject = b.subject;
    this.externalId = b.externalId;
    this.hostKey = b.hostKey;
    this.group = b.group;
    this.reason = b.reason;
    // A membership removed because its group left the IdP is destructive; such changes are few, so
    // the flag lives with the other rare details and a million plain changes stay small.
    boolean destructive = b.destructive && !b.type.destructive();
    boolean plain = b.attributes.isEmpty() && b.newUser == null && b.update == null && b.value == null && !destructive;
    this.details = plain ? null : new Details(
        b.attributes.isEmpty() ? Collections.emptyList() : Collections.unmodifiableList(b.attributes),
        b.newUser, b.update, b.value, destructive);
  }

  /** A builder for a change of {@code type} about {@code subject} (a username or group name). */
  public static Builder builder(ChangeType type, String subject, String reason) {
    return new Builder(type, subject, reason);
  }

  /** The kind of change. */
  public ChangeType type() {
    return type;
  }

  /** The username (for user changes and memberships) or the group name (for group changes). */
  public String subject() {
    return subject;
  }

  /** The IdP id of the user, where there is one. */
  public Optional<String> externalId() {
    return Optional.ofNullable(externalId);
  }

  /** The host key of the user, when the user exists in the host. */
  public Optional<String> hostKey() {
    return Optional.ofNullable(hostKey);
  }

  /** The group, for memberships. */
  public Optional<String> group() {
    return Optional.ofNullable(group);
  }

  /** Why the change is planned, e.g. "new in the IdP", "deactivated in the IdP". */
  public String reason() {
    return reason;
  }

  /** For updates and creates: each field's before and after. */
  public List<AttributeChange> attributes() {
    Details d = details;
    if (d == null) {
      return Collections.emptyList();
    }
    if (d.attributes.isEmpty() && d.newUser != null) {
      return createdFields(d.newUser);
    }
    return d.attributes;
  }

  // A create's fields are derived when asked for, not held twice for every new user.
  private static List<AttributeChange> createdFields(NewHostUser u) {
    List<AttributeChange> out = new java.util.ArrayList<>();
    out.add(AttributeChange.of("username", null, u.username()));
    u.email().ifPresent(e -> out.add(AttributeChange.of("email", null, e)));
    u.displayName().ifPresent(n -> out.add(AttributeChange.of("displayName", null, n)));
    u.attributes().forEach((k, v) -> out.add(AttributeChange.of(k, null, v)));
    return Collections.unmodifiableList(out);
  }

  /** For {@link ChangeType#CREATE_USER}: what to create. */
  public Optional<NewHostUser> newUser() {
    return Optional.ofNullable(details == null ? null : details.newUser);
  }

  /** For {@link ChangeType#UPDATE_USER}: what to change. */
  public Optional<HostUserUpdate> update() {
    return Optional.ofNullable(details == null ? null : details.update);
  }

  /**
   * For {@link ChangeType#SET_MANAGER}: the manager's IdP id (empty: clear); for {@link
   * ChangeType#SET_PHOTO}: the photo fingerprint (empty: remove the photo); for {@link
   * ChangeType#RENAME_GROUP}: the new group name.
   */
  public Optional<String> value() {
    return Optional.ofNullable(details == null ? null : details.value);
  }

  /**
   * Whether the change counts against the destructive-change thresholds: a user deactivated or
   * deleted, a group deleted, or a membership removed because its group left the IdP (renamed,
   * moved, deleted, or no longer matching the group rules).
   */
  public boolean destructive() {
    return type.destructive() || (details != null && details.destructive);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    if (!(o instanceof Change)) {
      return false;
    }
    Change c = (Change) o;
    return type == c.type
        && subject.equals(c.subject)
        && Objects.equals(externalId, c.externalId)
        && Objects.equals(hostKey, c.hostKey)
        && Objects.equals(group, c.group)
        && reason.equals(c.reason)
        && destructive() == c.destructive()
        && attributes().equals(c.attributes())
        && value().equals(c.value());
  }

  @Override
  public int hashCode() {
    return Objects.hash(type, subject, externalId, group);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder().append(type).append(' ').append(subject);
    if (group != null) {
      b.append(" → ").append(group);
    }
    if (type == ChangeType.RENAME_GROUP && details != null && details.value != null) {
      b.append(" → ").append(details.value);
    }
    List<AttributeChange> attributes = attributes();
    if (!attributes.isEmpty()) {
      b.append(' ').append(attributes);
    }
    return b.append(" (").append(reason).append(')').toString();
  }

  /** Builds a {@link Change}. */
  public static final class Builder {
    private final ChangeType type;
    private final String subject;
    private final String reason;
    private @Nullable String externalId;
    private @Nullable String hostKey;
    private @Nullable String group;
    private List<AttributeChange> attributes = Collections.emptyList();
    private @Nullable NewHostUser newUser;
    private @Nullable HostUserUpdate update;
    private @Nullable String value;
    private boolean destructive;

    private Builder(ChangeType type, String subject, String reason) {
      this.type = Objects.requireNonNull(type);
      this.subject = Objects.requireNonNull(subject);
      this.reason = Objects.requireNonNull(reason);
    }

    /** The user's IdP id. */
    public Builder externalId(@Nullable String externalId) {
      this.externalId = externalId;
      return this;
    }

    /** The user's host key. */
    public Builder hostKey(@Nullable String hostKey) {
      this.hostKey = hostKey;
      return this;
    }

    /** The group of a membership change. */
    public Builder group(@Nullable String group) {
      this.group = group;
      return this;
    }

    /** The field changes. */
    public Builder attributes(List<AttributeChange> attributes) {
      this.attributes = attributes;
      return this;
    }

    /** What to create. */
    public Builder newUser(@Nullable NewHostUser newUser) {
      this.newUser = newUser;
      return this;
    }

    /** What to update. */
    public Builder update(@Nullable HostUserUpdate update) {
      this.update = update;
      return this;
    }

    /** The manager id or photo fingerprint. */
    public Builder value(@Nullable String value) {
      this.value = value;
      return this;
    }

    /**
     * Marks the change as destructive though its type is not always (a membership removed because
     * its group left the IdP).
     */
    public Builder destructive(boolean destructive) {
      this.destructive = destructive;
      return this;
    }

    /** The change. */
    public Change build() {
      return new Change(this);
    }
  }
}
